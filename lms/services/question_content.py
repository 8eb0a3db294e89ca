"""Importing question banks and exam blueprints: questions get a new version when their content changes."""

from functools import partial
from pathlib import Path

import sqlalchemy as sa

from lms.domain import N_, InputError, Problem, bank_file, blueprint_file, paper
from lms.domain.bank_file import Bank
from lms.domain.blueprint_file import Blueprint
from lms.domain.states import ExamSource
from lms.extensions import db
from lms.models import Exam, Module, Question, QuestionBank, QuestionVersion

BANKS_DIR = "question_banks"
EXAMS_DIR = "exams"
DRILL_DIRS = {"typing", "quick_replies"}
#: A question papers may draw: still in its bank and not retired by an admin or author.
DRAWABLE = sa.and_(Question.active.is_(True), Question.retired_at.is_(None))


def read(
    root: Path, module_slugs: set[str], level_codes: tuple[str, ...] | None
) -> tuple[list[tuple[str, Bank]], list[tuple[str, Blueprint]], list]:
    """Parse every bank and blueprint under ``root``; problems as (path, Problem). Nothing is written."""
    base = root / BANKS_DIR
    banks: list[tuple[str, Bank]] = []
    blueprints: list[tuple[str, Blueprint]] = []
    problems: list[tuple[str, Problem]] = []
    if not base.exists():
        return banks, blueprints, problems
    paths = sorted(base.glob("*.yaml"))
    for path in paths:
        _parse(path, root, bank_file.parse, banks, problems)
    for path in sorted((base / EXAMS_DIR).glob("*.yaml")):
        _parse(path, root, partial(blueprint_file.parse, level_codes=level_codes), blueprints, problems)
    broken = {path.stem for path in paths} - {bank.slug for _, bank in banks}
    problems += _check_blueprints(blueprints, banks, module_slugs, broken)
    return banks, blueprints, problems


def _parse(path: Path, root: Path, parser, into: list, problems: list) -> None:
    """Parse one file into ``into``, or add its problems."""
    name = str(path.relative_to(root))
    try:
        into.append((name, parser(path.read_text(encoding="utf-8"), path.stem)))
    except InputError as error:
        problems += [(name, p) for p in error.problems]


def _check_blueprints(blueprints, banks, module_slugs: set[str], broken: set[str]) -> list:
    """Each blueprint's module and banks exist, and its banks can fill its sections (broken banks are reported already)."""
    candidates = [
        paper.Candidate(0, bank.slug, q["category"], q["difficulty"]) for _, bank in banks for q in bank.questions
    ]
    candidates += _database_candidates({bank.slug for _, bank in banks})
    known = {c.bank for c in candidates}
    built = set(db.session.scalars(sa.select(Exam.slug).where(Exam.source == ExamSource.BROWSER)))
    found = []
    for name, blueprint in blueprints:
        if blueprint.slug in built:
            found.append(
                (
                    name,
                    Problem(
                        1,
                        N_("考试 id“%(value)s”已被在浏览器中创建的考试使用，请换一个 id。"),
                        {"value": blueprint.slug},
                    ),
                )
            )
        if blueprint.module and blueprint.module not in module_slugs:
            found.append((name, Problem(1, N_("没有 id 为“%(value)s”的课程。"), {"value": blueprint.module})))
        if any(section.bank in broken for section in blueprint.sections):
            continue
        for section in blueprint.sections:
            if section.bank not in known:
                found.append((name, Problem(1, N_("没有名为“%(value)s”的题库。"), {"value": section.bank})))
        if all(section.bank in known for section in blueprint.sections):
            found += [(name, p) for p in paper.shortfalls(blueprint.sections, candidates)]
    return found


def _database_candidates(file_banks: set[str]) -> list[paper.Candidate]:
    """Drawable questions of banks that do not come from files (GIFT and Aiken imports)."""
    return database_candidates(QuestionBank.slug.not_in(file_banks) if file_banks else sa.true())


def database_candidates(where: sa.ColumnElement[bool]) -> list[paper.Candidate]:
    """Drawable questions of the banks ``where`` keeps, as the paper draw sees them."""
    rows = db.session.execute(
        sa.select(Question.id, QuestionBank.slug, QuestionVersion.category, QuestionVersion.difficulty)
        .join(QuestionBank)
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .where(DRAWABLE, where)
    )
    return [paper.Candidate(*row) for row in rows]


