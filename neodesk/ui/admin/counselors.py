"""Counselors: name, email, role (counselor or administrator), default funding source, active."""

from __future__ import annotations

import uuid
from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton, QWidget

from neodesk.services.admin.counselors import (
    ROLES,
    CounselorInput,
    add_counselor,
    set_counselor_active,
    update_counselor,
)
from neodesk.services.admin.views import CounselorView, counselor_views, funding_source_views
from neodesk.services.passphrase import set_passphrase
from neodesk.ui.admin.admin_dialog import Actor
from neodesk.ui.admin.records import RecordRow, RecordsDialog

if TYPE_CHECKING:
    from neodesk.models import Database


class CounselorsDialog(RecordsDialog):
    columns = ("Name", "Email", "Role", "Default funding source", "Status")
    noun = "counselor"

    def __init__(self, db: Database, counselor: Actor, parent: QWidget | None = None) -> None:
        self._people: dict[uuid.UUID, CounselorView] = {}
        self._funding: dict[uuid.UUID, str] = {}
        super().__init__(db, counselor, "Counselors", "CounselorsDialog", parent)

    def build_form(self) -> None:
        self.name = self.add_field(self.form, "name", "Name:", QLineEdit())
        self.name.setMaxLength(200)
        self.email = self.add_field(self.form, "email", "Email:", QLineEdit())
        self.email.setMaxLength(320)
        self.role = self.add_field(self.form, "role", "Role:", QComboBox())
        for code, label in ROLES.items():
            self.role.addItem(label, code)
        self.funding = self.add_field(self.form, "default_funding_source_id", "Default funding source:", QComboBox())
        # Administrators only: the passphrase administration asks for once per run (services.passphrase).
        self.passphrase_button = self.add_field(
            self.form, "passphrase", "Passphrase:", QPushButton("Set passphrase…"), object_name="admin.setPassphrase"
        )
        assert isinstance(self.passphrase_button, QPushButton)
        self.passphrase_button.setAutoDefault(False)
        self.passphrase_button.clicked.connect(self.change_passphrase)

    # -- hooks ---------------------------------------------------------------------------------------------------------
    def load_rows(self) -> Sequence[RecordRow]:
        people = counselor_views(self.db)
        sources = funding_source_views(self.db)
        self._people = {c.id: c for c in people}
        self._funding = {f.id: f"{f.name} ({f.code})" + ("" if f.active else " (inactive)") for f in sources}
        self.funding.clear()
        self.funding.addItem("(none)", None)
        for source in sources:
            # Inactive sources stay listed so a counselor who still has one shows it; the service refuses
            # choosing one anew.
            # Item data is the id as text: QVariant compares text reliably, Python objects by identity.
            self.funding.addItem(self._funding[source.id], str(source.id))
        return [
            RecordRow(
                c.id,
                (
                    c.name,
                    c.email,
                    ROLES.get(c.role, c.role),
                    self._funding.get(c.default_funding_source_id, "") if c.default_funding_source_id else "",
                    "Active" if c.active else "Inactive",
                ),
                c.active,
            )
            for c in people
        ]

    def fill_form(self, row: RecordRow | None) -> None:
        person = self._people.get(row.key) if row and isinstance(row.key, uuid.UUID) else None
        self.name.setText(person.name if person else "")
        self.email.setText(person.email if person else "")
        self.role.setCurrentIndex(max(0, self.role.findData(person.role if person else "counselor")))
        source = person.default_funding_source_id if person else None
        self.funding.setCurrentIndex(max(0, self.funding.findData(str(source))) if source else 0)
        is_admin = person is not None and person.is_admin
        self.passphrase_button.setEnabled(self.can_edit and is_admin)
        has = person is not None and person.has_passphrase
        self.passphrase_button.setText("Change passphrase…" if has else "Set passphrase…")
        self.passphrase_button.setToolTip(
            ""
            if is_admin
            else "Passphrases guard administrator actions: save this counselor as an administrator first."
        )

    def change_passphrase(self) -> None:
        """Admin ▸ Counselors ▸ Set passphrase…: a new passphrase (typed twice) for the selected administrator."""
        from neodesk.ui.admin_passphrase import ask_new_passphrase

        row = self.current
        if row is None or not isinstance(row.key, uuid.UUID):
            return
        key, name = row.key, row.cells[0]
        chosen, passphrase = ask_new_passphrase(self, name)
        if not chosen:
            return
        ok, _ = self.attempt(lambda: set_passphrase(self.db, self.actor_id, key, passphrase))
        if ok:
            self.reload(select=key)
            self.status.setText(
                f"Removed the passphrase of {name}." if passphrase is None else f"Set the passphrase of {name}."
            )

    def _input(self, active: bool) -> CounselorInput:
        source = self.funding.currentData()
        return CounselorInput(
            self.name.text(),
            self.email.text(),
            str(self.role.currentData()),
            active,
            uuid.UUID(source) if source else None,
        )

    def save_record(self, row: RecordRow | None) -> Hashable:
        if row is None:
            return add_counselor(self.db, self.actor_id, self._input(True)).value
        key = row.key
        assert isinstance(key, uuid.UUID)
        update_counselor(self.db, self.actor_id, key, self._input(row.active))
        return key

    def set_active(self, row: RecordRow, active: bool) -> None:
        assert isinstance(row.key, uuid.UUID)
        set_counselor_active(self.db, self.actor_id, row.key, active)
