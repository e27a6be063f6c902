"""counselors carry an optional administrator passphrase hash (Argon2id, argon2-cffi's encoded form)

Existing counselors get none: administrator actions ask for a passphrase only once one is set.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("counselor", schema=None) as batch_op:
        batch_op.add_column(sa.Column("passphrase_hash", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("counselor", schema=None) as batch_op:
        batch_op.drop_column("passphrase_hash")
