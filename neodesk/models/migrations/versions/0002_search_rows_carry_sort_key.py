"""search rows carry the client's sort key, number and active flag

Type-ahead answers narrow prefixes from one covering index and walks the client name index with an
indexed probe for broad ones (see neodesk.services.clients.search_clients). Existing rows are
backfilled from their clients.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("client_search", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name_sort", sa.String(length=200), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("client_no", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.drop_index("ix_client_search_term")
        batch_op.drop_index("ix_client_search_client_id")
    op.execute(
        "UPDATE client_search SET "
        "name_sort = (SELECT c.name_sort FROM client c WHERE c.id = client_search.client_id), "
        "client_no = (SELECT c.client_no FROM client c WHERE c.id = client_search.client_id), "
        "active = (SELECT c.active FROM client c WHERE c.id = client_search.client_id)"
    )
    with op.batch_alter_table("client_search", schema=None) as batch_op:
        batch_op.create_index("ix_client_search_cover", ["term", "name_sort", "client_no", "client_id", "active"])
        batch_op.create_index("ix_client_search_client_term", ["client_id", "term"])


def downgrade() -> None:
    with op.batch_alter_table("client_search", schema=None) as batch_op:
        batch_op.drop_index("ix_client_search_client_term")
        batch_op.drop_index("ix_client_search_cover")
        batch_op.create_index("ix_client_search_client_id", ["client_id"])
        batch_op.create_index("ix_client_search_term", ["term", "client_id"])
        batch_op.drop_column("active")
        batch_op.drop_column("client_no")
        batch_op.drop_column("name_sort")
