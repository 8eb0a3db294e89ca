"""Imported banks that can be used: designated authors, retired questions, exams built in the browser and versioned.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("author", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("retired_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("exams", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source", sa.String(length=16), nullable=False, server_default="file"))
    op.create_table(
        "exam_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exam_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=128), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("sections", sa.JSON(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["exam_id"], ["exams.id"], name=op.f("fk_exam_versions_exam_id_exams"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_exam_versions_created_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exam_versions")),
        sa.UniqueConstraint("exam_id", "version", name=op.f("uq_exam_versions_exam_id")),
    )
    with op.batch_alter_table("exam_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exam_versions_exam_id"), ["exam_id"], unique=False)
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("exam_version_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_attempts_exam_version_id_exam_versions"), "exam_versions", ["exam_version_id"], ["id"]
        )


def downgrade():
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_attempts_exam_version_id_exam_versions"), type_="foreignkey")
        batch_op.drop_column("exam_version_id")
    with op.batch_alter_table("exam_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exam_versions_exam_id"))
    op.drop_table("exam_versions")
    with op.batch_alter_table("exams", schema=None) as batch_op:
        batch_op.drop_column("source")
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.drop_column("retired_at")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("author")
