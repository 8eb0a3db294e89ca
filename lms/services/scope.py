"""Whom a user may see: the one place that decides which people, teams, attempts and certificates each role sees.

The rule (``visible_people``):
- new hires and agents see themselves;
- a supervisor sees the *active* new hires and agents of the *active* teams they lead. People who left
  (deactivated) are not theirs to follow any more: their records stay with HR. Nor are people of other
  roles who happen to sit in the team. Membership is the current team: who moves takes their history along;
- HR and admins see everyone, active or not;
- an HR system calling /api/v1 with a token acts for HR: it sees everyone, active or not (``token_people``);
- a deactivated user sees no one.

Everyone may also open their own records (``may_see``), e.g. a supervisor who holds a certificate.

Who grades whom (``graded_people``): the scenario answers of a promotion exam wait for a person. An active
supervisor grades the learners they may see (the rule above); an active user an admin designated as a grader
(``User.grader``, any role) grades every active learner. Nobody grades their own attempt.
Who looks after question banks and builds exams in the browser (``authors``): active admins, and active users an
admin designated as authors (``User.author``, any role). Banks hold no people, so this is the whole rule.
Every list, page, statistic, export and API that shows people or their results filters through here.
Module ratings are not about people: /supervisor/ratings shows the anonymous satisfaction figures of
every learner, as the course-quality measure they are.
"""

from functools import lru_cache

import sqlalchemy as sa
from sqlalchemy.orm import aliased, joinedload

from lms.extensions import db
from lms.models import Attempt, Certificate, LevelAward, Role, Team, User

LEARNER_ROLES = (Role.NEW_HIRE, Role.AGENT)
#: Roles that see everyone.
EVERYONE = (Role.HR, Role.ADMIN)


def _led(viewer_id: int) -> sa.Select:
    """Ids of the active teams whose supervisor is ``viewer_id``."""
    return sa.select(Team.id).where(Team.supervisor_id == viewer_id, Team.active.is_(True))


#: The active teams a supervisor leads (the supervisor's pages ask on every request, so their statements are built once).
_LED = (Team.supervisor_id == sa.bindparam("viewer_id"), Team.active.is_(True))
_LED_TEAMS = sa.select(Team).where(*_LED).order_by(Team.name)
_LED_TEAM_ROWS = sa.select(Team.id, Team.name, Team.review_for_shift).where(*_LED).order_by(Team.name)


def led_teams(viewer: User) -> list[Team]:
    """The active teams ``viewer`` leads, by name (none unless a supervisor)."""
    if viewer.role is not Role.SUPERVISOR:
        return []
    return list(db.session.scalars(_LED_TEAMS, {"viewer_id": viewer.id}))


def led_team_rows(viewer: User) -> list[sa.Row]:
    """``led_teams`` as rows of their id, name and ``review_for_shift``, read as plain Core (a third of the cost of
    loading ``Team`` objects), for a page that only shows them."""
    if viewer.role is not Role.SUPERVISOR:
        return []
    return list(db.session.connection().execute(_LED_TEAM_ROWS, {"viewer_id": viewer.id}))


def visible_people(viewer: User) -> sa.Select:
    """Ids of the people whose records ``viewer`` may see in lists and figures (the rule above)."""
    return _visible_people(viewer.id, viewer.role, viewer.active)


@lru_cache(maxsize=512)
def _visible_people(viewer_id: int, role: Role, active: bool) -> sa.Select:
    """``visible_people`` of a viewer with this id, role and state. A page filters by it several times, and building
    it costs as much as running a small query, so it is built once (the teams they lead are read when it runs)."""
    query = sa.select(User.id)
    if not active:
        return query.where(sa.false())
    if role in EVERYONE:
        return query
    if role is Role.SUPERVISOR:
        return query.where(User.team_id.in_(_led(viewer_id)), User.active.is_(True), User.role.in_(LEARNER_ROLES))
    return query.where(User.id == viewer_id)


def token_people() -> sa.ColumnElement[bool]:
    """A WHERE clause for whom an API token sees: it acts for HR, so everyone, active or not."""
    return sa.true()


