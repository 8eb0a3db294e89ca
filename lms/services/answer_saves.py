"""The answer save: the request a whole exam room sends every few seconds each, kept to one read and one write.

Both statements are plain Core, built once at import with bound parameters, so each save reuses their compiled
form and builds no ORM objects. The read is the signed-in user's row (is the session still good, which role) with
the one item asked for, if that user owns it: Flask-Login does not load the user in a statement of its own
(``security.roles_required_with``). The question's content, which never changes, is read once per process. The UPDATE only writes while the attempt is still open, so a hand-in committed
in between wins.
"""

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import sqlalchemy as sa

from lms.domain import attempts
from lms.domain.states import AttemptStatus
from lms.extensions import db
from lms.models import Attempt, AttemptItem, QuestionVersion, Role, User
from lms.security import SessionUser
from lms.services import exams
from lms.timeutil import utcnow

_items, _attempts, _versions, _users = (
    AttemptItem.__table__, Attempt.__table__, QuestionVersion.__table__, User.__table__
)  # fmt: skip

_ITEM = (
    sa.select(
        _users.c.role,
        _users.c.must_change_password,
        _items.c.id,
        _items.c.attempt_id,
        _items.c.position,
        _versions.c.id,
        _versions.c.digest,
        _attempts.c.status,
        _attempts.c.started_at,
        _attempts.c.deadline,
    )
    .select_from(_users)
    .outerjoin(_attempts, sa.and_(_attempts.c.id == sa.bindparam("attempt_id"), _attempts.c.user_id == _users.c.id))
    .outerjoin(_items, sa.and_(_items.c.attempt_id == _attempts.c.id, _items.c.position == sa.bindparam("position")))
    .outerjoin(_versions, _versions.c.id == _items.c.question_version_id)
    .where(_users.c.id == sa.bindparam("user_id"), User.signs_in_with(sa.bindparam("version")))
)

_CONTENT = sa.select(_versions.c.content).where(_versions.c.id == sa.bindparam("version_id"))

_STORE = (
    _items.update()
    .where(
        _items.c.id == sa.bindparam("item_id"),
        _items.c.attempt_id.in_(
            sa.select(_attempts.c.id).where(
                _attempts.c.id == sa.bindparam("open_attempt"),
                _attempts.c.status == AttemptStatus.IN_PROGRESS,
            )
        ),
    )
    .values(answer=sa.bindparam("given"), answered_at=sa.bindparam("at"))
)


@dataclass(frozen=True)
class PaperItem:
    """One question of an attempt's paper, with what a save needs of its attempt."""

    id: int
    attempt_id: int
    position: int
    #: The question version's content (``lms.domain.scoring`` shapes).
    question: dict
    status: str
    started_at: datetime
    deadline: datetime

    @classmethod
    def of(cls, item: AttemptItem) -> "PaperItem":
        """The same, from an item already loaded with its attempt (the hand-in saves what it carries this way)."""
        attempt = item.attempt
        return cls(
            item.id, item.attempt_id, item.position, item.version.content, attempt.status, attempt.started_at,
            attempt.deadline,
        )  # fmt: skip


@dataclass(frozen=True)
class Holder:
    """The signed-in user as the save reads them (``security.roles_required_with``), with the item asked for."""

    role: Role
    must_change_password: bool
    #: None when there is no such item, or the attempt is another's (it then looks absent).
    item: PaperItem | None


def paper_item(signed_in: SessionUser, attempt_id: int, position: int) -> Holder | None:
    """The session's user with one item of their attempt, in one statement; None when the session no longer signs in."""
    params = {"user_id": signed_in.id, "version": signed_in.version, "attempt_id": attempt_id, "position": position}
    row = db.session.execute(_ITEM, params).first()
    if row is None:
        return None
    role, must_change_password, item_id, attempt_id, position, version_id, digest, *attempt = row
    if item_id is None:
        return Holder(role, must_change_password, None)
    return Holder(
        role, must_change_password, PaperItem(item_id, attempt_id, position, question(version_id, digest), *attempt)
    )


@lru_cache(maxsize=512)
def question(version_id: int, digest: str) -> dict:
    """A question version's content, read once per process and shared: do not change it.

    A version never changes (an edited question is a new version; ``digest`` is its content's fingerprint, so a key
    can never name other content), and its JSON was half the cost of a save's SELECT (two thirds on PostgreSQL).
    """
    return db.session.execute(_CONTENT, {"version_id": version_id}).scalar_one()


def save(item: PaperItem, answer, now: datetime | None = None) -> None:
    """Store an answer exactly as given; ``exams.AttemptClosed`` once the attempt is finished or past its grace.

    An attempt found past its deadline and grace is handed in here (as opening its paper would).
    """
    now = now or utcnow()
    if item.status != AttemptStatus.IN_PROGRESS or not attempts.accepts_answers(now, item.deadline):
        attempt = db.session.get_one(Attempt, item.attempt_id)
        exams.close_if_overdue(attempt, now)
        raise exams.AttemptClosed(attempt)
    given = {"item_id": item.id, "open_attempt": item.attempt_id, "given": answer, "at": now}
    stored = exams.changed_a_row(_STORE, given)
    db.session.commit()
    if not stored:
        raise exams.AttemptClosed(db.session.get_one(Attempt, item.attempt_id))


def save_item(item: AttemptItem, answer, now: datetime | None = None) -> None:
    """``save`` for an item already loaded with its attempt and question."""
    save(PaperItem.of(item), answer, now)
