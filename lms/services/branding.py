"""What a certificate carries of the organisation: names and signatory from settings, images from instance/branding/.

A missing or unreadable image falls back to a drawn one (``lms.domain.certificate_art``), never a broken image.
"""

import base64
import logging
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app

from lms.domain import certificate_art

log = logging.getLogger(__name__)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: Hosts that only this machine can reach: a certificate printed with one cannot be verified by anyone else.
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}


@dataclass(frozen=True)
class Branding:
    """The organisation as printed on certificates; images are data URIs."""

    org_name: str
    org_name_en: str
    signatory_name: str
    signatory_title: str
    logo: str
    seal: str
    signature: str | None


def _svg_uri(svg: str) -> str:
    """An SVG drawing as a data URI."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _png_uri(folder: Path, name: str) -> str | None:
    """``folder/name`` as a data URI if it is a PNG file; None (with a warning for a bad file) otherwise."""
    path = folder / name
    if not path.is_file():
        return None
    data = path.read_bytes()
    if not data.startswith(PNG_SIGNATURE):
        log.warning("%s is not a PNG image: the certificate uses the drawn one instead", path)
        return None
    return "data:image/png;base64," + base64.b64encode(data).decode()


def current() -> Branding:
    """The branding configured for this app (LMS_ORG_NAME, LMS_CERT_SIGNATORY_*, instance/branding/*.png)."""
    config = current_app.config
    folder = Path(config["BRANDING_DIR"])
    org_name = config["ORG_NAME"]
    return Branding(
        org_name=org_name,
        org_name_en=config["ORG_NAME_EN"],
        signatory_name=config["CERT_SIGNATORY_NAME"],
        signatory_title=config["CERT_SIGNATORY_TITLE"],
        logo=_png_uri(folder, "logo.png") or _svg_uri(certificate_art.emblem(org_name)),
        seal=_png_uri(folder, "seal.png") or _svg_uri(certificate_art.seal(org_name, "培训认证")),
        signature=_png_uri(folder, "signature.png"),
    )


def local_base_url() -> str | None:
    """LMS_BASE_URL when it points at this machine (verification addresses nobody else can open), else None."""
    url = current_app.config["BASE_URL"]
    host = (urlsplit(url).hostname or "").lower()
    if host in LOCAL_HOSTS or host.startswith("127.") or host.endswith(".localhost"):
        return url
    return None
