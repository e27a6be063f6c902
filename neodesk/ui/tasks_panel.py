"""The main window's Tasks dock (`tasksPanel`, agreements.md §7 and §12) and the start notification.

The panel shows the plain rows of neodesk.services.agreements.tasks for the signed-in counselor; a
double click opens the agreement editor at the task's milestone. It reloads when a change touches
agreements or tasks (`on_changes`, called by the main window's change broadcast) and when the
window comes back to the front (an editor opened elsewhere may have changed something meanwhile).

At start, one notification says what is new since the last one: the keys of the tasks shown are
remembered per counselor in the UI state file (neodesk.ui.settings_store), so the same tasks are
not announced twice.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from neodesk.services.agreements.tasks import TaskKind, TaskList, TaskRow, new_since, notification_text, task_list
from neodesk.services.changes import Changes, Kind
from neodesk.services.errors import NotFound
from neodesk.ui.context import AppContext
from neodesk.ui.named import named
from neodesk.ui.settings_store import ui_settings

COLUMNS = ("Task", "Agreement", "Milestone", "Due", "What")
KIND_COLOURS = {
    TaskKind.OVERDUE: "#b00020",
    TaskKind.PROBLEM: "#b00020",
    TaskKind.APPROVAL: "#a86b00",
    TaskKind.RESUBMISSION: "#a86b00",
    TaskKind.REVIEW: "#1f5fa8",
    TaskKind.DUE: "#333333",
}
# The editor's section a task opens on (the others open on the milestone's conditions).
SECTION_OF = {
    TaskKind.APPROVAL: "approvals_section",
    TaskKind.RESUBMISSION: "approvals_section",
    TaskKind.REVIEW: "objectives_section",
}
# What a change must touch for the tasks to be read again.
TASK_KINDS = (Kind.AGREEMENT, Kind.TASK, Kind.APPROVAL_GROUP, Kind.SETTING, Kind.EXCHANGE)


def _seen_key(context: AppContext) -> str:
    return f"tasks/seen/{context.counselor_id}"


def seen_tasks(context: AppContext) -> frozenset[str]:
    """The keys of the tasks the last notification covered, for this counselor."""
    value = ui_settings().value(_seen_key(context), "")
    return frozenset(line for line in str(value or "").split("\n") if line)


def remember_seen(context: AppContext, rows: tuple[TaskRow, ...]) -> None:
    settings = ui_settings()
    settings.setValue(_seen_key(context), "\n".join(sorted(r.key for r in rows)))
    settings.sync()


class TasksPanel(QDockWidget):
    """The counselor's tasks, soonest first; a double click opens the record."""

    # Emitted with (agreement number, milestone code) when a task is opened.
    opened = Signal(str, str)
    # The kinds of record whose changes it shows (the change bus's subscription).
    SHOWS = TASK_KINDS

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("Tasks", parent)
        self.setObjectName("tasksPanel")
        self._context = context
        self.tasks: TaskList | None = None
        self.as_of: date | None = None  # None: today in the center's zone (a test or a what-if sets a day)
        self.editors: list[QWidget] = []
        self.setAllowedAreas(
            Qt.DockWidgetArea.BottomDockWidgetArea
            | Qt.DockWidgetArea.RightDockWidgetArea
            | Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.summary = named(QLabel(), "tasksSummary")
        self.refresh_button = named(QPushButton("Refresh"), "tasksRefresh")
        self.refresh_button.clicked.connect(self.reload)
        # The start notification, in the panel: non-modal, closed with its × (tasksNotice).
        self.notice = named(QWidget(), "tasksNotice")
        self.notice_text = named(QLabel(), "tasksNotice.text")
        self.notice_close = named(QToolButton(), "tasksNotice.close")
        self.notice_text.setWordWrap(True)
        self.notice_close.setText("×")
        self.notice_close.setAutoRaise(True)
        self.notice_close.setToolTip("Dismiss")
        self.notice_close.clicked.connect(self.notice.hide)
        self.notice.setStyleSheet("#tasksNotice { background: #fff4ce; border: 1px solid #e0c060; }")
        notice_layout = QHBoxLayout(self.notice)
        notice_layout.setContentsMargins(6, 2, 2, 2)
        notice_layout.addWidget(self.notice_text, 1)
        notice_layout.addWidget(self.notice_close, 0, Qt.AlignmentFlag.AlignTop)
        self.notice.hide()
        self.table = named(QTableWidget(0, len(COLUMNS)), "tasksTable")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((100, 110, 90, 90)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(lambda index: self.open_row(index.row()))
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.refresh_button)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.notice)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.setWidget(body)

    # -- reading --------------------------------------------------------------------------------------------
    def reload(self) -> None:
        try:
            self.tasks = task_list(self._context.db, who=self._context.counselor_id, as_of=self.as_of)
        except NotFound as exc:  # the signed-in counselor was removed meanwhile
            self.tasks = None
            self.summary.setText(str(exc))
            self.table.setRowCount(0)
            return
        rows = self.tasks.rows
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(
                (row.label, row.agreement, row.milestone, row.due.isoformat() if row.due else "", row.text)
            ):
                item = QTableWidgetItem(value)
                item.setToolTip(row.text)
                if c == 0:
                    item.setForeground(QColor(KIND_COLOURS[row.kind]))
                self.table.setItem(r, c, item)
        count = f"{len(rows)} task{'s' if len(rows) != 1 else ''}" if rows else "Nothing to do"
        self.summary.setText(
            f"{count} as of {self.tasks.as_of.isoformat()} (milestones due within {self.tasks.days} days)"
        )

    def on_changes(self, changes: Changes, _source: object = None) -> None:
        """The main window's change bus (subscribed with SHOWS): read again when agreements or tasks were written."""
        if changes.touches(*self.SHOWS):
            self.reload()

    def row(self, number: int) -> TaskRow | None:
        rows = self.tasks.rows if self.tasks else ()
        return rows[number] if 0 <= number < len(rows) else None

    # -- the start notification -----------------------------------------------------------------------------
    def notify_new(self) -> str:
        """Show what is new since the last notification (once: the shown tasks are remembered)."""
        if self.tasks is None:
            self.reload()
        if self.tasks is None:
            return ""
        text = notification_text(new_since(self.tasks.rows, seen_tasks(self._context)))
        remember_seen(self._context, self.tasks.rows)
        if text:
            self.notice_text.setText(text)
            self.notice.show()
        return text

    # -- opening --------------------------------------------------------------------------------------------
    def open_row(self, number: int) -> QWidget | None:
        """The agreement editor at the task's milestone (non-modal; the tasks reload when it changes)."""
        from neodesk.ui.agreements import AgreementEditor

        row = self.row(number)
        if row is None:
            return None
        try:
            editor = AgreementEditor(self._context, row.agreement, self.window())
        except NotFound as exc:  # deleted meanwhile (another desk's bundle, say)
            self.summary.setText(str(exc))
            self.reload()
            return None
        editor.show_milestone(row.milestone)
        section = SECTION_OF.get(row.kind)
        if section is not None:  # the part of the editor the task is about
            editor.sections.setCurrentWidget(getattr(editor, section))
        editor.changed.connect(self.reload)
        editor.finished.connect(lambda _r, e=editor: self._forget(e))
        self.editors.append(editor)
        editor.show()
        self.opened.emit(row.agreement, row.milestone)
        return editor

    def _forget(self, editor: QWidget) -> None:
        if editor in self.editors:
            self.editors.remove(editor)


