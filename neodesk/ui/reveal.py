"""Open a form with the chosen item in view: scroll a scroll area to a widget, a check list to its ticks.

Dialogs opened for one item (the readiness checklist's Log…, a session's counselors and funding
sources) would otherwise open scrolled to the top with that item out of sight.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QScrollArea, QWidget


def scroll_to_checked(checks: QListWidget) -> None:
    """Scroll a check list so its first checked item shows (now, and again once the list has its size)."""

    def scroll() -> None:
        for row in range(checks.count()):
            item = checks.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                checks.scrollToItem(item, QAbstractItemView.ScrollHint.PositionAtCenter)
                return

    scroll()
    QTimer.singleShot(0, checks, scroll)


def reveal(area: QScrollArea, widget: QWidget, focus: QWidget | None = None) -> None:
    """Scroll ``area`` to ``widget`` and give ``focus`` (or the widget) the keyboard, once laid out."""

    def show() -> None:
        area.ensureWidgetVisible(widget, 0, 40)
        (focus or widget).setFocus(Qt.FocusReason.OtherFocusReason)

    show()
    QTimer.singleShot(0, area, show)  # again after the dialog's first layout pass (sizes are known then)
