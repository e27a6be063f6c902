"""How the main window looks and behaves while its database is read-only.

Read-only comes from two places: a second NeoDesk opened the file read-only (neodesk.ui.single_instance)
or the integrity watch found the file damaged (neodesk.ui.integrity_watch). Either way the title says
"(read-only)", a line in the status bar says why, and the actions that write are disabled; anything
that still tries is refused by the Database itself with one sentence (neodesk.models.read_only).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from neodesk.ui.window_actions import WRITING_ACTIONS  # the menu actions that write (the action table)

if TYPE_CHECKING:
    from neodesk.ui.main_window import MainWindow

BANNER = "readOnlyBanner"
TITLE_MARK = " (read-only)"
BANNER_CHARS = 70
# Buttons of the client editor and its tabs that start a write.
WRITING_BUTTONS = (
    "saveClient",
    "newMilestone",
    "editMilestone",
    "deleteMilestone",
    "newSession",
    "editSession",
    "deleteSession",
)


class _KeepDisabled(QObject):
    """The editor enables its buttons whenever it loads a client: these stay disabled while read-only."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.EnabledChange and isinstance(watched, QWidget) and watched.isEnabled():
            watched.setEnabled(False)
        return False


def show_read_only(window: MainWindow, reason: str) -> None:
    """Mark `window` read-only (once; a second reason replaces the banner's text)."""
    title = window.windowTitle()
    if TITLE_MARK not in title:
        head, mark = (title[:-3], "[*]") if title.endswith("[*]") else (title, "")
        window.setWindowTitle(f"{head}{TITLE_MARK}{mark}")
    tip = f"The database is open read-only ({reason}); nothing can be changed."
    for name in WRITING_ACTIONS:
        action = window.findChild(QAction, f"action.{name}")
        if action is not None:
            action.setEnabled(False)
            action.setToolTip(tip)
    keeper = window.findChild(_KeepDisabled, "readOnlyKeeper")
    if keeper is None:
        keeper = _KeepDisabled(window, objectName="readOnlyKeeper")
        for name in WRITING_BUTTONS:
            for button in window.findChildren(QPushButton, name):
                button.installEventFilter(keeper)
                button.setEnabled(False)
                button.setToolTip(tip)
    window.admin_menu.menuAction().setVisible(False)
    banner = window.findChild(QLabel, BANNER)
    if banner is None:
        banner = QLabel(objectName=BANNER)
        banner.setStyleSheet("color: #8a1c1c; font-weight: bold;")
        banner.setContentsMargins(8, 0, 8, 0)
        window.statusBar().insertPermanentWidget(0, banner)
    shown = reason if len(reason) <= BANNER_CHARS else reason[: BANNER_CHARS - 1].rstrip() + "…"
    banner.setText(f"Read-only: {shown}")  # the whole reason is in the tooltip
    banner.setToolTip(tip)
