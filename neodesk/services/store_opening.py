"""Opening the database for the desktop app, so that the UI reaches the store through services only.

The window's start (neodesk.ui.start_up) opens the store by path or URL, read-write (creating or
upgrading it) or read-only beside another NeoDesk; the UI holds the open `Database` as a handle it
passes to use cases and never imports neodesk.models itself (the layers of issue 10).
"""

from __future__ import annotations

from pathlib import Path

from neodesk.models import Database, open_database
from neodesk.models.read_only import open_read_only

__all__ = ["Database", "open_store", "open_store_read_only"]


def open_store(target: str | Path | Database) -> Database:
    """The store at a path or URL, created or upgraded as needed; an open Database as it is."""
    return target if isinstance(target, Database) else open_database(target)


def open_store_read_only(target: str | Path | None, reason: str) -> Database:
    """The store without writing anything to it (`reason`: why, as the window says it)."""
    return open_read_only(target, reason)
