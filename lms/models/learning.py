"""What learners do with modules: progress, sections read, ratings, and assignments."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db
from lms.models.courses import Module, ModuleSection
from lms.models.people import User
from lms.timeutil import utcnow


class ModuleProgress(db.Model):
    """One learner's state in one module."""

    __tablename__ = "module_progress"
    __table_args__ = (sa.UniqueConstraint("user_id", "module_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[int] = mapped_column(sa.ForeignKey("modules.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: The section the learner last opened (1-based): where "continue" takes them.
    last_position: Mapped[int] = mapped_column(default=1)
    #: When the learner last opened a section of it: the home page's "continue" picks the latest.
    last_opened_at: Mapped[datetime | None] = mapped_column(default=utcnow)
    #: Set once when every section is read and the end-of-module rule holds; never unset.
    completed_at: Mapped[datetime | None]
    #: The module version that was completed.
    completed_version: Mapped[int | None]

    module: Mapped[Module] = relationship()


class SectionRead(db.Model):
    """A section a learner has read to its end, keyed by title so that edits keep it."""

    __tablename__ = "section_reads"
    __table_args__ = (sa.UniqueConstraint("user_id", "module_id", "section_title"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    module_id: Mapped[int] = mapped_column(sa.ForeignKey("modules.id", ondelete="CASCADE"), index=True)
    section_title: Mapped[str] = mapped_column(sa.String(128))
    read_at: Mapped[datetime] = mapped_column(default=utcnow)


class SectionOpen(db.Model):
    """When a learner first opened a section (keyed by title, as reads are): a section is read only after a while."""

    __tablename__ = "section_opens"
    __table_args__ = (sa.UniqueConstraint("user_id", "module_id", "section_title"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    module_id: Mapped[int] = mapped_column(sa.ForeignKey("modules.id", ondelete="CASCADE"), index=True)
    section_title: Mapped[str] = mapped_column(sa.String(128))
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)


class ModuleRating(db.Model):
    """A learner's rating of a completed module (5-point Likert: 1 disagree … 5 agree)."""

    __tablename__ = "module_ratings"
    __table_args__ = (sa.UniqueConstraint("user_id", "module_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    module_id: Mapped[int] = mapped_column(sa.ForeignKey("modules.id", ondelete="CASCADE"), index=True)
    #: 内容实用 / 对工作有帮助 / 讲解清楚, each 1-5.
    content: Mapped[int] = mapped_column(sa.SmallInteger)
    usefulness: Mapped[int] = mapped_column(sa.SmallInteger)
    clarity: Mapped[int] = mapped_column(sa.SmallInteger)
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Assignment(db.Model):
    """A module a supervisor asked one person to complete by a date, or one section of it to read again.

    Assigning a series or a team creates one row per module and person, so "my assignments"
    and the progress matrix are plain lookups. A *refresher* (``section_id`` set, from the team knowledge
    map) asks to read that one section again: it is done when the section is read after it was assigned
    (``refreshed_at``), whatever the module's completion; module figures count module assignments only.
    """

    __tablename__ = "assignments"
    __table_args__ = (
        # one assignment of a module per person, and one refresher of a section per person (NULLs are distinct)
        sa.Index(
            "uq_assignments_user_id_module_id",
            "user_id",
            "module_id",
            unique=True,
            sqlite_where=sa.text("section_id IS NULL"),
            postgresql_where=sa.text("section_id IS NULL"),
        ),
        sa.Index("uq_assignments_user_id_section_id", "user_id", "section_id", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[int] = mapped_column(sa.ForeignKey("modules.id", ondelete="CASCADE"), index=True)
    due_date: Mapped[date] = mapped_column(index=True)
    assigned_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: A refresher's section (a section of ``module``); None for the whole module. It goes if the section does.
    section_id: Mapped[int | None] = mapped_column(sa.ForeignKey("module_sections.id", ondelete="CASCADE"))
    #: When a refresher's section was read again after it was assigned (None: not yet; always None for a module).
    refreshed_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    module: Mapped[Module] = relationship()
    section: Mapped[ModuleSection | None] = relationship()
