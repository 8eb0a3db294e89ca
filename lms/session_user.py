"""Who a session says is signed in, before the users table has been asked: shared by the web layer and the services."""

from dataclasses import dataclass


@dataclass(frozen=True)
class SessionUser:
    """Who a session says is signed in: the user's id and the session version it was issued at (``User.get_id``).

    Not yet checked against the users table: ``User.signs_in_with`` does that, in Python or in SQL.
    """

    id: int
    version: int

    @classmethod
    def parse(cls, user_id: str) -> "SessionUser | None":
        """From Flask-Login's ``id:version``; None for anything else."""
        number, _, version = user_id.partition(":")
        return cls(int(number), int(version)) if number.isdigit() and version.isdigit() else None
