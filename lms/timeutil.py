"""Time helpers shared by models and services."""
from datetime import datetime, timezone


def utcnow() -> datetime:
    """The current time in UTC, naive, as stored in the database."""
    return datetime.now(timezone.utc).replace(tzinfo=None)
