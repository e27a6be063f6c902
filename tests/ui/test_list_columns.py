"""Issue 13: list columns fit their headers, statuses read short with the full label in the tooltip, and a
cut-off cell says its full text on hover."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QStyleOptionViewItem, QToolTip
from pytestqt.qtbot import QtBot

from neodesk.catalog.short_labels import short_label
from neodesk.ui.client_list import COL_NAME, COL_STATUS, HEADERS
from neodesk.ui.main_window import MainWindow
from neodesk.ui.table_fit import header_text_width


def test_every_column_is_at_least_as_wide_as_its_header(
    qtbot: QtBot, open_window: Callable[[], MainWindow], make_client: Callable[..., object]
) -> None:
    make_client(company_status="B", date_established="2020-01-01", city="Philadelphia")
    window = open_window()
    window.resize(1366, 740)
    view = window.client_list.view
    header = view.horizontalHeader()
    for column in range(len(HEADERS)):
        text = HEADERS[column]
        assert header.sectionSize(column) >= header.fontMetrics().horizontalAdvance(text), text
        assert header.sectionSize(column) >= header_text_width(view, column) or column == COL_NAME


def test_status_column_shows_the_short_label_and_the_full_one_as_tooltip(
    qtbot: QtBot, open_window: Callable[[], MainWindow], make_client: Callable[..., object]
) -> None:
    make_client(company_status="B", date_established="2020-01-01")
    window = open_window()
    model = window.client_list.view.model()
    index = model.index(0, COL_STATUS)
    assert model.data(index) == "In business" == short_label("company_status", "B")
    assert model.data(index, Qt.ItemDataRole.ToolTipRole) == "In Business (> 1 year)"
    width = window.client_list.view.horizontalHeader().sectionSize(COL_STATUS)
    assert window.client_list.view.fontMetrics().horizontalAdvance("In business") < width


def test_a_cut_off_cell_shows_its_full_text_as_tooltip(
    qtbot: QtBot, open_window: Callable[[], MainWindow], make_client: Callable[..., object]
) -> None:
    long_city = "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch"
    make_client(city=long_city)
    window = open_window()
    view = window.client_list.view
    model = view.model()
    index = model.index(0, 2)
    assert view.fontMetrics().horizontalAdvance(long_city) > view.columnWidth(2)
    option = QStyleOptionViewItem()
    option.rect = view.visualRect(index)
    option.fontMetrics = view.fontMetrics()
    event = QHelpEvent(QEvent.Type.ToolTip, option.rect.center(), view.viewport().mapToGlobal(option.rect.center()))
    assert view.itemDelegate().helpEvent(event, view, option, index)
    qtbot.waitUntil(QToolTip.isVisible)
    assert QToolTip.text() == long_city
    QToolTip.hideText()


def test_the_client_record_tables_show_cut_off_cells_on_hover(
    qtbot: QtBot, open_window: Callable[[], MainWindow], make_client: Callable[..., object]
) -> None:
    from PySide6.QtWidgets import QTableView

    from neodesk.ui.table_fit import ElidedTipDelegate

    make_client()
    window = open_window()
    for name in ("milestoneList", "sessionList"):
        view = window.findChild(QTableView, name)
        assert view is not None, name
        assert isinstance(view.itemDelegate(), ElidedTipDelegate), name
