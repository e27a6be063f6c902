"""Tools ▸ Check database: the integrity checks with a progress bar and Cancel, then their result.

The checks take ~13 s on 100,000 clients; they run on a worker (neodesk.ui.background.ProgressJob)
while a modal progress dialog shows how far they are. Cancel stops them within a moment
(neodesk.models.integrity, through neodesk.services.database_checks, interrupts SQLite); they only
read, so nothing is left half done.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from neodesk import paths
from neodesk.services.database_checks import CheckCancelled, check_integrity
from neodesk.ui import dialogs
from neodesk.ui.background import ProgressJob

if TYPE_CHECKING:
    from neodesk.models import Database

CHECK_PROGRESS = "checkDatabaseProgress"
TITLE = "Check database"

# The check the dialog runs (default: check_integrity); called with the database, progress= and cancelled=.
Check = Callable[..., list[str]]


class CheckDialog(QProgressDialog):
    """Runs the check on open; `outcome` is then the problems found (a list, empty when sound), the
    CheckCancelled the user caused, or the exception the check raised."""

    def __init__(self, db: Database, parent: QWidget | None = None, *, check: Check | None = None) -> None:
        super().__init__("Checking the database…", "Cancel", 0, 1000, parent)
        self.setObjectName(CHECK_PROGRESS)
        self.setWindowTitle(TITLE)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumDuration(0)
        self.outcome: Any = None
        self._db, self._check = db, check or check_integrity
        self.job = ProgressJob(self)
        self.job.progressed.connect(self._on_progress)
        self.job.succeeded.connect(self._finish)
        self.job.failed.connect(self._finish)
        self.canceled.connect(self._on_cancel)

    def exec(self) -> int:
        self.job.start(self._check, self._db)
        try:
            return super().exec()
        finally:
            self.job.wait()  # the worker has let go of the file before anything else happens
            self.job.shutdown()

    def _on_progress(self, done: int, total: int) -> None:
        if total:
            self.setValue(min(done, total - 1))

    def _on_cancel(self) -> None:
        # The dialog hides itself and exec() returns; exec() then waits the moment the worker takes to stop.
        self.job.cancel()

    def _finish(self, outcome: object) -> None:
        self.outcome = outcome
        self.done(0)


def check_database(parent: QWidget | None, db: Database, *, check: Check | None = None) -> object:
    """Run the check with its progress dialog and tell the user the result; returns the outcome."""
    dialog = CheckDialog(db, parent, check=check)
    try:
        dialog.exec()
        outcome = dialog.outcome
    finally:
        dialog.deleteLater()
    if isinstance(outcome, CheckCancelled):
        dialogs.inform(parent, TITLE, "The check was cancelled before it finished; nothing was changed.")
    elif isinstance(outcome, BaseException):
        dialogs.show_error(parent, TITLE, f"The database could not be checked: {outcome}")
    elif outcome:
        problems: list[str] = outcome
        shown = "\n".join(problems[:20]) + ("\n…" if len(problems) > 20 else "")
        dialogs.show_error(
            parent,
            TITLE,
            f"The database failed its integrity check ({len(problems)} problems). Restore a "
            f"backup from {paths.backup_dir()} or ask for help.\n\n{shown}",
        )
    else:
        dialogs.inform(parent, TITLE, f"Database {db.label}: integrity check passed.")
    return outcome
