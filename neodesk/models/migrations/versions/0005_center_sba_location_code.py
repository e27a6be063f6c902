"""centers carry their SBA location code (the counseling upload's mandatory Location/LocationCode)

Existing centers get none; a center code that already is such a number (1–9999999) is copied over,
since the upload used a numeric center code as the location code before this column existed.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("center", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sba_location_code", sa.Integer(), nullable=True))
    center = sa.table("center", sa.column("id", sa.Uuid()), sa.column("code", sa.String()),
                      sa.column("sba_location_code", sa.Integer()))
    bind = op.get_bind()
    for row in bind.execute(sa.select(center.c.id, center.c.code)).all():
        code = (row.code or "").strip()
        if code.isdigit() and 1 <= int(code) <= 9_999_999:
            bind.execute(sa.update(center).where(center.c.id == row.id).values(sba_location_code=int(code)))


def downgrade() -> None:
    with op.batch_alter_table("center", schema=None) as batch_op:
        batch_op.drop_column("sba_location_code")
