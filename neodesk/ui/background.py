"""Running one piece of long work (a report, a processing run) off the GUI thread while the window stays painted.

The caller waits for the result as if the call were direct, so the code reads top to bottom; meanwhile
the window repaints, a busy dialog appears if the work takes more than a moment, and the counselor's
clicks and keys are held back until it is done (the work must not race with edits).
"""

from __future__ import annotations

import concurrent.futures
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, ParamSpec, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QProgressDialog, QWidget

P = ParamSpec("P")
T = TypeVar("T")

BUSY_DIALOG = "busyDialog"
SHOW_AFTER_MS = 400  # quicker work finishes without a dialog flashing up
POLL_MS = 15


def run_in_background(parent: QWidget | None, text: str, work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
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
        timer.timeout.connect(lambda: loop.quit() if future.done() else None)
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


class ProgressJob(QObject):
    """Long work with a progress bar and a Cancel button (an export): the work runs on a worker thread and
    reports ``(done, total)`` through the ``progress`` callable it is given; the GUI thread polls it.

    Unlike run_in_background the window stays fully usable, so the dialog that owns the job decides
    what the user may touch meanwhile. ``cancel()`` only asks: the work checks ``cancelled()`` and
    stops at a point where nothing half-done is left behind.
    """

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)  # the exception the work raised

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="neodesk-job")
        self._future: Future[Any] | None = None
        self._cancel = threading.Event()
        self._done, self._total = 0, 0  # written by the worker, read by the poll (int stores are atomic)
        self._timer = QTimer(self, interval=50)
        self._timer.timeout.connect(self._poll)

    @property
    def running(self) -> bool:
        return self._future is not None and not self._future.done()

    def start(self, work: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        """Run ``work(*args, progress=…, cancelled=…, **kwargs)`` on the worker thread."""
        if self.running:
            raise RuntimeError("a job is already running")
        self._cancel.clear()
        self._done, self._total = 0, 0
        self._future = self._pool.submit(work, *args, progress=self._report, cancelled=self._cancel.is_set, **kwargs)
        self._timer.start()

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self) -> None:
        """Block until the work has ended (closing a dialog whose job is winding down after a cancel)."""
        if self._future is not None:
            concurrent.futures.wait([self._future])
        self._poll()

    def shutdown(self) -> None:
        self._timer.stop()
        self._pool.shutdown(wait=True)

    def _report(self, done: int, total: int) -> None:
        self._done, self._total = done, total

    def _poll(self) -> None:
        self.progressed.emit(self._done, self._total)
        future = self._future
        if future is None or not future.done():
            return
        self._timer.stop()
        self._future = None
        error = future.exception()
        if error is None:
            self.succeeded.emit(future.result())
        else:
            self.failed.emit(error)
