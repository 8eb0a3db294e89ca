"""Read LMS_SMTP_URL: smtp://host[:25], smtp+starttls://user:pass@host[:587] or smtps://user:pass@host[:465]."""

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

#: scheme -> (default port, STARTTLS after connecting, TLS from the first byte)
SCHEMES = {"smtp": (25, False, False), "smtp+starttls": (587, True, False), "smtps": (465, False, True)}


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to hand mail over."""

    host: str
    port: int
    username: str | None
    password: str | None
    starttls: bool
    ssl: bool


def parse(url: str) -> SmtpSettings:
    """The settings an SMTP URL names, or ValueError saying what is wrong with it (the password never repeated)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise ValueError(f"LMS_SMTP_URL is not a valid URL ({error})") from None
    if parts.scheme not in SCHEMES:
        raise ValueError(f"LMS_SMTP_URL must start with one of {', '.join(s + '://' for s in SCHEMES)}")
    if not parts.hostname:
        raise ValueError("LMS_SMTP_URL names no host")
    default_port, starttls, ssl = SCHEMES[parts.scheme]
    return SmtpSettings(
        host=parts.hostname,
        port=port or default_port,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        starttls=starttls,
        ssl=ssl,
    )
