"""The administrator passphrase, asked once per run before an Admin screen opens, and set in Admin ▸ Counselors.

The checking and the per-run memory are neodesk.services.passphrase's (Qt-free); this module is only
the two small dialogs: AdminPassphraseDialog (prove it) and SetPassphraseDialog (choose a new one).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from neodesk.services.errors import ValidationFailed
from neodesk.services.passphrase import WRONG, AdminGate, check_new_passphrase

if TYPE_CHECKING:
    from neodesk.models import Database

ASK = "AdminPassphraseDialog"
SET = "SetPassphraseDialog"


def _password_field(name: str) -> QLineEdit:
    field = QLineEdit(objectName=name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(200)
    return field


class _PassphraseForm(QDialog):
    """A message, password fields, a problem line, OK/Cancel; `check()` decides whether OK closes it."""

    def __init__(
        self, name: str, title: str, text: str, fields: list[tuple[str, str]], ok_text: str, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.setModal(True)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(text, objectName="passphraseText", wordWrap=True))
        form = QFormLayout()
        self.fields = {key: _password_field(key) for key, _label in fields}
        for key, label in fields:
            form.addRow(label, self.fields[key])
        layout.addLayout(form)
        self.problem = QLabel("", objectName="passphraseProblem", wordWrap=True)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.hide()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setObjectName("passphraseOk")
        ok.setText(ok_text)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setObjectName("passphraseCancel")
        buttons.accepted.connect(self._try_accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(440, self.sizeHint().height())

    def text(self, key: str) -> str:
        return self.fields[key].text()

    def say(self, problem: str) -> None:
        self.problem.setText(problem)
        self.problem.show()

    def check(self) -> str | None:
        """The problem that keeps the dialog open (None: accept)."""
        return None

    def _try_accept(self) -> None:
        problem = self.check()
        if problem is None:
            self.accept()
            return
        self.say(problem)
        first = next(iter(self.fields.values()))
        first.selectAll()
        first.setFocus()


class AdminPassphraseDialog(_PassphraseForm):
    def __init__(self, name: str, verify: Callable[[str], bool], parent: QWidget | None = None) -> None:
        super().__init__(
            ASK,
            "Administrator passphrase",
            f"Administration is protected: type the administrator passphrase of {name}. "
            f"NeoDesk asks once until it is closed.",
            [("passphrase", "Passphrase:")],
            "Unlock",
            parent,
        )
        self._verify = verify

    def check(self) -> str | None:
        return None if self._verify(self.text("passphrase")) else WRONG


class SetPassphraseDialog(_PassphraseForm):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(
            SET,
            "Set passphrase",
            f"A new administrator passphrase for {name}. Administration will ask for it once "
            f"per run. Leave both empty to remove the passphrase.",
            [("newPassphrase", "New passphrase:"), ("repeatPassphrase", "Again:")],
            "Set",
            parent,
        )

    @property
    def passphrase(self) -> str | None:
        return self.text("newPassphrase") or None

    def check(self) -> str | None:
        if self.text("newPassphrase") != self.text("repeatPassphrase"):
            return "The two passphrases differ; type the same one twice."
        if self.passphrase is None:
            return None
        try:
            check_new_passphrase(self.passphrase)
        except ValidationFailed as exc:
            return exc.problems[0].message
        return None


def unlock_administration(
    parent: QWidget | None, db: Database, gate: AdminGate, counselor_id: uuid.UUID | None, name: str
) -> bool:
    """True when administration may go on: no passphrase set, proved earlier this run, or typed right now."""
    if counselor_id is None or not gate.needs_passphrase(db, counselor_id):
        return True
    dialog = AdminPassphraseDialog(name, lambda typed: gate.unlock(db, counselor_id, typed), parent)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()


def ask_new_passphrase(parent: QWidget | None, name: str) -> tuple[bool, str | None]:
    """(chosen, passphrase): (False, None) when cancelled; (True, None) removes it."""
    dialog = SetPassphraseDialog(name, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False, None
        return True, dialog.passphrase
    finally:
        dialog.deleteLater()
