"""The main window: building it, the client list (search, filters, lazy fetching), menus, status bar, layout."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

from gui_drivers import add_clients, answer, click_standard
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLabel, QLineEdit, QMessageBox, QTableView

from neodesk.models import Counselor, Database
from neodesk.services.client_sync import save_client_with_sync
from neodesk.sync.deciding import AlwaysNo
from neodesk.ui import build_main_window
from neodesk.ui.client_list import COL_NAME, PAGE_SIZE
from neodesk.ui.main_window import MainWindow
from neodesk.ui.settings_store import SETTINGS_FILE

WindowFactory = Callable[[], MainWindow]


def names_in_list(window: MainWindow) -> list[str]:
    model = window.client_list.model
    return [model.index(row, COL_NAME).data() for row in range(model.rowCount())]


def test_build_main_window_for_a_path(qtbot, tmp_path: Path) -> None:
    window = build_main_window(str(tmp_path / "new.sqlite3"))
    qtbot.addWidget(window)
    assert window.objectName() == "MainWindow"
    assert (tmp_path / "new.sqlite3").exists()
    status = window.findChild(QLabel, "statusDatabase")
    assert status is not None
    assert "new.sqlite3" in status.text()
    counselor = window.findChild(QLabel, "statusCounselor")
    assert counselor is not None
    assert "Administrator" in counselor.text()
    for name in ("clientList", "clientSearch", "ClientEditor", "clientTabs", "saveClient"):
        assert window.findChild(object, name) is not None, name
    assert window.isVisible() is False  # built, not shown: the caller decides


def test_search_filters_as_you_type(qtbot, open_window: WindowFactory, make_client) -> None:
    for name, city in (("Acme Bakery", "Austin"), ("Bolt Hardware", "Dallas"), ("Acme Tools", "Waco")):
        make_client(name, city=city)
    window = open_window()
    assert len(names_in_list(window)) == 3
    search = window.findChild(QLineEdit, "clientSearch")
    qtbot.keyClicks(search, "acm")
    qtbot.waitUntil(lambda: names_in_list(window) == ["Acme Bakery", "Acme Tools"])
    search.clear()
    qtbot.keyClicks(search, "dallas")
    qtbot.waitUntil(lambda: names_in_list(window) == ["Bolt Hardware"])
    assert window.findChild(QLabel, "clientCount").text() == "1 client"


def test_search_waits_for_a_pause_in_typing(qtbot, open_window: WindowFactory, make_client) -> None:
    make_client("Acme Bakery")
    make_client("Bolt Hardware")
    window = open_window()
    calls: list[str] = []
    original = window.client_list.model.set_query
    window.client_list.model.set_query = (  # type: ignore[method-assign]
        lambda text, *a, **k: (calls.append(text), original(text, *a, **k))
    )
    qtbot.keyClicks(window.client_list.search, "bolt")
    qtbot.waitUntil(lambda: names_in_list(window) == ["Bolt Hardware"])
    assert calls == ["bolt"]  # four keystrokes, one query


def test_list_fetches_lazily_in_pages(qtbot, open_window: WindowFactory, db: Database) -> None:
    add_clients(db, 450)
    window = open_window()
    model = window.client_list.model
    assert model.total == 450
    assert model.rowCount() == PAGE_SIZE
    assert model.canFetchMore()
    model.fetchMore()  # read on the worker thread; the rows arrive a moment later
    qtbot.waitUntil(lambda: model.rowCount() == 2 * PAGE_SIZE)
    model.fetchMore()
    qtbot.waitUntil(lambda: model.rowCount() == 450)
    assert not model.canFetchMore()
    assert window.findChild(QLabel, "clientCount").text() == "450 clients"


def test_scrolling_to_the_end_fetches_more(qtbot, open_window: WindowFactory, db: Database) -> None:
    add_clients(db, 450)
    window = open_window()
    view = window.findChild(QTableView, "clientList")
    view.scrollToBottom()
    qtbot.waitUntil(lambda: window.client_list.model.rowCount() > PAGE_SIZE)


def test_active_and_my_clients_filters(qtbot, open_window: WindowFactory, make_client, db: Database) -> None:
    make_client("Active Co")
    make_client("Sleeping Co", active=False)
    with db.unit_of_work() as tx:
        other = Counselor(name="Other Counselor", email="other@example.org", role="counselor")
        tx.add(other)
        tx.flush()
        other_id = other.id
    save_client_with_sync(
        db, None, {"name": "Theirs Co", "counselor_id": str(other_id)}, counselor_id=other_id, decider=AlwaysNo()
    )
    window = open_window()
    assert names_in_list(window) == ["Active Co", "Theirs Co"]
    combo = window.findChild(QComboBox, "clientFilter")
    combo.setCurrentIndex(combo.findText("Inactive"))
    qtbot.waitUntil(lambda: names_in_list(window) == ["Sleeping Co"])
    combo.setCurrentIndex(combo.findText("All"))
    qtbot.waitUntil(lambda: names_in_list(window) == ["Active Co", "Sleeping Co", "Theirs Co"])
    window.findChild(QCheckBox, "myClients").setChecked(True)
    qtbot.waitUntil(lambda: names_in_list(window) == ["Active Co", "Sleeping Co"])


def test_first_client_is_opened(open_window: WindowFactory, make_client) -> None:
    make_client("Bolt Hardware")
    first = make_client("Acme Bakery")
    window = open_window()
    assert window.client_editor.client_id == first
    assert "Acme Bakery" in window.client_editor.header.text()


def test_admin_menu_only_for_administrators(qtbot, open_window: WindowFactory, db: Database, monkeypatch) -> None:
    window = open_window()
    assert window.admin_menu.menuAction().isVisible()
    window.close()
    with db.unit_of_work() as tx:
        tx.add(Counselor(name="Casey Counselor", email="casey@example.org", role="counselor"))
    monkeypatch.setenv("NEODESK_COUNSELOR", "casey@example.org")
    second = open_window()
    assert not second.admin_menu.menuAction().isVisible()
    assert "Casey Counselor" in second.findChild(QLabel, "statusCounselor").text()


def test_menu_shortcuts(open_window: WindowFactory) -> None:
    window = open_window()
    assert window.action_export.isEnabled()
    assert window.action_export.shortcut().toString() == "Ctrl+E"
    assert window.action_new_milestone.shortcut().toString() == "Ctrl+M"
    assert window.action_new_session.shortcut().toString() == "Ctrl+Shift+S"
    assert window.action_print_report.shortcut().toString() == "Ctrl+P"
    assert window.action_new_client.shortcut().toString() == "Ctrl+N"


def test_status_bar_counts_changed_records(qtbot, open_window: WindowFactory, make_client) -> None:
    make_client("One")
    make_client("Two")
    window = open_window()
    label = window.findChild(QLabel, "statusUnexported")
    qtbot.waitUntil(lambda: label.text().endswith(": 2"))  # counted once the window is up
    editor = window.client_editor
    editor.editors["city"].widget.setText("Austin")
    editor.save()
    QApplication.processEvents()
    assert window.findChild(QLabel, "statusUnexported").text().endswith(": 2")  # same two records, changed again


def test_back_up_now_writes_a_copy(qtbot, open_window: WindowFactory, data_dir: Path) -> None:
    window = open_window()
    reply = answer("infoDialog", click_standard(QMessageBox.StandardButton.Ok))
    window.action_backup.trigger()
    assert reply.answered
    backups = list((data_dir / "backups").glob("*.sqlite3"))
    assert len(backups) == 1
    assert str(backups[0]) in reply.seen[0]


def test_check_database_reports_the_result(qtbot, open_window: WindowFactory) -> None:
    window = open_window()
    reply = answer("infoDialog", click_standard(QMessageBox.StandardButton.Ok))
    window.action_check_db.trigger()
    assert reply.seen
    assert "integrity check passed" in reply.seen[0]


def test_layout_persists_between_runs(qtbot, open_window: WindowFactory, make_client, data_dir: Path) -> None:
    make_client()
    window = open_window()
    window.resize(720, 530)  # inside the offscreen screen (800x600): restoreGeometry keeps windows on screen
    window.splitter.setSizes([300, 400])
    window.client_list.view.horizontalHeader().resizeSection(COL_NAME, 321)
    window.close()
    assert (data_dir / "config" / SETTINGS_FILE).exists()
    again = open_window()
    assert (again.width(), again.height()) == (720, 530)
    assert again.client_list.view.horizontalHeader().sectionSize(COL_NAME) == 321
    assert again.splitter.sizes()[0] == window.splitter.sizes()[0]


def test_new_client_from_the_menu(qtbot, open_window: WindowFactory, db: Database) -> None:
    window = open_window()
    window.action_new_client.trigger()
    editor = window.client_editor
    assert editor.is_new
    assert editor.header.text() == "New client"
    editor.editors["name"].widget.setText("Fresh Start LLC")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: names_in_list(window) == ["Fresh Start LLC"])
    assert isinstance(editor.client_id, uuid.UUID)
    assert window.client_list.current_client_id == editor.client_id
    assert window.client_list.view.currentIndex().row() == 0
    with db.reading() as tx:
        from neodesk.services.clients import get_client

        client = get_client(tx, editor.client_id)
        assert (client.name, client.company_status, client.client_type, client.active) == (
            "Fresh Start LLC",
            "P",
            "AC",
            True,
        )


def test_a_client_deleted_elsewhere_is_not_opened(qtbot, open_window: WindowFactory, make_client, db: Database) -> None:
    make_client("Acme Bakery")
    gone = make_client("Bolt Hardware")
    window = open_window()
    with db.unit_of_work() as tx:
        from neodesk.models import Client

        tx.delete(tx.get(Client, gone))
    window.client_list.view.selectRow(1)
    assert not window.client_editor.has_client
    assert "no longer exists" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: names_in_list(window) == ["Acme Bakery"])
