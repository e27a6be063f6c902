"""The Qt desktop app. Qt is imported only under this package; everything else is Qt-free.

`build_main_window(db)` is the entry point the GUI tests share: the complete window, built at once.
`start_main_window(db)` is how the app starts (`neodesk`, and bench/bench_start.py): when the database
is a current NeoDesk SQLite file, the window first shows with the client list's first page, read
through `sqlite3` before SQLAlchemy is even imported, and completes itself right after its first paint
(see neodesk.ui.main_window). This module therefore imports the database side only when used.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from neodesk.models import Database
    from neodesk.ui.context import AppContext
    from neodesk.ui.main_window import MainWindow


def build_main_window(db: str | Path | Database, *, owns: bool | None = None) -> MainWindow:
    """The main window for a database path or URL (opened here) or an open Database; not shown.

    A QApplication must exist. A database opened here (or any, with owns=True) is closed with the window.
    """
    from neodesk.services.database_open import open_database
    from neodesk.ui.context import AppContext
    from neodesk.ui.main_window import MainWindow

    if QApplication.instance() is None:
        raise RuntimeError("build_main_window needs a QApplication")
    # A path or URL is opened here; anything else is an open Database (typed only: no models at run time).
    opened_here = isinstance(db, str | Path)
    owns = opened_here if owns is None else owns
    database = open_database(db) if isinstance(db, str | Path) else db
    try:
        return MainWindow(AppContext.for_database(database), owns_db=owns)
    except BaseException:
        if owns:
            database.close()
        raise


def start_main_window(
    db: str | Path | None, *, on_error: Callable[[Exception], None] | None = None, read_only: str | None = None
) -> MainWindow:
    """The main window as the app starts it, for a path or URL (None: NEODESK_DB or the default); not shown.

    For a NeoDesk SQLite file already at this version's schema, the window is returned before the
    database is opened properly: it holds the client list's first page and completes itself (database,
    editor, menus' actions, first client) right after it is first painted; an error there goes to
    `on_error` (None: raised from the event loop). Any other database (a server, a file to create or
    migrate) is opened here, as build_main_window does, and its errors are raised here. With `read_only`
    (the reason, e.g. another NeoDesk has the file: neodesk.ui.single_instance) it is opened read-only.
    """
    from neodesk import paths
    from neodesk.services.quick_list import read_first_page, sqlite_file
    from neodesk.ui.client_list import PAGE_SIZE
    from neodesk.ui.main_window import MainWindow, QuickStart

    if QApplication.instance() is None:
        raise RuntimeError("start_main_window needs a QApplication")
    url = paths.resolve_db_target(db)
    if read_only is not None:
        from neodesk.services.database_open import open_read_only

        return build_main_window(open_read_only(url, read_only), owns=True)
    rows = read_first_page(url, PAGE_SIZE)
    path = sqlite_file(url)
    if rows is None or path is None:
        return build_main_window(url)

    def open_context() -> AppContext:
        from neodesk.services.database_open import open_database
        from neodesk.ui.context import AppContext

        database = open_database(url)
        try:
            return AppContext.for_database(database)
        except BaseException:
            database.close()
            raise

    return MainWindow(start=QuickStart(str(path), rows, open_context, on_error))


__all__ = ["build_main_window", "start_main_window"]
