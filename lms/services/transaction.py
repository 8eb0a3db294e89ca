"""Committing without reloading what the request has read."""

from lms.extensions import db


def commit_keeping_loaded() -> None:
    """Commit, keeping the rows this request has loaded as they are.

    A commit normally expires every loaded row, so the page shown after it reads the user, the module or the
    attempt again, one query each. For a request that writes and then shows what it read in the same transaction,
    nothing is gained by that. Rows changed outside the ORM (a Core UPDATE) are not seen: refresh those.
    """
    session = db.session()
    before = session.expire_on_commit
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = before
