"""The client's milestones, newest first, with New / Edit / Delete.

New and Edit are signals: the New Milestone dialog (another module) is opened by the main window, so
this tab stays a list.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from neodesk.services.activity import delete_milestone
from neodesk.services.activity_rows import MilestoneListRow, client_milestone_rows
from neodesk.ui.activity_tab import ActivityTab
from neodesk.ui.context import AppContext
from neodesk.ui.record_table import RecordRow

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
    return RecordRow(
        m.id,
        (
            m.date.isoformat(),
            m.type_name,
            amount_text(m),
            ", ".join(m.counselors),
            "Yes" if m.reportable else "No",
        ),
        tooltip,
    )


class MilestonesTab(ActivityTab):
    new_requested = Signal()
    edit_requested = Signal(object)  # milestone id

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            context,
            headers=HEADERS,
            list_name="milestoneList",
            title="Milestones",
            stretch_column=COL_TYPE,
            stem="Milestone",
            new_tip="New milestone (Ctrl+M)",
            parent=parent,
        )

    def records(self, client_id: uuid.UUID) -> tuple[list[MilestoneListRow], Callable[[MilestoneListRow], RecordRow]]:
        return client_milestone_rows(self._context.db, client_id), milestone_row

    def new_record(self) -> None:
        self.new_requested.emit()

    def edit_record(self, record_id: uuid.UUID) -> None:
        self.edit_requested.emit(record_id)

    def confirm_delete(self, row: int) -> bool:
        what = f"{self.cell(row, COL_TYPE)} of {self.cell(row, COL_DATE)}"
        return self.confirm(
            "Delete milestone",
            f"Delete the milestone {what}? The client record is not changed.",
            "confirmDeleteMilestone",
        )

    def delete_record(self, record_id: uuid.UUID) -> None:
        delete_milestone(self._context.db, record_id, counselor_id=self._context.counselor_id)
