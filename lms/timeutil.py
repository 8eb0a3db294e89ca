"""Time helpers shared by models and services."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    """The current time in UTC, naive, as stored in the database."""
    return datetime.now(UTC).replace(tzinfo=None)
