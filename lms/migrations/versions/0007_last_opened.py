"""Module progress remembers when a section was last opened, for the home page's "continue".

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 10:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("module_progress", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_opened_at", sa.DateTime(), nullable=True))
    op.execute("UPDATE module_progress SET last_opened_at = started_at")


def downgrade():
    with op.batch_alter_table("module_progress", schema=None) as batch_op:
        batch_op.drop_column("last_opened_at")
