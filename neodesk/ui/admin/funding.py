"""Funding sources and centers: a short unique code, a name, active or not.

Records refer to both by id, so a code may be corrected; neither is ever deleted.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Hashable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QWidget

from neodesk.services.admin.audit import Saved
from neodesk.services.admin.funding import (
    CODE_MAX,
    CodedInput,
    save_center,
    save_funding_source,
    set_center_active,
    set_funding_source_active,
)
from neodesk.services.admin.views import CodedView, center_views, funding_source_views
from neodesk.ui.admin.admin_dialog import Actor
from neodesk.ui.admin.records import RecordRow, RecordsDialog

if TYPE_CHECKING:
    from neodesk.models import Database


class CodedRecordsDialog(RecordsDialog):
    columns: tuple[str, ...] = ("Code", "Name", "Status")
    title = ""
    dialog_name = ""

    def __init__(self, db: Database, counselor: Actor, parent: QWidget | None = None) -> None:
        self._records: dict[uuid.UUID, CodedView] = {}
        super().__init__(db, counselor, self.title, self.dialog_name, parent)

    def build_form(self) -> None:
        self.code = self.add_field(self.form, "code", "Code:", QLineEdit())
        self.code.setMaxLength(CODE_MAX)
        self.name = self.add_field(self.form, "name", "Name:", QLineEdit())
        self.name.setMaxLength(200)

    def rows_of(self, records: Sequence[CodedView]) -> list[RecordRow]:
        self._records = {r.id: r for r in records}
        return [RecordRow(r.id, (r.code, r.name, "Active" if r.active else "Inactive"), r.active) for r in records]

    def fill_form(self, row: RecordRow | None) -> None:
        record = self._records.get(row.key) if row and isinstance(row.key, uuid.UUID) else None
        self.code.setText(record.code if record else "")
        self.name.setText(record.name if record else "")

    def save_with(self, save: Callable[..., Saved[uuid.UUID]], row: RecordRow | None) -> Hashable:
        record_id = row.key if row and isinstance(row.key, uuid.UUID) else None
        active = row.active if row else True
        return save(self.db, self.actor_id, record_id, CodedInput(self.code.text(), self.name.text(), active)).value


class FundingSourcesDialog(CodedRecordsDialog):
    noun = "funding source"
    title = "Funding sources"
    dialog_name = "FundingSourcesDialog"

    def top_layout(self) -> QHBoxLayout:
        top = QHBoxLayout()
        # Centers have the same shape and no menu entry of their own (screens.md lists them here).
        self.centers_button = QPushButton("Centers…", objectName="admin.centers")
        self.centers_button.clicked.connect(self.open_centers)
        top.addStretch(1)
        top.addWidget(self.centers_button)
        return top

    def load_rows(self) -> Sequence[RecordRow]:
        return self.rows_of(funding_source_views(self.db))

    def save_record(self, row: RecordRow | None) -> Hashable:
        return self.save_with(save_funding_source, row)

    def set_active(self, row: RecordRow, active: bool) -> None:
        assert isinstance(row.key, uuid.UUID)
        set_funding_source_active(self.db, self.actor_id, row.key, active)

    def open_centers(self) -> None:
        dialog = CentersDialog(self.db, self.actor_id, self)
        dialog.exec()
        self.changed = self.changed or dialog.changed
        dialog.deleteLater()


class CentersDialog(CodedRecordsDialog):
    noun = "center"
    title = "Centers"
    dialog_name = "CentersDialog"
    columns = ("Code", "Name", "Status", "SBA location")

    def build_form(self) -> None:
        super().build_form()
        self.location_code = self.add_field(self.form, "location_code", "SBA location code:", QLineEdit())
        self.location_code.setMaxLength(7)
        self.location_code.setPlaceholderText("1–9999999")
        self.location_code.setToolTip(
            "The number the SBA gave this center. Every record of the SBA counseling "
            "upload (File ▸ Export…) must carry it."
        )

    def rows_of(self, records: Sequence[CodedView]) -> list[RecordRow]:
        rows = super().rows_of(records)
        return [
            RecordRow(row.key, (*row.cells, str(record.sba_location_code or "")), row.active)
            for row, record in zip(rows, records, strict=True)
        ]

    def fill_form(self, row: RecordRow | None) -> None:
        super().fill_form(row)
        record = self._records.get(row.key) if row and isinstance(row.key, uuid.UUID) else None
        code = record.sba_location_code if record else None
        self.location_code.setText(str(code) if code else "")

    def save_with(self, save: Callable[..., Saved[uuid.UUID]], row: RecordRow | None) -> Hashable:
        record_id = row.key if row and isinstance(row.key, uuid.UUID) else None
        active = row.active if row else True
        return save(
            self.db,
            self.actor_id,
            record_id,
            CodedInput(self.code.text(), self.name.text(), active, self.location_code.text()),
        ).value

    def load_rows(self) -> Sequence[RecordRow]:
        return self.rows_of(center_views(self.db))

    def save_record(self, row: RecordRow | None) -> Hashable:
        return self.save_with(save_center, row)

    def set_active(self, row: RecordRow, active: bool) -> None:
        assert isinstance(row.key, uuid.UUID)
        set_center_active(self.db, self.actor_id, row.key, active)
