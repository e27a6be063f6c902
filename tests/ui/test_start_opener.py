"""Start-up's second step off the GUI thread (neodesk.ui.start_opener): the window answers meanwhile."""

from __future__ import annotations

import threading
from pathlib import Path

from gui_drivers import add_clients
from PySide6.QtWidgets import QApplication

from neodesk.models import Database, open_database
from neodesk.services.client_list_rows import read_first_page
from neodesk.ui.client_list import PAGE_SIZE
from neodesk.ui.context import AppContext
from neodesk.ui.main_window import MainWindow
from neodesk.ui.start_up import QuickStart


def quick_start(db_path: Path, opened: list[Database], gate: threading.Event) -> QuickStart:
    rows = read_first_page(f"sqlite:///{db_path}", PAGE_SIZE)
    assert rows is not None

    def open_context() -> AppContext:
        gate.wait(10)  # the test decides when the database is open
        database = open_database(db_path)
        opened.append(database)
        return AppContext.for_database(database)

    return QuickStart(str(db_path), rows, open_context)


def test_the_database_opens_on_a_thread_while_the_window_takes_events(qtbot, db: Database, db_path: Path) -> None:
    add_clients(db, 3)
    opened: list[Database] = []
    gate = threading.Event()
    window = MainWindow(start=quick_start(db_path, opened, gate))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window._opener is not None)
    ticks: list[int] = []
    qtbot.waitUntil(lambda: ticks.append(1) or len(ticks) > 5)  # the event loop runs: nothing waits on the open
    assert not window.is_complete
    gate.set()
    qtbot.waitUntil(lambda: window.is_complete, timeout=10_000)
    qtbot.waitUntil(lambda: window.client_editor.client_id is not None)
    assert window.context.db is opened[0]
    window.close()


def test_a_window_closed_while_opening_closes_the_database_it_opened(qtbot, db: Database, db_path: Path) -> None:
    opened: list[Database] = []
    gate = threading.Event()
    window = MainWindow(start=quick_start(db_path, opened, gate))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window._opener is not None)
    closed: list[Database] = []
    original_close = Database.close

    def spy(self: Database) -> None:
        closed.append(self)
        original_close(self)

    Database.close = spy  # type: ignore[method-assign]
    try:
        window.close()
        gate.set()
        window._opener._thread.join(10)  # type: ignore[union-attr]
        QApplication.processEvents()
    finally:
        Database.close = original_close  # type: ignore[method-assign]
    assert len(opened) == 1
    assert closed == opened
    assert not window.is_complete
