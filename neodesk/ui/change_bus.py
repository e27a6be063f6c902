"""The one place the desktop app says what a command changed, so that each view refreshes itself.

Every write use case returns a `neodesk.services.changes.Changes` (the kinds and ids of the records it
wrote). Whoever ran the command publishes it here, once; each view subscribed with the kinds it
shows, and reloads itself when `changes.touches(...)` one of them (the pattern of Anki's `OpChanges`).
Nothing reloads another screen by hand: a new screen subscribes, a new use case returns its Changes.

`source` is the object that ran the command (a view that already shows the result of its own write,
such as the client editor after its save, skips the reload). Delivery is synchronous, in the order of
subscription: a view that must not reset its model inside another widget's signal (the client list)
defers its own refresh.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, Signal

from neodesk.services.changes import Changes, Kind

# A view's refresh: told what changed and who changed it.
Listener = Callable[[Changes, object], None]


class ChangeBus(QObject):
    """Broadcasts each command's Changes to the views that show any of its kinds."""

    changed = Signal(object, object)  # Changes, source (the object that ran the command, or None)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._listeners: list[tuple[frozenset[Kind], Listener]] = []

    def subscribe(self, kinds: Iterable[Kind], listener: Listener) -> None:
        """Call `listener(changes, source)` after each command that wrote a record of one of `kinds`
        (no kinds: after every command that wrote anything)."""
        self._listeners.append((frozenset(kinds), listener))

    def publish(self, changes: Changes, source: object = None) -> None:
        """Tell every subscribed view what a command wrote (nothing when it wrote nothing)."""
        if not changes:
            return
        for kinds, listener in list(self._listeners):
            if not kinds or changes.touches(*kinds):
                listener(changes, source)
        self.changed.emit(changes, source)
