"""The app's side of the integrity watch: schedule the daily check off the GUI thread, show what it finds.

The checking is neodesk.models.health's (Qt-free), reached through neodesk.services.database_checks.
Here: run `daily_check` on a worker thread a moment after the window is complete (never delaying the
first paint), listen for corruption errors met by any operation, and on damage make the window
read-only (neodesk.ui.read_only_mode), say so in one sentence and offer Tools ▸ Restore backup… when
the window has it.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

# services.database_checks (SQLAlchemy) is imported once the window is complete: start-up shows the window first.
if TYPE_CHECKING:
    from neodesk.services.database_checks import CheckMemo, HealthReport
    from neodesk.ui.main_window import MainWindow

log = logging.getLogger(__name__)

WATCH = "integrityWatch"
DAMAGED = "databaseDamaged"
RESTORE = "restoreBackupButton"
RESTORE_ACTION = "action.restoreBackup"
START_DELAY_MS = 2000  # after the window is complete: the first client and the status counts come first
POLL_MS = 100


class IntegrityWatch(QObject):
    """Watches one window's database; `checked` carries each HealthReport the daily check produced."""

    damaged = Signal(str)  # a sentence; emitted from whichever thread met the damage, shown on the GUI thread
    checked = Signal(object)

    def __init__(self, window: MainWindow, memo: CheckMemo | None = None, today: date | None = None) -> None:
        from neodesk.services.database_checks import CheckMemo, watch_for_corruption

        super().__init__(window)
        self.setObjectName(WATCH)
        self.window = window
        self.memo = memo or CheckMemo()
        self.today = today
        self.warned = False
        self._pool: ThreadPoolExecutor | None = None
        self._future: Future[HealthReport | None] | None = None
        self._timer = QTimer(self, interval=POLL_MS)
        self._timer.timeout.connect(self._poll)
        self.damaged.connect(self._on_damage)
        self._closed = False
        watch_for_corruption(window.context.db, self._damage_met)
        window.installEventFilter(self)  # closing the window ends the worker (see eventFilter)

    @property
    def running(self) -> bool:
        return self._future is not None and not self._future.done()

    def _damage_met(self, sentence: str) -> None:
        # Called on whichever thread met the damage, possibly after the window (and this watch) closed.
        try:
            self.damaged.emit(sentence)
        except RuntimeError:
            log.warning("Damage met after the window closed: %s", sentence)

    def start_later(self, delay_ms: int = START_DELAY_MS) -> None:
        # With the watch as the timer's context: a window closed meanwhile cancels the check.
        QTimer.singleShot(delay_ms, self, self.check_now)

    def check_now(self) -> None:
        """Start the daily check on a worker thread (nothing happens if it is not due or already running)."""
        if self.running or self._closed:
            return
        from neodesk.services.database_checks import daily_check

        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="neodesk-integrity")
        self._future = self._pool.submit(daily_check, self.window.context.db, self.memo, self.today or date.today())
        self._timer.start()

    def _poll(self) -> None:
        future = self._future
        if future is None or not future.done():
            return
        self._timer.stop()
        self._future = None
        try:
            report = future.result()
        except Exception:  # the check must never take the app down; it runs again at the next start
            log.exception("The integrity check could not run")
            return
        if report is None:
            return
        self.checked.emit(report)
        if not report.ok:
            self._on_damage(report.sentence)

    def _on_damage(self, sentence: str) -> None:
        from neodesk.ui.read_only_mode import show_read_only

        reason = self.window.context.db.read_only_reason or "it is damaged"
        show_read_only(self.window, reason)
        if self.warned:
            return
        self.warned = True
        self.tell(sentence)

    def tell(self, sentence: str) -> None:
        """The one dialog: what is wrong, and the restore when the window offers one."""
        box = QMessageBox(
            QMessageBox.Icon.Critical, "Database damaged", sentence, QMessageBox.StandardButton.NoButton, self.window
        )
        box.setObjectName(DAMAGED)
        restore_action = self.window.findChild(QAction, RESTORE_ACTION)
        restore = None
        if restore_action is not None and restore_action.isEnabled():
            restore = box.addButton("Restore backup…", QMessageBox.ButtonRole.AcceptRole)
            restore.setObjectName(RESTORE)
        close = box.addButton(QMessageBox.StandardButton.Close)
        box.setDefaultButton(close)
        box.setEscapeButton(close)
        try:
            box.exec()
            chosen = box.clickedButton()
        finally:
            box.deleteLater()
        if restore is not None and chosen is restore and restore_action is not None:
            restore_action.trigger()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.shutdown()
        return False

    def shutdown(self) -> None:
        self._closed = True
        self._timer.stop()
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None


def watch_integrity(window: MainWindow) -> IntegrityWatch | None:
    """Install the watch on a window once it is complete; the daily check follows a moment later."""
    holder: list[IntegrityWatch] = []

    def install() -> None:
        if holder:
            return
        watch = IntegrityWatch(window)
        holder.append(watch)
        watch.start_later()

    if window.is_complete:
        install()
        return holder[0]
    window.started.connect(install)
    return None
