"""Certificate numbers: 12 random characters and a check character, without look-alikes (no 0/O, 1/I/L)."""

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # 31 characters: a prime, so the check catches every single error


def check_character(body: str) -> str:
    """The check character of ``body`` (a weighted sum modulo 31)."""
    total = sum((position + 1) * ALPHABET.index(char) for position, char in enumerate(body))
    return ALPHABET[total % len(ALPHABET)]


def generate() -> str:
    """A new, unguessable number (about 59 bits of randomness)."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(12))
    return body + check_character(body)


def normalise(text: str) -> str:
    """A number as typed: upper case, spaces and hyphens removed."""
    return "".join(ch for ch in text.upper() if ch not in " -")


def valid(number: str) -> bool:
    """Whether ``number`` is well formed and its check character matches."""
    return len(number) == 13 and all(ch in ALPHABET for ch in number) and check_character(number[:12]) == number[12]


def mask_name(name: str) -> str:
    """A name with its middle hidden, as the public verification page shows it (张*伟, 王*, A***n)."""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]
