"""Drill figures that mean what they say: recall thresholds and refusals, complete texts, timed tests, misses.

Revision ID: 0016_drills
Revises: 0015
Create Date: 2026-11-30 15:30:00
"""

import sqlalchemy as sa
from alembic import op

from lms.domain import typing

revision = "0016_drills"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("typing_results", schema=None) as batch_op:
        batch_op.add_column(sa.Column("minutes", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("reached", sa.Double(), nullable=True))
        batch_op.add_column(sa.Column("misses", sa.JSON(), nullable=True))
    with op.batch_alter_table("reply_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("threshold", sa.Double(), nullable=True))
        batch_op.add_column(sa.Column("refused", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("reply_turns", schema=None) as batch_op:
        batch_op.add_column(sa.Column("refused", sa.String(length=32), nullable=True))
    with op.batch_alter_table("drill_assignments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("minutes", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("threshold", sa.Double(), nullable=True))
    # Results typed before this revision: how far into their text they reached, so partial ones stop counting.
    results = sa.table(
        "typing_results",
        sa.column("id", sa.Integer),
        sa.column("target", sa.Text),
        sa.column("typed", sa.Text),
        sa.column("reached", sa.Double),
        sa.column("finished_at", sa.DateTime),
    )
    bind = op.get_bind()
    rows = bind.execute(sa.select(results.c.id, results.c.target, results.c.typed).where(results.c.finished_at.is_not(None)))
    for row_id, target, typed in rows.all():
        share = typing.reached(target, typed or "")
        bind.execute(sa.update(results).where(results.c.id == row_id).values(reached=share))


def downgrade():
    with op.batch_alter_table("drill_assignments", schema=None) as batch_op:
        batch_op.drop_column("threshold")
        batch_op.drop_column("minutes")
    with op.batch_alter_table("reply_turns", schema=None) as batch_op:
        batch_op.drop_column("refused")
    with op.batch_alter_table("reply_sessions", schema=None) as batch_op:
        batch_op.drop_column("refused")
        batch_op.drop_column("threshold")
    with op.batch_alter_table("typing_results", schema=None) as batch_op:
        batch_op.drop_column("misses")
        batch_op.drop_column("reached")
        batch_op.drop_column("minutes")
