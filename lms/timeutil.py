"""The one reader of the clock: times are stored in UTC, people see dates and times in LMS_TIMEZONE.

Every DateTime column holds naive UTC (``utcnow()``; a naive value read back means UTC). ``now()``
is the same instant, aware. ``today()`` is the date in LMS_TIMEZONE ("today" for due dates,
expiry and renewal) and ``local()`` turns a stored time into LMS_TIMEZONE for showing.
"""

import os
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_TIMEZONE = "Asia/Shanghai"


def now() -> datetime:
    """The current instant, aware, in UTC."""
    return datetime.now(UTC)


def utcnow() -> datetime:
    """The current instant as the database stores it: naive UTC (only for storing and comparing stored times)."""
    return now().replace(tzinfo=None)


def zone() -> ZoneInfo:
    """LMS_TIMEZONE: the app's TIMEZONE setting inside an app context, else the environment variable."""
    if has_app_context():
        return ZoneInfo(current_app.config.get("TIMEZONE") or DEFAULT_TIMEZONE)
    return ZoneInfo(os.environ.get("LMS_TIMEZONE") or DEFAULT_TIMEZONE)


def today() -> date:
    """Today's date in LMS_TIMEZONE."""
    return now().astimezone(zone()).date()


def local(moment: datetime) -> datetime:
    """A stored time (naive means UTC) as an aware datetime in LMS_TIMEZONE."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone())
