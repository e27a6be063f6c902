"""The one check every writer makes before writing a file the user named (`--out`, Save as, print to file).

A report, bundle, key or upload written over the open database (or its `-wal`/`-shm`) destroys it
when the finished file is renamed over it; written over any other database, it destroys someone's
records. So no writer ever replaces a SQLite database or one of its companion files, and a folder
or an unreachable place is refused in one sentence before any work starts.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from neodesk import sqlite_files


class OutputRefused(Exception):
    """The output file named cannot be written; the message says why and what to do instead."""


# The SQLite files this process has opened (open_database adds them): refused with their companions
# even before their header is on disk, by every writer, without each caller passing them.
_open_databases: Counter[Path] = Counter()


def protect(database: Path) -> None:
    """Remember `database` as open: no output may ever be it or its -wal/-shm."""
    _open_databases[Path(database).resolve()] += 1


def release(database: Path) -> None:
    """`database` was closed (once for every `protect`)."""
    key = Path(database).resolve()
    _open_databases[key] -= 1
    if _open_databases[key] <= 0:
        del _open_databases[key]


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def check_output(out: Path, open_database: Path | None = None) -> Path:
    """Refuse `out` when it is a folder, a database or a database's companion file; returns `out`.

    `open_database`: the SQLite file in use, refused (with its -wal/-shm) even before it has a header.
    """
    out = Path(out)
    if out.is_dir():
        raise OutputRefused(f"{out} is a folder; name a file to write (for example {out / 'export.zip'}).")
    for database in {*_open_databases, *([Path(open_database)] if open_database is not None else [])}:
        for protected in (database, *sqlite_files.companions(database)):
            if _same_file(out, protected):
                raise OutputRefused(
                    f"{out} is (part of) the database NeoDesk has open; choose another file name "
                    f"(NeoDesk never writes over a database)."
                )
    if (header := sqlite_files.read_header(out)) is not None:
        what = "a NeoDesk database" if header.is_neodesk else "a database"
        raise OutputRefused(f"{out} is {what}; choose another file name (NeoDesk never writes over a database).")
    if (owner := sqlite_files.companion_of(out)) is not None:
        raise OutputRefused(
            f"{out} belongs to the database {owner}; choose another file name (NeoDesk never writes over a database)."
        )
    parent = out.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if parent.exists() and not parent.is_dir():
        raise OutputRefused(f"cannot write {out}: {parent} is a file, not a folder.")
    return out
