"""GUI fixtures: the main window on the test database, a client maker, and the no-stray-windows check."""

from __future__ import annotations

import logging
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from neodesk.models import Database
from neodesk.services.client_sync import save_client_with_sync
from neodesk.services.reference import current_counselor
from neodesk.sync.deciding import AlwaysNo
from neodesk.ui import build_main_window
from neodesk.ui.main_window import MainWindow

WATCHDOG_SECONDS = 10.0


@pytest.fixture(autouse=True)
def modal_watchdog(qapp: QApplication) -> Iterator[None]:
    """A modal dialog nobody answers would block the run for ever: close it after a while and fail."""
    stuck: list[str] = []
    seen: dict[int, float] = {}

    def check() -> None:
        widget = QApplication.activeModalWidget()
        if widget is None:
            seen.clear()
            return
        since = seen.setdefault(id(widget), time.monotonic())
        if time.monotonic() - since > WATCHDOG_SECONDS:
            stuck.append(f"{widget.objectName() or type(widget).__name__} ({widget.windowTitle()})")
            seen.pop(id(widget), None)
            if isinstance(widget, QDialog):
                widget.reject()
            else:
                widget.close()

    timer = QTimer()
    timer.setInterval(250)
    timer.timeout.connect(check)
    timer.start()
    yield
    timer.stop()
    assert not stuck, f"modal dialogs nobody answered: {stuck}"


@pytest.fixture
def restore_process_state(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """start_gui installs an excepthook and a log handler for the process: undo both afterwards."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


@pytest.fixture(autouse=True)
def no_stray_windows(qapp: QApplication) -> Iterator[None]:
    """Every test must leave no window or dialog open behind it."""
    yield
    QApplication.processEvents()
    stray = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    for widget in stray:
        widget.close()
    assert not stray, f"windows left open: {[w.objectName() or type(w).__name__ for w in stray]}"


@pytest.fixture
def me(db: Database) -> uuid.UUID:
    with db.reading() as tx:
        return current_counselor(tx).id


@pytest.fixture
def make_client(db: Database, me: uuid.UUID) -> Callable[..., uuid.UUID]:
    """Create one client through the service (validated like the editor's save)."""

    def make(name: str = "Acme Bakery", **values: Any) -> uuid.UUID:
        return save_client_with_sync(db, None, {"name": name, **values}, counselor_id=me, decider=AlwaysNo()).client_id

    return make


@pytest.fixture
def open_window(qtbot: Any, db: Database) -> Iterator[Callable[[], MainWindow]]:
    """Build (and show) the main window on the test database; closed without questions afterwards."""
    windows: list[MainWindow] = []

    def build(*, home: bool = False) -> MainWindow:
        window = build_main_window(db)
        assert isinstance(window, MainWindow)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        # The first client opens once the window is up (start-up shows the list first).
        qtbot.waitUntil(lambda: window.client_editor.client_id is not None or window.client_list.model.rowCount() == 0)
        if not home:  # Home is in front at start: most tests work in the editor, as after a click on a client
            window.show_editor()
        return window

    yield build
    for window in windows:
        if window.client_editor.is_dirty():
            window.client_editor.revert()  # the test is over: its edits need no question
        window.close()
        window.deleteLater()
    QApplication.processEvents()
