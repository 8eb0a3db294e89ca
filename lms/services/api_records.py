"""Certification records and transcripts as HR systems read them (/api/v1): everyone's, as HR sees them.

Every query goes through ``scope.token_certificates`` / ``scope.token_person`` and loads in a fixed
number of statements, however many rows it returns.
"""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from lms.domain.states import AttemptStatus, CertificateStatus
from lms.extensions import db
from lms.models import Attempt, Certificate, Exam, LevelAward, Module, ModuleProgress, Role, Team, User
from lms.services import certificates, holding, readiness, scope
from lms.services import levels as level_service


@dataclass(frozen=True)
class CertificationFilter:
    """Which certificates a list call asks for; every field optional."""

    employee_no: str = ""
    team: str = ""
    level: str = ""
    status: CertificateStatus | None = None
    issued_from: date | None = None
    issued_to: date | None = None
    expires_before: date | None = None
    #: Only each award's newest certificate (the one that decides whether the level is held).
    latest: bool = False


def _with_holder(query: sa.Select) -> sa.Select:
    """Load each certificate's award, holder and holder's team with it (no query per row)."""
    return query.outerjoin(Team, Team.id == User.team_id).options(
        contains_eager(Certificate.award).contains_eager(LevelAward.user).contains_eager(User.team)
    )


def certifications(wanted: CertificationFilter) -> sa.Select:
    """Certificates matching ``wanted``, oldest first (stable pages while new ones are issued)."""
    query = _with_holder(scope.token_certificates()).order_by(Certificate.id)
    if wanted.employee_no:
        query = query.where(User.employee_no == wanted.employee_no.strip().upper())
    if wanted.team:
        query = query.where(Team.name == wanted.team.strip())
    if wanted.level:
        query = query.where(LevelAward.level == wanted.level)
    if wanted.status is not None:
        query = query.where(certificates.status_is(wanted.status))
    if wanted.issued_from:
        query = query.where(Certificate.issued_on >= wanted.issued_from)
    if wanted.issued_to:
        query = query.where(Certificate.issued_on <= wanted.issued_to)
    if wanted.expires_before:
        query = query.where(Certificate.expires_on < wanted.expires_before)
    if wanted.latest:
        latest = holding.latest_ids()
        query = query.join(latest, latest.c.id == Certificate.id)
    return query


def certifications_of(person: User) -> list[Certificate]:
    """Every certificate of ``person``, oldest first."""
    return list(db.session.scalars(certifications(CertificationFilter(employee_no=person.employee_no))))


def verification(number: str) -> Certificate | None:
    """The certificate with this number (as typed), with its holder, if a token may see it."""
    found = certificates.by_number(number)
    if found is None:
        return None
    query = _with_holder(scope.token_certificates()).where(Certificate.id == found.id)
    return db.session.scalar(query.execution_options(populate_existing=True))


@dataclass(frozen=True)
class Transcript:
    """One person's record: levels held, certificates, modules completed, exams finished, ready for shift."""

    person: User
    #: The awards of the levels held now, lowest first.
    levels: list[LevelAward]
    certificates: list[Certificate]
    modules: list[ModuleProgress]
    attempts: list[Attempt]
    #: 可上岗 for new hires and agents; None for other roles.
    ready_for_shift: bool | None = None

    @property
    def current_level(self) -> str | None:
        """The highest level held, or None."""
        return self.levels[-1].level if self.levels else None


def transcript(person: User) -> Transcript:
    """Everything ``person`` has earned and finished, in a fixed number of queries."""
    order = {level.code: index for index, level in enumerate(level_service.rules())}
    held = sorted(db.session.scalars(holding.held_awards([person.id])), key=lambda a: order.get(a.level, len(order)))
    modules = db.session.scalars(
        sa.select(ModuleProgress)
        .join(Module)
        .options(contains_eager(ModuleProgress.module))
        .where(ModuleProgress.user_id == person.id, ModuleProgress.completed_at.is_not(None))
        .order_by(ModuleProgress.completed_at, Module.slug)
    )
    attempts = db.session.scalars(
        sa.select(Attempt)
        .join(Exam)
        .options(contains_eager(Attempt.exam).joinedload(Exam.module))
        .where(Attempt.user_id == person.id, Attempt.status == AttemptStatus.FINISHED)
        .order_by(Attempt.finished_at, Attempt.id)
    )
    ready = readiness.of_user(person).ready if person.role in (Role.NEW_HIRE, Role.AGENT) else None
    return Transcript(person, held, certifications_of(person), list(modules), list(attempts), ready)
