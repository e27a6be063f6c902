"""The Tasks panel (agreements.md §7, §12) driven for real: two counselors on several dates, a double
click opening the agreement editor at the milestone, the start notification shown once per
counselor, reloading on a change that touches agreements, and the dock in the main window."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu
from pytestqt.qtbot import QtBot

from neodesk.models import Counselor, Database
from neodesk.services.agreements import milestone_status, process, review_objective
from neodesk.services.changes import Changes, Kind
from neodesk.ui.agreements import AgreementEditor
from neodesk.ui.context import AppContext
from neodesk.ui.main_window import MainWindow
from neodesk.ui.tasks_panel import TasksPanel, install_tasks_panel
from tests.services.agreement_fixtures import ADMIN, COUNSELOR, add_counselor
from tests.services.test_agreement_approvals import BEN, answered, desk
from tests.services.test_agreement_tasks import _agreement

__all__ = ["desk"]  # the fixture: Maria's payroll grant waiting for the Program group

DAY = date(2026, 6, 1)


@pytest.fixture
def agreement(db: Database) -> Database:
    add_counselor(db)
    _agreement(db)
    return db


def _context(db: Database, email: str) -> AppContext:
    with db.reading() as tx:
        c = tx.query(Counselor).filter(Counselor.email == email).one()
        return AppContext(db, c.id, c.name, c.is_admin)


def _panel(qtbot: QtBot, db: Database, email: str, on: date) -> TasksPanel:
    panel = TasksPanel(_context(db, email))
    qtbot.addWidget(panel)
    panel.as_of = on
    panel.reload()
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def _rows(panel: TasksPanel) -> list[tuple[str, ...]]:
    t = panel.table
    return [tuple(t.item(r, c).text() for c in range(t.columnCount())) for r in range(t.rowCount())]


def test_two_counselors_on_two_dates(qtbot: QtBot, agreement: Database) -> None:
    admin = _panel(qtbot, agreement, ADMIN, DAY)
    assert _rows(admin) == [("Due soon", "AG-T", "M1", "2026-06-05", "M1 is due 2026-06-05, in 4 days: Plan")]
    assert admin.summary.text() == "1 task as of 2026-06-01 (milestones due within 7 days)"
    admin.as_of = date(2026, 6, 6)
    admin.reload()
    assert [r[0] for r in _rows(admin)] == ["Overdue"]
    maria = _panel(qtbot, agreement, COUNSELOR, DAY)
    assert _rows(maria) == [("Overdue", "AG-T", "M2", "2026-05-20", "M2 was due 2026-05-20, 12 days ago: Report")]
    maria.as_of = date(2026, 5, 1)
    maria.reload()
    assert _rows(maria) == []
    assert maria.summary.text().startswith("Nothing to do as of 2026-05-01")


def test_a_double_click_opens_the_editor_at_the_milestone(qtbot: QtBot, agreement: Database) -> None:
    panel = _panel(qtbot, agreement, COUNSELOR, DAY)
    opened: list[tuple[str, str]] = []
    panel.opened.connect(lambda number, code: opened.append((number, code)))
    rect = panel.table.visualRect(panel.table.model().index(0, 2))
    # A real double click: press and release, then the double-click press Qt turns into doubleClicked.
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: bool(panel.editors))
    editor = panel.editors[0]
    assert isinstance(editor, AgreementEditor)
    assert opened == [("AG-T", "M2")]
    assert editor.number == "AG-T"
    assert editor.selected_code() == "M2"
    assert editor.isVisible()
    editor.close()
    qtbot.waitUntil(lambda: not panel.editors)


def test_the_notification_says_what_is_new_once_per_counselor(qtbot: QtBot, agreement: Database) -> None:
    admin = _panel(qtbot, agreement, ADMIN, DAY)
    assert admin.notify_new() == "1 new task: AG-T/M1 due soon (see the Tasks panel)."
    assert admin.notice.isVisible()
    qtbot.mouseClick(admin.notice_close, Qt.MouseButton.LeftButton)
    assert not admin.notice.isVisible()
    again = _panel(qtbot, agreement, ADMIN, DAY)
    assert again.notify_new() == ""
    assert not again.notice.isVisible()
    # Maria's last look is her own; a new day makes the admin's milestone overdue: new again.
    assert _panel(qtbot, agreement, COUNSELOR, DAY).notify_new().startswith("1 new task: AG-T/M2 overdue")
    assert _panel(qtbot, agreement, ADMIN, date(2026, 6, 6)).notify_new().startswith("1 new task: AG-T/M1 overdue")


def test_reloads_when_a_change_touches_agreements(qtbot: QtBot, agreement: Database) -> None:
    panel = _panel(qtbot, agreement, ADMIN, DAY)
    milestone_status(agreement, "AG-T", ["M1"], "cancel", reason="not needed", counselor_email=ADMIN)
    panel.on_changes(Changes.of(Kind.CLIENT))
    assert panel.table.rowCount() == 1  # a client change does not touch tasks: not read again
    panel.on_changes(Changes.of(Kind.AGREEMENT))
    assert panel.table.rowCount() == 0


def test_the_main_window_docks_the_panel_and_notifies(
    qtbot: QtBot, agreement: Database, open_window: Callable[[], MainWindow]
) -> None:
    window = open_window()
    qtbot.waitUntil(lambda: getattr(window, "tasks_panel", None) is not None)
    dock = window.findChild(QDockWidget, "tasksPanel")
    assert dock is window.tasks_panel
    assert window.dockWidgetArea(dock) == Qt.DockWidgetArea.BottomDockWidgetArea
    # Today is after every due date of AG-T: the administrator's M1 is overdue, and said so once.
    assert [dock.table.item(r, 2).text() for r in range(dock.table.rowCount())] == ["M1"]
    assert dock.notice_text.text().startswith("1 new task: AG-T/M1 overdue")
    view = window.findChild(QMenu, "menu.view")
    assert "action.tasksPanel" in [a.objectName() for a in view.actions()]  # View ▸ Tasks brings it back


def test_a_review_task_opens_the_objectives_and_an_approval_the_approvals(
    qtbot: QtBot, desk: Database, tmp_path: Path
) -> None:
    answered(desk, tmp_path, who=ADMIN)
    maria = _panel(qtbot, desk, COUNSELOR, date.today())
    assert [r[0] for r in _rows(maria)] == ["Review"]
    editor = maria.open_row(0)
    assert isinstance(editor, AgreementEditor)
    assert editor.sections.currentWidget() is editor.objectives_section
    assert set(editor.objectives_section.rows) == {"1.1", "1.2", "1.3"}
    editor.close()
    review_objective(desk, "AG-9", "PAYROLL", 1, "accept", counselor_email=COUNSELOR)
    process(desk, counselor_email=COUNSELOR)
    ben = _panel(qtbot, desk, BEN, date.today())
    assert _rows(ben)[0][:3] == ("Approval", "AG-9", "PAYROLL")
    editor = ben.open_row(0)
    assert isinstance(editor, AgreementEditor)
    assert editor.sections.currentWidget() is editor.approvals_section
    assert editor.approvals_section.approve_button.isEnabled()
    editor.close()


class _Bus:
    """The change bus's subscribe (neodesk.ui.change_bus): who listens to which kinds."""

    def __init__(self) -> None:
        self.listeners: list[tuple[tuple[Kind, ...], Callable[[Changes, object], None]]] = []
        self.published: list[Changes] = []

    def subscribe(self, kinds: tuple[Kind, ...], listener: Callable[[Changes, object], None]) -> None:
        self.listeners.append((tuple(kinds), listener))

    def publish(self, changes: Changes, source: object = None) -> None:
        self.published.append(changes)
        for kinds, listener in self.listeners:
            if changes.touches(*kinds):
                listener(changes, source)


def test_installed_in_a_window_with_a_change_bus_it_listens(qtbot: QtBot, agreement: Database) -> None:
    window = QMainWindow()
    window.changes = _Bus()  # type: ignore[attr-defined]
    qtbot.addWidget(window)
    panel = install_tasks_panel(window, _context(agreement, ADMIN))
    panel.as_of = DAY
    panel.reload()
    assert panel.table.rowCount() == 1
    # An editor opened from the panel tells the window's bus what it wrote: the panel reads again.
    editor = panel.open_row(0)
    assert isinstance(editor, AgreementEditor)
    milestone_status(agreement, "AG-T", ["M1"], "cancel", reason="not needed", counselor_email=ADMIN)
    try:
        editor.acts.publish(Changes.of(Kind.AGREEMENT))
        assert window.changes.published == [Changes.of(Kind.AGREEMENT)]  # type: ignore[attr-defined]
        assert panel.table.rowCount() == 0
    finally:
        editor.close()
