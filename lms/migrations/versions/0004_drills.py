"""Drills: typing texts and results, quick replies, customer messages, sessions, drill assignments.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 16:17:26.748279

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('customer_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=64), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('replies', sa.JSON(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customer_messages')),
    sa.UniqueConstraint('slug', name=op.f('uq_customer_messages_slug'))
    )
    op.create_table('quick_replies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=64), nullable=False),
    sa.Column('shortcut', sa.String(length=8), nullable=False),
    sa.Column('category', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=128), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quick_replies')),
    sa.UniqueConstraint('shortcut', name=op.f('uq_quick_replies_shortcut')),
    sa.UniqueConstraint('slug', name=op.f('uq_quick_replies_slug'))
    )
    with op.batch_alter_table('quick_replies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quick_replies_category'), ['category'], unique=False)

    op.create_table('typing_texts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=64), nullable=False),
    sa.Column('lang', sa.String(length=2), nullable=False),
    sa.Column('level', sa.String(length=8), nullable=False),
    sa.Column('title', sa.String(length=128), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_typing_texts')),
    sa.UniqueConstraint('slug', name=op.f('uq_typing_texts_slug'))
    )
    op.create_table('drill_assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('lang', sa.String(length=2), nullable=True),
    sa.Column('level', sa.String(length=8), nullable=True),
    sa.Column('category', sa.String(length=16), nullable=True),
    sa.Column('target_net', sa.Double(), nullable=True),
    sa.Column('target_accuracy', sa.Double(), nullable=True),
    sa.Column('target_share', sa.Double(), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('assigned_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['assigned_by_id'], ['users.id'], name=op.f('fk_drill_assignments_assigned_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_drill_assignments_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_drill_assignments'))
    )
    with op.batch_alter_table('drill_assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_drill_assignments_user_id'), ['user_id'], unique=False)

    op.create_table('reply_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('mode', sa.String(length=12), nullable=False),
    sa.Column('category', sa.String(length=16), nullable=True),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('share_right', sa.Double(), nullable=True),
    sa.Column('mean_fidelity', sa.Double(), nullable=True),
    sa.Column('mean_seconds', sa.Double(), nullable=True),
    sa.Column('p90_seconds', sa.Double(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_reply_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reply_sessions'))
    )
    with op.batch_alter_table('reply_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reply_sessions_user_id'), ['user_id'], unique=False)

    op.create_table('typing_results',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('text_id', sa.Integer(), nullable=False),
    sa.Column('lang', sa.String(length=2), nullable=False),
    sa.Column('target', sa.Text(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('seconds', sa.Double(), nullable=True),
    sa.Column('client_seconds', sa.Double(), nullable=True),
    sa.Column('typed', sa.Text(), nullable=True),
    sa.Column('gross', sa.Double(), nullable=True),
    sa.Column('net', sa.Double(), nullable=True),
    sa.Column('accuracy', sa.Double(), nullable=True),
    sa.Column('refused', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['text_id'], ['typing_texts.id'], name=op.f('fk_typing_results_text_id_typing_texts')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_typing_results_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_typing_results'))
    )
    with op.batch_alter_table('typing_results', schema=None) as batch_op:
        batch_op.create_index('ix_typing_results_user_id_finished_at', ['user_id', 'finished_at'], unique=False)

    op.create_table('reply_turns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.Column('reply_id', sa.Integer(), nullable=True),
    sa.Column('right', sa.Boolean(), nullable=True),
    sa.Column('fidelity', sa.Double(), nullable=True),
    sa.Column('seconds', sa.Double(), nullable=True),
    sa.ForeignKeyConstraint(['message_id'], ['customer_messages.id'], name=op.f('fk_reply_turns_message_id_customer_messages')),
    sa.ForeignKeyConstraint(['reply_id'], ['quick_replies.id'], name=op.f('fk_reply_turns_reply_id_quick_replies')),
    sa.ForeignKeyConstraint(['session_id'], ['reply_sessions.id'], name=op.f('fk_reply_turns_session_id_reply_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reply_turns')),
    sa.UniqueConstraint('session_id', 'position', name=op.f('uq_reply_turns_session_id'))
    )


def downgrade():
    op.drop_table('reply_turns')
    with op.batch_alter_table('typing_results', schema=None) as batch_op:
        batch_op.drop_index('ix_typing_results_user_id_finished_at')

    op.drop_table('typing_results')
    with op.batch_alter_table('reply_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reply_sessions_user_id'))

    op.drop_table('reply_sessions')
    with op.batch_alter_table('drill_assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_drill_assignments_user_id'))

    op.drop_table('drill_assignments')
    op.drop_table('typing_texts')
    with op.batch_alter_table('quick_replies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quick_replies_category'))

    op.drop_table('quick_replies')
    op.drop_table('customer_messages')
