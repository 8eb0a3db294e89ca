"""The answer save: the request a whole exam room sends every few seconds each, kept to one read and one write
per answer it carries (one, or every answer a page kept while the server was busy or the network down).

Both statements are plain Core, built once at import with bound parameters, so each save reuses their compiled
form and builds no ORM objects. The read is the signed-in user's row (is the session still good, which role) with
the one item asked for, if that user owns it: Flask-Login does not load the user in a statement of its own
(``security.roles_required_with``). The question's content, which never changes, is read once per process. The UPDATE only writes while the attempt is still open, so a hand-in committed
in between wins.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

import sqlalchemy as sa
from sqlalchemy.exc import NoResultFound

from lms.domain import attempts
from lms.domain.states import AttemptStatus
from lms.extensions import db
from lms.models import Attempt, AttemptItem, QuestionVersion, Role, User
from lms.services import exams
from lms.session_user import SessionUser
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
        _items.c.question_version_id,
        _attempts.c.status,
        _attempts.c.started_at,
        _attempts.c.deadline,
    )
    .select_from(_users)
    .outerjoin(_attempts, sa.and_(_attempts.c.id == sa.bindparam("attempt_id"), _attempts.c.user_id == _users.c.id))
    .outerjoin(
        _items,
        sa.and_(
            _items.c.attempt_id == _attempts.c.id, _items.c.position.in_(sa.bindparam("positions", expanding=True))
        ),
    )
    .where(_users.c.id == sa.bindparam("user_id"), User.signs_in_with(sa.bindparam("version")))
)

#: Who takes exams: the save's roles, checked in its statements.
LEARNERS = (Role.NEW_HIRE, Role.AGENT)

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


#: The usual save in one statement: the item the page names, if it is still that question in that place of the
#: session user's open attempt, the token issued no earlier than the attempt's start; each check the full path
#: makes on what it reads first (``paper_item``, ``roles_required_with``, ``save``) is a condition here.
_STORE_AT_ONCE = (
    _items.update()
    .where(
        _items.c.id == sa.bindparam("item_id"),
        _items.c.position == sa.bindparam("at_position"),
        _items.c.question_version_id == sa.bindparam("version_id"),
        _items.c.attempt_id.in_(
            sa.select(_attempts.c.id).where(
                _attempts.c.id == sa.bindparam("in_attempt"),
                _attempts.c.status == AttemptStatus.IN_PROGRESS,
                _attempts.c.deadline >= sa.bindparam("earliest_deadline"),
                _attempts.c.started_at <= sa.bindparam("token_issued"),
                _attempts.c.user_id.in_(
                    sa.select(_users.c.id).where(
                        _users.c.id == sa.bindparam("user_id"),
                        User.signs_in_with(sa.bindparam("version")),
                        _users.c.role.in_(LEARNERS),
                        _users.c.must_change_password.is_(False),
                    )
                ),
            )
        ),
    )
    .values(answer=sa.bindparam("given"), answered_at=sa.bindparam("at"))
)


@dataclass(frozen=True)
class ItemRef:
    """The item a save says it answers: its id and question version, as the paper gives them (``q3__item``)."""

    id: int
    version_id: int

    @classmethod
    def parse(cls, value: str | None) -> "ItemRef | None":
        """From ``<item id>.<version id>``; None for anything else."""
        item, _, version = (value or "").partition(".")
        return cls(int(item), int(version)) if item.isdigit() and version.isdigit() else None


@dataclass(frozen=True)
class Given:
    """One answer a save carries: the question's place on the paper, the item the paper names there, the answer."""

    position: int
    ref: ItemRef
    answer: object


def save_at_once(signed_in: SessionUser, attempt_id: int, answers: list[Given], token_issued: datetime) -> bool:
    """Store ``answers``, one statement each, in one transaction, if every check of the full path holds for each;
    whether it did.

    False changes nothing: the full path then reads what it needs and answers (stored, refused, or out of time).
    """
    now = utcnow()
    checks = {
        "in_attempt": attempt_id,
        "earliest_deadline": attempts.earliest_open_deadline(now),
        "token_issued": token_issued + timedelta(seconds=1),  # the token's time is in whole seconds
        "user_id": signed_in.id,
        "version": signed_in.version,
        "at": now,
    }
    for given in answers:
        where = {"item_id": given.ref.id, "at_position": given.position, "version_id": given.ref.version_id}
        if not exams.changed_a_row(_STORE_AT_ONCE, {**checks, **where, "given": given.answer}):
            db.session.rollback()
            return False
    db.session.commit()
    return True


@dataclass(frozen=True)
class Holder:
    """The signed-in user as the save reads them (``security.roles_required_with``), with the item asked for."""

    role: Role
    must_change_password: bool
    #: The items asked for that exist, by position; none of them when the attempt is another's (it looks absent).
    items: dict[int, PaperItem]


def paper_items(signed_in: SessionUser, attempt_id: int, positions: list[int]) -> Holder | None:
    """The session's user with the items at ``positions`` of their attempt, in one statement; None when the session
    no longer signs in."""
    params = {"user_id": signed_in.id, "version": signed_in.version, "attempt_id": attempt_id, "positions": positions}
    rows = db.session.execute(_ITEM, params).all()
    if not rows:
        return None
    items = {}
    for _role, _must_change, item_id, attempt_id, position, version_id, *attempt in rows:
        content = question(version_id) if item_id is not None else None
        if content is not None:
            items[position] = PaperItem(item_id, attempt_id, position, content, *attempt)
    return Holder(rows[0].role, rows[0].must_change_password, items)


def question(version_id: int) -> dict | None:
    """A question version's content, None if there is no such version (``read_question``; never kept)."""
    try:
        return read_question(version_id)
    except NoResultFound:
        return None


@lru_cache(maxsize=512)
def read_question(version_id: int) -> dict:
    """A question version's content, read once per process and shared: do not change it.

    A version is never changed once drawn into a paper (an edited question is a new version), nor deleted while a
    paper holds it (the items' foreign key), and its JSON was half the cost of a save's SELECT (two thirds on
    PostgreSQL). A version not found raises ``NoResultFound``, which is not kept: it may be imported later.
    """
    return db.session.execute(_CONTENT, {"version_id": version_id}).scalar_one()


def save(answers: list[tuple[PaperItem, object]], now: datetime | None = None) -> None:
    """Store answers to items of one attempt exactly as given, all in one transaction or none;
    ``exams.AttemptClosed`` once the attempt is finished or past its grace.

    An attempt found past its deadline and grace is handed in here (as opening its paper would).
    """
    if not answers:
        return
    now, first = now or utcnow(), answers[0][0]
    if first.status != AttemptStatus.IN_PROGRESS or not attempts.accepts_answers(now, first.deadline):
        attempt = db.session.get_one(Attempt, first.attempt_id)
        exams.close_if_overdue(attempt, now)
        raise exams.AttemptClosed(attempt)
    for item, answer in answers:
        given = {"item_id": item.id, "open_attempt": item.attempt_id, "given": answer, "at": now}
        if not exams.changed_a_row(_STORE, given):  # handed in meanwhile: the hand-in wins
            db.session.rollback()
            raise exams.AttemptClosed(db.session.get_one(Attempt, item.attempt_id))
    db.session.commit()


def save_item(item: AttemptItem, answer, now: datetime | None = None) -> None:
    """``save`` of one answer, for an item already loaded with its attempt and question."""
    save([(PaperItem.of(item), answer)], now)
