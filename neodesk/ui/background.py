"""Running one piece of long work (a report, a processing run) off the GUI thread while the window stays painted.

The caller waits for the result as if the call were direct, so the code reads top to bottom; meanwhile
the window repaints, a busy dialog appears if the work takes more than a moment, and the counselor's
clicks and keys are held back until it is done (the work must not race with edits).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QProgressDialog, QWidget

P = ParamSpec("P")
T = TypeVar("T")

BUSY_DIALOG = "busyDialog"
SHOW_AFTER_MS = 400  # quicker work finishes without a dialog flashing up
POLL_MS = 15


def run_in_background(parent: QWidget | None, text: str, work: Callable[P, T], *args: P.args,
                      **kwargs: P.kwargs) -> T:
    """Return ``work(*args, **kwargs)`` computed on a worker thread (its exception is raised here)."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="neodesk-work") as pool:
        future: Future[T] = pool.submit(work, *args, **kwargs)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        busy = QProgressDialog(text, "", 0, 0, parent)
        busy.setObjectName(BUSY_DIALOG)
        busy.setWindowTitle("NeoDesk")
        busy.setCancelButton(None)  # the work runs to its end: half a unit of work is never written
        busy.setWindowModality(Qt.WindowModality.WindowModal)
        # Shown by our own timer: QProgressDialog's automatic showing waits for progress values.
        busy.setMinimumDuration(24 * 3600 * 1000)
        show_later = QTimer(singleShot=True, interval=SHOW_AFTER_MS)
        show_later.timeout.connect(busy.show)
        loop = QEventLoop()
        timer = QTimer(interval=POLL_MS)
        timer.timeout.connect(lambda: future.done() and loop.quit())
        try:
            if not future.done():
                timer.start()
                show_later.start()
                loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        finally:
            timer.stop()
            show_later.stop()
            busy.reset()
            busy.close()
            busy.deleteLater()
            QGuiApplication.restoreOverrideCursor()
        return future.result()
