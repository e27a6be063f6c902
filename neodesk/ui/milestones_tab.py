"""The client's milestones, newest first, with New / Edit / Delete.

New and Edit are signals: the New Milestone dialog (another module) is opened by the main window, so
this tab stays a list.
"""

from __future__ import annotations

import contextlib
import uuid
from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from neodesk.services.activity import delete_milestone
from neodesk.services.activity_rows import MilestoneListRow, milestone_rows
from neodesk.services.errors import NotFound
from neodesk.ui import dialogs
from neodesk.ui.context import AppContext
from neodesk.ui.record_table import RecordRow, RecordTableModel, record_view, selected_id

COL_DATE, COL_TYPE, COL_AMOUNT, COL_COUNSELOR, COL_REPORTABLE = range(5)
HEADERS = ("Date", "Type", "Amount (change) or detail", "Counselor", "Reportable")


def _number(value: Decimal, carries: str, *, signed: bool = False) -> str:
    if carries == "count":
        text = f"{int(value):+,}" if signed else f"{int(value):,}"
    else:
        text = f"{value:+,.2f}" if signed else f"{value:,.2f}"
    return text


def amount_text(m: MilestoneListRow) -> str:
    """The new total with its change from the client's value before: "15 (+3)", "250,000.00 (+50,000.00)"."""
    carries = m.carries if m.carries != "none" else "money"
    if m.amount is None:
        return m.detail or ""
    text = _number(m.amount, carries)
    change = m.change
    if change is not None:
        text += f" ({_number(change, carries, signed=True)})"
    return text


def milestone_row(m: MilestoneListRow) -> RecordRow:
    tooltip = "\n".join(p for p in (m.detail, m.notes) if p)
    return RecordRow(m.id, (
        m.date.isoformat(), m.type_name, amount_text(m), ", ".join(m.counselors),
        "Yes" if m.reportable else "No",
    ), tooltip)


class MilestonesTab(QWidget):
    new_requested = Signal()
    edit_requested = Signal(object)  # milestone id
    changed = Signal()  # a milestone was deleted

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._client_id: uuid.UUID | None = None
        self.model = RecordTableModel(HEADERS, self)
        self.view = record_view(self.model, "milestoneList", "Milestones", stretch_column=COL_TYPE)
        self.new_button = QPushButton("New…", objectName="newMilestone", toolTip="New milestone (Ctrl+M)")
        self.edit_button = QPushButton("Edit…", objectName="editMilestone")
        self.delete_button = QPushButton("Delete", objectName="deleteMilestone")
        self.new_button.clicked.connect(self.new_requested)
        self.edit_button.clicked.connect(self._edit)
        self.delete_button.clicked.connect(self.delete_selected)
        self.view.doubleClicked.connect(self._edit)
        self.view.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)

        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        self._update_buttons()

    def load(self, client_id: uuid.UUID | None) -> None:
        self._client_id = client_id
        if client_id is None:
            self.model.set_rows([])
        else:
            with self._context.db.session() as session:
                self.model.set_rows([milestone_row(m) for m in milestone_rows(session, client_id)])
        self.new_button.setEnabled(client_id is not None)

    def reload(self) -> None:
        self.load(self._client_id)

    def _update_buttons(self) -> None:
        has = selected_id(self.view) is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def _edit(self) -> None:
        if (milestone_id := selected_id(self.view)) is not None:
            self.edit_requested.emit(milestone_id)

    def delete_selected(self) -> None:
        milestone_id = selected_id(self.view)
        if milestone_id is None:
            return
        row = self.view.currentIndex().row()
        what = f"{self.model.index(row, COL_TYPE).data()} of {self.model.index(row, COL_DATE).data()}"
        if not dialogs.confirm(self, "Delete milestone",
                               f"Delete the milestone {what}? The client record is not changed.",
                               action="Delete", object_name="confirmDeleteMilestone"):
            return
        with contextlib.suppress(NotFound):  # already gone: the reload below shows that
            delete_milestone(self._context.db, milestone_id, counselor_id=self._context.counselor_id)
        self.reload()
        self.changed.emit()
