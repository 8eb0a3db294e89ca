"""SQLAlchemy models, one module per area; imported here so Alembic sees every table."""
from lms.models.audit import AuditLog
from lms.models.people import Role, Team, User

__all__ = ["AuditLog", "Role", "Team", "User"]
