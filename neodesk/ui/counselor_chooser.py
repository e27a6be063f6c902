"""CounselorChooser: "who is working?" when the app cannot tell by itself.

Asked at start when several counselors are active and NEODESK_COUNSELOR names nobody (or names an
unknown or inactive counselor: the dialog says so first). The answer is remembered for this computer
user and database (neodesk.services.identity), so the question comes once, not at every start.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from neodesk.services.identity import CounselorChoice

CHOOSER = "CounselorChooser"


class CounselorChooser(QDialog):
    """A list of the active counselors; OK signs in as the one selected, Cancel leaves the app."""

    def __init__(
        self, choices: Sequence[CounselorChoice], reason: str, database: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(CHOOSER)
        self.setWindowTitle("Who is working?")
        self.setModal(True)
        layout = QVBoxLayout(self)
        self.reason = QLabel(reason, objectName="chooserReason", wordWrap=True)
        layout.addWidget(self.reason)
        prompt = QLabel(
            f"Choose yourself to work on {database}. NeoDesk remembers the choice for this computer user.",
            objectName="chooserPrompt",
            wordWrap=True,
        )
        layout.addWidget(prompt)
        self.list = QListWidget(objectName="counselorList")
        for choice in choices:
            role = "administrator" if choice.is_admin else "counselor"
            item = QListWidgetItem(f"{choice.name} — {choice.email} ({role})")
            item.setData(Qt.ItemDataRole.UserRole, choice.email)
            self.list.addItem(item)
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setObjectName("chooseCounselor")
        self.ok.setText("Sign in")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setObjectName("cancelChooser")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.list.currentRowChanged.connect(lambda row: self.ok.setEnabled(row >= 0))
        self.ok.setEnabled(False)
        self.resize(460, min(480, 200 + 24 * len(choices)))

    @property
    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None


def ask_counselor(parent: QWidget | None, choices: Sequence[CounselorChoice], reason: str, database: str) -> str | None:
    """The email of the counselor chosen, or None when the user cancelled."""
    dialog = CounselorChooser(choices, reason, database, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.chosen
    finally:
        dialog.deleteLater()
