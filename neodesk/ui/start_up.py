"""How the desktop app starts: a first paint before SQLAlchemy, then the rest. The one module that defers imports.

Why it is special. A bare QMainWindow paints ~0.1 s after its process starts; SQLAlchemy, the models and
the editor's modules take ~0.4 s more to import, and opening the database (migrations check, sign-in)
takes longer still. The window must show within 1.5× the bare window (bench/bench_start.py), so for
a NeoDesk SQLite file already at this version's schema `start_main_window` returns the window's shell
(`neodesk.ui.main_window`: the client list with its first page, the menu titles, the status bar), its
first page read through `sqlite3` (neodesk.services.client_list_rows). Right after its first paint
(`StartSequence`), a thread imports the rest and opens the database (neodesk.ui.start_opener); then the
GUI thread builds the complete window (neodesk.ui.window_parts: editor, Home, menus' actions, the
change bus) in slices, so it keeps answering meanwhile. The window is usable once the first client is
open in the editor; what no part of the first screen needs (once-a-day agreement processing, the Tasks
dock, the "not yet exported" count, Home's figures) runs after that, a slice each
(MainWindow.after_first_client).

The rule this sets, checked by tests/ui/test_start_up.py at the first-paint hook: before the first
paint, no `sqlalchemy`, `alembic`, `reportlab` or `neodesk.models` is imported. The modules on that path
(this one, neodesk.ui.main_window, neodesk.ui.client_list, neodesk.services.client_list_rows, the
catalog's picklists) import at their top like every other module; they just import nothing heavy, and
while building the shell they do not name Qt's `Qt` namespace or QStyle's enums (creating those costs
~15-25 ms and ~9 ms, a quarter of a bare window's start). Everything heavy is imported below, in
`_window_parts` and `build_main_window`, and nowhere else for the sake of start-up speed; a module
that only some sessions need (the reports, with reportlab) is loaded when first used (`on_first_use`).
"""

from __future__ import annotations

import gc
import importlib
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QWidget

from neodesk import paths
from neodesk.catalog.picklists import label
from neodesk.catalog.short_labels import short_label
from neodesk.services.client_list_rows import StoredRow, read_first_page, sqlite_file
from neodesk.ui import pyside_import_check
from neodesk.ui.client_list import COL_NAME, COL_STATUS, HEADERS, PAGE_SIZE, ClientListModel
from neodesk.ui.start_opener import ContextOpener

if TYPE_CHECKING:
    from neodesk.models import Database
    from neodesk.ui.context import AppContext
    from neodesk.ui.main_window import MainWindow

# PySide6 looks at every module imported after it; the app imports ~370 after its first paint: the same
# answer for less (neodesk.ui.pyside_import_check says why).
pyside_import_check.install()

# If the window is shown but never painted (minimized, say), start-up's second step runs anyway.
FINISH_START_FALLBACK_MS = 300
# Between the slices of start-up's second step: a real timer, so the event loop takes input and paints
# between two slices (a zero timer is a posted event, run in the same pass as the slice that posted it);
# any longer only waits, on the way to usable.
SLICE_GAP_MS = 1


class QuickStart(NamedTuple):
    """What a two-step start shows first, and how it gets the rest (see the module docstring)."""

    label: str  # the database, as the title and status bar name it
    first_page: list[StoredRow]  # the list's first page, as stored (neodesk.services.client_list_rows)
    open_context: Callable[[], AppContext]  # opens the database (the window then owns it) and signs in
    # Told about an error of the second step (the window stays as it is); None re-raises it.
    on_error: Callable[[Exception], None] | None = None


def _window_parts() -> ModuleType:
    """The complete window's modules (the editor, Home, every command, SQLAlchemy under them): imported
    here, after the first paint (on the opener's thread for a quick start), never before it."""
    from neodesk.ui import window_parts

    return window_parts


def on_first_use(name: str) -> ModuleType:
    """A module of the complete window that only some sessions need, loaded the first time a command
    needs it rather than during the start (the "usable" time of bench_start): the reports and the user
    guide (reportlab: neodesk.ui.occasional_commands, neodesk.ui.help_window), the administration dialogs
    (neodesk.ui.admin). The same reason as the first paint's, so it lives here."""
    return importlib.import_module(name)


def complete_window(window: MainWindow, context: AppContext) -> None:
    """Everything beyond the shell: the list's database side, the editor, Home, the menus' actions."""
    _window_parts().complete(window, context)


def preview_model(rows: list[StoredRow], parent: QWidget) -> QStandardItemModel:
    """A starting window's list: stored `rows` shown as ClientListModel shows them, in a plain Qt model
    (no database, no Python per painted cell) until ClientListPanel.attach installs the real one."""
    model = QStandardItemModel(len(rows), len(HEADERS), parent)
    model.setHorizontalHeaderLabels(list(HEADERS))
    set_item = model.setItem
    inactive = None
    for row, (_id, client_no, name, status, city, counselor, last_activity, active) in enumerate(rows):
        texts = (name, short_label("company_status", status), city or "", counselor or "", last_activity or "")
        for column, text in enumerate(texts):
            item = QStandardItem(text)
            if column == COL_NAME:
                item.setToolTip(f"{name} (client {client_no})" + ("" if active else ", inactive"))
            elif column == COL_STATUS:
                item.setToolTip(label("company_status", status))
            if not active:
                inactive = inactive or ClientListModel._inactive_brush()
                item.setForeground(inactive)
            set_item(row, column, item)
    return model


