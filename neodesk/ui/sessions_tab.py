"""The client's counseling sessions, newest first, with New / Edit / Delete."""

from __future__ import annotations

import contextlib
import uuid

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from neodesk.catalog.picklists import label
from neodesk.services.activity import delete_session
from neodesk.services.activity_rows import SessionListRow, session_rows
from neodesk.services.errors import NotFound
from neodesk.ui import dialogs
from neodesk.ui.context import AppContext
from neodesk.ui.record_table import RecordRow, RecordTableModel, record_view, selected_id
from neodesk.ui.session_dialog import SessionDialog

COL_DATE, COL_TYPE, COL_CONTACT, COL_AREA, COL_MINUTES, COL_COUNSELOR = range(6)
HEADERS = ("Date", "Type", "Contact", "Area", "Minutes", "Counselor")


def session_row(s: SessionListRow) -> RecordRow:
    minutes = f"{s.contact_minutes}"
    if s.prep_minutes or s.travel_minutes:
        minutes += f" (+{s.prep_minutes + s.travel_minutes} prep/travel)"
    tooltip = "\n".join(p for p in (s.subject, s.notes) if p)
    return RecordRow(s.id, (
        s.date.isoformat(), s.session_type, label("contact_type", s.contact_type), s.counseling_area,
        minutes, ", ".join(s.counselors),
    ), tooltip)


class SessionsTab(QWidget):
    changed = Signal()  # a session was added, edited or deleted

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._client_id: uuid.UUID | None = None
        self.model = RecordTableModel(HEADERS, self)
        self.view = record_view(self.model, "sessionList", "Counseling sessions", stretch_column=COL_AREA)
        self.new_button = QPushButton("New…", objectName="newSession", toolTip="New counseling session (Ctrl+Shift+S)")
        self.edit_button = QPushButton("Edit…", objectName="editSession")
        self.delete_button = QPushButton("Delete", objectName="deleteSession")
        self.new_button.clicked.connect(self.new_session)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.view.doubleClicked.connect(self.edit_selected)
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
                self.model.set_rows([session_row(s) for s in session_rows(session, client_id)])
        self.new_button.setEnabled(client_id is not None)

    def reload(self) -> None:
        self.load(self._client_id)

    def _update_buttons(self) -> None:
        has = selected_id(self.view) is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def make_dialog(self, session_id: uuid.UUID | None = None) -> SessionDialog:
        """The dialog for a new (or existing) session; exec() it, or drive it in a test."""
        if self._client_id is None:
            raise RuntimeError("no client is open")
        return SessionDialog(self._context, self._client_id, session_id,
                             first_session=self.model.rowCount() == 0, parent=self)

    def _run(self, dialog: SessionDialog) -> None:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload()
            row = next((r for r in range(self.model.rowCount()) if self.model.record_id(r) == dialog.saved_id), -1)
            if row >= 0:
                self.view.selectRow(row)
            self.changed.emit()
        dialog.deleteLater()

    def new_session(self) -> None:
        if self._client_id is not None:
            self._run(self.make_dialog())

    def edit_selected(self) -> None:
        if (session_id := selected_id(self.view)) is not None:
            self._run(self.make_dialog(session_id))

    def delete_selected(self) -> None:
        session_id = selected_id(self.view)
        if session_id is None:
            return
        row = self.view.currentIndex().row()
        day = self.model.index(row, COL_DATE).data()
        if not dialogs.confirm(self, "Delete counseling session", f"Delete the counseling session of {day}?",
                               action="Delete", object_name="confirmDeleteSession"):
            return
        with contextlib.suppress(NotFound):  # already gone: the reload below shows that
            delete_session(self._context.db, session_id, counselor_id=self._context.counselor_id)
        self.reload()
        self.changed.emit()
