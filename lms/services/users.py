"""Creating, changing and importing users: each change one transaction, audited."""

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from lms.domain import N_, Problem
from lms.domain.user_csv import UserRow
from lms.extensions import db
from lms.models import Role, Team, User
from lms.services import audit
from lms.services.passwords import UNUSABLE, issue_temporary


@dataclass
class ImportResult:
    """What an import did."""

    created: list[User] = field(default_factory=list)
    updated: list[User] = field(default_factory=list)
    unchanged: int = 0
    teams_created: list[str] = field(default_factory=list)
    #: employee_no -> temporary password, only when asked for.
    passwords: dict[str, str] = field(default_factory=dict)


class OwnAccount(Exception):
    """Admins may not deactivate their own account (they would lock themselves out)."""


@dataclass(frozen=True)
class Details:
    """What an admin sets on a user."""

    name: str
    role: Role
    hire_date: date
    team_id: int | None
    locale: str
    #: Where reminders are e-mailed; empty for none.
    email: str | None
    #: A designated grader of every learner's promotion answers (lms.services.scope.graded_people).
    grader: bool = False
    #: A designated author: looks after question banks and builds exams in the browser (lms.services.scope.authors).
    author: bool = False


def _apply(user: User, details: Details) -> None:
    """Copy ``details`` onto ``user``."""
    user.name, user.role, user.hire_date = details.name.strip(), details.role, details.hire_date
    user.team_id, user.locale = details.team_id or None, details.locale
    user.email = (details.email or "").strip() or None
    user.grader, user.author = details.grader, details.author


def _audited(user: User) -> dict:
    """The fields an edit may change, as the audit log keeps them (the team by name)."""
    team = db.session.get(Team, user.team_id) if user.team_id else None
    return {
        "name": user.name,
        "role": user.role.value,
        "team": team.name if team else None,
        "hire_date": user.hire_date.isoformat() if user.hire_date else None,
        "locale": user.locale,
        "grader": bool(user.grader),
        "author": bool(user.author),
    }


def create(actor: User, employee_no: str, details: Details, ip: str | None = None) -> tuple[User, str]:
    """Create a user with a temporary password, which is returned once (never stored in clear)."""
    user = User(employee_no=employee_no.strip().upper())
    _apply(user, details)
    password = issue_temporary(user)
    db.session.add(user)
    db.session.flush()
    audited = _audited(user)
    audit.record("user.create", actor, obj=user, detail={"role": audited["role"], "team": audited["team"]}, ip=ip)
    db.session.commit()
    return user, password


def update(actor: User, user: User, details: Details, ip: str | None = None) -> None:
    """Change a user's name, role, hire date, team, language, e-mail address, grader or author flag."""
    before = _audited(user)
    _apply(user, details)
    after = _audited(user)
    changes = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
    audit.record("user.update", actor, obj=user, detail={"changes": changes}, ip=ip)
    db.session.commit()


def toggle_active(actor: User, user: User, ip: str | None = None) -> bool:
    """Deactivate or reactivate ``user`` (never oneself); whether they are active now."""
    if user.id == actor.id:
        raise OwnAccount(user.id)
    user.active = not user.active
    if not user.active:
        user.end_sessions()
    audit.record("user.activate" if user.active else "user.deactivate", actor, obj=user, ip=ip)
    db.session.commit()
    return user.active


def reset_password(actor: User, user: User, ip: str | None = None) -> str:
    """Issue a new temporary password, returned once."""
    password = issue_temporary(user)
    audit.record("user.password_reset", actor, obj=user, ip=ip)
    db.session.commit()
    return password


def set_locale(user: User, code: str) -> None:
    """Remember the user's interface language."""
    user.locale = code
    db.session.commit()


def find_by_employee_no(employee_no: str) -> User | None:
    """The user with this employee number, whatever its case."""
    return db.session.scalar(sa.select(User).where(User.employee_no == employee_no.strip().upper()))


def conflicts(rows: list[UserRow]) -> list[Problem]:
    """Problems only the database can show: rows that put people into a deactivated team."""
    names = {row.team for row in rows if row.team}
    inactive = set(db.session.scalars(sa.select(Team.name).where(Team.name.in_(names), Team.active.is_(False))))
    return [
        Problem(
            row.line,
            N_("团队“%(value)s”已停用：请先在“团队管理”中重新启用，或改填其他团队。"),
            {"value": row.team},
            "team_inactive",
        )
        for row in rows
        if row.team in inactive
    ]


def import_users(
    rows: list[UserRow], actor: User | None, ip: str | None = None, with_passwords: bool = False, via: str = ""
) -> ImportResult:
    """Create or update every row's user and team in one transaction.

    New users get no usable password unless ``with_passwords`` is set, in which case
    each gets a temporary one (returned once, never stored in clear). ``via`` names where
    the rows came from in the audit log (e.g. an API token) when there is no actor.
    """
    result = ImportResult()
    teams = {team.name: team for team in db.session.scalars(sa.select(Team))}
    numbers = [row.employee_no for row in rows]
    existing: dict[str, User] = {}
    for start in range(0, len(numbers), 500):
        chunk = numbers[start : start + 500]
        existing.update(
            (u.employee_no, u) for u in db.session.scalars(sa.select(User).where(User.employee_no.in_(chunk)))
        )
    try:
        for row in rows:
            team = _team_named(row.team, teams, result) if row.team else None
            user = existing.get(row.employee_no)
            if user is None:
                user = User(employee_no=row.employee_no, password_hash=UNUSABLE, must_change_password=True)
                db.session.add(user)
                result.created.append(user)
                if with_passwords:
                    result.passwords[row.employee_no] = issue_temporary(user)
            elif (user.name, user.hire_date, user.team, user.role) == (
                row.name,
                row.hire_date,
                team,
                Role(row.role),
            ) and (row.email is None or user.email == (row.email or None)):
                result.unchanged += 1
                continue
            else:
                result.updated.append(user)
            user.name, user.hire_date, user.team, user.role = row.name, row.hire_date, team, Role(row.role)
            if row.email is not None:
                user.email = row.email or None
        db.session.flush()
        audit.record(
            "user.import",
            actor,
            detail={
                "created": len(result.created),
                "updated": len(result.updated),
                "unchanged": result.unchanged,
                "teams_created": len(result.teams_created),
            }
            | ({"via": via} if via else {}),
            ip=ip,
        )
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return result


def _team_named(name: str, teams: dict[str, Team], result: ImportResult) -> Team:
    """The team called ``name``, created (and noted in ``result``) if it does not exist."""
    if name not in teams:
        teams[name] = Team(name=name)
        db.session.add(teams[name])
        result.teams_created.append(name)
    return teams[name]
