"""Milestone types: add user-defined types, rename any type, set what a user-defined type carries,
inactivate or reactivate any type (milestones.md "User-defined types")."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QPushButton, QWidget

from neodesk.catalog.milestone_types import CATEGORY_LABELS, Category
from neodesk.services.admin.milestone_types import (
    CARRIES_LABELS,
    USER_CARRIES,
    add_milestone_type,
    edit_milestone_type,
    set_milestone_type_active,
)
from neodesk.services.admin.views import MilestoneTypeView, milestone_type_views
from neodesk.ui.admin.admin_dialog import Actor
from neodesk.ui.admin.readiness import ReadinessRequirementsDialog
from neodesk.ui.admin.records import RecordRow, RecordsDialog

if TYPE_CHECKING:
    from neodesk.models import Database

STANDARD_CARRIES_TIP = "What a standard type carries is fixed: the client rules and reports rely on it."


def category_label(code: str) -> str:
    return next((CATEGORY_LABELS[c] for c in Category if c.value == code), code)


class MilestoneTypesDialog(RecordsDialog):
    columns = ("Name", "Code", "Category", "Carries", "In business only", "Kind", "Status")
    noun = "milestone type"

    def __init__(self, db: Database, counselor: Actor, parent: QWidget | None = None) -> None:
        self._types: dict[str, MilestoneTypeView] = {}
        super().__init__(db, counselor, "Milestone types", "MilestoneTypesDialog", parent)

    def top_layout(self) -> QHBoxLayout:
        top = QHBoxLayout()
        self.readiness_button = QPushButton("Readiness requirements…", objectName="admin.readiness")
        self.readiness_button.setToolTip("Which steps DIB Ready and GIB Ready require")
        self.readiness_button.clicked.connect(self.open_readiness)
        top.addStretch(1)
        top.addWidget(self.readiness_button)
        return top

    def build_form(self) -> None:
        self.name = self.add_field(self.form, "name", "Name:", QLineEdit())
        self.name.setMaxLength(200)
        self.category = self.add_field(self.form, "category", "Category:", QComboBox())
        for category in Category:
            self.category.addItem(CATEGORY_LABELS[category], category.value)
        self.category.setCurrentIndex(self.category.findData(Category.OTHER.value))
        self.carries = self.add_field(self.form, "carries", "Carries:", QComboBox())
        self.in_business_only = self.add_field(
            self.form, "in_business_only", "In business only:", QCheckBox("Offered only for clients in business")
        )

    # -- hooks ---------------------------------------------------------------------------------------------------------
    def load_rows(self) -> Sequence[RecordRow]:
        types = milestone_type_views(self.db)
        self._types = {t.code: t for t in types}
        return [
            RecordRow(
                t.code,
                (
                    t.name,
                    t.code,
                    category_label(t.category),
                    CARRIES_LABELS.get(t.carries, t.carries),
                    "Yes" if t.in_business_only else "No",
                    "Standard" if t.standard else "User-defined",
                    "Active" if t.active else "Inactive",
                ),
                t.active,
            )
            for t in types
        ]

    def _offer_carries(self, current: str | None, standard: bool) -> None:
        self.carries.clear()
        offered = {current: CARRIES_LABELS.get(current, current)} if standard and current else USER_CARRIES
        for code, label in offered.items():
            self.carries.addItem(label, code)
        self.carries.setCurrentIndex(max(0, self.carries.findData(current)))

    def fill_form(self, row: RecordRow | None) -> None:
        record = self._types.get(str(row.key)) if row else None
        standard = bool(record and record.standard)
        self.name.setText(record.name if record else "")
        category = record.category if record else Category.OTHER.value
        self.category.setCurrentIndex(max(0, self.category.findData(category)))
        self.in_business_only.setChecked(bool(record and record.in_business_only))
        self._offer_carries(record.carries if record else None, standard)
        if self.can_edit:
            # Category and "in business only" are chosen when a type is added; the carries of standard
            # types are fixed.
            self.category.setEnabled(record is None)
            self.in_business_only.setEnabled(record is None)
            self.carries.setEnabled(not standard)
            self.carries.setToolTip(STANDARD_CARRIES_TIP if standard else "")

    def save_record(self, row: RecordRow | None) -> Hashable:
        if row is None:
            return add_milestone_type(
                self.db,
                self.actor_id,
                name=self.name.text(),
                category=self.category.currentData(),
                carries=self.carries.currentData(),
                in_business_only=self.in_business_only.isChecked(),
            ).value
        edit_milestone_type(
            self.db, self.actor_id, str(row.key), name=self.name.text(), carries=self.carries.currentData()
        )
        return row.key

    def set_active(self, row: RecordRow, active: bool) -> list[str]:
        return set_milestone_type_active(self.db, self.actor_id, str(row.key), active).value

    def open_readiness(self) -> None:
        dialog = ReadinessRequirementsDialog(self.db, self.actor_id, self)
        dialog.exec()
        self.changed = self.changed or dialog.changed
        dialog.deleteLater()
