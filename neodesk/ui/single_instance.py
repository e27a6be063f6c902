"""One desktop NeoDesk per SQLite file: a lock file beside the database, and what a second one is offered.

Two apps writing one file would each save over the other's view of a client. The app takes
`<database>.lock` (Qt's QLockFile, owner-only) for as long as it runs; a second app finds it held,
says which process holds it (pid, host, program) and offers to open the database read-only, or to
quit. A lock left by a process that died (a crash, a power cut) is stale: QLockFile sees that its
pid no longer runs and takes it over. Only the desktop app locks: the CLI keeps working beside an
open app (edits are protected by their revisions), and a PostgreSQL database is shared by design.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile
from PySide6.QtWidgets import QMessageBox, QWidget

from neodesk import paths

log = logging.getLogger(__name__)

LOCK_SUFFIX = ".lock"
IN_USE = "databaseInUse"
OPEN_READ_ONLY = "openReadOnly"
QUIT = "quitNeoDesk"


def lock_path(db_file: Path) -> Path:
    return db_file.with_name(db_file.name + LOCK_SUFFIX)


def sqlite_file_of(target: str | Path | None) -> Path | None:
    """The SQLite file a `--db` value names (None for a server database)."""
    url = paths.resolve_db_target(target)
    prefix = "sqlite:///"
    if not url.startswith(prefix):
        return None
    name = url[len(prefix) :]
    return Path(name) if name and name != ":memory:" else None


@dataclass(frozen=True, slots=True)
class LockHolder:
    pid: int
    host: str
    app: str

    def describe(self) -> str:
        app = self.app or "an unknown program"
        return f"process {self.pid} ({app}) on {self.host or 'this computer'}"


class DatabaseLock:
    """The lock file of one database; held from `acquire()` until `release()` (or the process ends)."""

    def __init__(self, db_file: Path) -> None:
        self.path = lock_path(db_file)
        self._lock = QLockFile(str(self.path))
        # Age never makes a lock stale: the app holds it for hours. A dead pid still does (QLockFile checks).
        self._lock.setStaleLockTime(0)

    def acquire(self) -> LockHolder | None:
        """None when the lock is ours now (a stale one taken over); else who holds it."""
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if self._lock.tryLock(0):
            try:
                os.chmod(self.path, 0o600)  # it names our pid and host: owner-only like every file of ours
            except OSError as exc:
                log.warning("Could not make %s owner-only: %s", self.path, exc)
            return None
        if self._lock.error() != QLockFile.LockError.LockFailedError:  # not held by anyone: we cannot write here
            raise PermissionError(f"cannot create {self.path} ({self._lock.error().name})")
        info = self._lock.getLockInfo()
        if isinstance(info, tuple) and len(info) == 3:
            pid, host, app = info
            return LockHolder(int(pid), str(host), str(app))
        # Held but unreadable (being written, or not ours to read): still refuse to share it.
        return LockHolder(0, "", "")

    @property
    def held(self) -> bool:
        return bool(self._lock.isLocked())

    def release(self) -> None:
        if self._lock.isLocked():
            self._lock.unlock()


def ask_read_only(parent: QWidget | None, database: str, holder: LockHolder) -> bool:
    """The second app's question: True to open read-only, False to quit."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Database in use",
        f"Another NeoDesk has {database} open: {holder.describe()}. Two NeoDesks writing one "
        f"database could overwrite each other's work.\n\nOpen it read-only to look things up "
        f"(nothing can be changed), or quit and use the other NeoDesk.",
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setObjectName(IN_USE)
    read_only = box.addButton("Open read-only", QMessageBox.ButtonRole.AcceptRole)
    read_only.setObjectName(OPEN_READ_ONLY)
    quit_button = box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    quit_button.setObjectName(QUIT)
    box.setDefaultButton(quit_button)
    box.setEscapeButton(quit_button)
    try:
        box.exec()
        return box.clickedButton() is read_only
    finally:
        box.deleteLater()


@dataclass
class Claim:
    """What start-up may do with the database: write (lock held), read only (reason), or nothing (quit)."""

    lock: DatabaseLock | None = None
    read_only_reason: str | None = None
    quit: bool = False

    def release(self) -> None:
        if self.lock is not None:
            self.lock.release()


def claim_database(target: str | Path | None, parent: QWidget | None = None) -> Claim:
    """Take the database's lock file, or ask the user what to do when another NeoDesk has it."""
    db_file = sqlite_file_of(target)
    if db_file is None:
        return Claim()  # a server database: many apps share it
    lock = DatabaseLock(db_file)
    try:
        holder = lock.acquire()
    except OSError as exc:  # a folder we cannot write: the database open will say what is wrong
        log.warning("Could not take the lock file %s: %s", lock.path, exc)
        return Claim()
    if holder is None:
        return Claim(lock=lock)
    log.info("%s is held by %s", lock.path, holder.describe())
    if ask_read_only(parent, str(db_file), holder):
        return Claim(read_only_reason=f"another NeoDesk has it open: {holder.describe()}")
    return Claim(quit=True)
