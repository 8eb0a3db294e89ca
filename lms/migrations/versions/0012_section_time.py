"""A real hour: each section's estimated reading time, when a learner first opened it, and the module's job aid.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 12:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("module_sections", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reading_seconds", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("modules", schema=None) as batch_op:
        batch_op.add_column(sa.Column("job_aid_title", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("job_aid_html", sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "section_opens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("module_id", sa.Integer(), nullable=False),
        sa.Column("section_title", sa.String(length=128), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["module_id"], ["modules.id"], name=op.f("fk_section_opens_module_id_modules"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_section_opens_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_section_opens")),
        sa.UniqueConstraint("user_id", "module_id", "section_title", name=op.f("uq_section_opens_user_id")),
    )
    with op.batch_alter_table("section_opens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_section_opens_module_id"), ["module_id"], unique=False)


def downgrade():
    with op.batch_alter_table("section_opens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_section_opens_module_id"))
    op.drop_table("section_opens")
    with op.batch_alter_table("modules", schema=None) as batch_op:
        batch_op.drop_column("job_aid_html")
        batch_op.drop_column("job_aid_title")
    with op.batch_alter_table("module_sections", schema=None) as batch_op:
        batch_op.drop_column("reading_seconds")
