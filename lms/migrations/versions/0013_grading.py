"""Promotion exams' scenario answers graded by a person: designated graders, who graded an attempt and when, comments.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 13:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("grader", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("graded_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("graded_at", sa.DateTime(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_attempts_graded_by_id_users"), "users", ["graded_by_id"], ["id"], ondelete="SET NULL"
        )
    with op.batch_alter_table("attempt_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("comment", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("attempt_items", schema=None) as batch_op:
        batch_op.drop_column("comment")
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_attempts_graded_by_id_users"), type_="foreignkey")
        batch_op.drop_column("graded_at")
        batch_op.drop_column("graded_by_id")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("grader")
