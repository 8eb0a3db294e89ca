"""Pure domain logic: no Flask, no SQLAlchemy, tested without an app."""


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it here (views translate)."""
    return message
