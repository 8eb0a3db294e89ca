"""Course content as imported from the files under courses/: series, modules and their sections."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db
from lms.timeutil import utcnow


class Series(db.Model):
    """Modules taken in order, one a day or together in one day (e.g. 营销五部曲)."""

    __tablename__ = "series"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The id used in course files, e.g. ``selling``.
    slug: Mapped[str] = mapped_column(sa.String(64), unique=True)
    title: Mapped[str] = mapped_column(sa.String(128))

    modules: Mapped[list["Module"]] = relationship(back_populates="series", order_by="Module.series_order")


class Module(db.Model):
    """A micro-course module: about an hour of short sections."""

    __tablename__ = "modules"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The file's id (and name), e.g. ``mot-basics``; stable across versions.
    slug: Mapped[str] = mapped_column(sa.String(64), unique=True)
    title: Mapped[str] = mapped_column(sa.String(128))
    series_id: Mapped[int | None] = mapped_column(sa.ForeignKey("series.id"), index=True)
    #: Position within the series (1 for standalone modules).
    series_order: Mapped[int] = mapped_column(default=1)
    #: Agent level the module belongs to: junior, intermediate, senior or expert.
    level: Mapped[str] = mapped_column(sa.String(16))
    #: Raised by the importer each time the file's content changes.
    version: Mapped[int] = mapped_column(default=1)
    #: Learning objectives, one string each.
    objectives: Mapped[list] = mapped_column(sa.JSON, default=list)
    #: Sanitised HTML of the text before the first section.
    intro_html: Mapped[str] = mapped_column(sa.Text, default="")
    total_minutes: Mapped[int] = mapped_column(default=0)
    #: The module's one-page job aid (岗位速查卡, the file's :::jobaid): its title, or None when it has none.
    job_aid_title: Mapped[str | None] = mapped_column(sa.String(255))
    #: Sanitised HTML of the job aid's body.
    job_aid_html: Mapped[str] = mapped_column(sa.Text, default="")
    #: SHA-256 of the imported file and of what its directives rendered; an unchanged module is skipped.
    digest: Mapped[str] = mapped_column(sa.String(64))
    #: Path of the file, relative to the content folder.
    source: Mapped[str] = mapped_column(sa.String(255))
    #: Place in the new hires' onboarding path (courses/onboarding-path.yaml), if it is in it.
    onboarding_position: Mapped[int | None]
    #: False once the file is gone: hidden from the catalogue, progress kept.
    active: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    series: Mapped[Series | None] = relationship(back_populates="modules")
    sections: Mapped[list["ModuleSection"]] = relationship(
        back_populates="module", order_by="ModuleSection.position", cascade="all, delete-orphan"
    )


class ModuleSection(db.Model):
    """One section of a module, a few minutes of reading."""

    __tablename__ = "module_sections"
    __table_args__ = (sa.UniqueConstraint("module_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(sa.ForeignKey("modules.id", ondelete="CASCADE"))
    #: 1-based place in the module.
    position: Mapped[int]
    #: The section's title, which is also its key: reading marks follow it across versions.
    title: Mapped[str] = mapped_column(sa.String(128))
    minutes: Mapped[int]
    #: The estimated reading time of its text (checks and role-play practice left out), for the least time open.
    reading_seconds: Mapped[int] = mapped_column(default=0)
    #: Sanitised HTML rendered from the file's Markdown.
    html: Mapped[str] = mapped_column(sa.Text)

    module: Mapped[Module] = relationship(back_populates="sections")