class _ReloadOnActivate(QObject):
    """Reads the tasks again when the main window comes back to the front."""

    def __init__(self, panel: TasksPanel) -> None:
        super().__init__(panel)
        self._panel = panel

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowActivate and self._panel.isVisible():
            self._panel.reload()
        return False


def install_tasks_panel(window: QMainWindow, context: AppContext) -> TasksPanel:
    """Dock the Tasks panel at the bottom of `window`, read it, and show the start notification."""
    panel = TasksPanel(context, window)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, panel)
    # A strip under the list and the editor, not half the window: they keep most of the height.
    window.resizeDocks([panel], [max(190, window.height() // 4)], Qt.Orientation.Vertical)
    window.installEventFilter(_ReloadOnActivate(panel))
    bus = getattr(window, "changes", None)  # the main window's change bus (ui.change_bus), where it has one
    if bus is not None and hasattr(bus, "subscribe"):
        bus.subscribe(panel.SHOWS, panel.on_changes)
    toggle = panel.toggleViewAction()
    toggle.setObjectName("action.tasksPanel")
    view = window.findChild(QMenu, "menu.view")
    if view is not None:  # View ▸ Tasks brings a closed panel back
        view.addAction(toggle)
    panel.reload()
    text = panel.notify_new()
    if text:
        window.statusBar().showMessage(text, 15_000)
    return panel


def dock_tasks_panel(window: QMainWindow, context: AppContext) -> None:
    """The main window's hook (ui.window_parts): dock the panel once, as `window.tasks_panel`."""
    if getattr(window, "tasks_panel", None) is None:
        window.tasks_panel = install_tasks_panel(window, context)  # type: ignore[attr-defined]
