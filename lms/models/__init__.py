"""SQLAlchemy models, one module per area; imported here so Alembic sees every table."""
from lms.models.audit import AuditLog
from lms.models.courses import Module, ModuleSection, Series
from lms.models.learning import Assignment, ModuleProgress, ModuleRating, SectionRead
from lms.models.people import Role, Team, User

__all__ = [
    "Assignment", "AuditLog", "Module", "ModuleProgress", "ModuleRating", "ModuleSection",
    "Role", "SectionRead", "Series", "Team", "User",
]
