"""Contract Readiness tab (screens.md): DIB / GIB readiness above, the checklist of readiness steps below.

Each step has an edit shortcut (``edit.<code>``): the New Milestone dialog with that type checked, or
the Edit Milestone dialog for the newest such milestone where one exists.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from neodesk.catalog.milestone_types import Carries
from neodesk.services.errors import NotFound
from neodesk.services.milestones import LogResult
from neodesk.services.readiness import ReadinessGoal, ReadinessOverview, ReadinessStep, client_readiness
from neodesk.sync.deciding import Decider
from neodesk.ui import dialogs
from neodesk.ui.edit_milestone_dialog import EditMilestoneDialog
from neodesk.ui.milestone_fields import counselor_id_of
from neodesk.ui.new_milestone_dialog import NewMilestoneDialog

if TYPE_CHECKING:
    from neodesk.models import Counselor, Database

COL_STEP, COL_DONE, COL_DATE, COL_DETAIL, COL_REQUIRED, COL_EDIT = range(6)
HEADERS = ("Step", "Done", "Date", "Detail", "Required for", "")
GOAL_SHORT = {"dib_ready": "DIB", "gib_ready": "GIB"}

# Local to the tab: the highlight says "this client sells to government", nothing app-wide.
STYLE = """
QFrame#readinessGoals { border: 1px solid palette(mid); border-radius: 3px; }
QFrame#readinessGoals[highlighted="true"] { background: #e8f1fb; border: 1px solid #4a7fc1; }
QLabel#readinessGovcon { color: #1f4f8f; font-weight: 600; }
"""


def step_detail(step: ReadinessStep) -> str:
    """ "250,000.00 · Army, W911-24-C-0001": the amount (an award, an SPRS score) and the detail."""
    parts = []
    if step.amount is not None:
        parts.append(f"{int(step.amount):,}" if step.carries == Carries.COUNT else f"{step.amount:,.2f}")
    if step.detail:
        parts.append(step.detail)
    return " · ".join(parts)


def goal_status(goal: ReadinessGoal) -> str:
    if goal.ready:
        return f"Ready since {goal.date.isoformat()}" if goal.date else "Ready"
    return "Not ready yet"


class ReadinessTab(QWidget):
    """``load(client_id)`` shows a client; ``changed`` is emitted after a milestone was saved from here."""

    changed = Signal()

    def __init__(
        self,
        db: Database,
        counselor: Counselor | uuid.UUID | None,
        *,
        today: date | None = None,
        decider: Decider | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("tab.readiness")
        self._db = db
        self._counselor_id = counselor_id_of(counselor)
        self._today = today
        self.decider = decider  # who answers the dialogs' prompts (None: a modal SyncPrompt)
        self._client_id: uuid.UUID | None = None
        self.overview: ReadinessOverview | None = None
        self.last_log: LogResult | None = None  # what the last New Milestone save wrote (warnings, notices)
        self.edit_buttons: dict[str, QPushButton] = {}
        # Asked before a dialog opens (the client editor settles unsaved edits); False = do not open.
        self.guard: Callable[[], bool] = lambda: True

        self.goals_frame = QFrame(objectName="readinessGoals")
        self.goals_frame.setProperty("highlighted", False)
        self.goals_frame.setStyleSheet(STYLE)
        self._goals_grid = QGridLayout(self.goals_frame)
        self.govcon = QLabel("Government contracting client", objectName="readinessGovcon")
        self.govcon.hide()
        self._goals_grid.addWidget(self.govcon, 0, 0, 1, 3)
        self.goal_labels: dict[str, QLabel] = {}
        self.goal_progress: dict[str, QProgressBar] = {}

        self.table = QTableWidget(0, len(HEADERS), objectName="readinessChecklist")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setAccessibleName("Contract readiness steps")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_STEP, QHeaderView.ResizeMode.Stretch)
        for column in (COL_DONE, COL_DATE, COL_REQUIRED, COL_EDIT):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_DETAIL, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda index: self._open_row(index.row()))

        layout = QVBoxLayout(self)
        layout.addWidget(self.goals_frame)
        layout.addWidget(self.table, 1)

    # -- showing -----------------------------------------------------------------------------------------------
    def load(self, client_id: uuid.UUID | None) -> None:
        self._client_id = client_id
        overview = None
        if client_id is not None:
            try:
                overview = client_readiness(self._db, client_id)
            except NotFound:
                overview = None
        self.overview = overview
        self._show_goals(overview)
        self._show_steps(overview)
        highlighted = bool(overview and overview.government_contracting)
        for widget in (self, self.goals_frame):
            widget.setProperty("highlighted", highlighted)
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        self.govcon.setVisible(highlighted)

    def reload(self) -> None:
        self.load(self._client_id)

    def _show_goals(self, overview: ReadinessOverview | None) -> None:
        for goal in overview.goals if overview else ():
            if goal.code not in self.goal_labels:
                row = len(self.goal_labels) + 1
                name = QLabel(f"<b>{goal.name}</b>")
                status = QLabel(objectName=f"goal.{goal.code}")
                bar = QProgressBar(objectName=f"progress.{goal.code}")
                bar.setAccessibleName(f"{goal.name} progress")
                self._goals_grid.addWidget(name, row, 0)
                self._goals_grid.addWidget(status, row, 1)
                self._goals_grid.addWidget(bar, row, 2)
                self.goal_labels[goal.code] = status
                self.goal_progress[goal.code] = bar
            self.goal_labels[goal.code].setText(goal_status(goal))
            bar = self.goal_progress[goal.code]
            bar.setRange(0, max(goal.progress.required, 1))
            bar.setValue(goal.progress.done)
            bar.setFormat(goal.progress_text)
            bar.setToolTip(goal.progress_text)
        self.goals_frame.setVisible(overview is not None)

    def _show_steps(self, overview: ReadinessOverview | None) -> None:
        steps = overview.steps if overview else ()
        for stale in self.edit_buttons.values():
            # The table deletes replaced cell widgets later; until then they must not answer to their name.
            stale.setObjectName("")
        self.table.setRowCount(0)
        self.table.setRowCount(len(steps))
        self.edit_buttons = {}
        for row, step in enumerate(steps):
            required = ", ".join(GOAL_SHORT.get(g, g) for g in step.required_for)
            cells = (
                step.name,
                "Done" if step.done else "—",
                step.date.isoformat() if step.date else "",
                step_detail(step),
                required,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == COL_DONE:
                    item.setData(Qt.ItemDataRole.UserRole, step.done)
                item.setData(Qt.ItemDataRole.UserRole + 1, step.code)
                self.table.setItem(row, column, item)
            button = QPushButton("Edit…" if step.done else "Log…", objectName=f"edit.{step.code}")
            button.setToolTip(f"Edit the newest {step.name} milestone" if step.done else f"Log a {step.name} milestone")
            button.setAccessibleName(button.toolTip())
            button.setEnabled(step.done or step.active)  # an inactive type can be edited, not logged
            button.clicked.connect(lambda _=False, code=step.code: self.open_step(code))
            self.table.setCellWidget(row, COL_EDIT, button)
            self.edit_buttons[step.code] = button

    # -- editing -----------------------------------------------------------------------------------------------
    def _open_row(self, row: int) -> None:
        item = self.table.item(row, COL_STEP)
        if item is not None:
            self.open_step(item.data(Qt.ItemDataRole.UserRole + 1))

    def open_step(self, code: str) -> None:
        """The edit shortcut: log a new milestone of `code`, or edit the newest one."""
        if self._client_id is None or self.overview is None or not self.guard():
            return
        if self.overview is None:  # settling the edits reloaded the tab; the client may be gone
            return
        step = self.overview.step(code)
        dialog: QDialog
        try:
            if step is not None and step.milestone_id is not None:
                dialog = EditMilestoneDialog(
                    self._db,
                    step.milestone_id,
                    self._counselor_id,
                    today=self._today,
                    decider=self.decider,
                    parent=self,
                )
            else:
                dialog = NewMilestoneDialog(
                    self._db,
                    self._client_id,
                    self._counselor_id,
                    preselect=code,
                    today=self._today,
                    decider=self.decider,
                    parent=self,
                )
        except NotFound as exc:
            dialogs.show_error(self, "Contract readiness", str(exc))
            self.reload()
            return
        try:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()
        if accepted:
            self.last_log = dialog.result_log if isinstance(dialog, NewMilestoneDialog) else None
            self.reload()
            self.changed.emit()
