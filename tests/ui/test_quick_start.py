"""The app's two-step start (neodesk.ui.start_main_window): the list first, the rest after the first paint."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from gui_drivers import add_clients, answer, click_named, click_standard, when_main_window_shows
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QTableView, QWidget

from neodesk.models import Client, Database
from neodesk.services.clients import count_clients, search_clients
from neodesk.ui import app as app_module
from neodesk.ui import start_main_window
from neodesk.ui.client_list import COL_NAME, PAGE_SIZE, ClientListModel
from neodesk.ui.main_window import MainWindow


@pytest.fixture
def started(qtbot, db: Database, db_path: Path) -> Iterator[Callable[..., MainWindow]]:
    windows: list[MainWindow] = []

    def start(**kwargs: object) -> MainWindow:
        window = start_main_window(str(db_path), **kwargs)  # type: ignore[arg-type]
        assert isinstance(window, MainWindow)
        windows.append(window)
        return window

    yield start
    for window in windows:
        if window.is_complete and window.client_editor.is_dirty():
            window.client_editor.revert()
        window.close()
        window.deleteLater()
    QApplication.processEvents()


def shown_names(window: MainWindow) -> list[str]:
    model = window.client_list.view.model()
    return [model.index(row, COL_NAME).data() for row in range(model.rowCount())]


def shown_cells(window: MainWindow) -> list[tuple[object, ...]]:
    """Every cell's text, the names' tooltips, and the header, as the view shows them."""
    model = window.client_list.view.model()
    rows = [
        (
            *(model.index(row, column).data() for column in range(model.columnCount())),
            model.index(row, COL_NAME).data(Qt.ItemDataRole.ToolTipRole),
        )
        for row in range(model.rowCount())
    ]
    header = tuple(model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount()))
    return [header, *rows]


def test_the_window_shows_the_first_page_then_completes_itself(qtbot, started, db: Database) -> None:
    add_clients(db, PAGE_SIZE + 50)
    with db.reading() as tx:
        expected = search_clients(tx, "", active=True, limit=PAGE_SIZE)
        total = count_clients(tx, "", active=True)
    window = started()
    assert not window.is_complete
    assert shown_names(window) == [row.name for row in expected]
    first_view = shown_cells(window)
    assert window.findChild(QLabel, "statusDatabase").text().endswith("test.sqlite3")

    with qtbot.waitSignal(window.started, timeout=10_000):
        window.show()
    assert window.is_complete
    qtbot.waitUntil(lambda: window.client_editor.client_id is not None)
    assert window.client_editor.client_id == expected[0].id
    model = window.client_list.model
    assert isinstance(model, ClientListModel)
    assert window.client_list.view.model() is model
    assert model.total == total
    assert shown_cells(window) == first_view  # the real model shows the first page exactly as the shell did
    assert window.findChild(QLabel, "clientCount").text() == f"{total:,} clients"
    assert "Signed in: " in window.findChild(QLabel, "statusCounselor").text()
    assert window.findChild(object, "ClientEditor") is not None
    assert (
        window.findChild(object, "editorPlaceholder") is None
        or not window.findChild(object, "editorPlaceholder").isVisible()
    )
    assert window.admin_menu.menuAction().isVisible()  # the seeded counselor is an administrator

    # Scrolling fetches the next page and search works, as in a window built at once.
    assert model.canFetchMore()
    model.fetchMore()
    qtbot.waitUntil(lambda: model.rowCount() == PAGE_SIZE + 50)
    qtbot.keyClicks(window.client_list.search, "client 0007")
    qtbot.waitUntil(lambda: shown_names(window) == ["Client 0007"])


def test_the_shell_shows_rows_as_the_real_model(qtbot, started, db: Database, make_client) -> None:
    make_client("Zeta Works", city="Waco")
    busy = make_client("Álvarez Bakery", city="Austin")
    add_clients(db, 3)
    with db.unit_of_work() as tx:
        tx.get(Client, busy).last_activity = date(2024, 2, 29)  # kept by the flush hook in real use
    window = started()
    before = shown_cells(window)
    assert before[1][:3] == ("Álvarez Bakery", "Pre-venture", "Austin")  # the short status label (issue 13)
    assert before[1][4] == "2024-02-29"
    window.finish_start()
    assert shown_cells(window) == before


def test_the_column_layout_survives_the_model_change(qtbot, started, db: Database) -> None:
    add_clients(db, 3)
    window = started()
    header = window.client_list.view.horizontalHeader()
    header.resizeSection(COL_NAME, 333)
    window.show()
    qtbot.waitUntil(lambda: window.is_complete)
    assert window.client_list.view.horizontalHeader().sectionSize(COL_NAME) == 333
    assert window.findChild(QTableView, "clientList").model().headerData(COL_NAME, header.orientation()) == "Name"


def test_finish_start_can_be_called_before_the_window_shows(qtbot, started, db: Database) -> None:
    add_clients(db, 2)
    window = started()
    window.finish_start()
    assert window.is_complete
    QApplication.processEvents()
    window.finish_start()  # a second call does nothing
    assert window.client_editor.client_id is not None


def test_a_store_that_needs_the_full_path_is_built_at_once(qtbot, tmp_path: Path) -> None:
    window = start_main_window(str(tmp_path / "new.sqlite3"))
    qtbot.addWidget(window)
    assert isinstance(window, MainWindow)
    assert window.is_complete
    assert (tmp_path / "new.sqlite3").exists()


def test_an_error_of_the_second_step_goes_to_on_error(
    qtbot, started, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_clients(db, 2)
    monkeypatch.setenv("NEODESK_COUNSELOR", "nobody@example.org")
    errors: list[Exception] = []
    window = started(on_error=errors.append)
    assert len(shown_names(window)) == 2
    chooser = answer("CounselorChooser", click_named("cancelChooser"))  # it names nobody: asked, and cancelled
    window.finish_start()
    assert chooser.answered
    assert not window.is_complete
    assert len(errors) == 1
    assert isinstance(errors[0], LookupError)


def test_closing_a_starting_window_skips_the_second_step(qtbot, started, db: Database) -> None:
    add_clients(db, 2)
    window = started()
    window.close()
    window.finish_start()
    assert not window.is_complete


def test_the_first_step_imports_no_sqlalchemy(db: Database, db_path: Path) -> None:
    add_clients(db, 5)
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from neodesk.ui import start_main_window\n"
        f"window = start_main_window({str(db_path)!r})\n"
        "assert not window.is_complete and window.client_list.view.model().rowCount() == 5\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'alembic'}))\n"
        "window.finish_start()\n"
        "print(window.is_complete, window.client_list.model.total)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == ["[]", "True 5"]


@pytest.mark.usefixtures("restore_process_state")
def test_start_gui_says_why_the_second_step_failed_and_exits_1(
    qtbot, db: Database, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_clients(db, 2)
    monkeypatch.setenv("NEODESK_COUNSELOR", "nobody@example.org")
    chooser = answer("CounselorChooser", click_named("cancelChooser"))
    reply = answer("errorDialog", click_standard(QMessageBox.StandardButton.Ok))
    assert app_module.start_gui(str(db_path)) == 1
    assert chooser.answered
    assert reply.answered
    assert "nobody@example.org" in reply.seen[0]


@pytest.mark.usefixtures("restore_process_state")
def test_start_gui_runs_the_two_step_start(qtbot, db: Database, db_path: Path) -> None:
    add_clients(db, 2)
    seen: list[bool] = []

    def record_and_close(window: QWidget, tries: int = 300) -> None:
        # The first client opens a moment after the window completes (its own turn of the event loop).
        opened = window.client_editor.client_id is not None  # type: ignore[attr-defined]
        if not opened and tries:
            QTimer.singleShot(10, lambda: record_and_close(window, tries - 1))
            return
        seen.append(opened)
        window.close()

    problems = when_main_window_shows(record_and_close, complete=True)
    status = app_module.start_gui(str(db_path))
    assert problems == []
    assert status == 0
    assert seen == [True]
