"""Importing a Moodle GIFT, Aiken or Moodle XML file into a bank (every question checked, all or nothing),
and exporting any bank as GIFT or Moodle XML."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa

from lms.domain import N_, Problem, question_rules
from lms.domain.aiken import parse_aiken
from lms.domain.gift import parse_gift
from lms.domain.gift_export import write_gift
from lms.domain.moodle_xml import parse_moodle_xml
from lms.domain.moodle_xml_export import write_moodle_xml
from lms.domain.question_export import Export
from lms.extensions import db
from lms.models import Question, QuestionBank, QuestionVersion
from lms.services import audit
from lms.services.question_content import BANKS_DIR, DRAWABLE, store_questions

PARSERS = {"gift": parse_gift, "aiken": parse_aiken, "moodle-xml": parse_moodle_xml}
#: Export formats: the writer, the file suffix and the media type.
WRITERS = {
    "gift": (write_gift, "gift", "text/plain"),
    "moodle-xml": (write_moodle_xml, "xml", "application/xml"),
}
BANK_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class QuestionImport:
    """What an import of one file found and did."""

    errors: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    imported: int = 0
    new: int = 0
    changed: int = 0


def import_file(
    text: str,
    fmt: str,
    bank_slug: str,
    source: str,
    actor=None,
    ip: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> QuestionImport:
    """Parse ``text`` as ``fmt`` into the bank ``bank_slug``; nothing is written if any question is wrong.

    ``progress(done, total)``, if given, is told the number of questions once they are checked (before
    anything is written) and once they are stored.
    """
    report = QuestionImport()
    existing = db.session.scalar(sa.select(QuestionBank).where(QuestionBank.slug == bank_slug))
    if not BANK_ID.match(bank_slug):
        report.errors.append(Problem(1, N_("题库名只能由小写字母、数字和短横线组成，例如 moodle-import。")))
    elif existing is not None and existing.source.startswith(f"{BANKS_DIR}/"):
        report.errors.append(
            Problem(1, N_("题库“%(value)s”来自 question_banks/ 下的文件，请换一个题库名。"), {"value": bank_slug})
        )
    if report.errors:
        return report
    parsed = PARSERS[fmt](text)
    report.errors, report.skipped = list(parsed.errors), list(parsed.skipped)
    questions = []
    for number, raw in enumerate(parsed.questions, start=1):
        question = {key: value for key, value in raw.items() if key != "line" and value is not None}
        question["id"] = f"q{number:03d}"
        question["category"] = raw.get("category") or bank_slug
        for _key, message, params in question_rules.problems(question):
            report.errors.append(Problem(raw["line"], message, params))
        questions.append(question)
    if not questions and not report.errors:
        report.errors.append(Problem(1, N_("文件中没有可以导入的题目。")))
    if report.errors:
        return report
    if progress:
        progress(0, len(questions))
    bank = existing or QuestionBank(slug=bank_slug, title=bank_slug)
    bank.source = f"{fmt}:{source}"
    db.session.add(bank)
    db.session.flush()
    report.new, report.changed = store_questions(bank, questions)
    report.imported = len(questions)
    audit.record(
        "questions.import",
        actor,
        obj=bank,
        detail={"format": fmt, "file": source, "imported": report.imported, "skipped": len(report.skipped)},
        ip=ip,
    )
    db.session.commit()
    if progress:
        progress(len(questions), len(questions))
    return report


def bank_sizes() -> list[tuple[QuestionBank, int]]:
    """Every bank with its number of drawable questions, by id."""
    return [
        (bank, count)
        for bank, count in db.session.execute(
            sa.select(QuestionBank, sa.func.count(Question.id))
            .outerjoin(Question, sa.and_(Question.bank_id == QuestionBank.id, DRAWABLE))
            .group_by(QuestionBank.id)
            .order_by(QuestionBank.slug)
        )
    ]


def export_bank(bank_slug: str, fmt: str, actor=None, ip: str | None = None) -> Export | None:
    """The active questions of ``bank_slug`` (built-in or imported) written as ``fmt``, audited; None if no such bank."""
    bank = db.session.scalar(sa.select(QuestionBank).where(QuestionBank.slug == bank_slug))
    if bank is None:
        return None
    rows = db.session.execute(
        sa.select(Question.key, QuestionVersion.content)
        .join(QuestionVersion, Question.current_version_id == QuestionVersion.id)
        .where(Question.bank_id == bank.id, Question.active.is_(True))
        .order_by(Question.key)
    )
    questions = [{**content, "id": key} for key, content in rows]
    export = WRITERS[fmt][0](questions)
    audit.record(
        "questions.export",
        actor,
        obj=bank,
        detail={"format": fmt, "questions": len(questions), "notes": len(export.notes)},
        ip=ip,
    )
    db.session.commit()
    return export
