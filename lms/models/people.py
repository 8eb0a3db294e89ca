"""People: users with their role, and the teams they work in."""

import enum
from datetime import date, datetime
from typing import Optional

import sqlalchemy as sa
from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask_login import UserMixin
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash

from lms.extensions import db
from lms.timeutil import utcnow

#: argon2id with 19 MiB of memory, 2 passes and one lane: OWASP's first recommended setting for argon2id.
#: One check costs about 34 ms of CPU on the 2-core machine (a quarter of the scrypt it replaces, N=2^15 r=8 p=1 at
#: 125 ms), so a whole shift's sign-ins fit in minutes (docs/PERFORMANCE.md, ``make bench`` section ``signin``).
#: argon2id rather than a cheaper scrypt: at OWASP's minimum scrypt (N=2^17, or N=2^14 with p=5) one check would
#: cost about 0.5 s here, while scrypt cut to 34 ms (N=2^13, 8 MiB) is below any recommendation. Hashes made
#: otherwise (scrypt from Werkzeug, or other argon2 settings) still sign in and are redone at that sign-in.
PASSWORD_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, type=Type.ID)
ARGON2_PREFIX = "$argon2"


def hash_password(password: str) -> str:
    """A new hash of ``password`` with the current parameters (PASSWORD_HASHER)."""
    return PASSWORD_HASHER.hash(password)


class Role(enum.StrEnum):
    """What a person does here; decides which pages they may open."""

    NEW_HIRE = "new_hire"
    AGENT = "agent"
    SUPERVISOR = "supervisor"
    HR = "hr"
    ADMIN = "admin"


class Team(db.Model):
    """A team of agents led by one supervisor."""

    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Display name, unique, e.g. 售后一组.
    name: Mapped[str] = mapped_column(sa.String(64), unique=True)
    #: The supervisor who leads the team (a user with the supervisor role).
    supervisor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", use_alter=True, ondelete="SET NULL"))
    #: Inactive teams take no new members and leave the choice lists; their history stays.
    active: Mapped[bool] = mapped_column(default=True)
    #: The business line it works in (``lms.domain.lines``: shop or property); its learners drill that line's
    #: content and the common content. None: not set, so its learners drill every line.
    line: Mapped[str | None] = mapped_column(sa.String(16))
    #: The supervisor made the day's review session (班前五分钟) part of its members' "ready for shift".
    review_for_shift: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    supervisor: Mapped[Optional["User"]] = relationship(foreign_keys=[supervisor_id])
    members: Mapped[list["User"]] = relationship(
        back_populates="team", foreign_keys="User.team_id", order_by="User.employee_no"
    )

    def __repr__(self) -> str:
        return f"<Team {self.name}>"


class User(UserMixin, db.Model):
    """A person who signs in: employee, supervisor, HR or admin."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Employee number (工号), the sign-in name; unique.
    employee_no: Mapped[str] = mapped_column(sa.String(32), unique=True)
    #: Display name as HR writes it, usually Chinese (e.g. 王晓雯).
    name: Mapped[str] = mapped_column(sa.String(64))
    #: argon2id hash (``$argon2id$…``), or an older Werkzeug scrypt one until the next sign-in; never the password.
    password_hash: Mapped[str] = mapped_column(sa.String(256))
    #: Set for imported users with a temporary password: they must choose their own.
    must_change_password: Mapped[bool] = mapped_column(default=False)
    role: Mapped[Role] = mapped_column(
        sa.Enum(Role, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e])
    )
    #: First working day; tenure rules count from here.
    hire_date: Mapped[date]
    team_id: Mapped[int | None] = mapped_column(sa.ForeignKey("teams.id", ondelete="SET NULL"), index=True)
    #: Inactive users cannot sign in; their records stay.
    active: Mapped[bool] = mapped_column(default=True)
    #: Preferred interface language, a key of the LANGUAGES setting.
    locale: Mapped[str] = mapped_column(sa.String(8), default="zh_CN")
    #: Where reminders are e-mailed (when LMS_SMTP_URL is set); none means in the app only.
    email: Mapped[str | None] = mapped_column(sa.String(254))
    #: A grader designated by an admin: grades every learner's promotion-exam answers, not only their team's.
    grader: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    #: An author designated by an admin: browses question banks, retires questions and builds exams in the browser.
    author: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    #: Part of the id in every session and remember-me cookie: raising it ends all of them (sign-out,
    #: new password, reset, deactivation).
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    team: Mapped[Team | None] = relationship(back_populates="members", foreign_keys=[team_id])

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users.
        return self.active

    def get_id(self) -> str:
        """The id Flask-Login keeps in the session and the remember-me cookie: ``id:session_version``."""
        return f"{self.id}:{self.session_version}"

    @hybrid_method
    def signs_in_with(self, version: "int | sa.ColumnElement[int]") -> bool:
        """Whether a session issued at ``version`` still signs this user in: active, and no sign-out since.

        The same rule in SQL (``User.signs_in_with(...)``), for the answer save's own query."""
        return self.active and self.session_version == version

    @signs_in_with.expression
    def _signs_in_with(cls, version):
        return sa.and_(cls.active.is_(True), cls.session_version == version)

    def end_sessions(self) -> None:
        """Make every session and remember-me cookie issued so far invalid."""
        self.session_version = (self.session_version or 0) + 1

    def set_password(self, password: str) -> None:
        """Store a hash of ``password`` and end every session signed in with the old one."""
        self.password_hash = hash_password(password)
        self.end_sessions()

    def check_password(self, password: str) -> bool:
        """Whether ``password`` matches the stored hash (argon2id, or an older Werkzeug scrypt one)."""
        if not self.password_hash.startswith(ARGON2_PREFIX):
            return check_password_hash(self.password_hash, password)
        try:
            return PASSWORD_HASHER.verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def password_needs_rehash(self) -> bool:
        """Whether the stored hash was made otherwise than PASSWORD_HASHER makes them now."""
        return not self.password_hash.startswith(ARGON2_PREFIX) or PASSWORD_HASHER.check_needs_rehash(
            self.password_hash
        )

    def rehash_password(self, password: str) -> None:
        """Hash the (just checked) ``password`` again with the current parameters; sessions stay."""
        self.password_hash = hash_password(password)

    def __repr__(self) -> str:
        return f"<User {self.employee_no}>"
