"""Opening the database for the desktop app, and which failures to open it the user can act on.

The screens reach the database layer only through the services (the import contract in
pyproject.toml): this is their door to neodesk.models.database and neodesk.models.read_only. It is
imported when the database is opened, not at start-up (the first paint comes before SQLAlchemy).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from neodesk.models.database import Database, DatabaseError
from neodesk.models.database import open_database as _open_database
from neodesk.models.read_only import open_read_only as _open_read_only


def open_database(target: str | Path | None = None) -> Database:
    """Open (create, upgrade) the database at a path or URL; None: NEODESK_DB or the default."""
    return _open_database(target)


def open_read_only(target: str | Path | None, reason: str) -> Database:
    """Open the database so that it writes nothing, saying `reason` when a save is refused."""
    return _open_read_only(target, reason)


def is_refused_database(exc: BaseException) -> bool:
    """Not a NeoDesk database, a newer one, an unreachable server: the error's own sentence says so."""
    return isinstance(exc, DatabaseError)


def is_database_failure(exc: BaseException) -> bool:
    """An unreadable file, a server down, a bad URL: the user can act on it (services.failures words it)."""
    return isinstance(exc, SQLAlchemyError)