def token_certificates() -> sa.Select:
    """Certificates an API token sees (joined to their award and holder): everyone's, as HR."""
    return sa.select(Certificate).join(LevelAward).join(User).where(token_people())


def token_person(employee_no: str) -> User | None:
    """The person with this employee number (any case), if an API token may see them."""
    number = employee_no.strip().upper()
    return db.session.scalar(sa.select(User).where(User.employee_no == number, token_people()))


def supervisors_of_learners() -> sa.Select:
    """(learner id, supervisor id) for every learner each supervisor may see: the rule above, set-based.

    The same people ``visible_people(supervisor)`` gives, for all active supervisors at once (for reminders).
    """
    supervisor = aliased(User)
    return (
        sa.select(User.id.label("learner_id"), supervisor.id.label("supervisor_id"))
        .join(Team, User.team_id == Team.id)
        .join(supervisor, supervisor.id == Team.supervisor_id)
        .where(
            Team.active.is_(True),
            User.active.is_(True),
            User.role.in_(LEARNER_ROLES),
            supervisor.active.is_(True),
            supervisor.role == Role.SUPERVISOR,
        )
    )


def graders_of_learners() -> sa.CompoundSelect:
    """(learner id, grader id) for every learner each grader may grade: ``graded_people``, set-based (for reminders)."""
    designated = aliased(User)
    supervised = supervisors_of_learners().subquery()
    return sa.union(
        sa.select(supervised.c.learner_id, supervised.c.supervisor_id.label("grader_id")),
        sa.select(User.id.label("learner_id"), designated.id.label("grader_id"))
        .join(designated, sa.and_(designated.grader.is_(True), designated.active.is_(True), designated.id != User.id))
        .where(User.active.is_(True), User.role.in_(LEARNER_ROLES)),
    )


def grades(viewer: User) -> bool:
    """Whether ``viewer`` grades anyone's promotion answers: an active supervisor or designated grader."""
    return viewer.active and (viewer.role is Role.SUPERVISOR or viewer.grader)


def authors(viewer: User) -> bool:
    """Whether ``viewer`` may browse banks, retire questions and build exams: an active admin or designated author."""
    return viewer.active and (viewer.role is Role.ADMIN or viewer.author)


def graded_people(viewer: User) -> sa.Select:
    """Ids of the people whose promotion answers ``viewer`` may grade (the rule above); never ``viewer``."""
    return _graded_people(viewer.id, viewer.role, viewer.active, bool(viewer.grader))


@lru_cache(maxsize=512)
def _graded_people(viewer_id: int, role: Role, active: bool, grader: bool) -> sa.Select:
    """``graded_people`` of a viewer with this id, role, state and designation, built once (as ``visible_people``)."""
    if active and grader:
        query = sa.select(User.id).where(User.active.is_(True), User.role.in_(LEARNER_ROLES))
    elif active and role is Role.SUPERVISOR:
        query = _visible_people(viewer_id, role, active)
    else:
        return sa.select(User.id).where(sa.false())
    return query.where(User.id != viewer_id)


def grading_attempts(viewer: User) -> sa.Select:
    """Attempts (in any state) by the people ``viewer`` may grade; the caller picks the state."""
    return _grading_attempts(graded_people(viewer))


@lru_cache(maxsize=512)
def _grading_attempts(graded: sa.Select) -> sa.Select:
    """``grading_attempts`` of the viewer whose ``graded_people`` is ``graded``, built once."""
    return sa.select(Attempt).where(Attempt.user_id.in_(graded))


def grading_attempt(viewer: User, attempt_id: int) -> Attempt | None:
    """The attempt if ``viewer`` may grade its learner, else None (their own, or someone else's, looks like none)."""
    return db.session.scalar(grading_attempts(viewer).where(Attempt.id == attempt_id))


def command_line() -> User:
    """Whoever runs a management command holds the database already: an unsaved stand-in who sees everyone."""
    return User(role=Role.HR, active=True, name="", employee_no="")


