"""Drills: typing texts and results, the quick-reply library, quick-reply sessions and their turns."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db
from lms.models.people import User
from lms.timeutil import utcnow


class TypingText(db.Model):
    """A text to type, from question_banks/typing/."""

    __tablename__ = "typing_texts"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(64), unique=True)
    #: ``zh`` (字/分钟) or ``en`` (WPM).
    lang: Mapped[str] = mapped_column(sa.String(2))
    #: easy, medium or hard.
    level: Mapped[str] = mapped_column(sa.String(8))
    #: The business line it fits (``lms.domain.lines``): shop, property or common.
    line: Mapped[str] = mapped_column(sa.String(16), default="common")
    title: Mapped[str] = mapped_column(sa.String(128))
    text: Mapped[str] = mapped_column(sa.Text)
    active: Mapped[bool] = mapped_column(default=True)


class TypingResult(db.Model):
    """One typing drill: created at start (the server's clock starts), completed at submit."""

    __tablename__ = "typing_results"
    __table_args__ = (sa.Index("ix_typing_results_user_id_finished_at", "user_id", "finished_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    text_id: Mapped[int] = mapped_column(sa.ForeignKey("typing_texts.id"))
    lang: Mapped[str] = mapped_column(sa.String(2))
    #: The text typed against, as it was then (texts may be edited later).
    target: Mapped[str] = mapped_column(sa.Text)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    #: The server's elapsed seconds (the figures use this) and the browser's, for comparison only.
    seconds: Mapped[float | None]
    client_seconds: Mapped[float | None]
    #: What was typed, as sent.
    typed: Mapped[str | None] = mapped_column(sa.Text)
    gross: Mapped[float | None]
    net: Mapped[float | None]
    accuracy: Mapped[float | None]
    #: Why the server refused the result (too fast, clocks too far apart); refused results never count.
    refused: Mapped[str | None] = mapped_column(sa.String(32))
    #: A timed test's length in minutes (its text runs on); None when the drill is to type one text.
    minutes: Mapped[int | None]
    #: The share of the text (timed: of the time) reached; under ``lms.domain.typing.COMPLETE`` it never counts.
    reached: Mapped[float | None]
    #: Per character of the target up to where typing stopped: [times in the text, times missed].
    misses: Mapped[dict | None] = mapped_column(sa.JSON)

    text: Mapped[TypingText] = relationship()
    user: Mapped[User] = relationship()


class QuickReply(db.Model):
    """A canned reply (快捷话术) with its shortcut, from question_banks/quick_replies/."""

    __tablename__ = "quick_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(64), unique=True)
    shortcut: Mapped[str] = mapped_column(sa.String(8), unique=True)
    category: Mapped[str] = mapped_column(sa.String(16), index=True)
    #: The business line it fits (``lms.domain.lines``): shop, property or common.
    line: Mapped[str] = mapped_column(sa.String(16), default="common")
    title: Mapped[str] = mapped_column(sa.String(128))
    text: Mapped[str] = mapped_column(sa.Text)
    active: Mapped[bool] = mapped_column(default=True)


class CustomerMessage(db.Model):
    """A customer's message and the replies that answer it."""

    __tablename__ = "customer_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(64), unique=True)
    text: Mapped[str] = mapped_column(sa.Text)
    #: Slugs of the replies that answer it.
    replies: Mapped[list] = mapped_column(sa.JSON)
    #: The business line of those replies (common when all of them are common).
    line: Mapped[str] = mapped_column(sa.String(16), default="common")
    active: Mapped[bool] = mapped_column(default=True)


class ReplySession(db.Model):
    """A quick-reply drill: N customer messages answered one at a time."""

    __tablename__ = "reply_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: ``recognition`` (answer with the shortcut) or ``recall`` (type the reply out).
    mode: Mapped[str] = mapped_column(sa.String(12))
    #: The reply category drilled, or None for all.
    category: Mapped[str | None] = mapped_column(sa.String(16))
    #: Recall mode: the fidelity an answer must reach to be right (``lms.domain.quick_replies.THRESHOLDS``).
    threshold: Mapped[float | None]
    #: How many answers were refused as typed faster than anyone types; a session with any never counts.
    refused: Mapped[int] = mapped_column(default=0, server_default="0")
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    share_right: Mapped[float | None]
    mean_fidelity: Mapped[float | None]
    mean_seconds: Mapped[float | None]
    p90_seconds: Mapped[float | None]

    user: Mapped[User] = relationship()
    turns: Mapped[list["ReplyTurn"]] = relationship(
        back_populates="session", order_by="ReplyTurn.position", cascade="all, delete-orphan"
    )


class ReplyTurn(db.Model):
    """One message of a session: when the server showed it, the answer as given, and its figures."""

    __tablename__ = "reply_turns"
    __table_args__ = (sa.UniqueConstraint("session_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("reply_sessions.id", ondelete="CASCADE"))
    position: Mapped[int]
    message_id: Mapped[int] = mapped_column(sa.ForeignKey("customer_messages.id"))
    #: Set when the server sends the message to the page; the response time counts from here.
    sent_at: Mapped[datetime | None]
    answered_at: Mapped[datetime | None]
    answer: Mapped[str | None] = mapped_column(sa.Text)
    reply_id: Mapped[int | None] = mapped_column(sa.ForeignKey("quick_replies.id"))
    right: Mapped[bool | None]
    fidelity: Mapped[float | None]
    seconds: Mapped[float | None]
    #: Why the answer was refused (typed faster than anyone types), or None.
    refused: Mapped[str | None] = mapped_column(sa.String(32))

    session: Mapped[ReplySession] = relationship(back_populates="turns")
    message: Mapped[CustomerMessage] = relationship()
    reply: Mapped[QuickReply | None] = relationship()


class DrillAssignment(db.Model):
    """A drill a supervisor asked someone to reach a target in, by a date."""

    __tablename__ = "drill_assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: ``typing`` (a text set: language and level) or ``quick_reply`` (a reply category or all).
    kind: Mapped[str] = mapped_column(sa.String(12))
    lang: Mapped[str | None] = mapped_column(sa.String(2))
    level: Mapped[str | None] = mapped_column(sa.String(8))
    category: Mapped[str | None] = mapped_column(sa.String(16))
    #: Typing: net speed and accuracy to reach. Quick replies: share right (0-1).
    target_net: Mapped[float | None]
    target_accuracy: Mapped[float | None]
    target_share: Mapped[float | None]
    #: Typing: a timed test of this many minutes, or None to type whole texts.
    minutes: Mapped[int | None]
    #: Quick replies: the fidelity a typed-out reply must reach (1.0 一字不差 when None).
    threshold: Mapped[float | None]
    due_date: Mapped[date]
    assigned_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
