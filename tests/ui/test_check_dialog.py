"""Tools ▸ Check database: progress while the checks run, Cancel stops them, the result is shown."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from gui_drivers import add_clients, answer, click_standard
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton, QWidget

from neodesk.models import Database
from neodesk.models import integrity as integrity_module
from neodesk.models.integrity import check_integrity
from neodesk.ui import check_dialog
from neodesk.ui.main_window import MainWindow


def press_cancel(widget: QWidget) -> None:
    assert isinstance(widget, QProgressDialog)
    button = widget.findChild(QPushButton)
    assert button is not None
    assert button.text() == "Cancel"
    button.click()


def test_cancel_stops_the_check_and_the_result_says_so(
    qtbot, open_window: Callable[[], MainWindow], db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_clients(db, 100)
    window = open_window()
    monkeypatch.setattr(integrity_module, "STEP_OPS", 20)
    calls: list[str] = []

    def check_once_cancelled(database: Database, *, progress: Any, cancelled: Callable[[], bool]) -> list[str]:
        # A test file is checked in a blink; the real check starts once the user has pressed Cancel.
        progress(100, 1000)
        while not cancelled():
            time.sleep(0.01)
        calls.append("checking")
        return check_integrity(database, progress=progress, cancelled=cancelled)

    monkeypatch.setattr(check_dialog, "check_integrity", check_once_cancelled)
    progress = answer(check_dialog.CHECK_PROGRESS, press_cancel)
    told = answer("infoDialog", click_standard(QMessageBox.StandardButton.Ok))
    window.action_check_db.trigger()
    assert progress.seen == [check_dialog.TITLE]
    assert calls == ["checking"]
    assert told.seen
    assert "cancelled" in told.seen[0]


def test_problems_found_are_listed(qtbot, open_window: Callable[[], MainWindow], db: Database, db_path: Path) -> None:
    add_clients(db, 2)
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE client SET counselor_id = 'ffffffffffffffffffffffffffffffff'")
    conn.commit()
    conn.close()
    window = open_window()
    told = answer("errorDialog", click_standard(QMessageBox.StandardButton.Ok))
    window.action_check_db.trigger()
    assert told.seen
    assert "failed its integrity check (2 problems)" in told.seen[0]
    assert "foreign key broken in client row" in told.seen[0]