def people_filter(viewer: User, column=User.id) -> sa.ColumnElement[bool]:
    """A WHERE clause keeping the rows whose ``column`` (a user id) is someone ``viewer`` may see."""
    if viewer.active and viewer.role in EVERYONE:
        return sa.true()
    return _within(column, viewer.id, viewer.role, viewer.active)


@lru_cache(maxsize=512)
def _within(column, viewer_id: int, role: Role, active: bool) -> sa.ColumnElement[bool]:
    """``people_filter`` for a viewer with this id, role and state, built once per column."""
    return column.in_(_visible_people(viewer_id, role, active))


def visible_users(viewer: User) -> sa.Select:
    """The people ``viewer`` may see, by employee number (for paging)."""
    return _visible_users(people_filter(viewer))


@lru_cache(maxsize=512)
def _visible_users(mine: sa.ColumnElement[bool]) -> sa.Select:
    """``visible_users`` of the viewer whose ``people_filter`` is ``mine``, built once."""
    return sa.select(User).where(mine).order_by(User.employee_no)


def visible_person(viewer: User, user_id: int, with_team: bool = False) -> User | None:
    """The user if ``viewer`` may see them in their lists, else None (so a refusal looks like no one); ``with_team``
    loads their team in the same statement (for a page that shows it, instead of a lazy load)."""
    return db.session.scalar(_visible_person(people_filter(viewer), with_team), {"user_id": user_id})


@lru_cache(maxsize=512)
def _visible_person(mine: sa.ColumnElement[bool], with_team: bool) -> sa.Select:
    """``visible_person`` of the viewer whose ``people_filter`` is ``mine``, built once with the user id bound (every
    person page and the checks before each write about someone run it; building it cost more than running it)."""
    statement = sa.select(User).where(User.id == sa.bindparam("user_id"), mine)
    return statement.options(joinedload(User.team)) if with_team else statement


def all_visible(viewer: User, user_ids: list[int]) -> bool:
    """Whether ``user_ids`` names someone, and only people ``viewer`` may see (before writing about them)."""
    wanted = set(user_ids)
    found = db.session.scalar(sa.select(sa.func.count(User.id)).where(User.id.in_(wanted), people_filter(viewer)))
    return bool(wanted) and found == len(wanted)


def may_see(viewer: User, user: User) -> bool:
    """Whether ``viewer`` may open a record of ``user``: their own, or someone they may see."""
    return user.id == viewer.id or visible_person(viewer, user.id) is not None


def visible_attempts(viewer: User) -> sa.Select:
    """Exam attempts by the people ``viewer`` may see."""
    return sa.select(Attempt).where(people_filter(viewer, Attempt.user_id))


def visible_attempt(viewer: User, attempt_id: int) -> Attempt | None:
    """The attempt if it is by someone ``viewer`` may see, else None."""
    return db.session.scalar(visible_attempts(viewer).where(Attempt.id == attempt_id))


def visible_certificates(viewer: User) -> sa.Select:
    """Certificates held by the people ``viewer`` may see (joined to their award and holder)."""
    return _visible_certificates(people_filter(viewer, LevelAward.user_id))


@lru_cache(maxsize=512)
def _visible_certificates(mine: sa.ColumnElement[bool]) -> sa.Select:
    """``visible_certificates`` of the viewer whose ``people_filter`` is ``mine``, built once."""
    return sa.select(Certificate).join(LevelAward).join(User).where(mine)


def reads_audit(viewer: User) -> bool:
    """Whether ``viewer`` reads the audit log (all of it): active HR and admins."""
    return viewer.active and viewer.role in EVERYONE


def audit_visible(viewer: User) -> sa.ColumnElement[bool]:
    """A WHERE clause for the audit log: all of it for those who read it (``reads_audit``), nothing for anyone else."""
    return sa.true() if reads_audit(viewer) else sa.false()


def may_see_certificate(viewer: User, certificate: Certificate) -> bool:
    """Whether ``viewer`` may open this certificate: the holder, or someone who may see the holder."""
    return may_see(viewer, certificate.award.user)
