"""Business lines for teams and drill content; who leads or mentors a group (the expert level's team-leading rule).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 12:05:48

Existing replies, messages and typing texts start as common until the next ``lms import-content`` sets their
line from the files; existing teams have no line, so their learners keep drilling every line until an admin
sets one.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

CONTENT_TABLES = ("customer_messages", "quick_replies", "typing_texts")


def upgrade():
    op.create_table(
        "group_leads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("group_name", sa.String(length=64), nullable=False),
        sa.Column("since", sa.Date(), nullable=False),
        sa.Column("set_by_id", sa.Integer(), nullable=True),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["set_by_id"], ["users.id"], name=op.f("fk_group_leads_set_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_group_leads_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_leads")),
        sa.UniqueConstraint("user_id", name=op.f("uq_group_leads_user_id")),
    )
    for table in CONTENT_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("line", sa.String(length=16), nullable=False, server_default="common"))
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.add_column(sa.Column("line", sa.String(length=16), nullable=True))


def downgrade():
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.drop_column("line")
    for table in reversed(CONTENT_TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("line")
    op.drop_table("group_leads")
