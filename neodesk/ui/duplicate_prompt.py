"""The client editor's answer to "this client looks like one you have": Open the existing client /
Save anyway / Cancel (issue 13, defect 12). Implements :class:`~neodesk.services.client_checks.DuplicateDecider`.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from PySide6.QtWidgets import QMessageBox, QWidget

from neodesk.services.client_checks import DuplicateRow

DUPLICATE_DIALOG = "duplicateClient"


class DuplicatePrompt:
    """Asks with a message box; after "Open the existing client", ``chosen`` holds that client's id."""

    def __init__(self, parent: QWidget | None) -> None:
        self._parent = parent
        self.chosen: uuid.UUID | None = None

    def save_anyway(self, duplicates: Sequence[DuplicateRow]) -> bool:
        self.chosen = None
        lines = "\n".join(row.sentence for row in duplicates)
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "This client may exist already",
            f"{lines}\n\nOpen the existing client, or save this one as a new client anyway?",
            QMessageBox.StandardButton.NoButton,
            self._parent,
        )
        box.setObjectName(DUPLICATE_DIALOG)
        open_existing = box.addButton("&Open the existing client", QMessageBox.ButtonRole.AcceptRole)
        open_existing.setObjectName("duplicate.open")
        save = box.addButton("&Save anyway", QMessageBox.ButtonRole.DestructiveRole)
        save.setObjectName("duplicate.save")
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(open_existing)
        box.setEscapeButton(cancel)
        box.exec()
        if box.clickedButton() is save:
            return True
        if box.clickedButton() is open_existing:
            self.chosen = duplicates[0].client_id
        return False
