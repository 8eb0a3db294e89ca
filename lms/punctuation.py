"""Punctuation that follows the interface language: full-width around Chinese, half-width around English.

And the language mark of Chinese content (course text, questions, names) inside the English interface.
"""

import re

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


#: A Chinese character (CJK unified ideographs, extension A, compatibility ideographs).
CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def zh(value):
    """``{{ name|zh }}``: in the English interface, Chinese content in ``<span lang="zh-CN">`` (WCAG 3.1.2).

    A screen reader then reads it with a Chinese voice. For content and names, not for interface strings;
    in the Chinese interface, or for text without a Chinese character, the value is returned as it is.
    """
    return Markup('<span lang="zh-CN">%s</span>') % value if _marked(value) else value


def zh_lang(value) -> Markup:
    """``<div{{ zh_lang(html) }}>``: the same mark as an attribute, for a block of content (a lesson's HTML)."""
    return Markup(' lang="zh-CN"') if _marked(value) else Markup()


def _marked(value) -> bool:
    """Whether ``value`` is Chinese content shown in the English interface."""
    return value is not None and not _chinese() and CJK.search(str(value)) is not None
