"""Exam sittings a supervisor opens for a group, and the clock that starts when a paper is first shown.

Revision ID: 0019_sittings
Revises: 0018_refresher
Create Date: 2026-11-30 19:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0019_sittings"
down_revision = "0018_refresher"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "sittings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exam_id", sa.Integer(), nullable=False),
        sa.Column("opened_by_id", sa.Integer(), nullable=True),
        sa.Column("opens_at", sa.DateTime(), nullable=False),
        sa.Column("closes_at", sa.DateTime(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["exam_id"], ["exams.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["opened_by_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("sittings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sittings_exam_id"), ["exam_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_sittings_opened_by_id"), ["opened_by_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_sittings_closes_at"), ["closes_at"], unique=False)
    op.create_table(
        "sitting_people",
        sa.Column("sitting_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["sitting_id"], ["sittings.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("sitting_id", "user_id"),
    )
    with op.batch_alter_table("sitting_people", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sitting_people_user_id"), ["user_id"], unique=False)
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("shown_at", sa.DateTime(), nullable=True))
    # Attempts started before this revision were shown at once: their clock started with them.
    op.execute("UPDATE attempts SET shown_at = started_at")


def downgrade():
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.drop_column("shown_at")
    with op.batch_alter_table("sitting_people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sitting_people_user_id"))
    op.drop_table("sitting_people")
    with op.batch_alter_table("sittings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sittings_closes_at"))
        batch_op.drop_index(batch_op.f("ix_sittings_opened_by_id"))
        batch_op.drop_index(batch_op.f("ix_sittings_exam_id"))
    op.drop_table("sittings")
