"""Alembic environment: runs on the connection NeoDesk hands it, in batch mode for SQLite."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

import neodesk.models  # noqa: F401 - registers every table on Base.metadata
from neodesk.models.base import Base

config = context.config
connection = config.attributes.get("connection")


def _run(conn: Connection) -> None:
    context.configure(
        connection=conn,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    _run(connection)
else:  # `alembic` command line during development: NEODESK_DB or -x url=...
    from neodesk.paths import resolve_db_target

    url = context.get_x_argument(as_dictionary=True).get("url") or resolve_db_target(None)
    with create_engine(url).begin() as conn:
        _run(conn)
