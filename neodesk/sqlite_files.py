"""Recognising SQLite files from their 100-byte header, without opening them (no SQLAlchemy, no Qt).

Opening a file with SQLite can change it (switch it to WAL, leave `-wal`/`-shm` beside it), so the
questions "is this a database?" and "is it NeoDesk's?" are answered from the header bytes first:
the output guard asks them of a target before writing over it, open_database before opening a file.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from neodesk.schema_version import APPLICATION_ID

MAGIC = b"SQLite format 3\x00"
HEADER_BYTES = 100
# SQLite's companion files: a write-ahead log, its shared-memory index, a rollback journal.
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")


@dataclass(frozen=True, slots=True)
class Header:
    application_id: int
    page_count: int  # as the main file's header says (pages still in a -wal are not counted)

    @property
    def is_neodesk(self) -> bool:
        return self.application_id == APPLICATION_ID


def read_header(path: Path) -> Header | None:
    """The SQLite header of `path`, or None when it is no SQLite database (or cannot be read)."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read(HEADER_BYTES)
    except OSError:
        return None
    if len(raw) < HEADER_BYTES or not raw.startswith(MAGIC):
        return None
    return Header(int.from_bytes(raw[68:72], "big"), int.from_bytes(raw[28:32], "big"))


def companions(path: Path) -> list[Path]:
    """The `-wal`, `-shm` and `-journal` paths that belong to the database at `path`."""
    return [path.with_name(path.name + suffix) for suffix in COMPANION_SUFFIXES]


def companion_of(path: Path) -> Path | None:
    """The database a `-wal`/`-shm`/`-journal` path belongs to (if that is a database), else None."""
    for suffix in COMPANION_SUFFIXES:
        if path.name.endswith(suffix) and len(path.name) > len(suffix):
            owner = path.with_name(path.name[: -len(suffix)])
            if read_header(owner) is not None:
                return owner
    return None


def table_count_read_only(path: Path) -> int | None:
    """How many tables the main file holds, read without changing anything (no -wal/-shm made).

    `immutable=1` tells SQLite nobody writes the file meanwhile, so it takes no locks and makes no
    companion files; None when SQLite cannot read it.
    """
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error:
        return None
    try:
        return int(conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0])
    except sqlite3.Error:
        return None
    finally:
        conn.close()


# SQLite's unix VFS: every connection to a WAL database holds a shared lock on this byte of the -shm
# file (the "DMS" slot after the 8 WAL locks from offset 120) while it is open.
_SHM_DMS_OFFSET = 128


def open_elsewhere(path: Path) -> bool:
    """Another process has the WAL database at `path` open (POSIX only; False where it cannot tell).

    Only for a file this process has no connection to: closing our descriptor of the -shm would drop
    this process's own SQLite locks on it (POSIX record locks belong to the process).
    """
    try:
        import fcntl
    except ImportError:  # Windows: SQLite's files cannot be replaced while open there anyway
        return False
    shm = path.with_name(path.name + "-shm")
    try:
        fd = os.open(shm, os.O_RDWR)
    except OSError:
        return False  # no -shm: no process has the database open in WAL mode
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, _SHM_DMS_OFFSET)
    except OSError:
        return True
    else:
        fcntl.lockf(fd, fcntl.LOCK_UN, 1, _SHM_DMS_OFFSET)
        return False
    finally:
        os.close(fd)
