"""Issue 9 point 3: a second NeoDesk app on the same SQLite file is refused (or opens it read-only),
a lock left by a dead process is taken over, and the CLI keeps working beside an open app."""

from __future__ import annotations

import logging
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from lock_and_damage import (
    add_clients,
    answer,
    click_named,
    fingerprint,
    lock_held_by_another_process,
    when_main_window_shows,
)
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from neodesk.cli import run
from neodesk.models import Client, Database, open_database
from neodesk.models.database import ReadOnlyDatabase
from neodesk.ui import app as app_module
from neodesk.ui.single_instance import DatabaseLock, claim_database, lock_path


@pytest.fixture(autouse=True)
def process_state(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """start_gui installs an excepthook and a log handler: undo both; no window may stay open."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
    QApplication.processEvents()
    stray = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    for widget in stray:
        widget.close()
    assert not stray, [w.objectName() for w in stray]


@pytest.fixture
def stored(db: Database, db_path: Path) -> Path:
    add_clients(db, 3)
    db.close()
    return db_path


def test_the_app_takes_an_owner_only_lock_beside_the_database(stored: Path) -> None:
    lock = DatabaseLock(stored)
    assert lock.acquire() is None
    try:
        assert lock.path == stored.with_name("test.sqlite3.lock")
        assert stat.S_IMODE(os.stat(lock.path).st_mode) == 0o600
        assert lock.path.read_text().split("\n")[0] == str(os.getpid())
    finally:
        lock.release()
    assert not lock.path.exists()


def test_a_second_app_says_who_holds_the_database_and_can_quit(qtbot, stored: Path) -> None:
    before = fingerprint(stored)
    with lock_held_by_another_process(lock_path(stored)) as holder:
        reply = answer("databaseInUse", click_named("quitNeoDesk"))
        assert app_module.start_gui(str(stored)) == 1
    assert reply.answered
    message = reply.seen[0]
    assert f"process {holder.pid}" in message
    assert "python" in message  # the program that holds it, as QLockFile recorded it
    assert "read-only" in message
    assert not [w for w in QApplication.topLevelWidgets() if w.objectName() == "MainWindow" and w.isVisible()]
    assert fingerprint(stored) == before


def test_a_second_app_opens_read_only_and_writes_nothing(qtbot, stored: Path) -> None:
    before = fingerprint(stored)
    seen: dict[str, object] = {}

    def look_and_close(window: QWidget) -> None:
        seen["title"] = window.windowTitle()
        seen["banner"] = window.findChild(QLabel, "readOnlyBanner").text()  # type: ignore[union-attr]
        seen["new client"] = window.findChild(QAction, "action.newClient").isEnabled()  # type: ignore[union-attr]
        seen["save"] = window.findChild(QPushButton, "saveClient").isEnabled()  # type: ignore[union-attr]
        seen["admin"] = window.admin_menu.menuAction().isVisible()  # type: ignore[attr-defined]
        db: Database = window.context.db  # type: ignore[attr-defined]
        with pytest.raises(ReadOnlyDatabase) as refused, db.unit_of_work() as tx:
            tx.add(Client(name="Sneaky", company_status="P", client_type="AC"))
        seen["refusal"] = str(refused.value)
        # The backstop: a write that bypasses the unit of work fails in SQLite itself.
        with pytest.raises(OperationalError, match="readonly"), db.engine.connect() as conn:
            conn.execute(text("UPDATE client SET name = 'x'"))
        window.close()

    with lock_held_by_another_process(lock_path(stored)) as holder:
        reply = answer("databaseInUse", click_named("openReadOnly"))
        problems = when_main_window_shows(look_and_close)
        assert app_module.start_gui(str(stored)) == 0
    assert problems == []
    assert reply.answered
    assert str(seen["title"]).endswith("(read-only)[*]")
    assert f"process {holder.pid}" in str(seen["banner"])
    assert seen["new client"] is False
    assert seen["save"] is False
    assert seen["admin"] is False
    assert str(seen["refusal"]).startswith("This database is open read-only (another NeoDesk has it open")
    assert str(seen["refusal"]).endswith("; nothing was saved.")
    assert fingerprint(stored) == before


def test_a_lock_left_by_a_dead_process_is_taken_over(qtbot, stored: Path) -> None:
    with lock_held_by_another_process(lock_path(stored)) as holder:
        holder.kill()
        holder.wait()
        claim = claim_database(stored)  # no question: a dialog here would never be answered
        try:
            assert claim.lock is not None
            assert claim.lock.held
            assert not claim.quit
            assert claim.read_only_reason is None
            assert lock_path(stored).read_text().split("\n")[0] == str(os.getpid())
        finally:
            claim.release()


def test_a_server_database_is_shared_without_a_lock() -> None:
    claim = claim_database("postgresql+psycopg://desk@server.invalid/neodesk")
    assert claim.lock is None
    assert not claim.quit
    assert claim.read_only_reason is None


def test_the_cli_keeps_working_beside_an_open_app(stored: Path, capsys: pytest.CaptureFixture[str]) -> None:
    claim = claim_database(stored)
    try:
        assert claim.lock is not None
        assert claim.lock.held
        assert run(["--db", str(stored), "set", "new", "name=Beside The App", "company_status=P"]) == 0
    finally:
        claim.release()
    reopened = open_database(stored)
    try:
        with reopened.reading() as tx:
            assert tx.query(Client).filter_by(name="Beside The App").count() == 1
    finally:
        reopened.close()
