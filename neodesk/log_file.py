"""The log file (rotating, owner-only) both the app and the command line write bugs to, with their stack,
and notable events (log_event: a refused bundle, records left out of an SBA upload, processing runs).

Qt-free so the command line can log a bug the same way the app does; neodesk.ui.app sets it up at
start, the command line when it meets a bug or an event.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from io import TextIOWrapper
from pathlib import Path

from neodesk import paths
from neodesk.private_files import FILE_MODE, private_folder, tighten

LOG_FILE = "neodesk.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
BUG_LOGGER = "neodesk.bug"
EVENT_LOGGER = "neodesk.event"


def log_file() -> Path:
    return paths.log_dir() / LOG_FILE


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose every file (the rotated ones too) is created owner-only."""

    def _open(self) -> TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
        tighten(Path(self.baseFilename))
        # Appending, as the fd is opened: a rotating handler's mode is always "a".
        return open(fd, "a", encoding=self.encoding, errors=self.errors)


def _still_writes(handler: logging.handlers.RotatingFileHandler) -> bool:
    """Whether the handler's open file is still the one at its path (not removed or replaced since)."""
    stream = handler.stream
    if stream is None:
        return True  # opens its path on the next record
    try:
        return os.fstat(stream.fileno()).st_ino == os.stat(handler.baseFilename).st_ino
    except (OSError, ValueError):
        return False


def _handler(target: Path) -> logging.Handler:
    """The process's one handler writing `target` (made on first use, remade when the file was removed)."""
    loggers = (logging.getLogger(), logging.getLogger(BUG_LOGGER), logging.getLogger(EVENT_LOGGER))
    for logger in loggers:
        for h in logger.handlers:
            if isinstance(h, logging.handlers.RotatingFileHandler) and Path(h.baseFilename) == target.resolve():
                if _still_writes(h):
                    return h
                # The logs folder was deleted or the file replaced: writing on would lose every line.
                for owner in loggers:
                    owner.removeHandler(h)
                h.close()
                break
    private_folder(target.parent)
    handler = PrivateRotatingFileHandler(target, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.INFO)
    return handler


def setup_logging() -> Path:
    """The app: log warnings, errors (with tracebacks) and notable events to the rotating file."""
    target = log_file()
    root = logging.getLogger()
    handler = _handler(target)
    if handler not in root.handlers:
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    return target


def log_bug(exc: BaseException) -> Path:
    """Write a bug with its stack to the log file only (never to the terminal); returns the file."""
    target = log_file()
    logger = logging.getLogger(BUG_LOGGER)
    handler = _handler(target)
    if handler not in logger.handlers:
        logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.ERROR)
    logger.error("Unexpected error (a bug)", exc_info=(type(exc), exc, exc.__traceback__))
    handler.flush()
    return target


def log_event(message: str) -> None:
    """Write one notable event to the log file only, never the terminal (the command line has said what
    it had to). An unwritable log costs the line, never the action that reported it."""
    logger = logging.getLogger(EVENT_LOGGER)
    try:
        handler = _handler(log_file())
    except OSError:
        return
    in_use = logging.getLogger().handlers + logging.getLogger(BUG_LOGGER).handlers
    for old in [h for h in logger.handlers if h is not handler]:  # another data folder's (tests switch)
        logger.removeHandler(old)
        if old not in in_use:
            old.close()
    if handler not in logger.handlers:
        logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.INFO)
    logger.info(message)
