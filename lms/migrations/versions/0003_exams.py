"""Exams: question banks, versioned questions, blueprints, attempts and their items.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 15:46:24.696436

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('question_banks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=128), nullable=False),
    sa.Column('source', sa.String(length=255), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_banks')),
    sa.UniqueConstraint('slug', name=op.f('uq_question_banks_slug'))
    )
    op.create_table('questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bank_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('current_version_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['bank_id'], ['question_banks.id'], name=op.f('fk_questions_bank_id_question_banks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_questions')),
    sa.UniqueConstraint('bank_id', 'key', name=op.f('uq_questions_bank_id'))
    )
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_questions_bank_id'), ['bank_id'], unique=False)

    op.create_table('exams',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=128), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=True),
    sa.Column('level', sa.String(length=16), nullable=True),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.Column('sections', sa.JSON(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['module_id'], ['modules.id'], name=op.f('fk_exams_module_id_modules')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exams')),
    sa.UniqueConstraint('slug', name=op.f('uq_exams_slug'))
    )
    with op.batch_alter_table('exams', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exams_module_id'), ['module_id'], unique=False)

    op.create_table('question_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=16), nullable=False),
    sa.Column('category', sa.String(length=128), nullable=False),
    sa.Column('difficulty', sa.SmallInteger(), nullable=False),
    sa.Column('points', sa.Double(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_question_versions_question_id_questions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_versions')),
    sa.UniqueConstraint('question_id', 'version', name=op.f('uq_question_versions_question_id'))
    )
    with op.batch_alter_table('question_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_versions_category'), ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_question_versions_question_id'), ['question_id'], unique=False)
    # questions and question_versions refer to each other: this key comes once both exist.
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.create_foreign_key(batch_op.f('fk_questions_current_version_id_question_versions'),
                                    'question_versions', ['current_version_id'], ['id'])

    op.create_table('attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('exam_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('deadline', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('timed_out', sa.Boolean(), nullable=False),
    sa.Column('score', sa.Double(), nullable=True),
    sa.Column('max_score', sa.Double(), nullable=True),
    sa.Column('percent', sa.Double(), nullable=True),
    sa.Column('passed', sa.Boolean(), nullable=True),
    sa.ForeignKeyConstraint(['exam_id'], ['exams.id'], name=op.f('fk_attempts_exam_id_exams')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_attempts_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attempts'))
    )
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attempts_exam_id'), ['exam_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attempts_status'), ['status'], unique=False)
        batch_op.create_index('ix_attempts_user_id_exam_id', ['user_id', 'exam_id'], unique=False)

    op.create_table('attempt_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('question_version_id', sa.Integer(), nullable=False),
    sa.Column('part_order', sa.JSON(), nullable=True),
    sa.Column('answer', sa.JSON(), nullable=True),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.Column('score', sa.Double(), nullable=True),
    sa.Column('override', sa.Double(), nullable=True),
    sa.Column('override_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempts.id'], name=op.f('fk_attempt_items_attempt_id_attempts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['override_by_id'], ['users.id'], name=op.f('fk_attempt_items_override_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['question_version_id'], ['question_versions.id'], name=op.f('fk_attempt_items_question_version_id_question_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attempt_items')),
    sa.UniqueConstraint('attempt_id', 'position', name=op.f('uq_attempt_items_attempt_id'))
    )
    with op.batch_alter_table('attempt_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attempt_items_question_version_id'), ['question_version_id'], unique=False)



def downgrade():
    with op.batch_alter_table('attempt_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attempt_items_question_version_id'))

    op.drop_table('attempt_items')
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_attempts_user_id_exam_id')
        batch_op.drop_index(batch_op.f('ix_attempts_status'))
        batch_op.drop_index(batch_op.f('ix_attempts_exam_id'))

    op.drop_table('attempts')
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_questions_current_version_id_question_versions'), type_='foreignkey')
    with op.batch_alter_table('question_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_versions_question_id'))
        batch_op.drop_index(batch_op.f('ix_question_versions_category'))

    op.drop_table('question_versions')
    with op.batch_alter_table('exams', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exams_module_id'))

    op.drop_table('exams')
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_questions_bank_id'))

    op.drop_table('questions')
    op.drop_table('question_banks')
