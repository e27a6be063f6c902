"""A list of reference records beside a form for the selected one: the shape of most admin dialogs.

New (`admin.add`) empties the form for a new record, Save (`admin.save`) adds or updates it, and
Inactivate/Reactivate (`admin.toggleActive`) flips the selected record. Records are never deleted:
old client records keep referring to them.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from neodesk.ui.admin.admin_dialog import Actor, AdminDialog

if TYPE_CHECKING:
    from neodesk.models import Database


@dataclass(frozen=True, slots=True)
class RecordRow:
    key: Hashable  # what the services name the record by: an id or a code
    cells: tuple[str, ...]
    active: bool


class RecordsDialog(AdminDialog):
    """Subclasses set `columns` and `noun`, build their editors in `build_form` and implement the hooks."""

    columns: tuple[str, ...] = ()
    noun = "record"

    def __init__(
        self, db: Database, counselor: Actor, title: str, object_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(db, counselor, title, object_name, parent)
        self.current: RecordRow | None = None
        self._rows: list[RecordRow] = []
        self._filling = False

        self.table = QTableWidget(0, len(self.columns), objectName="admin.table")
        self.table.setAccessibleName(f"{self.noun.capitalize()}s")
        self.table.setHorizontalHeaderLabels(list(self.columns))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._on_selection)

        self.heading = QLabel(objectName="admin.heading")
        self.form = QFormLayout()
        self.add_button = self.add_action(QPushButton(f"New {self.noun}", objectName="admin.add"))
        self.save_button = self.add_action(QPushButton("Save", objectName="admin.save"))
        self.toggle_button = self.add_action(QPushButton("Inactivate", objectName="admin.toggleActive"))
        # Enter in a field saves; without this QDialog would press the first button, New, and empty the form.
        self.save_button.setDefault(True)
        for button in (self.add_button, self.toggle_button):
            button.setAutoDefault(False)
        self.add_button.clicked.connect(self.start_new)
        self.save_button.clicked.connect(self.save_current)
        self.toggle_button.clicked.connect(self.toggle_active)

        self.build_form()
        side = QVBoxLayout()
        side.addWidget(self.heading)
        side.addLayout(self.form)
        actions = QHBoxLayout()
        for button in (self.add_button, self.save_button, self.toggle_button):
            actions.addWidget(button)
        side.addLayout(actions)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.table, 3)
        row.addLayout(side, 2)
        self.body.addLayout(self.top_layout())
        self.body.addLayout(row, 1)
        self.resize(900, 480)
        self.apply_read_only()
        self.reload()

    # -- hooks ---------------------------------------------------------------------------------------------------------
    def top_layout(self) -> QHBoxLayout:
        """Widgets above the table (the picklist chooser); empty by default."""
        return QHBoxLayout()

    def build_form(self) -> None:
        raise NotImplementedError

    def load_rows(self) -> Sequence[RecordRow]:
        raise NotImplementedError

    def fill_form(self, row: RecordRow | None) -> None:
        """Show the record (None: an empty form for a new one)."""
        raise NotImplementedError

    def save_record(self, row: RecordRow | None) -> Hashable:
        """Add (row None) or update the record from the form; returns its key. Raises ValidationFailed."""
        raise NotImplementedError

    def set_active(self, row: RecordRow, active: bool) -> list[str] | None:
        """Inactivate or reactivate; may return notices to show."""
        raise NotImplementedError

    # -- behaviour -----------------------------------------------------------------------------------------------------
    def reload(self, select: Hashable | None = None) -> None:
        """Re-read the records and select `select` (else keep the selection, else the first row)."""
        keep = select if select is not None else (self.current.key if self.current else None)
        self._rows = list(self.load_rows())
        self._filling = True
        try:
            self.table.clearContents()
            self.table.setRowCount(len(self._rows))
            dim = QBrush(self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
            for r, record in enumerate(self._rows):
                for c, text in enumerate(record.cells):
                    item = QTableWidgetItem(text)
                    if not record.active:
                        # Inactive records stay listed (old records use them), greyed out.
                        item.setForeground(dim)
                    self.table.setItem(r, c, item)
            index = next((i for i, record in enumerate(self._rows) if record.key == keep), 0 if self._rows else -1)
            if index >= 0:
                self.table.selectRow(index)
        finally:
            self._filling = False
        if index >= 0:
            self._show(self._rows[index])
        else:
            self.start_new()

    def select_key(self, key: Hashable) -> bool:
        index = next((i for i, record in enumerate(self._rows) if record.key == key), -1)
        if index >= 0:
            self.table.selectRow(index)
        return index >= 0

    def _on_selection(self) -> None:
        if self._filling:
            return
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        if len(rows) == 1:
            self._show(self._rows[rows.pop()])

    def _show(self, row: RecordRow | None) -> None:
        self.current = row
        self.clear_problems()
        self.fill_form(row)
        if row is None:
            self.heading.setText(f"New {self.noun}")
        else:
            state = "" if row.active else " (inactive)"
            self.heading.setText(f"{self.noun.capitalize()}: {row.cells[0]}{state}")
        self.toggle_button.setText("Reactivate" if row is not None and not row.active else "Inactivate")
        self.toggle_button.setEnabled(self.can_edit and row is not None)

    def start_new(self) -> None:
        self._filling = True
        try:
            self.table.clearSelection()
        finally:
            self._filling = False
        self._show(None)
        first = next(iter(self.editors.values()), None)
        if first is not None and first.isEnabled():
            first.setFocus()

    def save_current(self) -> None:
        row = self.current
        ok, key = self.attempt(lambda: self.save_record(row))
        if ok:
            self.reload(select=key)
            self.status.setText(f"Saved the {self.noun}." if row else f"Added the {self.noun}.")

    def toggle_active(self) -> None:
        row = self.current
        if row is None:
            return
        ok, notices = self.attempt(lambda: self.set_active(row, not row.active))
        if ok:
            self.reload(select=row.key)
            done = f"Reactivated the {self.noun}." if not row.active else f"Inactivated the {self.noun}."
            self.status.setText(" ".join([done, *(notices or [])]))
