"""agreements (agreements.md §1–§4, §9): agreements, milestones, conditions, events, payments,
templates, the processing run log and the history

Only new tables: existing data is kept as it is. Money columns are integer cents (BIGINT), code
lists JSON text, as in 0001. (Re-chained after 0006, the counselor passphrase, when the branches met.)

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('agreement_run',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('counselor_id', sa.Uuid(), nullable=True),
    sa.Column('dry_run', sa.Boolean(), nullable=False),
    sa.Column('changes', sa.Integer(), nullable=False),
    sa.Column('completed', sa.Integer(), nullable=False),
    sa.Column('released', sa.Integer(), nullable=False),
    sa.Column('problems', sa.Text(), nullable=True),
    sa.Column('revision', sa.BigInteger(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_run'))
    )
    with op.batch_alter_table('agreement_run', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_run_started_at'), ['started_at'], unique=False)

    op.create_table('agreement_template',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=60), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revision', sa.BigInteger(), nullable=False),
    sa.Column('updated_by_id', sa.Uuid(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_template')),
    sa.UniqueConstraint('name', name=op.f('uq_agreement_template_name'))
    )
    with op.batch_alter_table('agreement_template', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_template_revision'), ['revision'], unique=False)

    op.create_table('agreement_template_milestone',
    sa.Column('template_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('definition', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revision', sa.BigInteger(), nullable=False),
    sa.Column('updated_by_id', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['template_id'], ['agreement_template.id'], name=op.f('fk_agreement_template_milestone_template_id_agreement_template'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_template_milestone'))
    )
    with op.batch_alter_table('agreement_template_milestone', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_template_milestone_revision'), ['revision'], unique=False)
        batch_op.create_index(batch_op.f('ix_agreement_template_milestone_template_id'), ['template_id'], unique=False)

    op.create_table('agreement',
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=60), nullable=False),
    sa.Column('client_id', sa.Uuid(), nullable=True),
    sa.Column('center_id', sa.Uuid(), nullable=True),
    sa.Column('counterparty', sa.String(length=200), nullable=True),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('primary_contact_id', sa.Uuid(), nullable=True),
    sa.Column('contact_name', sa.String(length=200), nullable=True),
    sa.Column('contact_email', sa.String(length=320), nullable=True),
    sa.Column('contact_phone', sa.String(length=60), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('status_reason', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revision', sa.BigInteger(), nullable=False),
    sa.Column('updated_by_id', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], name=op.f('fk_agreement_center_id_center')),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_agreement_client_id_client')),
    sa.ForeignKeyConstraint(['primary_contact_id'], ['counselor.id'], name=op.f('fk_agreement_primary_contact_id_counselor')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement')),
    sa.UniqueConstraint('number', name=op.f('uq_agreement_number'))
    )
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agreement_revision'), ['revision'], unique=False)
        batch_op.create_index(batch_op.f('ix_agreement_status'), ['status'], unique=False)

    op.create_table('agreement_history',
    sa.Column('agreement_id', sa.Uuid(), nullable=False),
    sa.Column('record_type', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.Uuid(), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('action', sa.String(length=30), nullable=False),
    sa.Column('from_status', sa.String(length=30), nullable=True),
    sa.Column('to_status', sa.String(length=30), nullable=True),
    sa.Column('counselor_id', sa.Uuid(), nullable=True),
    sa.Column('run_id', sa.Uuid(), nullable=True),
    sa.Column('effective_date', sa.Date(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revision', sa.BigInteger(), nullable=False),
    sa.Column('updated_by_id', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreement.id'], name=op.f('fk_agreement_history_agreement_id_agreement'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['counselor_id'], ['counselor.id'], name=op.f('fk_agreement_history_counselor_id_counselor')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_history'))
    )
    with op.batch_alter_table('agreement_history', schema=None) as batch_op:
        batch_op.create_index('ix_agreement_history_agreement_recorded', ['agreement_id', 'recorded_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_agreement_history_revision'), ['revision'], unique=False)

    op.create_table('agreement_milestone',
    sa.Column('agreement_id', sa.Uuid(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('financial', sa.Boolean(), nullable=False),
    sa.Column('due', sa.Date(), nullable=True),
    sa.Column('primary_contact_id', sa.Uuid(), nullable=True),
    sa.Column('require', sa.String(length=10), nullable=False),
    sa.Column('approval', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('effective_date', sa.Date(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('template_id', sa.Uuid(), nullable=True),
    sa.Column('template_revision', sa.BigInteger(), nullable=True),
    sa.Column('status_reason', sa.Text(), nullable=True),
    sa.Column('blocked', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revision', sa.BigInteger(), nullable=False),
    sa.Column('updated_by_id', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreement.id'], name=op.f('fk_agreement_milestone_agreement_id_agreement'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['primary_contact_id'], ['counselor.id'], name=op.f('fk_agreement_milestone_primary_contact_id_counselor')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_milestone')),
    sa.UniqueConstraint('agreement_id', 'code', name='uq_agreement_milestone_agreement_code')
    )
    with op.batch_alter_table('agreement_milestone', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_milestone_revision'), ['revision'], unique=False)
        batch_op.create_index(batch_op.f('ix_agreement_milestone_status'), ['status'], unique=False)

    op.create_table('agreement_condition',
    sa.Column('milestone_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('effective_date', sa.Date(), nullable=True),
    sa.Column('on_date', sa.Date(), nullable=True),
    sa.Column('target_milestone_id', sa.Uuid(), nullable=True),
    sa.Column('lag_days', sa.Integer(), nullable=False),
    sa.Column('measure', sa.String(length=30), nullable=True),
    sa.Column('field', sa.String(length=80), nullable=True),
    sa.Column('type_code', sa.String(length=80), nullable=True),
    sa.Column('reportable_only', sa.Boolean(), nullable=False),
    sa.Column('op', sa.String(length=2), nullable=True),
    sa.Column('target', sa.String(length=40), nullable=True),
    sa.Column('sql', sa.Text(), nullable=True),
    sa.Column('observed', sa.Text(), nullable=True),
    sa.Column('observed_at', sa.Date(), nullable=True),
    sa.Column('marked_by_id', sa.Uuid(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revision', sa.BigInteger(), nullable=False),
    sa.Column('updated_by_id', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['marked_by_id'], ['counselor.id'], name=op.f('fk_agreement_condition_marked_by_id_counselor')),
    sa.ForeignKeyConstraint(['milestone_id'], ['agreement_milestone.id'], name=op.f('fk_agreement_condition_milestone_id_agreement_milestone'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['target_milestone_id'], ['agreement_milestone.id'], name=op.f('fk_agreement_condition_target_milestone_id_agreement_milestone'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_condition'))
    )
    with op.batch_alter_table('agreement_condition', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_condition_milestone_id'), ['milestone_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agreement_condition_revision'), ['revision'], unique=False)

    op.create_table('agreement_event',
    sa.Column('milestone_id', sa.Uuid(), nullable=False),
    sa.Column('agreement_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('percent', sa.String(length=8), nullable=True),
    sa.Column('scheduled', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('released_on', sa.Date(), nullable=True),
    sa.Column('status_reason', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revision', sa.BigInteger(), nullable=False),
    sa.Column('updated_by_id', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreement.id'], name=op.f('fk_agreement_event_agreement_id_agreement'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['milestone_id'], ['agreement_milestone.id'], name=op.f('fk_agreement_event_milestone_id_agreement_milestone'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_event'))
    )
    with op.batch_alter_table('agreement_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_event_agreement_id'), ['agreement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agreement_event_milestone_id'), ['milestone_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agreement_event_revision'), ['revision'], unique=False)
        batch_op.create_index(batch_op.f('ix_agreement_event_status'), ['status'], unique=False)

    op.create_table('agreement_payment',
    sa.Column('event_id', sa.Uuid(), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('method', sa.String(length=10), nullable=False),
    sa.Column('reference', sa.String(length=200), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revision', sa.BigInteger(), nullable=False),
    sa.Column('updated_by_id', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['agreement_event.id'], name=op.f('fk_agreement_payment_event_id_agreement_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_payment'))
    )
    with op.batch_alter_table('agreement_payment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_payment_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agreement_payment_revision'), ['revision'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('agreement_payment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_payment_revision'))
        batch_op.drop_index(batch_op.f('ix_agreement_payment_event_id'))

    op.drop_table('agreement_payment')
    with op.batch_alter_table('agreement_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_event_status'))
        batch_op.drop_index(batch_op.f('ix_agreement_event_revision'))
        batch_op.drop_index(batch_op.f('ix_agreement_event_milestone_id'))
        batch_op.drop_index(batch_op.f('ix_agreement_event_agreement_id'))

    op.drop_table('agreement_event')
    with op.batch_alter_table('agreement_condition', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_condition_revision'))
        batch_op.drop_index(batch_op.f('ix_agreement_condition_milestone_id'))

    op.drop_table('agreement_condition')
    with op.batch_alter_table('agreement_milestone', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_milestone_status'))
        batch_op.drop_index(batch_op.f('ix_agreement_milestone_revision'))

    op.drop_table('agreement_milestone')
    with op.batch_alter_table('agreement_history', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_history_revision'))
        batch_op.drop_index('ix_agreement_history_agreement_recorded')

    op.drop_table('agreement_history')
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_status'))
        batch_op.drop_index(batch_op.f('ix_agreement_revision'))
        batch_op.drop_index(batch_op.f('ix_agreement_client_id'))

    op.drop_table('agreement')
    with op.batch_alter_table('agreement_template_milestone', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_template_milestone_template_id'))
        batch_op.drop_index(batch_op.f('ix_agreement_template_milestone_revision'))

    op.drop_table('agreement_template_milestone')
    with op.batch_alter_table('agreement_template', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_template_revision'))

    op.drop_table('agreement_template')
    with op.batch_alter_table('agreement_run', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_run_started_at'))

    op.drop_table('agreement_run')
