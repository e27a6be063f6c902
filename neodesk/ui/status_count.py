"""A status-bar figure read on a worker thread, so counting never stalls the window.

The "not yet exported" count walks every exported table (15 ms on a quiet machine, up to ~170 ms
under load at 100,000 clients); on the GUI thread right after the first paint it was the longest
stall of the start (issue 14). Same polling pattern as neodesk.ui.background.ProgressJob: the
worker only computes, the GUI thread picks the result up, so nothing touches a widget off-thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

log = logging.getLogger(__name__)

POLL_MS = 15


class BackgroundValue(QObject):
    """``request()`` computes ``work()`` on a worker; ``ready`` carries the result on the GUI thread.

    Requests made while a count runs are folded into one more count after it, so the last figure
    shown is never older than the last request.
    """

    ready = Signal(object)

    def __init__(self, work: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="neodesk-status")
        self._future: Future[Any] | None = None
        self._again = False
        self._timer = QTimer(self, interval=POLL_MS)
        self._timer.timeout.connect(self._poll)
        self.destroyed.connect(lambda *_: self._pool.shutdown(wait=False, cancel_futures=True))

    @property
    def running(self) -> bool:
        return self._future is not None

    def request(self) -> None:
        if self._future is not None:
            self._again = True
            return
        self._future = self._pool.submit(self._work)
        self._timer.start()

    def _poll(self) -> None:
        future = self._future
        if future is None or not future.done():
            return
        self._timer.stop()
        self._future = None
        error = future.exception()
        if self._again:
            self._again = False
            self.request()
        if error is None:
            self.ready.emit(future.result())
        else:  # a status figure is not worth an error dialog; the label keeps its last value
            log.warning("Status count failed", exc_info=error)
