"""Punctuation that follows the interface language: full-width around Chinese, half-width around English."""

from flask_babel import get_locale
from markupsafe import Markup


def _chinese() -> bool:
    """Whether the interface is Chinese."""
    return str(get_locale()).startswith("zh")


def paren(value) -> Markup:
    """``value`` in brackets: （值） in Chinese, " (value)" in English (the value is escaped unless already markup)."""
    opener, closer = ("（", "）") if _chinese() else (" (", ")")
    return Markup(opener) + value + Markup(closer)


def colon(value) -> Markup:
    """A label's colon before ``value``: ：值 in Chinese, ": value" in English."""
    return Markup("：" if _chinese() else ": ") + value
