"""`NEODESK_QUIT_AFTER_START=1`: start the desktop app, wait for its first paint, then close it.

For smoke tests of a build (packaging/smoke_test.sh) and for checking an installation from a script:
with the variable set, `neodesk` opens the database as usual, shows the window, and once the window
has painted its first frame and is complete (database open, editor built), it logs and prints
STARTED_LINE and closes, so the process exits 0. Unset (or "0"), nothing here runs. Closing saves the
window's layout as any close does, and an offscreen "screen" is small: give such checks a scratch
NEODESK_DATA_DIR (as the smoke test does) rather than a counselor's own folders.
"""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QMainWindow

ENV = "NEODESK_QUIT_AFTER_START"
STARTED_LINE = "NeoDesk started: first paint done, closing (NEODESK_QUIT_AFTER_START)."

log = logging.getLogger(__name__)


def requested() -> bool:
    return os.environ.get(ENV, "").strip() not in ("", "0")


class _FirstPaint(QObject):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            QTimer.singleShot(0, self._when_complete)
        return False

    def _when_complete(self) -> None:
        # A quick start completes its window after the first paint: wait for that too.
        if getattr(self._window, "is_complete", True):
            self._close()
        else:
            self._window.started.connect(self._close)  # type: ignore[attr-defined]

    def _close(self) -> None:
        log.info(STARTED_LINE)
        print(STARTED_LINE, flush=True)
        self._window.close()


def arm(window: QMainWindow) -> None:
    """Close `window` after its first paint, once it is complete. Call before show()."""
    window.installEventFilter(_FirstPaint(window))