class StartSequence(QObject):
    """A quick start's second step, posted after the window's first paint: the database opened (and
    the heavy modules imported) on a thread, then the list's model, the editor, the rest of the window
    and the first client, each in its own turn of the event loop."""

    def __init__(self, window: MainWindow, start: QuickStart) -> None:
        super().__init__(window)
        self._window = window
        self._pending: QuickStart | None = start
        self._posted = False
        self._opener: ContextOpener | None = None
        self._sliced = False  # finish runs as a slice of the background start (not called directly)
        # Start-up builds ~150,000 objects (the imports, the window) and frees next to none, so the cycle
        # collector's passes over them (~5-10 % of the start's CPU) find nothing: paused until the window
        # is complete, which freezes what start-up built (MainWindow.mark_complete) and resumes it.
        self._collector_paused = gc.isenabled()
        gc.disable()

    @property
    def pending(self) -> bool:
        return self._pending is not None

    @property
    def opener(self) -> ContextOpener | None:
        return self._opener

    def shown(self) -> None:
        if self._pending is not None:
            QTimer.singleShot(FINISH_START_FALLBACK_MS, self.painted)

    def painted(self) -> None:
        # After the first paint, not at show(): a timer posted at show() runs before the window is
        # exposed and painted, and the user would look at nothing while the database opens.
        if self._pending is not None and not self._posted:
            self._posted = True
            QTimer.singleShot(0, self._open_in_background)

    def _resume_collector(self) -> None:
        if self._collector_paused:
            self._collector_paused = False
            gc.enable()

    def cancel(self) -> None:
        """The window closed before the second step: it never runs; a database being opened is closed."""
        self._resume_collector()
        self._pending = None
        if self._opener is not None:
            self._opener.discard()

    def _open_in_background(self) -> None:
        if self._pending is None or self._opener is not None:
            return
        self._opener = ContextOpener(self._pending.open_context, self)
        self._opener.opened.connect(self._attach_list)
        self._opener.start()

    def _attach_list(self) -> None:
        if self._pending is None or self._opener is None:
            return
        try:
            context = self._opener.result()
        except Exception:
            context = None  # finish reports it
        if context is not None:
            _window_parts().attach_list(self._window, context)
        QTimer.singleShot(SLICE_GAP_MS, lambda: self._build_editor(context))

    def _build_editor(self, context: AppContext | None) -> None:
        if context is not None and self._pending is not None:
            _window_parts().prepare_editor(self._window, context)
        QTimer.singleShot(SLICE_GAP_MS, self._finish_sliced)

    def _finish_sliced(self) -> None:
        self._sliced = True
        self.finish()

    def finish(self) -> None:
        """Open the database (migrations, reference data, sign-in), then complete the window and open
        the first client. Once; posted after the first paint, or called directly (tests)."""
        start, self._pending = self._pending, None
        if start is None:
            return
        from neodesk.ui.context import IdentityPending  # the heavy side: see the module docstring

        try:
            try:
                try:
                    context = self._opener.result() if self._opener is not None else start.open_context()
                except IdentityPending as pending:  # who is working needs the user: asked here, on the GUI thread
                    context = pending.ask()
            except Exception as exc:
                if start.on_error is None:
                    raise
                start.on_error(exc)
                return
            self._window.completed_start(context, first_client_later=self._sliced)
        finally:
            self._resume_collector()


def build_main_window(db: str | Path | Database, *, owns: bool | None = None) -> MainWindow:
    """The main window for a database path or URL (opened here) or an open Database, built at once;
    not shown. A QApplication must exist. A database opened here (or any, with owns=True) is closed
    with the window. The GUI tests' entry point."""
    from neodesk.services.database_open import open_database
    from neodesk.ui.context import AppContext
    from neodesk.ui.main_window import MainWindow

    if QApplication.instance() is None:
        raise RuntimeError("build_main_window needs a QApplication")
    # A path or URL is opened here; anything else is an open Database (typed only: no models at run time).
    owns = isinstance(db, str | Path) if owns is None else owns
    database = open_database(db) if isinstance(db, str | Path) else db
    try:
        return MainWindow(AppContext.for_database(database), owns_db=owns)
    except BaseException:
        if owns:
            database.close()
        raise


def _opener_of(url: str) -> Callable[[], AppContext]:
    def open_context() -> AppContext:
        # Run on the opener's thread after the first paint: the heavy imports happen here too.
        from neodesk.services.database_open import open_database
        from neodesk.ui.context import AppContext

        _window_parts()
        database = open_database(url)
        try:
            return AppContext.for_database(database)
        except BaseException:
            database.close()
            raise

    return open_context


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
    from neodesk.ui.main_window import MainWindow  # it imports this module: see StartSequence

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
    return MainWindow(start=QuickStart(str(path), rows, _opener_of(url), on_error))
