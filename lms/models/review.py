"""Spaced review (班前五分钟): each module's key facts, each agent's review cards and every answer given to them."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db
from lms.models.courses import Module, ModuleSection
from lms.models.drills import QuickReply
from lms.models.exams import Question
from lms.timeutil import utcnow


class CardKind(enum.StrEnum):
    """What a card asks: a question met in a quiz or exam, a quick reply of the library, or a module's key fact."""

    QUESTION = "question"
    REPLY = "reply"
    FACT = "fact"


class ModuleFact(db.Model):
    """A key fact of a module, as its course file's ``key_facts`` writes it: a short question and its answer."""

    __tablename__ = "module_facts"
    __table_args__ = (sa.UniqueConstraint("module_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(sa.ForeignKey("modules.id", ondelete="CASCADE"), index=True)
    #: 1-based place in the module's list; the import updates facts in place by it.
    number: Mapped[int]
    #: The question, in Chinese, e.g. 重大投诉应在多长时间内处理完毕？
    prompt: Mapped[str] = mapped_column(sa.String(255))
    #: The answer, short enough to recall in seconds, e.g. 当天处理完毕.
    answer: Mapped[str] = mapped_column(sa.String(255))
    #: The section the fact comes from (None if that section has gone), linked after each answer.
    section_id: Mapped[int | None] = mapped_column(sa.ForeignKey("module_sections.id", ondelete="SET NULL"))

    module: Mapped[Module] = relationship()
    section: Mapped[ModuleSection | None] = relationship()


class ReviewCard(db.Model):
    """One thing one agent is to remember, with its FSRS memory state; due cards make the daily session."""

    __tablename__ = "review_cards"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "ref"),
        sa.Index("ix_review_cards_user_id_due", "user_id", "due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[CardKind] = mapped_column(
        sa.Enum(CardKind, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e])
    )
    #: What the card is about, as one key (``question:12``, ``reply:3``, ``fact:40``): one card per thing per agent
    #: (a unique key over the nullable columns below would let duplicates through, NULLs being distinct).
    ref: Mapped[str] = mapped_column(sa.String(32))
    question_id: Mapped[int | None] = mapped_column(sa.ForeignKey("questions.id", ondelete="CASCADE"))
    quick_reply_id: Mapped[int | None] = mapped_column(sa.ForeignKey("quick_replies.id", ondelete="CASCADE"))
    fact_id: Mapped[int | None] = mapped_column(sa.ForeignKey("module_facts.id", ondelete="CASCADE"))
    #: The module the card belongs to (a fact's module, a quiz question's module), for the team knowledge map.
    module_id: Mapped[int | None] = mapped_column(sa.ForeignKey("modules.id", ondelete="CASCADE"), index=True)
    #: FSRS state (fsrs.State: 1 learning, 2 review, 3 relearning) and learning step; None before a first review.
    state: Mapped[int] = mapped_column(sa.SmallInteger, default=1)
    step: Mapped[int | None] = mapped_column(sa.SmallInteger)
    #: FSRS memory: stability in days and difficulty 1–10; None until the first review.
    stability: Mapped[float | None]
    difficulty: Mapped[float | None]
    #: When the card is next to be asked (UTC).
    due: Mapped[datetime] = mapped_column(default=utcnow)
    last_review: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    question: Mapped[Question | None] = relationship()
    quick_reply: Mapped[QuickReply | None] = relationship()
    fact: Mapped[ModuleFact | None] = relationship()
    module: Mapped[Module | None] = relationship()


class ReviewLog(db.Model):
    """One answer to a card: what was answered, how fast, the FSRS rating it gave, and when (phone and server)."""

    __tablename__ = "review_logs"
    __table_args__ = (sa.Index("ix_review_logs_user_id_answered_at", "user_id", "answered_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(sa.ForeignKey("review_cards.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    #: fsrs.Rating: 1 Again, 2 Hard, 3 Good, 4 Easy (lms.domain.review_rating decides it).
    rating: Mapped[int] = mapped_column(sa.SmallInteger)
    correct: Mapped[bool]
    #: The answer as given (a choice's letters, the text typed), for the supervisor and for disputes.
    answer: Mapped[str] = mapped_column(sa.Text, default="")
    #: Milliseconds from showing the card to answering it, as the phone measured them.
    duration_ms: Mapped[int]
    #: When the phone says the answer was given (offline answers arrive later); the schedule counts from it.
    answered_at: Mapped[datetime]
    #: When the server accepted it.
    reviewed_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Answered without a connection and sent from the phone's queue.
    offline: Mapped[bool] = mapped_column(default=False)
    #: The phone's id for the answer: a queued answer sent twice is stored once.
    client_key: Mapped[str | None] = mapped_column(sa.String(64), unique=True)

    card: Mapped[ReviewCard] = relationship()


class ReviewParameters(db.Model):
    """FSRS parameters fitted to this organisation's review log by ``lms review-optimise`` (newest row wins)."""

    __tablename__ = "review_parameters"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The 21 FSRS-6 weights.
    parameters: Mapped[list] = mapped_column(sa.JSON)
    #: How many reviews they were fitted on.
    reviews: Mapped[int]
    fitted_at: Mapped[datetime] = mapped_column(default=utcnow)
