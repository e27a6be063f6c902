"""Help: F1 opens the user guide; the guide names every sync rule and every menu shortcut; What's This."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from neodesk.sync.client_rules import CLIENT_RULES
from neodesk.sync.field_help import tracked_fields
from neodesk.sync.milestone_effects import MILESTONE_RULES
from neodesk.ui.help_window import HelpWindow, guide_chapters
from neodesk.ui.main_window import MainWindow


def guide_text() -> str:
    chapters = guide_chapters()
    assert chapters, "resources/guide holds no chapter"
    return "\n".join(path.read_text(encoding="utf-8") for _title, path in chapters)


def test_every_sync_rule_is_explained_in_the_guide() -> None:
    text = guide_text()
    ids = {rule.rule_id for rule in CLIENT_RULES} | {rule.rule_id for rule in MILESTONE_RULES}
    missing = sorted(i for i in ids if not re.search(rf"<b>{i}</b>", text))
    assert not missing, f"rules the user guide does not explain: {missing}"


def test_every_menu_shortcut_is_in_the_guide(open_window: Callable[[], MainWindow]) -> None:
    window = open_window()
    text = guide_text()
    shortcuts = set()
    for menu in window.menuBar().findChildren(type(window.menuBar().actions()[0].menu())):
        for action in menu.actions():
            for key in action.shortcuts():
                shortcuts.add(key.toString(QKeySequence.SequenceFormat.PortableText))
    shortcuts.add(window.action_whats_this.shortcut().toString(QKeySequence.SequenceFormat.PortableText))
    assert "F1" in shortcuts
    missing = sorted(s for s in shortcuts if s and f"<code>{s}</code>" not in text)
    assert not missing, f"shortcuts the user guide does not list: {missing}"


def test_f1_opens_the_help_window_with_content(qtbot: Any, open_window: Callable[[], MainWindow]) -> None:
    window = open_window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.client_editor.tabs, Qt.Key.Key_F1)
    qtbot.waitUntil(
        lambda: any(w.objectName() == "HelpWindow" and w.isVisible() for w in QApplication.topLevelWidgets())
    )
    help_window = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "HelpWindow")
    assert isinstance(help_window, HelpWindow)
    assert help_window.isVisible()
    assert help_window.contents.count() >= 5
    assert "Getting started" in help_window.browser.toPlainText()
    help_window.show_topic("The sync rules")
    assert "P11" in help_window.browser.toPlainText()
    help_window.close()


def test_tracked_fields_say_which_milestone_they_propose(open_window: Callable[[], MainWindow]) -> None:
    window = open_window()
    editors = window.client_editor.editors
    assert "Change in Full-Time Staff" in editors["full_time_employees"].widget.whatsThis()
    assert "P2" in editors["full_time_employees"].widget.whatsThis()
    assert "Change in Sales" in editors["gross_sales"].widget.whatsThis()
    for key in tracked_fields():
        assert "rule" in editors[key].widget.whatsThis(), key
    assert editors["city"].widget.whatsThis() == ""
