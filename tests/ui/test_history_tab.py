"""The client editor's History tab shows a change saved in the editor: field, from, to, who."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton, QWidget

from neodesk.ui.history_tab import HistoryTab
from neodesk.ui.main_window import MainWindow


def test_history_tab_shows_the_change_just_saved(
    qtbot: Any, open_window: Callable[..., MainWindow], make_client: Callable[..., Any]
) -> None:
    make_client("Acme Bakery", city="Springfield")
    window = open_window(home=True)
    editor = window.client_editor
    view = window.client_list.view
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(view.model().index(0, 0)).center())
    assert window.right_stack.currentWidget() is editor  # clicking the client brings the editor in front of Home
    history = window.findChild(QWidget, "tab.history")
    assert isinstance(history, HistoryTab)
    city = window.findChild(QLineEdit, "field.city")
    city.setText("Shelbyville")
    qtbot.mouseClick(window.findChild(QPushButton, "saveClient"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor.is_dirty())
    editor.tabs.setCurrentWidget(history)
    model = history.model
    qtbot.waitUntil(lambda: model.rowCount() > 0)
    texts = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert texts[0][2:] == ["Client", "Changed", "City", "Springfield", "Shelbyville"]
    assert texts[0][1] == window.context.counselor_name
    assert history.view.editTriggers() == history.view.EditTrigger.NoEditTriggers
