"""What went wrong, as an exit status and one sentence: the command line and the app both ask here.

interfaces.md: 1 the input was refused · 2 usage · 3 the database failed an integrity check · 4 the
environment stopped it (disk full, read-only, busy, permission, a driver not installed), with what
to do · 70 a bug, logged with its stack, reported in one sentence naming the log file. One table of
causes keeps the command line's sentence and the app's error dialog the same.
"""

from __future__ import annotations

import errno
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_INTEGRITY, EXIT_ENVIRONMENT, EXIT_BUG = 0, 1, 2, 3, 4, 70

# SQLite's primary result codes (sqlite3.h) an environment or a damaged file causes.
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 10, 11, 13, 14, 26

DRIVER_HINTS = {"psycopg": "postgres", "psycopg2": "postgres"}

DISK_FULL = "disk full: free some space on the disk{where} and try again; nothing was changed."
READ_ONLY = (
    "the database or folder{where} is read-only: NeoDesk needs to write there; make it writable "
    "or copy the database to a writable folder."
)
BUSY = "the database is busy: another NeoDesk or program is writing to it; wait until it has finished and try again."
PERMISSION = (
    "permission denied{where}: this user may not write there; choose a folder you own or ask your administrator."
)
IO_ERROR = (
    "the disk could not be read or written{where}; check that the disk is connected and has free space, then try again."
)
CORRUPT = "the database is damaged ({detail}); restore a backup (neodesk db restore BACKUP) or ask for help."


@dataclass(frozen=True, slots=True)
class Failure:
    """How a failure ends: the exit status and the sentence (no trailing period doubling, no newline)."""

    exit_code: int
    sentence: str

    @property
    def is_bug(self) -> bool:
        return self.exit_code == EXIT_BUG


def _where(path: Path | str | None) -> str:
    return f" ({path})" if path else ""


