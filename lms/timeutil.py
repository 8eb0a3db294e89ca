"""Time helpers shared by models and services."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    """The current time in UTC, naive, as stored in the database."""
    return datetime.now(UTC).replace(tzinfo=None)


def today():
    """Today's date in LMS_TIMEZONE (placeholder until the clock module lands)."""
    import os
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo(os.environ.get("LMS_TIMEZONE", "Asia/Shanghai"))).date()
