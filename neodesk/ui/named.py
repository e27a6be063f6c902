"""`named(widget, "objectName")`: a widget with its object name set (screens.md names are a contract).

PySide's type stubs do not list `objectName=` among the constructors' keywords, so code that must
type-check sets it through this instead.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QObject

Q = TypeVar("Q", bound=QObject)


def named(widget: Q, name: str) -> Q:
    widget.setObjectName(name)
    return widget
