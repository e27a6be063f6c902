"""Restoring a backup over the database (`neodesk db restore`, Tools ▸ Restore backup…), Qt-free.

Copying a backup over a database by hand goes wrong in two quiet ways: a `-wal` left beside the
database by a crash is replayed into the copied file (newer changes reappear in the "restored"
data), and a bad or too-new backup replaces a good database. So the backup is first copied beside
the database and checked there (a NeoDesk database, `PRAGMA integrity_check`, a schema this NeoDesk
knows); the current file is kept aside under a timestamped name (with its `-wal`, so nothing in it
is lost); the `-wal`/`-shm` beside the target are removed; the checked copy is renamed into place
(atomic); and the result is opened and checked like any database.

The database must not be open meanwhile (the app closes its connections first).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from neodesk import files, sqlite_files
from neodesk.models import Database
from neodesk.models.database import DatabaseError, backup


class RestoreRefused(Exception):
    """The backup cannot be restored (not a NeoDesk backup, damaged, too new); nothing was changed."""


@dataclass(frozen=True, slots=True)
class RestoreResult:
    database: Path  # where the restored data now is
    backup: Path  # the file restored from
    kept_aside: Path | None  # the database as it was before (None: there was none)
    clients: int  # how many clients the restored database holds


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    from neodesk.models.database import alembic_config

    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def _copy_file(source: Path, target: Path) -> None:
    with open(source, "rb") as src, open(target, "wb") as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
        dst.flush()
        os.fsync(dst.fileno())


def _check_copy(copy: Path, backup: Path) -> None:
    """Refuse the copied backup unless it is a sound NeoDesk database of a schema this NeoDesk knows."""
    from neodesk.schema_version import APPLICATION_ID

    try:
        conn = sqlite3.connect(copy)
    except sqlite3.Error as exc:
        raise RestoreRefused(f"{backup} cannot be read as a database ({exc}); choose another backup.") from exc
    try:
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            raise RestoreRefused(f"{backup} is not a NeoDesk database; choose a backup NeoDesk made.")
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall() if r[0] != "ok"]
        if problems:
            raise RestoreRefused(f"{backup} is damaged ({problems[0]}); choose another backup.")
        try:
            revisions = {r[0] for r in conn.execute("SELECT version_num FROM alembic_version")}
        except sqlite3.Error as exc:
            raise RestoreRefused(f"{backup} has no NeoDesk schema version; choose a backup NeoDesk made.") from exc
        unknown = revisions - _known_revisions()
        if unknown:
            raise RestoreRefused(
                f"{backup} was written by a newer NeoDesk (schema {min(unknown)}); update NeoDesk before restoring it."
            )
        # Fold a -wal that came with the backup into the copy, so the copy is one self-contained file.
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.DatabaseError as exc:
        raise RestoreRefused(f"{backup} is damaged ({exc}); choose another backup.") from exc
    finally:
        conn.close()


def _aside_name(database: Path, now: datetime) -> Path:
    stamp = now.strftime("%Y%m%d-%H%M%S")
    aside = database.with_name(f"{database.stem}-before-restore-{stamp}{database.suffix}")
    counter = 2
    while aside.exists():
        aside = database.with_name(f"{database.stem}-before-restore-{stamp}-{counter}{database.suffix}")
        counter += 1
    return aside


def _keep(source: Path, target: Path) -> None:
    """`target` becomes a second name of `source` (a copy where links are not possible)."""
    try:
        os.link(source, target)
    except OSError:
        _copy_file(source, target)


class BackupFailed(Exception):
    """Why Back up now made no backup, in one sentence (e.g. a server database)."""


def back_up_now(db: Database) -> Path:
    """Tools ▸ Back up now: an online backup of the open SQLite store into the backups folder."""
    try:
        return backup(db)
    except DatabaseError as exc:
        raise BackupFailed(str(exc)) from exc


class DatabaseInUse(Exception):
    """Another program (a running NeoDesk) has the database open; nothing was changed."""


def restore_backup(
    database: Path, backup: Path, *, now: datetime | None = None, check_in_use: bool = False
) -> RestoreResult:
    """Put the verified `backup` in place of the SQLite file `database`; the current file is kept aside.

    Raises RestoreRefused (nothing changed) for a backup that is missing, not NeoDesk's, damaged or
    too new. OSError (disk full, read-only) also leaves the database as it was. `check_in_use`
    (for a caller with no connection of its own to the file, the command line): raise DatabaseInUse
    when another process has it open, since that process would go on writing to the file set aside.
    """
    database, backup = Path(database).absolute(), Path(backup).absolute()
    if check_in_use and sqlite_files.open_elsewhere(database):
        raise DatabaseInUse(f"{database} is open in another program (a NeoDesk window?); close it, then restore again.")
    if not backup.is_file():
        raise RestoreRefused(f"There is no backup file {backup}.")
    if database.exists() and os.path.samefile(database, backup):
        raise RestoreRefused(f"{backup} is the database itself; choose a backup file.")
    header = sqlite_files.read_header(backup)
    if header is None:
        raise RestoreRefused(f"{backup} is not a database; choose a backup NeoDesk made (a .sqlite3 file).")
    database.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{database.name}.", suffix=".restore", dir=database.parent)
    os.close(fd)
    copy = Path(name)
    try:
        _copy_file(backup, copy)
        backup_wal = backup.with_name(backup.name + "-wal")
        if backup_wal.is_file() and backup_wal.stat().st_size:
            _copy_file(backup_wal, copy.with_name(copy.name + "-wal"))
        _check_copy(copy, backup)
        for companion in sqlite_files.companions(copy):
            companion.unlink(missing_ok=True)
        with open(copy, "rb+") as fh:
            os.fsync(fh.fileno())

        kept: Path | None = None
        if database.exists():
            kept = _aside_name(database, now or datetime.now())
            _keep(database, kept)
            wal = database.with_name(database.name + "-wal")
            if wal.is_file() and wal.stat().st_size:
                _keep(wal, kept.with_name(kept.name + "-wal"))  # the aside copy keeps its latest changes
        # A -wal or -shm left beside the target would be replayed into the restored file: remove them.
        for companion in sqlite_files.companions(database):
            companion.unlink(missing_ok=True)
        files.publish(copy, database)
    except BaseException:
        for leftover in (copy, *sqlite_files.companions(copy)):
            leftover.unlink(missing_ok=True)
        raise
    return RestoreResult(database, backup, kept, _opened_and_checked(database, backup))


def _opened_and_checked(database: Path, backup: Path) -> int:
    """Open the restored file as the app does (migrating an older backup) and check it; its client count."""
    from sqlalchemy import func, select

    from neodesk.models import Client, open_database
    from neodesk.models.database import integrity_problems

    db = open_database(database)
    try:
        problems = integrity_problems(db)
        if problems:
            raise RestoreRefused(
                f"The restored database fails its check ({problems[0]}); the file it replaced "
                f"was kept aside next to it."
            )
        with db.reading() as tx:
            return int(tx.scalar(select(func.count()).select_from(Client)) or 0)
    finally:
        db.close()
