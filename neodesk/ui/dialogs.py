"""The one seam through which the app asks and tells the user things with message boxes.

Every question goes through here, so tests drive the real QMessageBox (found by object name via
QApplication.activeModalWidget()) and a later restyle changes one module.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QMessageBox, QWidget

UNSAVED_EDITS = "unsavedEdits"
CONFIRM = "confirmDialog"
INFO = "infoDialog"
ERROR = "errorDialog"


class SaveChoice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str, object_name: str) -> QMessageBox:
    # Imported here: the main window imports this module before it first shows, and naming Qt's
    # namespace then would create all its enums (~14 ms of start-up).
    from PySide6.QtCore import Qt

    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName(object_name)
    # Paths and record numbers in these messages are worth copying.
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return box


def ask_save_changes(parent: QWidget | None, what: str) -> SaveChoice:
    """Save / Discard / Cancel for unsaved edits to `what` (e.g. the client's name)."""
    box = _box(
        parent,
        QMessageBox.Icon.Question,
        "Unsaved changes",
        f"{what} has changes that are not saved. Save them?",
        UNSAVED_EDITS,
    )
    buttons = QMessageBox.StandardButton
    box.setStandardButtons(buttons.Save | buttons.Discard | buttons.Cancel)
    box.setDefaultButton(buttons.Save)
    box.setEscapeButton(buttons.Cancel)
    answer = box.exec()
    if answer == buttons.Save:
        return SaveChoice.SAVE
    if answer == buttons.Discard:
        return SaveChoice.DISCARD
    return SaveChoice.CANCEL


def confirm(parent: QWidget | None, title: str, text: str, *, action: str = "OK", object_name: str = CONFIRM) -> bool:
    """A yes/no question whose yes button names the action ("Delete"); Cancel is the safe default."""
    box = _box(parent, QMessageBox.Icon.Warning, title, text, object_name)
    yes = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    yes.setObjectName("confirmAction")
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is yes


def inform(parent: QWidget | None, title: str, text: str, *, object_name: str = INFO) -> None:
    box = _box(parent, QMessageBox.Icon.Information, title, text, object_name)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()


def show_error(parent: QWidget | None, title: str, text: str, *, object_name: str = ERROR) -> None:
    box = _box(parent, QMessageBox.Icon.Critical, title, text, object_name)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()
