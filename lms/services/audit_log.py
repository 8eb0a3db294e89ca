"""Reading the audit log: the filtered query behind the page, and each entry as a sentence (a fixed number of queries)."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from lms import timeutil
from lms.domain import audit_text
from lms.domain.audit_entries import Entry, Line, Lookup, Person, Thing, wants
from lms.extensions import db
from lms.models import Attempt, AuditLog, Certificate, Exam, LevelAward, Module, QuestionBank, Team, User
from lms.services import scope


@dataclass(frozen=True)
class Row:
    """One entry as the page shows it."""

    entry: AuditLog | sa.Row  # an entry, or a row of its columns (the page's)
    actor: Person | None
    line: Line


def action_names() -> list[tuple[str, str]]:
    """Every known action code with its name to translate, in the order of the table."""
    return [(code, name) for code, (name, _build) in audit_text.ACTIONS.items()]


def utc_range(start: date | None, end: date | None) -> tuple[datetime | None, datetime | None]:
    """Local dates (LMS_TIMEZONE, both included) as stored UTC bounds [from, to)."""

    def stored(day: date) -> datetime:
        return datetime.combine(day, time(), tzinfo=timeutil.zone()).astimezone(UTC).replace(tzinfo=None)

    return (stored(start) if start else None, stored(end + timedelta(days=1)) if end else None)


#: Every entry, newest first, for a viewer who reads the log and for one who does not (``search``).
_NEWEST: dict[bool, sa.Select] = {}


def search(
    viewer: User, person: str = "", action: str = "", start: date | None = None, end: date | None = None
) -> sa.Select:
    """Entries ``viewer`` may read, newest first: about a person (name or employee number), of one action, between dates.

    Without a filter, the statement built once for whether the viewer reads the log, so that the page opened most
    binds only its page and count (``pagination.paginate_rows`` keeps those beside it).
    """
    reads = scope.reads_audit(viewer)
    query = _NEWEST.get(reads)
    if query is None:
        query = _NEWEST[reads] = sa.select(AuditLog).where(scope.audit_visible(viewer)).order_by(AuditLog.id.desc())
    if person.strip():
        query = query.where(_about(person.strip()))
    if action:
        query = query.where(AuditLog.action == action)
    since, until = utc_range(start, end)
    if since is not None:
        query = query.where(AuditLog.created_at >= since)
    if until is not None:
        query = query.where(AuditLog.created_at < until)
    return query


def _about(text: str) -> sa.ColumnElement[bool]:
    """Entries by or about the people whose name contains ``text`` or whose employee number is ``text``."""
    number = text.upper()
    matching = sa.or_(User.name.contains(text, autoescape=True), User.employee_no == number)
    ids = sa.select(User.id).where(matching)
    as_text = sa.select(sa.cast(User.id, sa.String)).where(matching)

    def owned(kind: str, model, owner) -> sa.ColumnElement[bool]:
        keys = sa.select(sa.cast(model.id, sa.String)).where(owner.in_(ids))
        return sa.and_(AuditLog.object_type == kind, AuditLog.object_id.in_(keys))

    certificates_of = sa.select(sa.cast(Certificate.id, sa.String)).join(LevelAward).where(LevelAward.user_id.in_(ids))
    return sa.or_(
        AuditLog.actor_id.in_(ids),
        sa.and_(AuditLog.object_type == "user", AuditLog.object_id.in_(as_text)),
        sa.and_(
            AuditLog.object_type == "employee_no",
            sa.or_(AuditLog.object_id == number, AuditLog.object_id.in_(sa.select(User.employee_no).where(matching))),
        ),
        owned("level_award", LevelAward, LevelAward.user_id),
        owned("attempt", Attempt, Attempt.user_id),
        sa.and_(AuditLog.object_type == "certificate", AuditLog.object_id.in_(certificates_of)),
    )


def rows(
    entries: Sequence[AuditLog | sa.Row], gettext: Callable[[str], str], level_name: Callable[[str], str], day
) -> list[Row]:
    """The entries as sentences, loading everyone and everything they name in at most seven queries."""
    plain = [Entry(e.action, e.actor_id, e.object_type, e.object_id, e.detail or "") for e in entries]
    named = wants(plain)
    objects = _objects(named.objects)
    holders = {thing.holder for thing in objects.values() if thing.holder is not None}
    people, numbers = _people(named.people | holders, named.numbers)
    modules: dict[str, str] = {}
    if named.modules:
        modules = dict(db.session.execute(_MODULES, {"slugs": list(named.modules)}).all())
    lookup = Lookup(
        gettext=gettext,
        level_name=level_name,
        day=lambda iso: day(date.fromisoformat(iso)),
        people=people,
        numbers=numbers,
        objects=objects,
        modules=modules,
    )
    return [
        Row(entry, people.get(entry.actor_id) if entry.actor_id is not None else None, audit_text.describe(e, lookup))
        for entry, e in zip(entries, plain, strict=True)
    ]


def _ids(keys: set[tuple[str, str]], kind: str) -> list[int]:
    """The numeric ids of the objects of one kind."""
    return [int(key) for k, key in keys if k == kind and key.isdigit()]


_IDS: sa.BindParameter[list[int]] = sa.bindparam("ids", expanding=True)
#: Per kind of object, its (id, label, holder, level) for the ids asked (built once).
_OBJECTS = {
    "team": sa.select(Team.id, Team.name, sa.null(), sa.null()).where(Team.id.in_(_IDS)),
    "question_bank": sa.select(QuestionBank.id, QuestionBank.title, sa.null(), sa.null()).where(
        QuestionBank.id.in_(_IDS)
    ),
    "level_award": sa.select(LevelAward.id, sa.null(), LevelAward.user_id, LevelAward.level).where(
        LevelAward.id.in_(_IDS)
    ),
    "certificate": sa.select(Certificate.id, Certificate.number, LevelAward.user_id, LevelAward.level)
    .join(LevelAward)
    .where(Certificate.id.in_(_IDS)),
    "attempt": sa.select(Attempt.id, Exam.title, Attempt.user_id, sa.null()).join(Exam).where(Attempt.id.in_(_IDS)),
}
#: People by ids and employee numbers (built once).
_PEOPLE = sa.select(User.id, User.name, User.employee_no).where(
    sa.or_(
        User.id.in_(sa.bindparam("ids", expanding=True)), User.employee_no.in_(sa.bindparam("numbers", expanding=True))
    )
)
#: Module titles by slugs (built once).
_MODULES = sa.select(Module.slug, Module.title).where(Module.slug.in_(sa.bindparam("slugs", expanding=True)))


def _objects(keys: set[tuple[str, str]]) -> dict[tuple[str, str], Thing]:
    """Teams, banks, awards, certificates and attempts by (kind, id): one query per kind present."""
    found: dict[tuple[str, str], Thing] = {}
    for kind, query in _OBJECTS.items():
        if ids := _ids(keys, kind):
            for key, label, holder, level in db.session.execute(query, {"ids": ids}):
                found[(kind, str(key))] = Thing(label or "", holder, level)
    return found


def _people(ids: set[int], numbers: set[str]) -> tuple[dict[int, Person], dict[str, Person]]:
    """People by id and by employee number, in one query."""
    if not ids and not numbers:
        return {}, {}
    by_id, by_number = {}, {}
    for user_id, name, number in db.session.execute(_PEOPLE, {"ids": list(ids), "numbers": list(numbers)}):
        by_id[user_id] = by_number[number] = Person(name, number)
    return by_id, by_number
