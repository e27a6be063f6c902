"""A client's activity list (milestones, counseling sessions): a table with New / Edit / Delete."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from neodesk.services.errors import NotFound
from neodesk.ui import dialogs
from neodesk.ui.context import AppContext
from neodesk.ui.record_table import RecordRow, RecordTableModel, record_view, selected_id


class ActivityTab(QWidget):
    """The shared list mechanics; a subclass says what its rows are and what New, Edit, Delete do."""

    changed = Signal()  # a record was added, edited or deleted here

    def __init__(
        self,
        context: AppContext,
        *,
        headers: Sequence[str],
        list_name: str,
        title: str,
        stretch_column: int,
        stem: str,
        new_tip: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._client_id: uuid.UUID | None = None
        self.model = RecordTableModel(headers, self)
        self.view = record_view(self.model, list_name, title, stretch_column=stretch_column)
        self.new_button = QPushButton("New…", objectName=f"new{stem}", toolTip=new_tip)
        self.edit_button = QPushButton("Edit…", objectName=f"edit{stem}")
        self.delete_button = QPushButton("Delete", objectName=f"delete{stem}")
        self.new_button.clicked.connect(self.new_record)
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

    # -- what a subclass provides ------------------------------------------------------------------------------
    def records(self, client_id: uuid.UUID) -> tuple[Sequence[Any], Callable[[Any], RecordRow]]:
        """The client's records (through a use case), newest first, and what makes a record's list row
        (the table makes the rows on screen only)."""
        raise NotImplementedError

    def new_record(self) -> None:
        raise NotImplementedError

    def edit_record(self, record_id: uuid.UUID) -> None:
        raise NotImplementedError

    def confirm_delete(self, row: int) -> bool:
        raise NotImplementedError

    def delete_record(self, record_id: uuid.UUID) -> None:
        raise NotImplementedError

    # -- shared ------------------------------------------------------------------------------------------------
    def load(self, client_id: uuid.UUID | None) -> None:
        self._client_id = client_id
        if client_id is None:
            self.model.set_rows([])
        else:
            self.model.set_records(*self.records(client_id))
        self.new_button.setEnabled(client_id is not None)

    def reload(self) -> None:
        self.load(self._client_id)

    def _update_buttons(self) -> None:
        has = selected_id(self.view) is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def edit_selected(self) -> None:
        if (record_id := selected_id(self.view)) is not None:
            self.edit_record(record_id)

    def delete_selected(self) -> None:
        record_id = selected_id(self.view)
        if record_id is None or not self.confirm_delete(self.view.currentIndex().row()):
            return
        with contextlib.suppress(NotFound):  # already gone: the reload below shows that
            self.delete_record(record_id)
        self.reload()
        self.changed.emit()

    def cell(self, row: int, column: int) -> str:
        return str(self.model.index(row, column).data())

    def confirm(self, title: str, text: str, object_name: str) -> bool:
        return dialogs.confirm(self, title, text, action="Delete", object_name=object_name)
