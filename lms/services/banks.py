"""Question banks as admins and authors see them: counts, filtered question lists, retiring and restoring questions."""

import random
from dataclasses import dataclass, field

import sqlalchemy as sa

from lms.domain import paper
from lms.extensions import db
from lms.models import Question, QuestionBank, QuestionVersion, User
from lms.services import audit
from lms.timeutil import utcnow


class NothingChanged(Exception):
    """The question is already in the state asked for."""


@dataclass
class BankSummary:
    """A bank (its ``id``, ``slug`` and ``source``) with its drawable questions counted by category and difficulty,
    and how many are retired."""

    bank: sa.Row
    drawable: int = 0
    retired: int = 0
    categories: dict[str, int] = field(default_factory=dict)
    difficulties: dict[int, int] = field(default_factory=dict)


#: Every bank's id, slug and source, by slug.
_BANKS = sa.select(QuestionBank.id, QuestionBank.slug, QuestionBank.source).order_by(QuestionBank.slug)
#: The questions still in a bank, counted by bank, category, difficulty and whether retired.
_COUNTS = (
    sa.select(
        Question.bank_id,
        QuestionVersion.category,
        QuestionVersion.difficulty,
        Question.retired_at.is_not(None),
        sa.func.count(Question.id),
    )
    .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
    .where(Question.active.is_(True))
    .group_by(Question.bank_id, QuestionVersion.category, QuestionVersion.difficulty, Question.retired_at.is_not(None))
)


def summaries() -> list[BankSummary]:
    """Every bank (built-in and imported), by slug, with its counts; one query for the counts (both built once)."""
    found = {bank.id: BankSummary(bank) for bank in db.session.execute(_BANKS)}
    rows = db.session.execute(_COUNTS)
    for bank_id, category, difficulty, retired, count in rows:
        summary = found[bank_id]
        if retired:
            summary.retired += count
            continue
        summary.drawable += count
        summary.categories[category] = summary.categories.get(category, 0) + count
        summary.difficulties[difficulty] = summary.difficulties.get(difficulty, 0) + count
    return list(found.values())


def bank(slug: str) -> QuestionBank | None:
    """The bank with this id."""
    return db.session.scalar(sa.select(QuestionBank).where(QuestionBank.slug == slug))


def questions(
    bank: QuestionBank, category: str | None = None, difficulty: int | None = None, retired: bool | None = None
) -> sa.Select:
    """The bank's questions (still in it) with their current version, by key; filtered when asked (for paging)."""
    query = (
        sa.select(Question)
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .where(Question.bank_id == bank.id, Question.active.is_(True))
        .order_by(Question.key)
    )
    if category:
        query = query.where(QuestionVersion.category == category)
    if difficulty:
        query = query.where(QuestionVersion.difficulty == difficulty)
    if retired is not None:
        query = query.where(Question.retired_at.is_not(None) if retired else Question.retired_at.is_(None))
    return query


def question(bank: QuestionBank, key: str) -> Question | None:
    """The bank's question with this key, if it is still in the bank."""
    return db.session.scalar(
        sa.select(Question).where(Question.bank_id == bank.id, Question.key == key, Question.active.is_(True))
    )


@dataclass(frozen=True)
class Preview:
    """A question shaped like an item of a paper, unanswered, for the paper's own question template."""

    version: QuestionVersion
    part_order: list[int] | None
    position: int = 1
    answer: None = None


def preview(question: Question) -> Preview:
    """The question's current version as a learner would see it: options in their order, matching rights mixed."""
    assert question.current is not None, f"question {question.id} has no version"  # every import stores one
    rng = random.Random(question.id)  # the same mix each time the page is opened
    return Preview(question.current, paper.part_order(question.current.content, rng, shuffle_options=False))


def retire(actor: User, question: Question, ip: str | None = None) -> None:
    """Never draw ``question`` again (papers drawn already keep their version); NothingChanged if retired already."""
    _set_retired(actor, question, True, ip)


def restore(actor: User, question: Question, ip: str | None = None) -> None:
    """Let new papers draw ``question`` again; NothingChanged if it is not retired."""
    _set_retired(actor, question, False, ip)


def _set_retired(actor: User, question: Question, retired: bool, ip: str | None) -> None:
    if (question.retired_at is not None) == retired:
        raise NothingChanged(question.id)
    question.retired_at = utcnow() if retired else None
    audit.record(
        "question.retire" if retired else "question.restore",
        actor,
        obj=question,
        detail={"bank": question.bank.slug, "key": question.key},
        ip=ip,
    )
    db.session.commit()
