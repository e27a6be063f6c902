"""Driving real modal dialogs from tests: expect a dialog by object name, act on it when it opens.

``exec()`` blocks the test, so the driver polls from a timer: when the active modal widget is the one
expected next, the action runs from a fresh single-shot timer (a timer does not fire again while its own
slot runs, and the action may itself open the next modal). An unexpected modal, a failing action or an
expected dialog that never comes are recorded and the modal is closed, so a broken test fails instead
of hanging; teardown raises what was recorded.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QCheckBox, QDialog, QStyle, QStyleOptionButton, QWidget
from pytestqt.qtbot import QtBot

PATIENCE = 5.0  # seconds a modal may stay unhandled before the driver gives up on it


class Modals:
    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.expected: list[tuple[str, Callable[[Any], None]]] = []
        self.errors: list[str] = []
        self.seen: list[str] = []
        self._busy: set[int] = set()
        self._waiting_since: float | None = None
        self._timer = QTimer()
        self._timer.setInterval(10)
        self._timer.timeout.connect(self._poll)
        self._timer.start()

    def expect(self, object_name: str, action: Callable[[Any], None]) -> None:
        """When a modal named `object_name` is next on top, run `action(dialog)` (expectations are in order)."""
        self.expected.append((object_name, action))

    def _poll(self) -> None:
        widget = QApplication.activeModalWidget()
        if widget is None or id(widget) in self._busy:
            self._waiting_since = None
            return
        if self.expected and self.expected[0][0] == widget.objectName():
            name, action = self.expected.pop(0)
            self.seen.append(name)
            self._busy.add(id(widget))
            self._waiting_since = None
            QTimer.singleShot(0, lambda: self._run(widget, action))
            return
        now = time.monotonic()
        if self._waiting_since is None:
            self._waiting_since = now
        elif now - self._waiting_since > PATIENCE:
            self.errors.append(f"unexpected modal {widget.objectName()!r} ({widget.windowTitle()})")
            self._waiting_since = None
            _close(widget)

    def _run(self, widget: QWidget, action: Callable[[Any], None]) -> None:
        try:
            action(widget)
        except BaseException as exc:  # recorded here, raised at teardown: a raise now would hang exec()
            self.errors.append(f"{widget.objectName()}: {type(exc).__name__}: {exc}")
            while (top := QApplication.activeModalWidget()) is not None:
                _close(top)
        finally:
            self._busy.discard(id(widget))

    def finish(self) -> None:
        self._timer.stop()
        problems = list(self.errors)
        if self.expected:
            problems.append(f"expected dialogs never opened: {[name for name, _ in self.expected]}")
        assert not problems, "; ".join(problems)


def _close(widget: QWidget) -> None:
    if isinstance(widget, QDialog):
        widget.reject()
    else:
        widget.close()


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    """A real left click where the button reacts: a check box only reacts on its box and label."""
    pos = None
    if isinstance(button, QCheckBox):
        option = QStyleOptionButton()
        option.initFrom(button)
        pos = button.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, button).center()
    assert button.isVisible(), f"{button.objectName()} is hidden"
    assert button.isEnabled(), f"{button.objectName()} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=pos if pos is not None else QPoint())
