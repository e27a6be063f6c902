"""index the client list's default view: active clients in name order

Counting the active clients (the list's default filter) scanned the whole client table; this index
answers the count and the name-ordered walk of active clients on its own.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.create_index("ix_client_active_name", ["active", "name_sort", "client_no"])


def downgrade() -> None:
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.drop_index("ix_client_active_name")
