"""Exams built in the browser from question banks: checked like blueprint files, stored in the database, versioned.

The blueprint files under question_banks/exams/ stay the source of the built-in exams: a browser-built exam never
takes one of their ids, and the content import never changes or retires a browser-built exam. Editing a
browser-built exam makes a new version; attempts keep the version they started with (``Attempt.exam_version``).
Who may take one: a practice exam is open to every learner (new hires and agents) on their exam list; a
promotion exam follows its level's rules like any other, and is only possible for a level without one.
"""

from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from lms.domain import N_, InputError, Problem, bank_file, blueprint_file, paper
from lms.domain.blueprint_file import Blueprint
from lms.domain.states import ExamKind, ExamSource
from lms.extensions import db
from lms.models import Exam, ExamVersion, QuestionBank, User
from lms.services import audit
from lms.services import levels as level_service
from lms.services.question_content import BANKS_DIR, EXAMS_DIR, database_candidates

#: What an exam built in the browser may be: module quizzes complete modules and stay in blueprint files.
KINDS = (ExamKind.PRACTICE, ExamKind.PROMOTION)


class NothingChanged(Exception):
    """The edit leaves the exam as it is: no new version."""


def built() -> list[Exam]:
    """Exams built in the browser, newest first."""
    return list(db.session.scalars(sa.select(Exam).where(Exam.source == ExamSource.BROWSER).order_by(Exam.id.desc())))


def built_exam(slug: str) -> Exam | None:
    """The browser-built exam with this id."""
    return db.session.scalar(sa.select(Exam).where(Exam.slug == slug, Exam.source == ExamSource.BROWSER))


def versions(exam: Exam) -> list[ExamVersion]:
    """The exam's versions, newest first."""
    return list(
        db.session.scalars(
            sa.select(ExamVersion).where(ExamVersion.exam_id == exam.id).order_by(ExamVersion.version.desc())
        )
    )


def check(draft: dict, exam: Exam | None = None) -> Blueprint:
    """The draft (what the builder's form asks for, as a blueprint file's data) as a blueprint if it passes the
    blueprint files' checks and its banks can fill it, else InputError.

    ``exam`` is the browser-built exam being edited (None for a new one).
    """
    codes = tuple(level.code for level in level_service.rules())
    found: list[Problem] = []
    try:
        blueprint = blueprint_file.check(draft, str(draft["id"]), codes)
    except InputError as error:
        found += error.problems
        blueprint = None
    if draft["kind"] not in KINDS:
        found.append(Problem(1, N_("在浏览器中只能创建练习考试或晋级考试；课后测验由考试文件定义。")))
    if exam is None:
        found += _slug_problems(draft["id"])
    if draft["kind"] == ExamKind.PROMOTION and draft["level"]:
        taken = db.session.scalar(
            sa.select(Exam.title).where(
                Exam.kind == ExamKind.PROMOTION,
                Exam.level == draft["level"],
                Exam.active.is_(True),
                Exam.id != (exam.id if exam is not None else -1),
            )
        )
        if taken is not None:
            found.append(
                Problem(1, N_("这个等级已有晋级考试“%(value)s”，一个等级只能有一场晋级考试。"), {"value": taken})
            )
    if blueprint is not None:
        found += _section_problems(blueprint)
    if found:
        raise InputError(found)
    assert blueprint is not None  # no problems: the blueprint was read
    return blueprint


def _slug_problems(slug: str) -> list[Problem]:
    """A new exam's id must be free: no exam has it, and no blueprint file is named after it."""
    file = Path(current_app.config["CONTENT_DIR"]) / BANKS_DIR / EXAMS_DIR / f"{slug}.yaml"
    if file.exists() or db.session.scalar(sa.select(Exam.id).where(Exam.slug == slug)) is not None:
        return [Problem(1, N_("考试 id“%(value)s”已被使用，请换一个。"), {"value": slug})]
    return []


def _section_problems(blueprint: Blueprint) -> list[Problem]:
    """Each section's bank exists and holds enough drawable questions of its category and difficulty."""
    wanted = {section.bank for section in blueprint.sections}
    known = set(db.session.scalars(sa.select(QuestionBank.slug).where(QuestionBank.slug.in_(wanted))))
    missing = [Problem(1, N_("没有名为“%(value)s”的题库。"), {"value": slug}) for slug in sorted(wanted - known)]
    if missing:
        return missing
    return paper.shortfalls(blueprint.sections, database_candidates(QuestionBank.slug.in_(wanted)))


def _snapshot(blueprint: Blueprint) -> dict:
    """What a version keeps, and what decides whether an edit changed anything."""
    sections = [
        {
            "bank": s.bank,
            "count": s.count,
            "category": s.category,
            "difficulty": list(s.difficulty) if s.difficulty else None,
        }
        for s in blueprint.sections
    ]
    return {
        "title": blueprint.title,
        "kind": blueprint.kind,
        "level": blueprint.level,
        "settings": blueprint.settings(),
        "sections": sections,
    }


def create(actor: User, draft: dict, ip: str | None = None) -> Exam:
    """Store a new exam and its first version (InputError if the draft fails a check; nothing written)."""
    blueprint = check(draft)
    exam = Exam(slug=blueprint.slug, source=ExamSource.BROWSER, active=True)
    db.session.add(exam)
    _new_version(actor, exam, blueprint, 1)
    audit.record("exam.create", actor, obj=exam, detail={"title": exam.title, "version": 1}, ip=ip)
    db.session.commit()
    return exam


def update(actor: User, exam: Exam, draft: dict, ip: str | None = None) -> int:
    """A new version of a browser-built exam; its number. InputError if the draft fails a check, NothingChanged if
    it changes nothing (nothing written either way)."""
    blueprint = check(draft, exam)
    if bank_file.digest(_snapshot(blueprint)) == exam.digest:
        raise NothingChanged(exam.id)
    number = max((v.version for v in versions(exam)), default=0) + 1
    _new_version(actor, exam, blueprint, number)
    audit.record("exam.update", actor, obj=exam, detail={"title": exam.title, "version": number}, ip=ip)
    db.session.commit()
    return number


def _new_version(actor: User, exam: Exam, blueprint: Blueprint, number: int) -> None:
    """Make ``blueprint`` the exam's rules and keep them as version ``number`` (inside the caller's transaction)."""
    snapshot = _snapshot(blueprint)
    exam.title, exam.kind, exam.level, exam.module_id = blueprint.title, blueprint.kind, blueprint.level, None
    exam.settings, exam.sections, exam.digest = snapshot["settings"], snapshot["sections"], bank_file.digest(snapshot)
    db.session.flush()
    db.session.add(
        ExamVersion(
            exam_id=exam.id,
            version=number,
            title=blueprint.title,
            settings=snapshot["settings"],
            sections=snapshot["sections"],
            created_by_id=actor.id,
        )
    )
