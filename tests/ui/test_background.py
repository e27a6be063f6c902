"""Long work off the GUI thread: the caller gets the result (or the exception), a busy dialog shows if it lasts."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget
from pytestqt.qtbot import QtBot

from neodesk.ui.background import BUSY_DIALOG, run_in_background


def test_the_result_comes_back_from_the_worker_thread(qtbot: QtBot) -> None:
    caller = threading.get_ident()
    result = run_in_background(None, "Working…", lambda a, b=0: (a + b, threading.get_ident()), 2, b=3)
    assert result[0] == 5
    assert result[1] != caller
    assert QApplication.overrideCursor() is None


def test_the_exception_is_raised_to_the_caller(qtbot: QtBot) -> None:
    def fail() -> None:
        raise ValueError("refused")

    with pytest.raises(ValueError, match="refused"):
        run_in_background(None, "Working…", fail)
    assert QApplication.overrideCursor() is None


def test_slow_work_shows_a_busy_dialog_and_the_window_keeps_running_timers(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    release = threading.Event()
    seen: list[str] = []

    def look() -> None:  # a timer in the GUI thread: it only runs if the event loop is turning
        busy = window.findChild(QProgressDialog, BUSY_DIALOG)
        if busy is not None and busy.isVisible():
            seen.append(busy.labelText())
            release.set()
        elif not release.is_set():
            QTimer.singleShot(20, look)

    QTimer.singleShot(0, look)
    assert run_in_background(window, "Running milestone processing…", lambda: release.wait(10)) is True
    assert seen == ["Running milestone processing…"]
    QApplication.processEvents()
    assert (
        window.findChild(QProgressDialog, BUSY_DIALOG) is None
        or not window.findChild(QProgressDialog, BUSY_DIALOG).isVisible()
    )
