"""Template filters: stored UTC times and dates shown in LMS_TIMEZONE, in the user's language, with no zone name."""

from datetime import date, datetime

from babel.dates import format_date, format_skeleton, format_time, get_datetime_format
from flask_babel import get_locale
from flask_babel import gettext as _

from lms import timeutil


def localdate(value: date | datetime | None) -> str:
    """A date (or a stored time's local date), e.g. 2026年12月1日 / Dec 1, 2026."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timeutil.local(value).date()
    return format_date(value, "medium", locale=get_locale())


def localtime(value: datetime | None, seconds: bool = False, year: bool = True) -> str:
    """A stored time in LMS_TIMEZONE, e.g. 2026年12月1日 00:30 / Dec 1, 2026, 12:30 AM (``year=False``: 12月1日 00:30)."""
    if value is None:
        return ""
    at, locale = timeutil.local(value), get_locale()
    day = format_date(at.date(), "medium", locale=locale) if year else format_skeleton("MMMd", at, locale=locale)
    time = format_time(at, "medium" if seconds else "short", locale=locale)
    return str(get_datetime_format("medium", locale=locale)).replace("{1}", day).replace("{0}", time)


def duration(seconds: int) -> str:
    """A short span in the user's language, e.g. 2分30秒 / 2 min 30 s, 45秒 / 45 s."""
    minutes, rest = divmod(max(0, seconds), 60)
    if not minutes:
        return _("%(s)s秒", s=rest)
    return _("%(m)s分%(s)s秒", m=minutes, s=rest) if rest else _("%(m)s分钟", m=minutes)