def _sqlite_error(exc: BaseException) -> sqlite3.Error | None:
    """The sqlite3 error behind `exc` (SQLAlchemy wraps it as `.orig`), if any."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, sqlite3.Error):
            return exc
        orig = getattr(exc, "orig", None)
        exc = orig if isinstance(orig, BaseException) else (exc.__cause__ or exc.__context__)  # type: ignore[assignment]
    return None


def _os_error(exc: BaseException) -> OSError | None:
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError):
            return exc
        orig = getattr(exc, "orig", None)
        exc = orig if isinstance(orig, BaseException) else exc.__cause__  # type: ignore[assignment]
    return None


def _from_sqlite(exc: sqlite3.Error, where: Path | None) -> Failure | None:
    code = getattr(exc, "sqlite_errorcode", None)
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if code is None:  # sqlite3 errors raised without a code: recognise SQLite's own words
        lowered = text.lower()
        code = (
            SQLITE_FULL
            if "database or disk is full" in lowered
            else SQLITE_BUSY
            if "database is locked" in lowered
            else SQLITE_READONLY
            if "readonly" in lowered or "read-only" in lowered
            else SQLITE_NOTADB
            if "not a database" in lowered
            else SQLITE_CORRUPT
            if "malformed" in lowered
            else SQLITE_IOERR
            if "disk i/o error" in lowered
            else SQLITE_CANTOPEN
            if "unable to open" in lowered
            else None
        )
    if code is None:
        return None
    primary = code & 0xFF
    folder = where.parent if where is not None else None
    if primary == SQLITE_FULL:
        return Failure(EXIT_ENVIRONMENT, DISK_FULL.format(where=_where(folder)))
    if primary == SQLITE_IOERR:
        if folder is not None and _nearly_full(folder):
            return Failure(EXIT_ENVIRONMENT, DISK_FULL.format(where=_where(folder)))
        return Failure(EXIT_ENVIRONMENT, IO_ERROR.format(where=_where(where)))
    if primary in (SQLITE_BUSY, SQLITE_LOCKED):
        return Failure(EXIT_ENVIRONMENT, BUSY)
    if primary == SQLITE_READONLY:
        return Failure(EXIT_ENVIRONMENT, READ_ONLY.format(where=_where(where)))
    if primary in (SQLITE_PERM, SQLITE_CANTOPEN) and folder is not None and _read_only_folder(folder):
        return Failure(EXIT_ENVIRONMENT, READ_ONLY.format(where=_where(folder)))
    if primary in (SQLITE_PERM, SQLITE_CANTOPEN):
        return Failure(
            EXIT_ENVIRONMENT,
            f"cannot open the database{_where(where)}: check that the file and its "
            f"folder exist and that this user may read and write them.",
        )
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return Failure(EXIT_INTEGRITY, CORRUPT.format(detail=text))
    return None


def _read_only_folder(folder: Path) -> bool:
    """The folder is on a file system mounted read-only (SQLite then cannot make its -wal/-shm there)."""
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs on Windows
        return False


def _nearly_full(folder: Path) -> bool:
    import shutil

    try:
        return shutil.disk_usage(folder).free < 1_000_000
    except OSError:
        return False


# neodesk.files.temporary_beside's hidden working file: `.<name>.<mkstemp's random>.part` beside the target.
_TEMPORARY = re.compile(r"^\.(?P<name>.+)\.[A-Za-z0-9_]+\.part$")


def _shown(filename: str | Path | None) -> str | Path | None:
    """The file the user named for our hidden temporary one; anything else as it is."""
    if isinstance(filename, str | Path) and (match := _TEMPORARY.match(Path(filename).name)):
        return Path(filename).parent / match["name"]
    return filename


def _from_os(exc: OSError, where: Path | None) -> Failure | None:
    name = _shown(exc.filename) or where
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return Failure(EXIT_ENVIRONMENT, DISK_FULL.format(where=_where(Path(name).parent if name else None)))
    if exc.errno == errno.EROFS:
        return Failure(EXIT_ENVIRONMENT, READ_ONLY.format(where=_where(name)))
    if exc.errno in (errno.EACCES, errno.EPERM):
        return Failure(EXIT_ENVIRONMENT, PERMISSION.format(where=_where(name)))
    if exc.errno == errno.EISDIR:
        return Failure(EXIT_REFUSED, f"{name} is a folder; name a file to write.")
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return Failure(
            EXIT_REFUSED, f"{name or 'the file'} cannot be reached: a folder on the way does not exist or is a file."
        )
    if exc.errno == errno.EBUSY:
        return Failure(EXIT_ENVIRONMENT, f"{name or 'the file'} is in use by another program; close it and try again.")
    if exc.errno == errno.EIO:
        return Failure(EXIT_ENVIRONMENT, IO_ERROR.format(where=_where(name)))
    return Failure(
        EXIT_ENVIRONMENT,
        f"{name or 'a file'} could not be used: {exc.strerror or exc}; check the disk and the folder, then try again.",
    )


def _missing_driver(exc: BaseException) -> Failure | None:
    if isinstance(exc, ModuleNotFoundError) and exc.name:
        top = exc.name.split(".")[0]
        if top in DRIVER_HINTS:
            return Failure(
                EXIT_ENVIRONMENT, f"the PostgreSQL driver is not installed: pip install 'neodesk[{DRIVER_HINTS[top]}]'"
            )
    return None


def describe(exc: BaseException, *, where: Path | None = None, log_file: Path | None = None) -> Failure:
    """The exit status and sentence for `exc`; `where` names the database file in use, if any.

    An error nobody could cause on purpose is a bug (70); the sentence then names `log_file`, where
    the caller has written the stack.
    """
    from neodesk.models.database import DatabaseError
    from neodesk.output_guard import OutputRefused
    from neodesk.services.backups import DatabaseInUse
    from neodesk.services.errors import Conflict, NotFound, ValidationFailed

    if isinstance(exc, DatabaseInUse):
        return Failure(EXIT_ENVIRONMENT, str(exc))
    if isinstance(exc, ValidationFailed):
        return Failure(EXIT_REFUSED, " ".join(p.message for p in exc.problems) or str(exc))
    if isinstance(exc, NotFound | Conflict | LookupError | OutputRefused | DatabaseError):
        found = _missing_driver(exc.__cause__) if exc.__cause__ is not None else None
        return found or Failure(EXIT_REFUSED, str(exc))
    if (driver := _missing_driver(exc)) is not None:
        return driver
    if (sqlite_exc := _sqlite_error(exc)) is not None and (found := _from_sqlite(sqlite_exc, where)) is not None:
        return found
    if isinstance(exc, UnicodeError):
        return Failure(
            EXIT_REFUSED,
            "some text given is not valid UTF-8 (a file or argument in another "
            "encoding?); save it as UTF-8 and try again.",
        )
    if isinstance(exc, OverflowError) and "SQLite" in str(exc):  # sqlite3 refusing a huge integer
        return Failure(EXIT_REFUSED, "a number given is too large for NeoDesk.")
    if (os_exc := _os_error(exc)) is not None and (found := _from_os(os_exc, where)) is not None:
        return found
    from sqlalchemy.exc import InterfaceError, OperationalError

    if isinstance(exc, OperationalError | InterfaceError) and not isinstance(_sqlite_error(exc), sqlite3.Error):
        # A server database that cannot be reached (down, wrong address, refused the login).
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        return Failure(
            EXIT_ENVIRONMENT,
            f"cannot reach the database server: {reason}; check the address and that the server is running.",
        )
    where_log = f" to {log_file}" if log_file else ""
    return Failure(
        EXIT_BUG,
        f"Something went wrong in NeoDesk (a bug: {type(exc).__name__}); the details were "
        f"written{where_log}; please send that file to your support contact. Your saved "
        f"records are safe.",
    )
