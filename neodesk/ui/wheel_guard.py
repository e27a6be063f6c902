"""Editors that take the mouse wheel only when they have the focus (issue 13, defect 1).

Scrolling a long form passes the pointer over combo boxes and spin boxes; Qt lets each of them take
the wheel and change its value ("Retail Trade" became "Transportation and Warehousing" while the
counselor scrolled). Every place that builds an editor passes it through :func:`wheel_only_when_focused`:
the editor takes focus by click or Tab only, and an unfocused editor hands the wheel on to the form
around it, which scrolls.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSpinBox, QApplication, QComboBox, QWidget

W = TypeVar("W", bound=QWidget)


class _WheelGuard(QObject):
    """An event filter: a wheel over an unfocused editor is ignored, so Qt passes it to the parent."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Wheel or not isinstance(watched, QWidget) or watched.hasFocus():
            return False
        # The form around the editor scrolls instead. Handed over explicitly: Qt passes an ignored
        # wheel event on to the parent only when it came from the window system.
        area = watched.parentWidget()
        while area is not None and not isinstance(area, QAbstractScrollArea):
            area = area.parentWidget()
        if area is not None:
            QApplication.sendEvent(area.viewport(), event)
        else:
            event.ignore()
        return True


_GUARD: _WheelGuard | None = None


def _guard() -> _WheelGuard:
    global _GUARD
    if _GUARD is None:
        _GUARD = _WheelGuard()
    return _GUARD


def wheel_only_when_focused(widget: W) -> W:
    """Make ``widget`` (and every combo / spin box inside it) ignore the wheel unless focused."""
    editors: list[QWidget] = [widget] if isinstance(widget, (QComboBox, QAbstractSpinBox)) else []
    editors += widget.findChildren(QComboBox) + widget.findChildren(QAbstractSpinBox)
    for editor in editors:
        editor.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # not WheelFocus: the wheel does not focus it
        editor.installEventFilter(_guard())
    return widget
