"""Template filters: stored UTC times and dates shown in LMS_TIMEZONE, in the user's language, with no zone name."""

from datetime import date, datetime, time
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_skeleton, format_time, get_datetime_format
from flask_babel import get_locale
from flask_babel import gettext as _

from lms import timeutil

#: Days and clock times kept formatted per process: a page shows the same few dates many times, and Babel takes
#: 20-50 µs to format one (a list of 25 rows of times spent a millisecond on it).
_KEPT = 4096


def localdate(value: date | datetime | None) -> str:
    """A date (or a stored time's local date), e.g. 2026年12月1日 / Dec 1, 2026."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timeutil.local(value).date()
    return _day(value, True, get_locale())


def localtime(value: datetime | None, seconds: bool = False, year: bool = True) -> str:
    """A stored time in LMS_TIMEZONE, e.g. 2026年12月1日 00:30 / Dec 1, 2026, 12:30 AM (``year=False``: 12月1日 00:30)."""
    if value is None:
        return ""
    at, locale = timeutil.local(value), get_locale()
    clock = at.time() if seconds else at.time().replace(second=0, microsecond=0)
    return _moment(_day(at.date(), year, locale), _clock(clock, seconds, locale), locale)


@lru_cache(maxsize=_KEPT)
def _day(day: date, year: bool, locale: Locale) -> str:
    """A day in the locale's medium form, or its month and day alone."""
    return format_date(day, "medium", locale=locale) if year else format_skeleton("MMMd", day, locale=locale)


@lru_cache(maxsize=_KEPT)
def _clock(clock: time, seconds: bool, locale: Locale) -> str:
    """A clock time in the locale's short form (medium: with seconds)."""
    return format_time(clock, "medium" if seconds else "short", locale=locale)


@lru_cache(maxsize=_KEPT)
def _moment(day: str, clock: str, locale: Locale) -> str:
    """A formatted day and clock time joined as the locale joins them."""
    return str(get_datetime_format("medium", locale=locale)).replace("{1}", day).replace("{0}", clock)


def duration(seconds: int) -> str:
    """A short span in the user's language, e.g. 2分30秒 / 2 min 30 s, 45秒 / 45 s."""
    minutes, rest = divmod(max(0, seconds), 60)
    if not minutes:
        return _("%(s)s秒", s=rest)
    return _("%(m)s分%(s)s秒", m=minutes, s=rest) if rest else _("%(m)s分钟", m=minutes)
