"""The client list scrolled to its end: keyset pages read off the GUI thread, rows found by id, capped count."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from gui_drivers import add_clients
from PySide6.QtWidgets import QLabel

from neodesk.models import Database
from neodesk.services import client_list_rows, client_pages
from neodesk.services.clients import search_clients
from neodesk.ui import client_list
from neodesk.ui.client_list import PAGE_SIZE
from neodesk.ui.main_window import MainWindow


def test_fetching_to_the_end_lists_every_client_once_in_order(
    qtbot, open_window: Callable[[], MainWindow], db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    for module in (client_list_rows, client_pages, client_list):  # the cap is defined in client_list_rows
        monkeypatch.setattr(module, "COUNT_CAP", 300)
    add_clients(db, 250, prefix="Same Name")  # equal names: the order falls back to the client number
    add_clients(db, 320)
    with db.reading() as tx:
        expected = search_clients(tx, "", active=True, limit=10_000)
    window = open_window()
    model = window.client_list.model
    count = window.findChild(QLabel, "clientCount")
    assert count.text() == "300+ clients"  # capped while rows remain unfetched
    model.fetchMore()
    model.fetchMore()  # asked twice while the worker reads: one page, not two
    assert model.fetching
    qtbot.waitUntil(lambda: not model.fetching)
    assert model.rowCount() == 2 * PAGE_SIZE
    while model.canFetchMore():  # from here each next page is read ahead while the user looks
        model.fetchMore()
        qtbot.waitUntil(lambda: not model.fetching)
    assert model.rowCount() == len(expected) == 570
    assert [model.client_id(row) for row in range(model.rowCount())] == [row.id for row in expected]
    assert count.text() == "570 clients"  # the end reached: exact
    for row in (0, PAGE_SIZE - 1, PAGE_SIZE, 569):
        assert model.row_of(expected[row].id) == row
    assert model.row_of(None) == -1


def test_a_new_search_drops_a_page_still_being_read(qtbot, open_window: Callable[[], MainWindow], db: Database) -> None:
    add_clients(db, 450)
    add_clients(db, 3, prefix="Zebra")
    window = open_window()
    model = window.client_list.model
    model.fetchMore()
    model.set_query("zebra", True, None)
    qtbot.waitUntil(lambda: not model.busy and not model.fetching)
    assert model.rowCount() == 3
    assert [model.row_of(model.client_id(row)) for row in range(3)] == [0, 1, 2]
    assert window.findChild(QLabel, "clientCount").text() == "3 clients"
