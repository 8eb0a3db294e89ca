"""The API's JSON shapes (each one a schema of openapi.yaml): dates ISO, times ISO with the LMS_TIMEZONE offset."""

from datetime import date, datetime

from lms import timeutil
from lms.labels import level_name
from lms.models import Attempt, Certificate, LevelAward, ModuleProgress, User
from lms.services import certificates
from lms.services.api_records import Transcript
from lms.services.users import ImportResult


def moment(value: datetime | None) -> str | None:
    """A stored time as ISO 8601 in LMS_TIMEZONE, with its offset (2026-12-01T00:30:00+08:00)."""
    return timeutil.local(value).isoformat(timespec="seconds") if value is not None else None


def day(value: date | None) -> str | None:
    """A date as ISO 8601."""
    return value.isoformat() if value is not None else None


def person(user: User) -> dict:
    """Who someone is: number, name, team, role, hire date, whether still active."""
    return {
        "employee_no": user.employee_no,
        "name": user.name,
        "team": user.team.name if user.team is not None else None,
        "role": user.role.value,
        "hire_date": day(user.hire_date),
        "active": user.active,
    }


def certification(found: Certificate) -> dict:
    """A certificate with its status today, its level and its holder."""
    return {
        "number": found.number,
        "status": certificates.status(found).value,
        "level": found.award.level,
        "level_name": level_name(found.award.level),
        "issued_on": day(found.issued_on),
        "expires_on": day(found.expires_on),
        "revoked_at": moment(found.revoked_at),
        "revoked_reason": found.revoked_reason,
        "holder": person(found.award.user),
        "verify_url": certificates.verify_url(found.number),
    }


def level_held(award: LevelAward) -> dict:
    """A level held now, since when."""
    return {"level": award.level, "level_name": level_name(award.level), "awarded_at": moment(award.awarded_at)}


def module_done(row: ModuleProgress) -> dict:
    """A module completed (read and its quiz passed), with the version completed."""
    return {
        "module": row.module.slug,
        "title": row.module.title,
        "level": row.module.level,
        "version": row.completed_version,
        "completed_at": moment(row.completed_at),
    }


def exam_taken(attempt: Attempt) -> dict:
    """A finished exam attempt: which exam, when, the score and whether it passed."""
    return {
        "exam": attempt.exam.slug,
        "title": attempt.exam.title,
        "kind": attempt.exam.kind,
        "level": attempt.exam.level,
        "started_at": moment(attempt.started_at),
        "finished_at": moment(attempt.finished_at),
        "percent": attempt.percent,
        "passed": bool(attempt.passed),
    }


def transcript(record: Transcript) -> dict:
    """A person's whole record."""
    current = record.current_level
    return {
        "person": person(record.person),
        "current_level": current,
        "current_level_name": level_name(current) if current else None,
        "ready_for_shift": record.ready_for_shift,
        "levels": [level_held(award) for award in record.levels],
        "certificates": [certification(found) for found in record.certificates],
        "modules": [module_done(row) for row in record.modules],
        "exams": [exam_taken(attempt) for attempt in record.attempts],
    }


def imported(result: ImportResult) -> dict:
    """What a users import did."""
    return {
        "created": [user.employee_no for user in result.created],
        "updated": [user.employee_no for user in result.updated],
        "unchanged": result.unchanged,
        "teams_created": list(result.teams_created),
    }
