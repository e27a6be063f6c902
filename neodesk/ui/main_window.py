"""The main window: client list on the left, Home or the client editor on the right, menus, status bar.

This module holds the window itself: its shell (the list, the menu titles, the status bar, the
remembered layout) and its life (completing, the first client, closing). It is on the first paint's
path (neodesk.ui.start_up says what that allows), so the complete window's parts are built elsewhere:
neodesk.ui.window_parts (editor, Home, the change bus, wiring), neodesk.ui.window_actions (the menus'
action table) and neodesk.ui.window_commands (what each action does).

Built in one go (`MainWindow(context)`, what build_main_window does) or, when the app starts, in two
steps (`MainWindow(start=QuickStart(...))`): the shell first, completed right after its first paint.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QSplitter, QWidget

from neodesk.ui.client_list import ClientListPanel
from neodesk.ui.settings_store import restore_layout, save_layout
from neodesk.ui.start_up import SLICE_GAP_MS, QuickStart, StartSequence, complete_window, preview_model

if TYPE_CHECKING:  # the complete window's types (see the module docstring)
    import uuid

    from PySide6.QtGui import QCloseEvent, QPaintEvent, QShowEvent
    from PySide6.QtWidgets import QHeaderView, QStackedWidget

    from neodesk.ui.change_bus import ChangeBus
    from neodesk.ui.client_editor import ClientEditor
    from neodesk.ui.context import AppContext
    from neodesk.ui.help_window import HelpWindow
    from neodesk.ui.home_view import HomeView
    from neodesk.ui.start_opener import ContextOpener
    from neodesk.ui.tasks_panel import TasksPanel
    from neodesk.ui.window_commands import WindowCommands

# The menu bar's menus, in order: (title, object name suffix). Their actions: neodesk.ui.window_actions.
MENU_TITLES = (
    ("&File", "file"),
    ("&New", "new"),
    ("&View", "view"),
    ("&Reports", "reports"),
    ("&Tools", "tools"),
    ("A&greements", "agreements"),
    ("&Admin", "admin"),
    ("&Help", "help"),
)


class MainWindow(QMainWindow):
    # Emitted once the window is complete (at once for a window built in one go).
    started = Signal()

    # Set when the window completes (neodesk.ui.window_parts.complete).
    context: AppContext
    client_editor: ClientEditor
    home: HomeView
    right_stack: QStackedWidget
    changes: ChangeBus
    commands: WindowCommands
    help_window: HelpWindow | None = None
    prepared_editor: ClientEditor | None = None  # a quick start builds it in a slice of its own
    tasks_panel: TasksPanel | None = None  # the Tasks dock (agreements.md §7), docked once the window is up

    def __init__(
        self,
        context: AppContext | None = None,
        *,
        owns_db: bool = False,
        parent: QWidget | None = None,
        start: QuickStart | None = None,
    ) -> None:
        if (context is None) == (start is None):
            raise TypeError("MainWindow needs either a context or a QuickStart")
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self._owns_db = owns_db
        self._closed = False
        self._completed = False
        self._opening_first = False  # Home stays in front while the first client opens
        # What the first screen does not need, run once the window is usable: see after_first_client.
        self._after_first_client: list[Callable[[], object]] = []
        self._settled = False
        self.start_sequence: StartSequence | None = None
        # The list starts as the shell's (its database side comes when the window completes): with a
        # quick start's first page as stored, or empty until it reads its first page.
        first_page = start.first_page if start is not None else None
        preview = preview_model(first_page or [], self)
        self.client_list = ClientListPanel(None, None, first_page=first_page, preview=preview)
        if start is not None:
            label = start.label
            self.start_sequence = StartSequence(self, start)
        else:
            assert context is not None
            label = context.db.label
        self.setWindowTitle(f"NeoDesk — {label}[*]")
        # Horizontal, Qt's default: naming Qt.Orientation would create Qt's enums before the window shows.
        self.splitter = QSplitter(objectName="mainSplitter")
        self.splitter.addWidget(self.client_list)
        self.splitter.addWidget(QWidget(objectName="editorPlaceholder"))  # Home / the editor come when complete
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self._build_menu_titles()
        self._build_status_bar(label)

        if not restore_layout(self, self.splitter, self._headers()):
            self.resize(1280, 800)
            self.splitter.setSizes([600, 680])  # the list's columns fit whole (client_list._fit_columns)
        if context is not None:
            complete_window(self, context)
            # The first client opens once the window is up: the list shows without waiting for the editor.
            QTimer.singleShot(0, self._open_first_client)

    @property
    def is_complete(self) -> bool:
        """The editor, the menus' actions and the database are in place (after finish_start for a quick start)."""
        return self._completed

    @property
    def is_settled(self) -> bool:
        """Complete, the first client opened, and what runs after it (after_first_client) has run."""
        return self._settled

    def mark_complete(self) -> None:
        """Called by neodesk.ui.window_parts once every part is in place."""
        self._completed = True
        # What exists now (modules, the window) lives as long as the app: left out of the cycle
        # collector's full passes, those stay short (over it all, one took 30-60 ms of the GUI thread).
        gc.freeze()
        self.started.emit()

    # -- two-step start (neodesk.ui.start_up) ------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.start_sequence is not None:
            self.start_sequence.painted()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.start_sequence is not None:
            self.start_sequence.shown()

    @property
    def _opener(self) -> ContextOpener | None:
        return self.start_sequence.opener if self.start_sequence is not None else None

    def finish_start(self) -> None:
        """A quick start's second step (once; posted after the first paint): open the database
        (migrations, reference data, sign-in), then complete the window and open the first client."""
        if self.start_sequence is not None:
            self.start_sequence.finish()

    def completed_start(self, context: AppContext, *, first_client_later: bool) -> None:
        """The quick start's database is open: the window owns it and completes itself."""
        self._owns_db = True
        self.setWindowTitle(f"NeoDesk — {context.db.label}[*]")
        self.status_database.setText(f"Database: {context.db.label}")
        complete_window(self, context)
        if first_client_later:
            QTimer.singleShot(SLICE_GAP_MS, self._open_first_client)  # the window takes input between the two
        else:
            self._open_first_client()

    def after_first_client(self, *work: Callable[[], object]) -> None:
        """Work no part of the first screen needs (once-a-day processing, the Tasks dock, counts), run
        after the first client is open, i.e. once the window is usable: each in its own turn of the event
        loop, so none adds to the start and input is taken between them."""
        self._after_first_client.extend(work)

    def _open_first_client(self) -> None:
        if self._closed:
            return  # closed right after it completed (NEODESK_QUIT_AFTER_START, say)
        if self.client_list.model.rowCount() > 0 and self.client_editor.client_id is None:
            self._opening_first = True  # Home stays in front: the counselor has not chosen a client yet
            try:
                self.client_list.select_client(self.client_list.model.client_id(0))
            finally:
                self._opening_first = False
        # Home's figures are read once the window is usable: the read does not compete with the start.
        self._after_first_client.insert(0, self.home.reload)
        QTimer.singleShot(SLICE_GAP_MS, self._run_after_first_client)

    def _run_after_first_client(self) -> None:
        if self._closed:
            return
        if self._after_first_client:
            self._after_first_client.pop(0)()
        if self._after_first_client:
            QTimer.singleShot(SLICE_GAP_MS, self._run_after_first_client)
        else:
            self._settled = True

    @property
    def opening_first_client(self) -> bool:
        return self._opening_first

    # -- the shell -----------------------------------------------------------------------------------------------
    def _build_menu_titles(self) -> None:
        """The menu bar with its (empty) menus: part of the shell, so it does not move when actions arrive."""
        self.menus: dict[str, QMenu] = {}
        for title, name in MENU_TITLES:
            menu = self.menuBar().addMenu(title)
            menu.setObjectName(f"menu.{name}")
            menu.setToolTipsVisible(True)
            self.menus[name] = menu
        self.admin_menu = self.menus["admin"]
        self.admin_menu.menuAction().setVisible(False)  # until we know who is signed in

    def _build_status_bar(self, label: str) -> None:
        bar = self.statusBar()
        self.status_database = QLabel(f"Database: {label}", objectName="statusDatabase")
        self.status_counselor = QLabel("Signed in: …", objectName="statusCounselor")
        self.status_unexported = QLabel(objectName="statusUnexported")
        self.status_unexported.setToolTip(
            "Records created, changed or deleted since the last export to the central office (File ▸ Export…)."
        )
        for status in (self.status_database, self.status_counselor, self.status_unexported):
            status.setContentsMargins(8, 0, 8, 0)
            bar.addPermanentWidget(status)
        self.status_unexported.setText("Not yet exported: …")

    def _headers(self) -> dict[str, QHeaderView]:
        return {"clientList": self.client_list.view.horizontalHeader()}

    # -- what tests and Home call directly (the commands live in neodesk.ui.window_commands) -------------------
    def show_home(self) -> None:
        self.commands.show_home()

    def show_editor(self) -> None:
        self.commands.show_editor()

    def open_client_from_home(self, client_id: uuid.UUID) -> None:
        self.commands.open_client_from_home(client_id)

    def update_status(self) -> None:
        self.commands.update_status()

    # -- closing ----------------------------------------------------------------------------------------------
    def close_owning_database(self) -> None:
        """Close the window and its database (Restore backup: a new window has the restored file)."""
        self._owns_db = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._completed and not self.client_editor.confirm_leave():
            event.ignore()
            return
        if self.start_sequence is not None and not self._completed:
            self.start_sequence.cancel()  # closed before a quick start's second step: it never runs
        save_layout(self, self.splitter, self._headers())
        if self.help_window is not None:
            self.help_window.close()
        self.client_list.shutdown()
        if self._completed:
            self.home.shutdown()
        if self._owns_db and self._completed:
            self.context.db.close()
        self._closed = True
        event.accept()
