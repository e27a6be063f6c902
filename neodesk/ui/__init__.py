"""The Qt desktop app. Qt is imported only under this package; everything else is Qt-free.

`build_main_window(db)` is the entry point the `neodesk` command and the GUI tests share.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QMainWindow

from neodesk.models import Database, open_database
from neodesk.ui.context import AppContext
from neodesk.ui.main_window import MainWindow


def build_main_window(db: str | Path | Database) -> QMainWindow:
    """The main window for a database path or URL (opened here) or an open Database; not shown.

    A QApplication must exist. A database opened here is closed with the window.
    """
    if QApplication.instance() is None:
        raise RuntimeError("build_main_window needs a QApplication")
    owns = not isinstance(db, Database)
    database = open_database(db) if not isinstance(db, Database) else db
    try:
        return MainWindow(AppContext.for_database(database), owns_db=owns)
    except BaseException:
        if owns:
            database.close()
        raise


__all__ = ["build_main_window"]