def write(banks: list[tuple[str, Bank]], blueprints: list[tuple[str, Blueprint]]) -> dict[str, int]:
    """Bring banks and exams in line with the files (inside the caller's transaction); counts of what changed."""
    counts = {"questions_new": 0, "questions_changed": 0, "exams": 0}
    file_sources = set()
    for source, bank in banks:
        file_sources.add(source)
        row = db.session.scalar(sa.select(QuestionBank).where(QuestionBank.slug == bank.slug))
        if row is None:
            row = QuestionBank(slug=bank.slug)
            db.session.add(row)
        row.title, row.source = bank.title, source
        db.session.flush()
        new, changed = store_questions(row, bank.questions)
        counts["questions_new"] += new
        counts["questions_changed"] += changed
    for stale in db.session.scalars(sa.select(QuestionBank).where(QuestionBank.source.like(f"{BANKS_DIR}/%"))):
        if stale.source not in file_sources:
            for question in stale.questions:
                question.active = False
    modules = {m.slug: m.id for m in db.session.scalars(sa.select(Module))}
    seen = set()
    for _source, blueprint in blueprints:
        seen.add(blueprint.slug)
        counts["exams"] += _store_exam(blueprint, modules)
    db.session.execute(
        sa.update(Exam)
        .where(Exam.source == ExamSource.FILE, Exam.slug.not_in(seen) if seen else sa.true())
        .values(active=False)
    )
    return counts


def store_questions(
    bank: QuestionBank, questions: tuple[dict, ...] | list[dict], retire_missing: bool = True
) -> tuple[int, int]:
    """Add or version ``bank``'s questions by key; (new questions, questions with a new version)."""
    existing = {q.key: q for q in db.session.scalars(sa.select(Question).where(Question.bank_id == bank.id))}
    new = changed = 0
    for content in questions:
        question = existing.pop(content["id"], None)
        fingerprint = bank_file.digest(content)
        if question is None:
            question = Question(bank_id=bank.id, key=content["id"])
            db.session.add(question)
            db.session.flush()
            new += 1
        elif question.current is not None and question.current.digest == fingerprint:
            question.active = True
            continue
        else:
            changed += 1
        number = (question.current.version + 1) if question.current is not None else 1
        version = QuestionVersion(
            question_id=question.id,
            version=number,
            type=content["type"],
            category=content["category"],
            difficulty=content["difficulty"],
            points=float(content.get("points", 1)),
            content=content,
            digest=fingerprint,
        )
        db.session.add(version)
        db.session.flush()
        question.current_version_id, question.active = version.id, True
    if retire_missing:
        for question in existing.values():
            question.active = False
    return new, changed


def _store_exam(blueprint: Blueprint, modules: dict[str, int]) -> int:
    """Create or update one exam; 1 if anything changed."""
    fingerprint = bank_file.digest(
        {
            "settings": blueprint.settings(),
            "sections": _sections(blueprint),
            "title": blueprint.title,
            "module": blueprint.module,
            "level": blueprint.level,
        }
    )
    exam = db.session.scalar(sa.select(Exam).where(Exam.slug == blueprint.slug, Exam.source == ExamSource.FILE))
    if exam is not None and exam.digest == fingerprint and exam.active:
        return 0
    if exam is None:
        exam = Exam(slug=blueprint.slug)
        db.session.add(exam)
    exam.title, exam.kind, exam.level = blueprint.title, blueprint.kind, blueprint.level
    exam.module_id = modules.get(blueprint.module) if blueprint.module else None
    exam.settings, exam.sections, exam.digest, exam.active = (
        blueprint.settings(),
        _sections(blueprint),
        fingerprint,
        True,
    )
    return 1


def _sections(blueprint: Blueprint) -> list[dict]:
    """The blueprint's sections as plain data."""
    return [
        {
            "bank": s.bank,
            "count": s.count,
            "category": s.category,
            "difficulty": list(s.difficulty) if s.difficulty else None,
        }
        for s in blueprint.sections
    ]
