"""SQLAlchemy models, one module per area; imported here so Alembic sees every table."""

from lms.models.api import ApiToken, TokenScope
from lms.models.audit import AuditLog
from lms.models.courses import Module, ModuleSection, Series
from lms.models.drills import (
    CustomerMessage,
    DrillAssignment,
    QuickReply,
    ReplySession,
    ReplyTurn,
    TypingResult,
    TypingText,
)
from lms.models.exams import (
    Attempt,
    AttemptItem,
    Exam,
    ExamVersion,
    Question,
    QuestionBank,
    QuestionVersion,
)
from lms.models.jobs import Job
from lms.models.learning import Assignment, ModuleProgress, ModuleRating, SectionOpen, SectionRead
from lms.models.levels import Certificate, CompetencyRating, GroupLead, LevelAward, Violation
from lms.models.notifications import Notification
from lms.models.people import Role, Team, User
from lms.models.review import CardKind, ModuleFact, ReviewCard, ReviewLog, ReviewParameters
from lms.models.sittings import Sitting

__all__ = [
    "ApiToken",
    "Assignment",
    "Attempt",
    "AttemptItem",
    "AuditLog",
    "CardKind",
    "Certificate",
    "CompetencyRating",
    "CustomerMessage",
    "DrillAssignment",
    "Exam",
    "ExamVersion",
    "GroupLead",
    "Job",
    "LevelAward",
    "Module",
    "ModuleProgress",
    "ModuleRating",
    "ModuleFact",
    "ModuleSection",
    "Notification",
    "Question",
    "QuestionBank",
    "QuestionVersion",
    "QuickReply",
    "ReplySession",
    "ReplyTurn",
    "ReviewCard",
    "ReviewLog",
    "ReviewParameters",
    "Role",
    "SectionOpen",
    "SectionRead",
    "Series",
    "Sitting",
    "Team",
    "TokenScope",
    "TypingResult",
    "TypingText",
    "User",
    "Violation",
]
