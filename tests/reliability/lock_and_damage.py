"""Helpers for the session-safety tests (lock file, integrity watch, identity): answering modal dialogs
from inside their event loop, holding a lock from another process, damaging a copy of a database."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QWidget

from neodesk.models import Client, Database
from tests.ui.gui_drivers import ModalAnswer  # one way to answer a modal, shared with the UI tests


def answer(object_name: str, act: Callable[[QWidget], None]) -> ModalAnswer:
    return ModalAnswer(object_name, act).start()


def click_named(name: str) -> Callable[[QWidget], None]:
    def act(widget: QWidget) -> None:
        button = widget.findChild(QAbstractButton, name)
        assert button is not None, f"no button {name} in {widget.objectName()}"
        button.click()

    return act


def type_and_click(fields: dict[str, str], button: str) -> Callable[[QWidget], None]:
    def act(widget: QWidget) -> None:
        for name, text in fields.items():
            editor = widget.findChild(QLineEdit, name)
            assert editor is not None, name
            editor.setText(text)
        click_named(button)(widget)

    return act


def reject(widget: QWidget) -> None:
    widget.close()


def when_main_window_shows(act: Callable[[QWidget], None], give_up: float = 30.0) -> list[str]:
    """Run `act(window)` once a visible, complete MainWindow is up; closes everything if none shows."""
    problems: list[str] = []
    started = time.monotonic()

    def poll() -> None:
        window = next(
            (w for w in QApplication.topLevelWidgets() if w.objectName() == "MainWindow" and w.isVisible()), None
        )
        if window is not None and bool(window.is_complete):  # type: ignore[attr-defined]
            act(window)
            return
        if time.monotonic() - started > give_up:
            problems.append("the main window did not show")
            for widget in QApplication.topLevelWidgets():
                widget.close()
            QApplication.exit(2)
            return
        QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)
    return problems


HOLDER = """
import sys, time
from PySide6.QtCore import QLockFile
lock = QLockFile(sys.argv[1]); lock.setStaleLockTime(0)
print("locked" if lock.tryLock(0) else "refused", flush=True)
time.sleep(120)
"""


@contextmanager
def lock_held_by_another_process(lock_file: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process (as a first NeoDesk would) holds `lock_file` until the block ends or it is killed."""
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(lock_file)], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "locked"
        yield child
    finally:
        child.kill()
        child.wait()


def add_clients(db: Database, count: int) -> None:
    with db.unit_of_work() as tx:
        tx.add_all(
            [
                Client(
                    name=f"Client {i:04}", city="Austin", zip="78701", company_status="P", client_type="AC", active=True
                )
                for i in range(count)
            ]
        )


def zero_page(db_file: Path, page_no: int | None = None) -> int:
    """Write zeros over one page of a (checkpointed) SQLite file; the last page unless told. Returns it."""
    conn = sqlite3.connect(db_file)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    finally:
        conn.close()
    page_no = page_no or pages
    with open(db_file, "r+b") as fh:
        fh.seek(page_size * (page_no - 1))
        fh.write(b"\0" * page_size)
    return page_no


def root_page(db_file: Path, table: str) -> int:
    conn = sqlite3.connect(db_file)
    try:
        return int(conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0])
    finally:
        conn.close()


def fingerprint(db_file: Path) -> tuple[str, str]:
    """The database file's and its -wal's content hashes: equal before and after means nothing was written
    (a missing and an empty -wal are the same: a reader of a WAL database may create the empty file)."""

    def digest(path: Path) -> str:
        data = path.read_bytes() if path.exists() else b""
        return hashlib.sha256(data).hexdigest() if data else "-"

    return digest(db_file), digest(db_file.with_name(db_file.name + "-wal"))
