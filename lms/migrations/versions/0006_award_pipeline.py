"""Award pipeline: each certificate names the attempt that earned it; PDF and award failures are recorded.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("attempt_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("pdf_error", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("pdf_tries", sa.Integer(), nullable=False, server_default="0"))
        batch_op.create_foreign_key(
            batch_op.f("fk_certificates_attempt_id_attempts"), "attempts", ["attempt_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_unique_constraint(batch_op.f("uq_certificates_attempt_id"), ["attempt_id"])
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("award_error", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.drop_column("award_error")
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_certificates_attempt_id"), type_="unique")
        batch_op.drop_constraint(batch_op.f("fk_certificates_attempt_id_attempts"), type_="foreignkey")
        batch_op.drop_column("pdf_tries")
        batch_op.drop_column("pdf_error")
        batch_op.drop_column("attempt_id")
