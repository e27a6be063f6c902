"""Issue 13 defects in the client editor: the mouse wheel, a new client's center, duplicate clients."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from gui_drivers import answer, click_named
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QPushButton, QWidget
from sqlalchemy import func, select, update

from neodesk.models import Center, Client, Database
from neodesk.ui.main_window import MainWindow

WindowFactory = Callable[[], MainWindow]


def field(window: MainWindow, key: str) -> QWidget:
    widget = window.findChild(QWidget, f"field.{key}")
    assert widget is not None, key
    return widget


def wheel(widget: QWidget, steps: int = -1) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(QPoint(0, 0))) + centre,
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_wheel_over_an_unfocused_combo_scrolls_the_form_not_the_value(
    qtbot, open_window: WindowFactory, make_client
) -> None:
    make_client(business_type="Retail Trade")
    window = open_window()
    combo = field(window, "business_type")
    assert isinstance(combo, QComboBox)
    field(window, "name").setFocus()
    window.client_editor.profile_scroll.ensureWidgetVisible(combo)
    bar = window.client_editor.profile_scroll.verticalScrollBar()
    bar.setValue(0)
    before, scroll_before = combo.currentIndex(), bar.value()
    for _ in range(3):
        wheel(combo)
    assert combo.currentIndex() == before
    assert bar.value() > scroll_before  # the wheel went on to the form
    assert not window.client_editor.is_dirty()
    combo.setFocus()
    wheel(combo)
    assert combo.currentIndex() != before  # a focused combo still takes it


def test_new_client_shows_and_saves_a_center_and_warns_without_sba_location(
    qtbot, open_window: WindowFactory, db: Database
) -> None:
    with db.unit_of_work() as s:
        s.execute(update(Center).values(sba_location_code=None))
    window = open_window()
    window.action_new_client.trigger()
    center = field(window, "center_id")
    assert isinstance(center, QComboBox)
    assert center.currentText() == "Main Center"  # shown in the form before saving
    field(window, "name").setText("Brand New LLC")
    qtbot.mouseClick(window.findChild(QPushButton, "saveClient"), Qt.MouseButton.LeftButton)
    with db.reading() as s:
        saved = s.scalars(select(Client).where(Client.name == "Brand New LLC")).one()
        assert saved.center_id is not None
    assert "has no SBA location code" in window.client_editor.messages.label.text()
    assert window.client_editor.messages.isVisible()


def _save_new(qtbot, window: MainWindow, name: str) -> None:
    window.action_new_client.trigger()
    field(window, "name").setText(name)
    qtbot.mouseClick(window.findChild(QPushButton, "saveClient"), Qt.MouseButton.LeftButton)


def _count(db: Database, name: str) -> int:
    with db.reading() as s:
        return int(s.scalar(select(func.count()).select_from(Client).where(Client.name == name)) or 0)


def test_duplicate_name_asks_and_opens_the_existing_client(
    qtbot, open_window: WindowFactory, make_client, db: Database
) -> None:
    existing: uuid.UUID = make_client("Adams Supply")
    window = open_window()
    asked = answer("duplicateClient", click_named("duplicate.open"))
    _save_new(qtbot, window, "adams supply")
    assert asked.answered
    assert "has the same name" in asked.seen[0]
    assert _count(db, "adams supply") == 0
    assert window.client_editor.client_id == existing
    assert not window.client_editor.is_dirty()


def test_duplicate_name_save_anyway_saves(qtbot, open_window: WindowFactory, make_client, db: Database) -> None:
    make_client("Adams Supply")
    window = open_window()
    asked = answer("duplicateClient", click_named("duplicate.save"))
    _save_new(qtbot, window, "Adams Supply")
    assert asked.answered
    assert _count(db, "Adams Supply") == 2


def test_impossible_date_says_what_is_wrong_and_never_required(qtbot, open_window: WindowFactory, make_client) -> None:
    make_client("Dated Co", company_status="B", date_established="2020-01-15")
    window = open_window()
    editor = window.client_editor.editors["date_established"]
    editor.edit.setText("2026-02-30")
    editor.edit.editingFinished.emit()
    assert editor.problem_text == "Date Company Established: February 2026 has 28 days."
    qtbot.mouseClick(window.findChild(QPushButton, "saveClient"), Qt.MouseButton.LeftButton)
    shown = window.client_editor.messages.label.text()
    assert "February 2026 has 28 days" in shown
    assert "is required" not in shown
    assert "is required" not in editor.problem_text
    assert editor.edit.text() == "2026-02-30"  # nothing typed is lost


def test_a_160_character_name_never_widens_the_window(qtbot, open_window: WindowFactory, make_client) -> None:
    long_name = ("Adams Supply and Sons Wholesale Distribution of Industrial Fasteners, Fittings, Valves " * 2)[:160]
    client_id = make_client(long_name)
    make_client("Short Co")
    window = open_window()
    window.resize(1280, 720)
    qtbot.wait(20)
    width = window.width()
    window.client_editor.load_client(client_id)
    qtbot.wait(50)
    assert window.width() == width
    assert window.minimumSizeHint().width() <= 1280
    header = window.client_editor.header
    assert header.toolTip().startswith(long_name)  # the full name is one hover away
    save = window.findChild(QPushButton, "saveClient")
    right = save.mapTo(window, save.rect().topRight()).x()
    assert 0 < right <= window.width()
