"""A Database that writes nothing: opened read-only (another NeoDesk has the file) or switched to it (damage).

Two guards: every unit of work refuses at once with one sentence ("This database is open read-only
(…); nothing was saved.", Database.unit_of_work), and as a backstop every SQLite connection handed
out afterwards runs with `PRAGMA query_only`, so a write that bypassed the unit of work fails in
SQLite itself. No Qt here: the app and the tests use it alike.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event

from neodesk import paths
from neodesk.models.database import (
    Database,
    DatabaseError,
    _check_application_id,
    _stored_revisions,
    create_store_engine,
)
from neodesk.schema_version import SCHEMA_HEAD

_GUARDED = "neodesk_query_only"  # engine attribute: the query_only listener is installed once


def read_only_sentence(reason: str) -> str:
    return f"This database is open read-only ({reason}); nothing was saved."


def _query_only(dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
    cursor = dbapi_conn.cursor()
    try:
        cursor.execute("PRAGMA query_only=ON")
    finally:
        cursor.close()


def make_read_only(db: Database, reason: str) -> None:
    """From now on `db` refuses every write, saying `reason` (e.g. "another NeoDesk has it open")."""
    db.read_only_reason = reason
    if db.is_sqlite and not getattr(db.engine, _GUARDED, False):
        setattr(db.engine, _GUARDED, True)
        event.listen(db.engine, "checkout", _query_only)
        # Connections resting in the pool get the pragma at their next checkout; none is kept open
        # by us between units of work, so no writable connection outlives this call for long.


def open_read_only(target: str | Path | None, reason: str) -> Database:
    """Open a NeoDesk database without writing anything to it: no migration, no reference data.

    A database that would need upgrading first is refused (upgrading writes): the NeoDesk that has it
    open, or the next start once that one closed, upgrades it.
    """
    url = paths.resolve_db_target(target)
    engine = create_store_engine(url)
    try:
        _check_application_id(engine)
        if _stored_revisions(engine) != (SCHEMA_HEAD,):
            raise DatabaseError(
                "This database needs an upgrade before this NeoDesk can read it, and a database "
                "open read-only cannot be upgraded; close the other NeoDesk and start again."
            )
    except BaseException:
        engine.dispose()
        raise
    db = Database(url, engine)
    make_read_only(db, reason)
    return db
