"""The main window: client list on the left, client editor on the right, menus and status bar.

The window wires the parts together: the New / Edit Milestone dialogs for the client in the editor
(reloading it afterwards, since milestones change client fields), the milestone report, milestone
processing and the administration dialogs (refreshing the choices they feed).

It is built in one go (`MainWindow(context)`) or, when the app starts, in two steps
(`MainWindow(start=QuickStart(...))`): first the visible shell (list with its first page, menu
titles, status bar) without SQLAlchemy, then, right after its first paint, `finish_start` opens the
database properly and adds the client editor, the menus' actions and the first client. That is why
this module imports the rest of the app where it is used, not at the top.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QDialog, QLabel, QMainWindow, QMenu, QSplitter, QWidget

from neodesk import paths
from neodesk.services.quick_list import StoredRow
from neodesk.ui.client_list import ClientListPanel
from neodesk.ui.settings_store import SETTINGS_FILE, restore_layout, save_layout
from neodesk.ui.style import STYLE_SHEET

# Each PySide class costs a little the first time it is named: the shell names only what it builds.
if TYPE_CHECKING:
    import uuid
    from pathlib import Path

    from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent, QShowEvent
    from PySide6.QtWidgets import QHeaderView

    from neodesk.models import Database
    from neodesk.services.errors import NotFound
    from neodesk.services.processing import ProcessingResult
    from neodesk.ui.admin.common import Actor
    from neodesk.ui.client_editor import ClientEditor
    from neodesk.ui.context import AppContext
    from neodesk.ui.start_opener import ContextOpener
    from neodesk.ui.status_count import BackgroundValue

MESSAGE_MS = 6000
PROCESSING_RESULT = "processingResult"
PROCESSING_LISTED = 15  # promoted clients named in the result; the rest are counted
# If the window is shown but never painted (minimized, say), start-up's second step runs anyway.
FINISH_START_FALLBACK_MS = 300
# Between the slices of start-up's second step: long enough for the event loop to take input and paint.
SLICE_GAP_MS = 5


class QuickStart(NamedTuple):
    """What a two-step start shows first, and how it gets the rest (see the module docstring)."""

    label: str  # the database, as the title and status bar name it
    first_page: list[StoredRow]  # the list's first page, as stored (neodesk.services.quick_list)
    open_context: Callable[[], AppContext]  # opens the database (the window then owns it) and signs in
    # Told about an error of the second step (the window stays as it is); None re-raises it.
    on_error: Callable[[Exception], None] | None = None


class MainWindow(QMainWindow):
    # Emitted once the window is complete (at once for a window built in one go).
    started = Signal()

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
        self._switching = False  # inside the "leave this client?" question of the list
        self._pending_start = start
        self._finish_posted = False
        self._opener: ContextOpener | None = None  # a quick start opening its database on a thread
        self._sliced = False  # finish_start runs as a slice of the background start (not called directly)
        self._built_editor: ClientEditor | None = None  # built in a slice of its own before finish_start
        self._closed = False
        self._completed = False
        label = start.label if start is not None else context.db.label  # type: ignore[union-attr]
        self.setWindowTitle(f"NeoDesk — {label}[*]")

        if start is not None:
            self.client_list = ClientListPanel(None, None, first_page=start.first_page)
        else:
            assert context is not None
            self.client_list = ClientListPanel(context.db, context.counselor_id)
        # Horizontal, Qt's default: naming Qt.Orientation would create Qt's enums (~14 ms) before the window shows.
        self.splitter = QSplitter(objectName="mainSplitter")
        self.splitter.addWidget(self.client_list)
        self.splitter.addWidget(QWidget(objectName="editorPlaceholder"))  # the client editor comes in _complete
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self._build_menu_titles()
        self._build_status_bar(label)

        if not restore_layout(self, self.splitter, self._headers()):
            self.resize(1280, 800)
            self.splitter.setSizes([600, 680])  # the list's columns fit whole (client_list._fit_columns)
        if context is not None:
            self._complete(context)
            # The first client opens once the window is up: the list shows without waiting for the editor.
            QTimer.singleShot(0, self._open_first_client)

    @property
    def is_complete(self) -> bool:
        """The editor, the menus' actions and the database are in place (after finish_start for a quick start)."""
        return self._completed

    def _complete(self, context: AppContext) -> None:
        """Everything beyond the shell: the database side of the list, the editor, actions, signals."""
        from PySide6.QtWidgets import QStackedWidget

        from neodesk.ui.client_editor import ClientEditor
        from neodesk.ui.home_view import HomeView

        self.context = context
        # Its rules are for the editor and the dialogs; set here, it costs the shell's first paint nothing.
        self.setStyleSheet(STYLE_SHEET)
        self.client_list.attach(context.db, context.counselor_id)  # a starting window's list gets its database
        self.client_editor: ClientEditor = self._built_editor or ClientEditor(context)
        # The right-hand side: Home (at start, View ▸ Home) or the client editor (a client selected).
        self.home = HomeView(context.db, context.counselor_id, context.counselor_name)
        self.right_stack = QStackedWidget(objectName="rightStack")
        self.right_stack.addWidget(self.home)
        self.right_stack.addWidget(self.client_editor)
        sizes = self.splitter.sizes()
        placeholder = self.splitter.replaceWidget(1, self.right_stack)
        if placeholder is not None:
            placeholder.deleteLater()
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes(sizes)

        self._build_menus()
        self.status_counselor.setText(self._signed_in_text(context.counselor_name, context.is_admin))
        if context.db.read_only_reason is not None:  # opened beside another NeoDesk (ui.single_instance)
            from neodesk.ui.read_only_mode import show_read_only

            show_read_only(self, context.db.read_only_reason)
        # Counting every changed record walks the whole store; the window shows first.
        QTimer.singleShot(0, self.update_status)
        self.home.client_requested.connect(self.open_client_from_home)
        self.home.export_requested.connect(self.action_export.trigger)
        self.client_list.view.clicked.connect(
            lambda _index: self.show_editor() if self.client_editor.has_client else None
        )

        self.client_list.leave_guard = self._leave_guard
        self.client_list.current_client_changed.connect(self._show_client)
        self.client_editor.saved.connect(self._on_saved)
        self.client_editor.dirty_changed.connect(self.setWindowModified)
        self.client_editor.new_milestone_requested.connect(self.new_milestone)
        self.client_editor.edit_milestone_requested.connect(self.edit_milestone)
        self.client_editor.activity_changed.connect(self._on_activity_changed)
        self._completed = True
        # What exists now (modules, the window) lives as long as the app: left out of the cycle
        # collector's full passes, those stay short (over it all, one took 30-60 ms of the GUI thread).
        import gc

        gc.freeze()
        self.started.emit()

    # -- two-step start ----------------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self._post_finish_start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._pending_start is not None:
            QTimer.singleShot(FINISH_START_FALLBACK_MS, self._post_finish_start)

    def _post_finish_start(self) -> None:
        # After the first paint, not at show(): a timer posted at show() runs before the window is
        # exposed and painted, and the user would look at nothing while the database opens.
        if self._pending_start is not None and not self._finish_posted:
            self._finish_posted = True
            QTimer.singleShot(0, self._open_in_background)

    def _open_in_background(self) -> None:
        # Imports and the database's opening run on a thread (neodesk.ui.start_opener), so the
        # window answers meanwhile; finish_start follows on this thread when they are done.
        from neodesk.ui.start_opener import ContextOpener

        if self._pending_start is None or self._opener is not None:
            return
        self._opener = ContextOpener(self._pending_start.open_context, self)
        self._opener.opened.connect(self._attach_list)
        self._opener.start()

    def _attach_list(self) -> None:
        # The rest of the start in slices, the event loop running between them (SLICE_GAP_MS): the
        # list's own model first, then finish_start (editor, menus), then the first client.
        if self._pending_start is None or self._opener is None:
            return
        try:
            context = self._opener.result()
        except Exception:
            context = None  # finish_start reports it
        if context is not None:
            self.client_list.attach(context.db, context.counselor_id)
        QTimer.singleShot(SLICE_GAP_MS, lambda: self._build_editor(context))

    def _build_editor(self, context: AppContext | None) -> None:
        if context is not None and self._pending_start is not None:
            from neodesk.ui.client_editor import ClientEditor

            self._built_editor = ClientEditor(context)
        QTimer.singleShot(SLICE_GAP_MS, self._finish_sliced)

    def _finish_sliced(self) -> None:
        self._sliced = True
        self.finish_start()

    def finish_start(self) -> None:
        """A quick start's second step (once; posted after the first paint): open the database
        (migrations, reference data, sign-in), then complete the window and open the first client."""
        start, self._pending_start = self._pending_start, None
        if start is None:
            return
        from neodesk.ui.context import IdentityPending

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
        self._owns_db = True
        self.setWindowTitle(f"NeoDesk — {context.db.label}[*]")
        self.status_database.setText(f"Database: {context.db.label}")
        self._complete(context)
        if self._sliced:
            QTimer.singleShot(SLICE_GAP_MS, self._open_first_client)  # the window takes input between the two
        else:
            self._open_first_client()

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
        QTimer.singleShot(0, self.home.reload)

    # -- building ----------------------------------------------------------------------------------------------
    def _action(
        self,
        text: str,
        name: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        from PySide6.QtGui import QAction, QKeySequence

        action = QAction(text, self, objectName=f"action.{name}")
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)  # shortcuts work wherever the focus is in the window
        return action

    def _build_menu_titles(self) -> None:
        """The menu bar with its (empty) menus: part of the shell, so it does not move when actions arrive."""
        self._menus: dict[str, QMenu] = {}
        for title, name in (
            ("&File", "file"),
            ("&New", "new"),
            ("&View", "view"),
            ("&Reports", "reports"),
            ("&Tools", "tools"),
            ("A&greements", "agreements"),
            ("&Admin", "admin"),
            ("&Help", "help"),
        ):
            menu = self.menuBar().addMenu(title)
            menu.setObjectName(f"menu.{name}")
            menu.setToolTipsVisible(True)
            self._menus[name] = menu
        self.admin_menu = self._menus["admin"]
        self.admin_menu.menuAction().setVisible(False)  # until we know who is signed in

    def _menu(self, name: str, actions: list[QAction | None]) -> QMenu:
        menu = self._menus[name]
        for action in actions:
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        return menu

    def _build_menus(self) -> None:
        from PySide6.QtGui import QKeySequence

        a = self._action
        self.action_new_client = a("New &Client", "newClient", self.new_client, QKeySequence.StandardKey.New)
        self.action_export = a("&Export…", "export", self.export_records, "Ctrl+E")
        self.action_export.setToolTip("A bundle for the central office, or the SBA counseling upload")
        self.action_print_report = a(
            "&Print Milestone Report…",
            "printMilestoneReport",
            self.print_milestone_report,
            QKeySequence.StandardKey.Print,
        )
        self.action_impact_report = a("&Impact report…", "impactReport", self.impact_report)
        self.action_impact_report.setToolTip("Impacts across clients for a period, by counselor or funding source")
        self.action_quit = a("&Quit", "quit", self.close, QKeySequence.StandardKey.Quit)
        self.action_new_milestone = a("&Milestone…", "newMilestone", self.new_milestone, "Ctrl+M")
        self.action_new_session = a("Counseling &Session…", "newSession", self.new_session, "Ctrl+Shift+S")
        self.action_run_processing = a(
            "&Run milestone processing", "runMilestoneProcessing", self.run_milestone_processing
        )
        self.action_check_db = a("&Check database", "checkDatabase", self.check_database)
        self.action_backup = a("&Back up now", "backUpNow", self.back_up_now)
        self.action_restore = a("&Restore backup…", "restoreBackup", self.restore_backup)
        self.action_restore.setToolTip("Replace this database with a backup (the current file is kept aside)")
        self.action_settings = a("&Settings…", "settings", self.open_settings)
        self.action_milestone_types = a("&Milestone types…", "milestoneTypes", self.open_milestone_types)
        self.action_picklists = a("&Picklists…", "picklists", self.open_picklists)
        self.action_counselors = a("&Counselors…", "counselors", self.open_counselors)
        self.action_funding = a("&Funding sources…", "fundingSources", self.open_funding_sources)
        self.action_centers = a("C&enters…", "centers", self.open_centers)
        self.action_readiness_requirements = a(
            "&Readiness requirements…", "readinessRequirements", self.open_readiness_requirements
        )
        self.action_about = a("&About NeoDesk…", "about", self.about)
        self.action_data_folder = a("&Data folder location", "dataFolder", self.show_data_folder)
        self.action_home = a("&Home", "home", self.show_home, "Ctrl+1")
        self.action_user_guide = a("&User guide", "userGuide", self.show_user_guide, "F1")
        self.action_whats_this = self._whats_this_action()

        self._menu(
            "file", [self.action_new_client, self.action_export, self.action_print_report, None, self.action_quit]
        )
        self._menu("new", [self.action_new_client, self.action_new_milestone, self.action_new_session])
        self._menu("view", [self.action_home])
        self._menu("reports", [self.action_print_report, self.action_impact_report])
        self._menu(
            "tools", [self.action_run_processing, None, self.action_check_db, self.action_backup, self.action_restore]
        )
        self._menu(
            "admin",
            [
                self.action_settings,
                self.action_milestone_types,
                self.action_readiness_requirements,
                self.action_picklists,
                self.action_counselors,
                self.action_funding,
                self.action_centers,
            ],
        )
        self.admin_menu.menuAction().setVisible(self.context.is_admin)
        self._menu(
            "help", [self.action_user_guide, self.action_whats_this, None, self.action_about, self.action_data_folder]
        )
        self._build_agreement_menu()

    def _build_agreement_menu(self) -> None:
        """Agreements (agreements.md §12): the center's list, a processing run, a dry run."""
        from neodesk.ui.agreement_menu import agreement_actions, process_at_start

        self._menu("agreements", agreement_actions(self, self._action))
        QTimer.singleShot(0, lambda: process_at_start(self))  # once a day, after the window is up
        QTimer.singleShot(0, self._install_tasks_panel)

    def _install_tasks_panel(self) -> None:
        """The Tasks dock (agreements.md §7); a Changes broadcast reaches it by self.tasks_panel.on_changes."""
        from neodesk.ui.tasks_panel import install_tasks_panel

        if not self._closed:
            self.tasks_panel = install_tasks_panel(self, self.context)

    @staticmethod
    def _signed_in_text(name: str, is_admin: bool) -> str:
        return f"Signed in: {name} ({'administrator' if is_admin else 'counselor'})"

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
        self._status_count: BackgroundValue | None = None

    def _headers(self) -> dict[str, QHeaderView]:
        return {"clientList": self.client_list.view.horizontalHeader()}

    def _unexported(self) -> int:
        from neodesk.exchange.bundle_export import unexported_count

        return unexported_count(self.context.db)

    def update_status(self) -> None:
        """Recount the records not yet exported, on a worker (the label changes when it is done)."""
        if self._status_count is None:
            from neodesk.ui.status_count import BackgroundValue

            self._status_count = BackgroundValue(self._unexported, self)
            self._status_count.ready.connect(lambda n: self.status_unexported.setText(f"Not yet exported: {n:,}"))
        self._status_count.request()

    # -- client switching --------------------------------------------------------------------------------------
    def _leave_guard(self) -> bool:
        self._switching = True
        try:
            return self.client_editor.confirm_leave()
        finally:
            self._switching = False

    def _show_client(self, client_id: uuid.UUID | None, _previous: uuid.UUID | None) -> None:
        from neodesk.services.errors import NotFound

        if client_id is None:
            self.client_editor.clear()
            return
        try:
            self.client_editor.load_client(client_id)
            if not getattr(self, "_opening_first", False):
                self.show_editor()
        except NotFound:
            # Deleted from another desk since the list was read.
            self.client_editor.clear()
            self.statusBar().showMessage("That client no longer exists; the list was refreshed.", MESSAGE_MS)
            QTimer.singleShot(0, self._refresh_after_change)

    def _on_saved(self, client_id: uuid.UUID) -> None:
        # A new client becomes the list's current one; while the list is switching to another
        # client, the list already knows where it is going.
        if not self._switching and self.client_list.current_client_id != client_id:
            self.client_list.set_current_quietly(client_id)
        # Deferred: the save may run inside the list's own selection signal, where resetting the
        # model under the view is unsafe.
        QTimer.singleShot(0, self._refresh_after_change)
        self.statusBar().showMessage("Saved.", 4000)

    def _on_activity_changed(self) -> None:
        QTimer.singleShot(0, self._refresh_after_change)

    def _refresh_after_change(self) -> None:
        self.client_list.refresh()
        self.update_status()

    # -- Home -----------------------------------------------------------------------------------------------------
    def show_home(self) -> None:
        """View ▸ Home (Ctrl+1): the counselor's figures, read again."""
        self.right_stack.setCurrentWidget(self.home)
        self.home.reload()

    def show_editor(self) -> None:
        """The client editor in front, the client it shows remembered as recently opened."""
        from neodesk.ui.home_view import remember_recent_client

        self.right_stack.setCurrentWidget(self.client_editor)
        if self.client_editor.client_id is not None:
            remember_recent_client(self.context.counselor_id, self.client_editor.client_id)

    def open_client_from_home(self, client_id: uuid.UUID) -> None:
        """A client clicked on Home: through the list when it holds the client (asking about unsaved edits)."""
        if client_id == self.client_editor.client_id:
            self.show_editor()
        elif self.client_list.model.row_of(client_id) >= 0:
            self.client_list.select_client(client_id)
        elif self.client_editor.confirm_leave():
            self.client_list.set_current_quietly(client_id)
            self._show_client(client_id, None)

    # -- File / New ---------------------------------------------------------------------------------------------
    def new_client(self) -> None:
        if not self.client_editor.confirm_leave():
            return
        self.client_list.set_current_quietly(None)
        self.show_editor()
        self.client_editor.new_client()

    def new_session(self) -> None:
        if self.client_editor.client_id is None:
            self.statusBar().showMessage("Open or save a client first, then record its session.", MESSAGE_MS)
            return
        from neodesk.ui.client_editor import TAB_SESSIONS

        self.show_editor()
        self.client_editor.tabs.setCurrentIndex(TAB_SESSIONS)
        self.client_editor.sessions.new_session()

    def _tell(self, text: str) -> None:
        self.statusBar().showMessage(text, MESSAGE_MS)
        self.statusBar().setToolTip(text)  # the permanent figures may clip a long message; hover shows it all

    def _tell_result(self, text: str) -> None:
        """What a milestone dialog did, whole: the editor's message bar wraps it (the status bar clips it)."""
        self._tell(text)
        self.client_editor.show_result(text)

    def _client_for(self, what: str) -> uuid.UUID | None:
        """The stored client in the editor, unsaved edits settled first; None (and a word why) if there is none.

        `what` finishes the sentence "Select a client first, then …".
        """
        editor = self.client_editor
        if not editor.has_client:
            self._tell(f"Select a client first, then {what}.")
            return None
        if not editor.confirm_leave():  # Cancel, or the save was refused (its problems are showing)
            return None
        if editor.client_id is None:
            self._tell(f"Save the new client first, then {what}.")
            return None
        self.show_editor()
        return editor.client_id

    def _client_gone(self, exc: NotFound) -> None:
        from neodesk.ui import dialogs

        dialogs.show_error(self, "Client", str(exc))
        self.client_editor.clear()
        QTimer.singleShot(0, self._refresh_after_change)

    def export_records(self) -> None:
        """File ▸ Export… (Ctrl+E): a bundle for the central office or the SBA upload, with progress."""
        if self.client_editor.client_id is not None and not self._leave_guard():
            return  # unsaved edits the counselor chose to keep editing: they would not be in the export
        from neodesk.ui.export_dialog import ExportDialog

        dialog = ExportDialog(self.context.db, pending=self._unexported(), parent=self)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
            self.update_status()
            if self.right_stack.currentWidget() is self.home:
                self.home.reload()

    def print_milestone_report(self) -> None:
        """File ▸ Print Milestone Report (Ctrl+P): write the client's report, then offer Open and Print…."""
        client_id = self._client_for("print its milestone report")
        if client_id is None:
            return
        # Imported here: reportlab costs a noticeable part of the start-up time and most sessions print nothing.
        from neodesk.services.report_files import client_report_name
        from neodesk.ui.report_dialog import ReportDialog
        from neodesk.ui.report_options import PrintOptionsDialog

        name = str(self.client_editor.editors["name"].raw())
        # What to include and where to save, chosen before anything is written.
        options = PrintOptionsDialog(name, client_report_name(self.context.db, client_id), parent=self)
        try:
            if options.exec() != QDialog.DialogCode.Accepted:
                return
            include_all, out = options.include_all, options.path
        finally:
            options.deleteLater()
        dialog = ReportDialog(
            self.context.db,
            client_id,
            name,
            generated_by=self.context.counselor_name,
            include_all=include_all,
            out=out,
            parent=self,
        )
        try:
            if dialog.generate():
                dialog.exec()
        finally:
            dialog.deleteLater()

    def impact_report(self) -> None:
        """Reports ▸ Impact report…: filters, where to save, Write PDF, Open."""
        from neodesk.ui.impact_report_dialog import ImpactReportDialog

        dialog = ImpactReportDialog(self.context.db, generated_by=self.context.counselor_name, parent=self)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()

    def new_milestone(self) -> None:
        """New ▸ Milestone (Ctrl+M) and the Milestones tab's New: the New Milestone dialog for the client."""
        client_id = self._client_for("log its milestones")
        if client_id is None:
            return
        from neodesk.catalog.fields import FIELDS_BY_KEY
        from neodesk.services.errors import NotFound
        from neodesk.ui.client_editor import TAB_MILESTONES
        from neodesk.ui.new_milestone_dialog import NewMilestoneDialog

        editor = self.client_editor
        try:
            dialog = NewMilestoneDialog(
                self.context.db, client_id, self.context.counselor_id, decider=editor.decider, parent=self
            )
        except NotFound as exc:
            self._client_gone(exc)
            return
        try:
            accepted = dialog.exec() == dialog.DialogCode.Accepted
            log = dialog.result_log
        finally:
            dialog.deleteLater()
        if not accepted or log is None:
            return
        editor.tabs.setCurrentIndex(TAB_MILESTONES)
        editor.reload_after_activity(log.warnings)
        logged = len(log.milestone_ids)
        text = "Logged 1 milestone." if logged == 1 else f"Logged {logged} milestones."
        if log.session_id is not None:
            text += " Recorded the follow-up session."
        if log.client_updates:
            fields = ", ".join(FIELDS_BY_KEY[k].label if k in FIELDS_BY_KEY else k for k in log.client_updates)
            text += f" Client updated: {fields}."
        self._tell_result(text)

    def edit_milestone(self, milestone_id: uuid.UUID) -> None:
        """The Milestones tab's Edit (and double-click): the Edit Milestone dialog, then the client reloaded."""
        if self._client_for("edit its milestones") is None:
            return
        from neodesk.services.errors import NotFound
        from neodesk.ui import dialogs
        from neodesk.ui.new_milestone_dialog import EditMilestoneDialog

        editor = self.client_editor
        try:
            dialog = EditMilestoneDialog(
                self.context.db, milestone_id, self.context.counselor_id, decider=editor.decider, parent=self
            )
        except NotFound as exc:
            dialogs.show_error(self, "Edit milestone", str(exc))
            editor.reload_after_activity()
            return
        try:
            accepted = dialog.exec() == dialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()
        if accepted:
            editor.reload_after_activity()
            self._tell_result("Milestone saved." + (" Client updated too." if dialog.result_updates else ""))

    # -- Tools ------------------------------------------------------------------------------------------------
    def run_milestone_processing(self) -> None:
        """Tools ▸ Run milestone processing: Start-ups past the start-up period become In Business."""
        if not self.client_editor.confirm_leave():
            return
        from neodesk.services.errors import NotFound
        from neodesk.services.processing import run_milestone_processing
        from neodesk.ui import dialogs
        from neodesk.ui.background import run_in_background

        result = run_in_background(
            self,
            "Running milestone processing…",
            run_milestone_processing,
            self.context.db,
            counselor_id=self.context.counselor_id,
        )
        if self.client_editor.client_id is not None:
            try:
                self.client_editor.load_client(self.client_editor.client_id)
            except NotFound:
                self.client_editor.clear()
        self._refresh_after_change()
        dialogs.inform(self, "Milestone processing", processing_summary(result), object_name=PROCESSING_RESULT)

    def check_database(self) -> None:
        from neodesk.ui.check_dialog import check_database

        check_database(self, self.context.db)

    def back_up_now(self) -> None:
        from neodesk.models.database import DatabaseError, backup
        from neodesk.ui import dialogs

        try:
            out = backup(self.context.db)
        except DatabaseError as exc:
            dialogs.show_error(self, "Back up now", str(exc))
            return
        dialogs.inform(self, "Back up now", f"Backed up to {out}")

    def choose_backup_file(self) -> Path | None:
        """The backup file to restore, picked in a file dialog opened on the backups folder."""
        from PySide6.QtWidgets import QFileDialog

        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Restore backup", str(paths.backup_dir()), "NeoDesk databases (*.sqlite3);;All files (*)"
        )
        from pathlib import Path

        return Path(chosen) if chosen else None

    def restore_backup(self) -> None:
        """Tools ▸ Restore backup…: put a verified backup in place of this database (the current file is
        kept aside next to it), then reopen the window on the restored data."""
        from neodesk.services.backups import RestoreRefused, restore_backup
        from neodesk.services.failures import describe
        from neodesk.ui import build_main_window, dialogs
        from neodesk.ui.background import run_in_background

        database = self.context.db.path
        if database is None:
            dialogs.show_error(
                self, "Restore backup", "Restore is for SQLite files; restore a server database with its own tools."
            )
            return
        if not self.client_editor.confirm_leave():
            return
        backup = self.choose_backup_file()
        if backup is None:
            return
        if not dialogs.confirm(
            self,
            "Restore backup",
            f"Replace the database {database} with the backup {backup}?\n\nEverything entered "
            f"since that backup was made will no longer show; the current file is kept aside "
            f"next to it (named …-before-restore-…).",
            action="Restore",
            object_name="restore.confirm",
        ):
            return
        self.context.db.engine.dispose()  # no pooled connection of ours stays on the file being replaced
        try:
            result = run_in_background(self, "Checking and restoring the backup…", restore_backup, database, backup)
        except (RestoreRefused, OSError) as exc:
            sentence = str(exc) if isinstance(exc, RestoreRefused) else describe(exc, where=database).sentence
            dialogs.show_error(self, "Restore backup", sentence[:1].upper() + sentence[1:])
            return  # nothing was replaced; the engine reconnects to the same file when next used
        successor = build_main_window(result.database)
        successor.show()
        self._successor = successor  # kept alive by the closing window, which the app still holds
        aside = f" The replaced file was kept as {result.kept_aside}." if result.kept_aside else ""
        dialogs.inform(
            successor,
            "Restore backup",
            f"Restored the backup {result.backup} ({result.clients:,} clients).{aside}",
            object_name="restore.done",
        )
        self._owns_db = True
        self.close()

    # -- Admin (administrators only) ---------------------------------------------------------------------------
    def _administer(self, entry: Callable[[QWidget | None, Database, Actor], bool]) -> None:
        from neodesk.ui.admin_passphrase import unlock_administration

        context = self.context
        if not unlock_administration(
            self, context.db, context.admin_gate, context.counselor_id, context.counselor_name
        ):
            return
        if entry(self, self.context.db, self.context.counselor_id):
            self._after_admin_change()

    def _after_admin_change(self) -> None:
        """Picklists, type names, counselors or centers changed: show the new ones wherever they appear."""
        import dataclasses

        from neodesk.services.ui_queries import signed_in

        editor = self.client_editor
        editor.refresh_choices()
        if editor.client_id is not None:
            editor.milestones.reload()
            editor.sessions.reload()
            editor.readiness.reload()
        with self.context.db.session() as session:
            me = signed_in(session, self.context.counselor_id)
        if me is not None:
            name, is_admin = me
            self.context = dataclasses.replace(self.context, counselor_name=name, is_admin=is_admin)
            role = "administrator" if is_admin else "counselor"
            self.status_counselor.setText(f"Signed in: {name} ({role})")
            self.admin_menu.menuAction().setVisible(is_admin)
        self._refresh_after_change()

    def open_settings(self) -> None:
        from neodesk.ui import admin

        self._administer(admin.open_settings)

    def open_milestone_types(self) -> None:
        from neodesk.ui import admin

        self._administer(admin.open_milestone_types)

    def open_readiness_requirements(self) -> None:
        from neodesk.ui import admin

        self._administer(admin.open_readiness_requirements)

    def open_picklists(self) -> None:
        from neodesk.ui import admin

        self._administer(admin.open_picklists)

    def open_counselors(self) -> None:
        from neodesk.ui import admin

        self._administer(admin.open_counselors)

    def open_funding_sources(self) -> None:
        from neodesk.ui import admin

        self._administer(admin.open_funding_sources)

    def open_centers(self) -> None:
        from neodesk.ui import admin

        self._administer(admin.open_centers)

    # -- Help -------------------------------------------------------------------------------------------------
    def _whats_this_action(self) -> QAction:
        from PySide6.QtWidgets import QWhatsThis

        action = QWhatsThis.createAction(self)  # Shift+F1, then click a field
        action.setObjectName("action.whatsThis")
        self.addAction(action)
        return action

    def show_user_guide(self) -> None:
        """Help ▸ User guide (F1): one guide window, brought to the front when already open."""
        from neodesk.ui.help_window import HelpWindow

        window = getattr(self, "help_window", None)
        if window is None:
            window = self.help_window = HelpWindow()
        window.show()
        window.raise_()
        window.activateWindow()

    def about(self) -> None:
        from neodesk.ui.about_dialog import show_about

        show_about(self)

    def show_data_folder(self) -> None:
        from neodesk.ui import dialogs

        dialogs.inform(
            self,
            "Data folder location",
            f"Database: {self.context.db.label}\nData folder: {paths.data_dir()}\n"
            f"Backups: {paths.backup_dir()}\nLogs: {paths.log_dir()}\n"
            f"Window settings: {paths.config_dir() / SETTINGS_FILE}",
        )

    # -- closing ----------------------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if self._completed and not self.client_editor.confirm_leave():
            event.ignore()
            return
        self._pending_start = None  # closed before a quick start's second step: it never runs
        if self._opener is not None and not self._completed:
            self._opener.discard()  # its database, opened or about to be, is closed
        save_layout(self, self.splitter, self._headers())
        if getattr(self, "help_window", None) is not None:
            self.help_window.close()
        self.client_list.shutdown()
        if self._completed:
            self.home.shutdown()
        if self._owns_db and self._completed:
            self.context.db.close()
        self._closed = True
        event.accept()


def processing_summary(result: ProcessingResult) -> str:
    """What a processing run changed, in the counselor's words."""
    period = f"{result.startup_period_months} months"
    if not result.promoted:
        return f"No client changed: no Start-up has a Date Established more than {period} ago."
    count = result.changed
    head = (
        "1 client moved from Start-up to In Business"
        if count == 1
        else f"{count:,} clients moved from Start-up to In Business"
    )
    lines = [f"{head} (Date Established more than {period} ago):"]
    lines += [
        f"Client {p.client_no}: {p.name} (established {p.date_established.isoformat()})"
        for p in result.promoted[:PROCESSING_LISTED]
    ]
    if count > PROCESSING_LISTED:
        lines.append(f"… and {count - PROCESSING_LISTED:,} more.")
    return "\n".join(lines)
