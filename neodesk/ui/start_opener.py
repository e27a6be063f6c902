"""Start-up's second step, its slow half off the GUI thread: imports, opening the database, sign-in.

After the window's first paint (neodesk.ui.start_up), the app still has to import SQLAlchemy, the
models and the editor's modules (~0.4 s on the development machine) and open the database. Done on the
GUI thread, the window froze that long right after it appeared. Here a thread does it; the GUI thread
only waits for events meanwhile, so the list scrolls and the search box takes keys (the import holds
Python's lock in slices of a few milliseconds). When the thread is done, `opened` is delivered on the
GUI thread, which then builds the widgets (Qt allows that nowhere else).

`result()` waits for the thread when the window must complete at once (finish_start called directly).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal


class ContextOpener(QObject):
    """Runs `open_context` on a thread (neodesk.ui.start_up's imports the complete window's modules
    there too); `opened` carries its result or exception."""

    opened = Signal()

    def __init__(self, open_context: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._open_context = open_context
        self._outcome: Any = None
        self._failed = False
        self._lock = threading.Lock()
        self._discarded = False
        self._done = False
        self._thread = threading.Thread(target=self._run, name="neodesk-start", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        try:
            outcome, failed = self._open_context(), False
        except BaseException as exc:  # handed to the GUI thread, which reports it as before
            outcome, failed = exc, True
        with self._lock:
            self._outcome, self._failed, self._done = outcome, failed, True
            discarded = self._discarded
        if discarded:
            self._close(outcome, failed)
            return
        self.opened.emit()

    def discard(self) -> None:
        """The window closed before it completed: close the database once it is open."""
        with self._lock:
            self._discarded = True
            done, outcome, failed = self._done, self._outcome, self._failed
        if done:
            self._close(outcome, failed)

    @staticmethod
    def _close(outcome: Any, failed: bool) -> None:
        if not failed and outcome is not None:
            outcome.db.close()

    def result(self) -> Any:
        """The context (waiting for the thread if need be); raises what opening it raised."""
        self._thread.join()
        if self._failed:
            raise self._outcome
        return self._outcome
