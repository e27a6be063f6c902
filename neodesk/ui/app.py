"""Starting the desktop app: QApplication, the database, error handling for bugs, the event loop.

This module runs before the window's first paint, so it is on that path (neodesk.ui.start_up says
what the path may import): the services that word a failure (SQLAlchemy under them) are imported
where an error is explained, which happens only when something went wrong.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication

from neodesk import APP_NAME, __version__
from neodesk import log_file as neodesk_log_file
from neodesk.ui import dialogs, quit_after_start, start_main_window
from neodesk.ui.integrity_watch import watch_integrity
from neodesk.ui.single_instance import claim_database

log = logging.getLogger(__name__)

LOG_FILE = neodesk_log_file.LOG_FILE


def log_file() -> Path:
    return neodesk_log_file.log_file()


def setup_logging() -> Path:
    """Log warnings and errors (with tracebacks) to a rotating, owner-only file the user can send us."""
    return neodesk_log_file.setup_logging()


def excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """An error nothing else handled: the same sentence the command line gives (neodesk.services.failures);
    a bug (an error the user could not cause) is logged with its traceback and the sentence says where."""
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    from neodesk.services.failures import describe

    if exc.__traceback__ is None and tb is not None:
        exc = exc.with_traceback(tb)
    failure = describe(exc, log_file=log_file())
    if failure.is_bug:
        log.error("Unhandled error", exc_info=(exc_type, exc, tb))
    else:
        log.warning("Stopped: %s", failure.sentence)
    app = QApplication.instance()
    if isinstance(app, QApplication):
        sentence = failure.sentence[:1].upper() + failure.sentence[1:]
        title = "Something went wrong" if failure.is_bug else "NeoDesk could not finish"
        dialogs.show_error(app.activeWindow(), title, sentence)


def explain_start_error(exc: Exception) -> bool:
    """Tell the user why the database could not be opened; False for an error they cannot act on (a bug)."""
    from neodesk.services.database_open import is_database_failure, is_refused_database

    if is_refused_database(exc):
        dialogs.show_error(None, "Cannot open the database", f"NeoDesk could not open the database.\n\n{exc}")
        return True
    if isinstance(exc, LookupError):  # no counselor to sign in as (NEODESK_COUNSELOR names nobody)
        dialogs.show_error(None, "Cannot sign in", str(exc))
        return True
    if is_database_failure(exc):  # unreadable file, server down, bad URL: the user can act on it
        from neodesk.services.failures import describe

        log.error("Cannot open the database", exc_info=exc)
        sentence = describe(exc).sentence  # the command line's sentence: disk full, read-only, busy …
        dialogs.show_error(
            None,
            "Cannot open the database",
            f"NeoDesk could not open the database: {sentence}\n\nDetails are in {log_file()}.",
        )
        return True
    return False


def start_gui(db_arg: str | None) -> int:
    """Run the desktop app on `db_arg` (a path or URL; None = NEODESK_DB or the default database)."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("neodesk")  # the desktop entry's name: the menu's icon goes with the window
    setup_logging()
    sys.excepthook = excepthook
    failed: list[Exception] = []

    def second_step_failed(exc: Exception) -> None:
        # The window showed with the list, then opening the database properly failed: say why, then quit.
        failed.append(exc)
        if not explain_start_error(exc):
            excepthook(type(exc), exc, exc.__traceback__)
        window.close()
        app.exit(1)

    # One desktop app per SQLite file (neodesk.ui.single_instance): a second one may only read.
    claim = claim_database(db_arg)
    if claim.quit:
        return 1
    try:
        window = start_main_window(db_arg, on_error=second_step_failed, read_only=claim.read_only_reason)
    except Exception as exc:
        claim.release()
        if not explain_start_error(exc):
            raise
        return 1
    watch_integrity(window)  # the daily quick_check after the window is complete, and corruption errors
    if quit_after_start.requested():  # smoke tests of a build: close after the first paint
        quit_after_start.arm(window)
    window.show()
    try:
        status = int(app.exec())
    finally:
        # The window is done with; a caller that starts the app again (tests) must not find it.
        window.close()
        window.deleteLater()
        claim.release()
    return 1 if failed else status
