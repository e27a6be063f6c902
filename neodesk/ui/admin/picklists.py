"""Picklist values: add, relabel, inactivate, reactivate (domain.md: "Administrators may add…").

A value's code never changes once added; an inactive value stays on old records and is no longer offered.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from neodesk.services.admin.picklists import (
    PICKLIST_CODE_MAX,
    SCHEMA_PICKLISTS,
    add_picklist_value,
    picklist_labels,
    relabel_picklist_value,
    set_picklist_value_active,
)
from neodesk.services.admin.views import picklist_values
from neodesk.ui.admin.admin_dialog import Actor
from neodesk.ui.admin.records import RecordRow, RecordsDialog

if TYPE_CHECKING:
    from neodesk.models import Database

SCHEMA_TIP = "These values come from the SBA upload schema: they can be relabelled or inactivated, not added to."


class PicklistsDialog(RecordsDialog):
    columns = ("Label", "Code", "Status")
    noun = "value"

    def __init__(
        self, db: Database, counselor: Actor, parent: QWidget | None = None, picklist: str | None = None
    ) -> None:
        names = picklist_labels()
        self._names = dict(sorted(names.items(), key=lambda item: item[1].casefold()))
        self._picklist = picklist if picklist in names else next(iter(self._names))
        super().__init__(db, counselor, "Picklists", "PicklistsDialog", parent)

    @property
    def picklist(self) -> str:
        return self._picklist

    def top_layout(self) -> QHBoxLayout:
        top = QHBoxLayout()
        self.chooser = QComboBox(objectName="admin.picklist")
        self.chooser.setAccessibleName("Picklist")
        for name, label in self._names.items():
            self.chooser.addItem(label, name)
        self.chooser.setCurrentIndex(self.chooser.findData(self._picklist))
        self.chooser.currentIndexChanged.connect(self._choose)
        caption = QLabel("Picklist:")
        caption.setBuddy(self.chooser)
        self.schema_note = QLabel(SCHEMA_TIP, objectName="admin.schemaNote", wordWrap=True)
        top.addWidget(caption)
        top.addWidget(self.chooser)
        top.addWidget(self.schema_note, 1)
        return top

    def build_form(self) -> None:
        self.code = self.add_field(self.form, "code", "Code:", QLineEdit())
        self.code.setMaxLength(PICKLIST_CODE_MAX)
        self.code.setPlaceholderText("Leave blank to use the label")
        self.label = self.add_field(self.form, "label", "Label:", QLineEdit())
        self.label.setMaxLength(200)
        # Problems about the picklist itself (values fixed by the schema) show at the label.
        self.alias_field("picklist", "label")

    def _choose(self) -> None:
        self._picklist = str(self.chooser.currentData())
        self.current = None
        self.status.clear()
        self.reload()

    # -- hooks ---------------------------------------------------------------------------------------------------------
    def load_rows(self) -> Sequence[RecordRow]:
        fixed = self._picklist in SCHEMA_PICKLISTS
        self.schema_note.setVisible(fixed)
        if self.can_edit:
            self.add_button.setEnabled(not fixed)
            self.add_button.setToolTip(SCHEMA_TIP if fixed else "")
        values = picklist_values(self.db, self._picklist)
        return [RecordRow(v.code, (v.label, v.code, "Active" if v.active else "Inactive"), v.active) for v in values]

    def fill_form(self, row: RecordRow | None) -> None:
        self.code.setText(str(row.key) if row else "")
        self.label.setText(row.cells[0] if row else "")
        if self.can_edit:
            self.code.setEnabled(row is None)  # codes never change: records and exports hold them
            self.code.setToolTip("" if row is None else "A value's code never changes once it is added.")

    def save_record(self, row: RecordRow | None) -> Hashable:
        if row is None:
            return add_picklist_value(self.db, self.actor_id, self._picklist, self.code.text(), self.label.text()).value
        relabel_picklist_value(self.db, self.actor_id, self._picklist, str(row.key), self.label.text())
        return row.key

    def set_active(self, row: RecordRow, active: bool) -> None:
        set_picklist_value_active(self.db, self.actor_id, self._picklist, str(row.key), active)
