"""Refreshers: an assignment may name one section of its module to read again (from the team knowledge map).

Assignments get ``section_id`` (the section, None for the whole module) and ``refreshed_at`` (when the section was
read again). The one-row-per-person-and-module constraint becomes a partial unique index over module assignments,
and a refresher is unique per person and section.

Revision ID: 0018_refresher
Revises: 0017_review
Create Date: 2026-11-30 19:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0018_refresher"
down_revision = "0017_review"
branch_labels = None
depends_on = None

MODULE_ONLY = sa.text("section_id IS NULL")


def upgrade():
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("section_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("refreshed_at", sa.DateTime(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_assignments_section_id_module_sections"),
            "module_sections",
            ["section_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.drop_constraint("uq_assignments_user_id", type_="unique")
        batch_op.create_index(
            "uq_assignments_user_id_module_id",
            ["user_id", "module_id"],
            unique=True,
            sqlite_where=MODULE_ONLY,
            postgresql_where=MODULE_ONLY,
        )
        batch_op.create_index("uq_assignments_user_id_section_id", ["user_id", "section_id"], unique=True)


def downgrade():
    op.execute("DELETE FROM assignments WHERE section_id IS NOT NULL")
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.drop_index("uq_assignments_user_id_section_id")
        batch_op.drop_index("uq_assignments_user_id_module_id")
        batch_op.create_unique_constraint("uq_assignments_user_id", ["user_id", "module_id"])
        batch_op.drop_constraint("fk_assignments_section_id_module_sections", type_="foreignkey")
        batch_op.drop_column("refreshed_at")
        batch_op.drop_column("section_id")
