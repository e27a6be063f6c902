"""exchange bundles: bundles exported (the watermark), trusted desk keys, bundles imported

Only new tables: existing data is kept as it is.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bundle_export",
        sa.Column("bundle_id", sa.Uuid(), nullable=False),
        sa.Column("from_revision", sa.BigInteger(), nullable=False),
        sa.Column("to_revision", sa.BigInteger(), nullable=False),
        sa.Column("record_count", sa.Integer(), nullable=False),
        sa.Column("exported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("bundle_id", name=op.f("pk_bundle_export")),
    )
    with op.batch_alter_table("bundle_export", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bundle_export_to_revision"), ["to_revision"], unique=False)
    op.create_table(
        "desk_key",
        sa.Column("desk_id", sa.Uuid(), nullable=False),
        sa.Column("public_key", sa.Text(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("desk_id", name=op.f("pk_desk_key")),
    )
    op.create_table(
        "bundle_import",
        sa.Column("bundle_id", sa.Uuid(), nullable=False),
        sa.Column("desk_id", sa.Uuid(), nullable=False),
        sa.Column("database_id", sa.Uuid(), nullable=False),
        sa.Column("from_revision", sa.BigInteger(), nullable=False),
        sa.Column("to_revision", sa.BigInteger(), nullable=False),
        sa.Column("record_count", sa.Integer(), nullable=False),
        sa.Column("applied_count", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("bundle_id", name=op.f("pk_bundle_import")),
    )
    with op.batch_alter_table("bundle_import", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bundle_import_desk_id"), ["desk_id"], unique=False)


def downgrade() -> None:
    op.drop_table("bundle_import")
    op.drop_table("desk_key")
    op.drop_table("bundle_export")
