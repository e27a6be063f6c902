"""The client's counseling sessions, newest first, with New / Edit / Delete."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Mapping, Sequence

from PySide6.QtWidgets import QDialog, QWidget

from neodesk.catalog.picklists import label
from neodesk.services.activity import delete_counseling_session
from neodesk.services.activity_rows import SessionListRow, client_session_rows
from neodesk.ui.activity_tab import ActivityTab
from neodesk.ui.context import AppContext
from neodesk.ui.record_table import RecordRow
from neodesk.ui.session_dialog import SessionDialog

COL_DATE, COL_TYPE, COL_CONTACT, COL_AREA, COL_MINUTES, COL_COUNSELOR = range(6)
HEADERS = ("Date", "Type", "Contact", "Area", "Minutes", "Counselor")


def session_row(s: SessionListRow, labels: Mapping[str, Mapping[str, str]] | None = None) -> RecordRow:
    """One list row; `labels` are the database's picklist labels (picklist -> code -> label), the built-in
    ones where omitted."""

    def shown(picklist: str, code: str | None) -> str:
        return (labels or {}).get(picklist, {}).get(code or "") or label(picklist, code)

    minutes = f"{s.contact_minutes}"
    if s.prep_minutes or s.travel_minutes:
        minutes += f" (+{s.prep_minutes + s.travel_minutes} prep/travel)"
    tooltip = "\n".join(p for p in (s.subject, s.notes) if p)
    return RecordRow(
        s.id,
        (
            s.date.isoformat(),
            shown("session_type", s.session_type),
            shown("contact_type", s.contact_type),
            shown("counseling_area", s.counseling_area),
            minutes,
            ", ".join(s.counselors),
        ),
        tooltip,
    )


class SessionsTab(ActivityTab):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            context,
            headers=HEADERS,
            list_name="sessionList",
            title="Counseling sessions",
            stretch_column=COL_AREA,
            stem="Session",
            new_tip="New counseling session (Ctrl+Shift+S)",
            parent=parent,
        )

    def records(self, client_id: uuid.UUID) -> tuple[Sequence[SessionListRow], Callable[[SessionListRow], RecordRow]]:
        listed = client_session_rows(self._context.db, client_id)
        return listed.rows, functools.partial(session_row, labels=listed.labels)

    def make_dialog(self, session_id: uuid.UUID | None = None) -> SessionDialog:
        """The dialog for a new (or existing) session; exec() it, or drive it in a test."""
        if self._client_id is None:
            raise RuntimeError("no client is open")
        return SessionDialog(
            self._context, self._client_id, session_id, first_session=self.model.rowCount() == 0, parent=self
        )

    def _run(self, dialog: SessionDialog) -> None:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload()
            row = next((r for r in range(self.model.rowCount()) if self.model.record_id(r) == dialog.saved_id), -1)
            if row >= 0:
                self.view.selectRow(row)
            self.changed.emit()
        dialog.deleteLater()

    def new_record(self) -> None:
        if self._client_id is not None:
            self._run(self.make_dialog())

    new_session = new_record  # the main window's New ▸ Counseling Session

    def edit_record(self, record_id: uuid.UUID) -> None:
        self._run(self.make_dialog(record_id))

    def confirm_delete(self, row: int) -> bool:
        day = self.cell(row, COL_DATE)
        return self.confirm(
            "Delete counseling session", f"Delete the counseling session of {day}?", "confirmDeleteSession"
        )

    def delete_record(self, record_id: uuid.UUID) -> None:
        delete_counseling_session(self._context.db, record_id, counselor_id=self._context.counselor_id)
