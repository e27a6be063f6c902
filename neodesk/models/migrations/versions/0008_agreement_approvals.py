"""agreement objectives and approvals (agreements.md §5–§7): objectives, questions, answers, approval
groups and their members, approvals; milestones gain their approval round and the "resubmission
requested" marker, history rows the hash of the packet that acted

Only new tables and new columns: existing data is kept as it is (the new milestone columns are
filled for existing rows by their server defaults: round 1, no resubmission requested). The
downgrade drops what the upgrade added and nothing else.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('approval_group',
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('rule', sa.String(length=5), nullable=False),
    sa.Column('needed', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revision', sa.BigInteger(), nullable=False),
    sa.Column('updated_by_id', sa.Uuid(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_approval_group')),
    sa.UniqueConstraint('name', name=op.f('uq_approval_group_name'))
    )
    with op.batch_alter_table('approval_group', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_approval_group_revision'), ['revision'], unique=False)

    op.create_table('approval_group_member',
    sa.Column('approval_group_id', sa.Uuid(), nullable=False),
    sa.Column('counselor_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['approval_group_id'], ['approval_group.id'], name=op.f('fk_approval_group_member_approval_group_id_approval_group'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['counselor_id'], ['counselor.id'], name=op.f('fk_approval_group_member_counselor_id_counselor')),
    sa.PrimaryKeyConstraint('approval_group_id', 'counselor_id', name=op.f('pk_approval_group_member'))
    )
    op.create_table('agreement_approval',
    sa.Column('milestone_id', sa.Uuid(), nullable=False),
    sa.Column('group_name', sa.String(length=100), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('decision', sa.String(length=10), nullable=False),
    sa.Column('counselor_id', sa.Uuid(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revision', sa.BigInteger(), nullable=False),
    sa.Column('updated_by_id', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['counselor_id'], ['counselor.id'], name=op.f('fk_agreement_approval_counselor_id_counselor')),
    sa.ForeignKeyConstraint(['milestone_id'], ['agreement_milestone.id'], name=op.f('fk_agreement_approval_milestone_id_agreement_milestone'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_approval'))
    )
    with op.batch_alter_table('agreement_approval', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_approval_milestone_id'), ['milestone_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agreement_approval_revision'), ['revision'], unique=False)

    op.create_table('agreement_objective',
    sa.Column('milestone_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=True),
    sa.Column('answered_by_id', sa.Uuid(), nullable=True),
    sa.Column('reviewed_by_id', sa.Uuid(), nullable=True),
    sa.Column('reviewed_on', sa.Date(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revision', sa.BigInteger(), nullable=False),
    sa.Column('updated_by_id', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['answered_by_id'], ['counselor.id'], name=op.f('fk_agreement_objective_answered_by_id_counselor')),
    sa.ForeignKeyConstraint(['milestone_id'], ['agreement_milestone.id'], name=op.f('fk_agreement_objective_milestone_id_agreement_milestone'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['counselor.id'], name=op.f('fk_agreement_objective_reviewed_by_id_counselor')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_objective'))
    )
    with op.batch_alter_table('agreement_objective', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_objective_milestone_id'), ['milestone_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agreement_objective_revision'), ['revision'], unique=False)

    op.create_table('agreement_question',
    sa.Column('objective_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('prompt', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('options', sa.Text(), nullable=True),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revision', sa.BigInteger(), nullable=False),
    sa.Column('updated_by_id', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['objective_id'], ['agreement_objective.id'], name=op.f('fk_agreement_question_objective_id_agreement_objective'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_question'))
    )
    with op.batch_alter_table('agreement_question', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_question_objective_id'), ['objective_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agreement_question_revision'), ['revision'], unique=False)

    op.create_table('agreement_answer',
    sa.Column('question_id', sa.Uuid(), nullable=False),
    sa.Column('value', sa.Text(), nullable=True),
    sa.Column('file_name', sa.String(length=255), nullable=True),
    sa.Column('file_size', sa.BigInteger(), nullable=True),
    sa.Column('file_sha256', sa.String(length=64), nullable=True),
    sa.Column('answered_by_id', sa.Uuid(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('packet_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revision', sa.BigInteger(), nullable=False),
    sa.Column('updated_by_id', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['answered_by_id'], ['counselor.id'], name=op.f('fk_agreement_answer_answered_by_id_counselor')),
    sa.ForeignKeyConstraint(['question_id'], ['agreement_question.id'], name=op.f('fk_agreement_answer_question_id_agreement_question'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_answer'))
    )
    with op.batch_alter_table('agreement_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_answer_question_id'), ['question_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agreement_answer_revision'), ['revision'], unique=False)

    with op.batch_alter_table('agreement_history', schema=None) as batch_op:
        batch_op.add_column(sa.Column('packet_hash', sa.String(length=64), nullable=True))

    with op.batch_alter_table('agreement_milestone', schema=None) as batch_op:
        batch_op.add_column(sa.Column('approval_round', sa.Integer(), nullable=False, server_default='1'))
        batch_op.add_column(sa.Column('resubmission_requested', sa.Boolean(), nullable=False, server_default=sa.false()))



def downgrade() -> None:
    with op.batch_alter_table('agreement_milestone', schema=None) as batch_op:
        batch_op.drop_column('resubmission_requested')
        batch_op.drop_column('approval_round')

    with op.batch_alter_table('agreement_history', schema=None) as batch_op:
        batch_op.drop_column('packet_hash')

    with op.batch_alter_table('agreement_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_answer_revision'))
        batch_op.drop_index(batch_op.f('ix_agreement_answer_question_id'))

    op.drop_table('agreement_answer')
    with op.batch_alter_table('agreement_question', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_question_revision'))
        batch_op.drop_index(batch_op.f('ix_agreement_question_objective_id'))

    op.drop_table('agreement_question')
    with op.batch_alter_table('agreement_objective', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_objective_revision'))
        batch_op.drop_index(batch_op.f('ix_agreement_objective_milestone_id'))

    op.drop_table('agreement_objective')
    with op.batch_alter_table('agreement_approval', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_approval_revision'))
        batch_op.drop_index(batch_op.f('ix_agreement_approval_milestone_id'))

    op.drop_table('agreement_approval')
    op.drop_table('approval_group_member')
    with op.batch_alter_table('approval_group', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_approval_group_revision'))

    op.drop_table('approval_group')
