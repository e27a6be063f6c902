"""The main window: client list on the left, client editor on the right, menus and status bar.

The window wires the parts together: the New / Edit Milestone dialogs for the client in the editor
(reloading it afterwards, since milestones change client fields), the milestone report, milestone
processing and the administration dialogs (refreshing the choices they feed).
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QDialog, QHeaderView, QLabel, QMainWindow, QMenu, QSplitter, QWidget

from neodesk import __version__, paths
from neodesk.catalog.fields import FIELDS_BY_KEY
from neodesk.models import Database
from neodesk.models.database import DatabaseError, backup, integrity_problems
from neodesk.services.errors import NotFound
from neodesk.services.processing import ProcessingResult, run_milestone_processing
from neodesk.services.ui_queries import count_changed_records, signed_in
from neodesk.ui import admin, dialogs
from neodesk.ui.admin.common import Actor
from neodesk.ui.background import run_in_background
from neodesk.ui.client_editor import TAB_MILESTONES, TAB_SESSIONS, ClientEditor
from neodesk.ui.client_list import ClientListPanel
from neodesk.ui.context import AppContext
from neodesk.ui.new_milestone_dialog import EditMilestoneDialog, NewMilestoneDialog
from neodesk.ui.settings_store import SETTINGS_FILE, restore_layout, save_layout
from neodesk.ui.style import STYLE_SHEET

MESSAGE_MS = 6000
PROCESSING_RESULT = "processingResult"
PROCESSING_LISTED = 15  # promoted clients named in the result; the rest are counted


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext, *, owns_db: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.setWindowTitle(f"NeoDesk — {context.db.label}[*]")
        self.setStyleSheet(STYLE_SHEET)
        self.context = context
        self._owns_db = owns_db
        self._switching = False  # inside the "leave this client?" question of the list

        self.client_list = ClientListPanel(context.db, context.counselor_id)
        self.client_editor = ClientEditor(context)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, objectName="mainSplitter")
        self.splitter.addWidget(self.client_list)
        self.splitter.addWidget(self.client_editor)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self._build_menus()
        self._build_status_bar()

        self.client_list.leave_guard = self._leave_guard
        self.client_list.current_client_changed.connect(self._show_client)
        self.client_editor.saved.connect(self._on_saved)
        self.client_editor.dirty_changed.connect(self.setWindowModified)
        self.client_editor.new_milestone_requested.connect(self.new_milestone)
        self.client_editor.edit_milestone_requested.connect(self.edit_milestone)
        self.client_editor.activity_changed.connect(self._on_activity_changed)

        if not restore_layout(self, self.splitter, self._headers()):
            self.resize(1280, 800)
            self.splitter.setSizes([560, 720])
        # The first client opens once the window is up: the list shows without waiting for the editor.
        QTimer.singleShot(0, self._open_first_client)

    def _open_first_client(self) -> None:
        if self.client_list.model.rowCount() > 0 and self.client_editor.client_id is None:
            self.client_list.select_client(self.client_list.model.client_id(0))

    # -- building ----------------------------------------------------------------------------------------------
    def _action(self, text: str, name: str, slot: Callable[[], object],
                shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None) -> QAction:
        action = QAction(text, self, objectName=f"action.{name}")
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)  # shortcuts work wherever the focus is in the window
        return action

    def _menu(self, title: str, name: str, actions: list[QAction | None]) -> QMenu:
        menu = self.menuBar().addMenu(title)
        menu.setObjectName(f"menu.{name}")
        menu.setToolTipsVisible(True)
        for action in actions:
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        return menu

    def _build_menus(self) -> None:
        a = self._action
        self.action_new_client = a("New &Client", "newClient", self.new_client, QKeySequence.StandardKey.New)
        self.action_export = a("&Export…", "export", lambda: None)
        self.action_export.setEnabled(False)
        self.action_export.setToolTip("coming with the export issue")
        self.action_print_report = a("&Print Milestone Report…", "printMilestoneReport", self.print_milestone_report,
                                     QKeySequence.StandardKey.Print)
        self.action_quit = a("&Quit", "quit", self.close, QKeySequence.StandardKey.Quit)
        self.action_new_milestone = a("&Milestone…", "newMilestone", self.new_milestone, "Ctrl+M")
        self.action_new_session = a("Counseling &Session…", "newSession", self.new_session, "Ctrl+Shift+S")
        self.action_run_processing = a("&Run milestone processing", "runMilestoneProcessing",
                                       self.run_milestone_processing)
        self.action_check_db = a("&Check database", "checkDatabase", self.check_database)
        self.action_backup = a("&Back up now", "backUpNow", self.back_up_now)
        self.action_settings = a("&Settings…", "settings", self.open_settings)
        self.action_milestone_types = a("&Milestone types…", "milestoneTypes", self.open_milestone_types)
        self.action_picklists = a("&Picklists…", "picklists", self.open_picklists)
        self.action_counselors = a("&Counselors…", "counselors", self.open_counselors)
        self.action_funding = a("&Funding sources…", "fundingSources", self.open_funding_sources)
        self.action_centers = a("C&enters…", "centers", self.open_centers)
        self.action_readiness_requirements = a("&Readiness requirements…", "readinessRequirements",
                                               self.open_readiness_requirements)
        self.action_about = a("&About NeoDesk", "about", self.about)
        self.action_data_folder = a("&Data folder location", "dataFolder", self.show_data_folder)

        self._menu("&File", "file", [self.action_new_client, self.action_export, self.action_print_report, None,
                                     self.action_quit])
        self._menu("&New", "new", [self.action_new_client, self.action_new_milestone, self.action_new_session])
        self._menu("&Tools", "tools", [self.action_run_processing, None, self.action_check_db, self.action_backup])
        self.admin_menu = self._menu("&Admin", "admin", [self.action_settings, self.action_milestone_types,
                                                         self.action_readiness_requirements, self.action_picklists,
                                                         self.action_counselors, self.action_funding,
                                                         self.action_centers])
        self.admin_menu.menuAction().setVisible(self.context.is_admin)
        self._menu("&Help", "help", [self.action_about, self.action_data_folder])

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.status_database = QLabel(f"Database: {self.context.db.label}", objectName="statusDatabase")
        self.status_counselor = QLabel(objectName="statusCounselor")
        role = "administrator" if self.context.is_admin else "counselor"
        self.status_counselor.setText(f"Signed in: {self.context.counselor_name} ({role})")
        self.status_unexported = QLabel(objectName="statusUnexported")
        self.status_unexported.setToolTip(
            "Client, milestone and session records created, changed or deleted in this database. "
            "No export has run yet, so all of them would go in the first export."
        )
        for label in (self.status_database, self.status_counselor, self.status_unexported):
            label.setContentsMargins(8, 0, 8, 0)
            bar.addPermanentWidget(label)
        # Counting every changed record walks the whole store; the window shows first.
        self.status_unexported.setText("Changed records, not yet exported: …")
        QTimer.singleShot(0, self.update_status)

    def _headers(self) -> dict[str, QHeaderView]:
        return {"clientList": self.client_list.view.horizontalHeader()}

    def update_status(self) -> None:
        with self.context.db.session() as session:
            count = count_changed_records(session)
        self.status_unexported.setText(f"Changed records, not yet exported: {count:,}")

    # -- client switching --------------------------------------------------------------------------------------
    def _leave_guard(self) -> bool:
        self._switching = True
        try:
            return self.client_editor.confirm_leave()
        finally:
            self._switching = False

    def _show_client(self, client_id: uuid.UUID | None, _previous: uuid.UUID | None) -> None:
        if client_id is None:
            self.client_editor.clear()
            return
        try:
            self.client_editor.load_client(client_id)
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

    # -- File / New ---------------------------------------------------------------------------------------------
    def new_client(self) -> None:
        if not self.client_editor.confirm_leave():
            return
        self.client_list.set_current_quietly(None)
        self.client_editor.new_client()

    def new_session(self) -> None:
        if self.client_editor.client_id is None:
            self.statusBar().showMessage("Open or save a client first, then record its session.", MESSAGE_MS)
            return
        self.client_editor.tabs.setCurrentIndex(TAB_SESSIONS)
        self.client_editor.sessions.new_session()

    def _tell(self, text: str) -> None:
        self.statusBar().showMessage(text, MESSAGE_MS)

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
        return editor.client_id

    def _client_gone(self, exc: NotFound) -> None:
        dialogs.show_error(self, "Client", str(exc))
        self.client_editor.clear()
        QTimer.singleShot(0, self._refresh_after_change)

    def print_milestone_report(self) -> None:
        """File ▸ Print Milestone Report (Ctrl+P): write the client's report, then offer Open and Print…."""
        client_id = self._client_for("print its milestone report")
        if client_id is None:
            return
        # Imported here: reportlab costs a noticeable part of the start-up time and most sessions print nothing.
        from neodesk.ui.report_dialog import ReportDialog

        name = str(self.client_editor.editors["name"].raw())
        dialog = ReportDialog(self.context.db, client_id, name, generated_by=self.context.counselor_name,
                              parent=self)
        try:
            if dialog.generate():
                dialog.exec()
        finally:
            dialog.deleteLater()

    def new_milestone(self) -> None:
        """New ▸ Milestone (Ctrl+M) and the Milestones tab's New: the New Milestone dialog for the client."""
        client_id = self._client_for("log its milestones")
        if client_id is None:
            return
        editor = self.client_editor
        try:
            dialog = NewMilestoneDialog(self.context.db, client_id, self.context.counselor_id,
                                        decider=editor.decider, parent=self)
        except NotFound as exc:
            self._client_gone(exc)
            return
        try:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
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
        self._tell(text)

    def edit_milestone(self, milestone_id: uuid.UUID) -> None:
        """The Milestones tab's Edit (and double-click): the Edit Milestone dialog, then the client reloaded."""
        if self._client_for("edit its milestones") is None:
            return
        editor = self.client_editor
        try:
            dialog = EditMilestoneDialog(self.context.db, milestone_id, self.context.counselor_id,
                                         decider=editor.decider, parent=self)
        except NotFound as exc:
            dialogs.show_error(self, "Edit milestone", str(exc))
            editor.reload_after_activity()
            return
        try:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()
        if accepted:
            editor.reload_after_activity()
            self._tell("Milestone saved." + (" Client updated too." if dialog.result_updates else ""))

    # -- Tools ------------------------------------------------------------------------------------------------
    def run_milestone_processing(self) -> None:
        """Tools ▸ Run milestone processing: Start-ups past the start-up period become In Business."""
        if not self.client_editor.confirm_leave():
            return
        result = run_in_background(self, "Running milestone processing…", run_milestone_processing,
                                   self.context.db, counselor_id=self.context.counselor_id)
        if self.client_editor.client_id is not None:
            try:
                self.client_editor.load_client(self.client_editor.client_id)
            except NotFound:
                self.client_editor.clear()
        self._refresh_after_change()
        dialogs.inform(self, "Milestone processing", processing_summary(result), object_name=PROCESSING_RESULT)

    def check_database(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            problems = integrity_problems(self.context.db)
        finally:
            QGuiApplication.restoreOverrideCursor()
        if problems:
            shown = "\n".join(problems[:20]) + ("\n…" if len(problems) > 20 else "")
            dialogs.show_error(self, "Check database",
                               f"The database failed its integrity check ({len(problems)} problems). Restore a "
                               f"backup from {paths.backup_dir()} or ask for help.\n\n{shown}")
        else:
            dialogs.inform(self, "Check database", f"Database {self.context.db.label}: integrity check passed.")

    def back_up_now(self) -> None:
        try:
            out = backup(self.context.db)
        except DatabaseError as exc:
            dialogs.show_error(self, "Back up now", str(exc))
            return
        dialogs.inform(self, "Back up now", f"Backed up to {out}")

    # -- Admin (administrators only) ---------------------------------------------------------------------------
    def _administer(self, entry: Callable[[QWidget | None, Database, Actor], bool]) -> None:
        if entry(self, self.context.db, self.context.counselor_id):
            self._after_admin_change()

    def _after_admin_change(self) -> None:
        """Picklists, type names, counselors or centers changed: show the new ones wherever they appear."""
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
        self._administer(admin.open_settings)

    def open_milestone_types(self) -> None:
        self._administer(admin.open_milestone_types)

    def open_readiness_requirements(self) -> None:
        self._administer(admin.open_readiness_requirements)

    def open_picklists(self) -> None:
        self._administer(admin.open_picklists)

    def open_counselors(self) -> None:
        self._administer(admin.open_counselors)

    def open_funding_sources(self) -> None:
        self._administer(admin.open_funding_sources)

    def open_centers(self) -> None:
        self._administer(admin.open_centers)

    # -- Help -------------------------------------------------------------------------------------------------
    def about(self) -> None:
        dialogs.inform(self, "About NeoDesk",
                       f"NeoDesk {__version__}\nClient, counseling and milestone records for small-business "
                       f"counselors.\n\nDatabase: {self.context.db.label}")

    def show_data_folder(self) -> None:
        dialogs.inform(self, "Data folder location",
                       f"Database: {self.context.db.label}\nData folder: {paths.data_dir()}\n"
                       f"Backups: {paths.backup_dir()}\nLogs: {paths.log_dir()}\n"
                       f"Window settings: {paths.config_dir() / SETTINGS_FILE}")

    # -- closing ----------------------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.client_editor.confirm_leave():
            event.ignore()
            return
        save_layout(self, self.splitter, self._headers())
        self.client_list.shutdown()
        if self._owns_db:
            self.context.db.close()
        event.accept()


def processing_summary(result: ProcessingResult) -> str:
    """What a processing run changed, in the counselor's words."""
    period = f"{result.startup_period_months} months"
    if not result.promoted:
        return f"No client changed: no Start-up has a Date Established more than {period} ago."
    count = result.changed
    head = ("1 client moved from Start-up to In Business" if count == 1
            else f"{count:,} clients moved from Start-up to In Business")
    lines = [f"{head} (Date Established more than {period} ago):"]
    lines += [f"Client {p.client_no}: {p.name} (established {p.date_established.isoformat()})"
              for p in result.promoted[:PROCESSING_LISTED]]
    if count > PROCESSING_LISTED:
        lines.append(f"… and {count - PROCESSING_LISTED:,} more.")
    return "\n".join(lines)
