"""What the main window's actions do: one method per command of the action table (neodesk.ui.window_actions),
plus the navigation between the list, Home and the client editor.

A command that writes publishes the use case's Changes on the window's change bus (neodesk.ui.change_bus);
the views refresh themselves from there, so no command reloads another screen by hand.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QWidget

from neodesk import paths
from neodesk.catalog.fields import FIELDS_BY_KEY
from neodesk.services.changes import Changes, Kind
from neodesk.services.errors import NotFound
from neodesk.services.identity import signed_in
from neodesk.ui import dialogs
from neodesk.ui.admin_passphrase import unlock_administration
from neodesk.ui.background import run_in_background
from neodesk.ui.client_editor import TAB_MILESTONES, TAB_SESSIONS
from neodesk.ui.home_view import remember_recent_client
from neodesk.ui.new_milestone_dialog import EditMilestoneDialog, NewMilestoneDialog
from neodesk.ui.settings_store import SETTINGS_FILE
from neodesk.ui.start_up import on_first_use
from neodesk.ui.status_count import BackgroundValue

if TYPE_CHECKING:
    from neodesk.models import Database
    from neodesk.services.processing import ProcessingResult
    from neodesk.ui.admin.admin_dialog import Actor
    from neodesk.ui.client_editor import ClientEditor
    from neodesk.ui.main_window import MainWindow

# Reports, export, database tools, About: what a session runs now and then, loaded when first used.
OCCASIONAL = "neodesk.ui.occasional_commands"
MESSAGE_MS = 6000
PROCESSING_RESULT = "processingResult"
PROCESSING_LISTED = 15  # promoted clients named in the result; the rest are counted

AdminEntry = Callable[[QWidget | None, "Database", "Actor"], bool]


class WindowCommands:
    """The commands of one main window (its menus, Home's links, the editor's requests)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.actions: dict[str, QAction] = {}  # by name, filled by window_actions.build_actions
        self._switching = False  # inside the "leave this client?" question of the list
        self._status_count = BackgroundValue(self._unexported, window)
        self._status_count.ready.connect(lambda n: window.status_unexported.setText(f"Not yet exported: {n:,}"))

    @property
    def _editor(self) -> ClientEditor:
        return self.window.client_editor

    def _publish(self, changes: Changes, source: object = None) -> None:
        self.window.changes.publish(changes, source if source is not None else self)

    # -- the status bar ------------------------------------------------------------------------------------------
    def _unexported(self) -> int:
        return unexported_count(self.window.context.db)

    def update_status(self) -> None:
        """Recount the records not yet exported, on a worker (the label changes when it is done)."""
        self._status_count.request()

    def tell(self, text: str) -> None:
        bar = self.window.statusBar()
        bar.showMessage(text, MESSAGE_MS)
        bar.setToolTip(text)  # the permanent figures may clip a long message; hover shows it all

    def tell_result(self, text: str) -> None:
        """What a milestone dialog did, whole: the editor's message bar wraps it (the status bar clips it)."""
        self.tell(text)
        self._editor.show_result(text)

    def refresh_signed_in(self) -> None:
        """The signed-in counselor as stored now (an administrator may have changed their own record)."""
        window = self.window
        me = signed_in(window.context.db, window.context.counselor_id)
        if me is None:
            return
        window.context = dataclasses.replace(window.context, counselor_name=me.name, is_admin=me.is_admin)
        window.status_counselor.setText(signed_in_text(me.name, me.is_admin))
        window.admin_menu.menuAction().setVisible(me.is_admin)

    # -- client switching --------------------------------------------------------------------------------------
    def leave_guard(self) -> bool:
        self._switching = True
        try:
            return bool(self._editor.confirm_leave())
        finally:
            self._switching = False

    def show_client(self, client_id: uuid.UUID | None, _previous: uuid.UUID | None = None) -> None:
        editor = self._editor
        if client_id is None:
            editor.clear()
            return
        try:
            editor.load_client(client_id)
            if not self.window.opening_first_client:
                self.show_editor()
        except NotFound:
            # Deleted from another desk since the list was read.
            editor.clear()
            self.window.statusBar().showMessage("That client no longer exists; the list was refreshed.", MESSAGE_MS)
            QTimer.singleShot(0, self.window.client_list.refresh)

    def on_saved(self, client_id: uuid.UUID) -> None:
        # A new client becomes the list's current one; while the list is switching to another
        # client, the list already knows where it is going.
        client_list = self.window.client_list
        if not self._switching and client_list.current_client_id != client_id:
            client_list.set_current_quietly(client_id)
        self.window.statusBar().showMessage("Saved.", 4000)

    # -- Home ---------------------------------------------------------------------------------------------------
    def show_home(self) -> None:
        """View ▸ Home (Ctrl+1): the counselor's figures, read again."""
        self.window.right_stack.setCurrentWidget(self.window.home)
        self.window.home.reload()

    def show_editor(self) -> None:
        """The client editor in front, the client it shows remembered as recently opened."""
        window = self.window
        window.right_stack.setCurrentWidget(window.client_editor)
        counselor_id, client_id = window.context.counselor_id, window.client_editor.client_id
        if counselor_id is not None and client_id is not None:
            remember_recent_client(counselor_id, client_id)

    def open_client_from_home(self, client_id: uuid.UUID) -> None:
        """A client clicked on Home: through the list when it holds the client (asking about unsaved edits)."""
        client_list = self.window.client_list
        if client_id == self._editor.client_id:
            self.show_editor()
        elif client_list.model.row_of(client_id) >= 0:
            client_list.select_client(client_id)
        elif self._editor.confirm_leave():
            client_list.set_current_quietly(client_id)
            self.show_client(client_id, None)

    # -- File / New ---------------------------------------------------------------------------------------------
    def new_client(self) -> None:
        if not self._editor.confirm_leave():
            return
        self.window.client_list.set_current_quietly(None)
        self.show_editor()
        self._editor.new_client()

    def new_session(self) -> None:
        if self._editor.client_id is None:
            self.tell("Open or save a client first, then record its session.")
            return
        self.show_editor()
        self._editor.tabs.setCurrentIndex(TAB_SESSIONS)
        self._editor.sessions.new_session()

    def quit(self) -> None:
        self.window.close()

    def _client_for(self, what: str) -> uuid.UUID | None:
        """The stored client in the editor, unsaved edits settled first; None (and a word why) if there is none.

        `what` finishes the sentence "Select a client first, then …".
        """
        editor = self._editor
        if not editor.has_client:
            self.tell(f"Select a client first, then {what}.")
            return None
        if not editor.confirm_leave():  # Cancel, or the save was refused (its problems are showing)
            return None
        if editor.client_id is None:
            self.tell(f"Save the new client first, then {what}.")
            return None
        self.show_editor()
        client_id: uuid.UUID = editor.client_id
        return client_id

    def _client_gone(self, exc: NotFound) -> None:
        dialogs.show_error(self.window, "Client", str(exc))
        self._editor.clear()
        QTimer.singleShot(0, self.window.client_list.refresh)

    def export_records(self) -> None:
        """File ▸ Export… (Ctrl+E): a bundle for the central office or the SBA upload, with progress."""
        if self._editor.client_id is not None and not self.leave_guard():
            return  # unsaved edits the counselor chose to keep editing: they would not be in the export
        on_first_use(OCCASIONAL).export_records(self.window, self._unexported())
        # An export marks records exported (a bundle) or writes nothing (the SBA upload): the counts and
        # Home's "not yet exported" follow either way.
        self._publish(Changes.of(Kind.EXCHANGE))

    def print_milestone_report(self) -> None:
        """File ▸ Print Milestone Report (Ctrl+P): write the client's report, then offer Open and Print…."""
        client_id = self._client_for("print its milestone report")
        if client_id is not None:
            on_first_use(OCCASIONAL).print_milestone_report(self.window, client_id)

    def impact_report(self) -> None:
        """Reports ▸ Impact report…: filters, where to save, Write PDF, Open."""
        on_first_use(OCCASIONAL).impact_report(self.window)

    def new_milestone(self) -> None:
        """New ▸ Milestone (Ctrl+M) and the Milestones tab's New: the New Milestone dialog for the client."""
        client_id = self._client_for("log its milestones")
        if client_id is None:
            return
        context, editor = self.window.context, self._editor
        try:
            dialog = NewMilestoneDialog(
                context.db, client_id, context.counselor_id, decider=editor.decider, parent=self.window
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
        self._publish(log.changes)
        if log.warnings:  # M13: review the Export Countries
            editor.show_warning("\n".join(log.warnings))
        logged = len(log.milestone_ids)
        text = "Logged 1 milestone." if logged == 1 else f"Logged {logged} milestones."
        if log.session_id is not None:
            text += " Recorded the follow-up session."
        if log.client_updates:
            fields = ", ".join(FIELDS_BY_KEY[k].label if k in FIELDS_BY_KEY else k for k in log.client_updates)
            text += f" Client updated: {fields}."
        self.tell_result(text)

    def edit_milestone(self, milestone_id: uuid.UUID) -> None:
        """The Milestones tab's Edit (and double-click): the Edit Milestone dialog, then the client reloaded."""
        client_id = self._client_for("edit its milestones")
        if client_id is None:
            return
        context, editor = self.window.context, self._editor
        written = Changes.of(Kind.MILESTONE, milestone_id) | Changes.of(Kind.CLIENT, client_id)
        try:
            dialog = EditMilestoneDialog(
                context.db, milestone_id, context.counselor_id, decider=editor.decider, parent=self.window
            )
        except NotFound as exc:
            dialogs.show_error(self.window, "Edit milestone", str(exc))
            self._publish(written)  # deleted elsewhere: show what is stored now
            return
        try:
            accepted = dialog.exec() == dialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()
        if accepted:
            self._publish(written)
            self.tell_result("Milestone saved." + (" Client updated too." if dialog.result_updates else ""))

    # -- Tools ------------------------------------------------------------------------------------------------
    def run_milestone_processing(self) -> None:
        """Tools ▸ Run milestone processing: Start-ups past the start-up period become In Business."""
        if not self._editor.confirm_leave():
            return
        from neodesk.services.processing import run_milestone_processing  # a Tools command: loaded when run

        context = self.window.context
        result = run_in_background(
            self.window,
            "Running milestone processing…",
            run_milestone_processing,
            context.db,
            counselor_id=context.counselor_id,
        )
        self._publish(result.changes)
        dialogs.inform(self.window, "Milestone processing", processing_summary(result), object_name=PROCESSING_RESULT)

    def check_database(self) -> None:
        on_first_use(OCCASIONAL).check_database(self.window)

    def back_up_now(self) -> None:
        on_first_use(OCCASIONAL).back_up_now(self.window)

    def choose_backup_file(self) -> Path | None:
        """The backup file to restore, picked in a file dialog opened on the backups folder."""
        chosen, _filter = QFileDialog.getOpenFileName(
            self.window,
            "Restore backup",
            str(paths.backup_dir()),
            "NeoDesk databases (*.sqlite3);;All files (*)",
        )
        return Path(chosen) if chosen else None

    def restore_backup(self) -> None:
        """Tools ▸ Restore backup…: put a verified backup in place of this database (the current file is
        kept aside next to it), then reopen the window on the restored data."""
        if self._editor.confirm_leave():
            on_first_use(OCCASIONAL).restore_backup(self.window, self.choose_backup_file)

    # -- Admin (administrators only) ---------------------------------------------------------------------------
    def administer(self, entry_name: str, writes: tuple[Kind, ...]) -> None:
        """Every Admin action: the passphrase (once a run), then the dialog `entry_name` of neodesk.ui.admin;
        when it saved something, what it may have changed is published (`writes`)."""
        window, context = self.window, self.window.context
        if not unlock_administration(
            window, context.db, context.admin_gate, context.counselor_id, context.counselor_name
        ):
            return
        # The administration dialogs (~25 ms to import) are loaded when an administrator first opens one.
        entry: AdminEntry = getattr(on_first_use("neodesk.ui.admin"), entry_name)
        if entry(window, context.db, context.counselor_id):
            self._publish(Changes({kind: frozenset() for kind in writes}))

    # -- Help -------------------------------------------------------------------------------------------------
    def show_user_guide(self) -> None:
        """Help ▸ User guide (F1): one guide window, brought to the front when already open."""
        window = self.window.help_window
        if window is None:  # the guide's resources live in neodesk.reports (reportlab): loaded when first used
            window = self.window.help_window = on_first_use("neodesk.ui.help_window").HelpWindow()
        window.show()
        window.raise_()
        window.activateWindow()

    def about(self) -> None:
        on_first_use(OCCASIONAL).about(self.window)

    def show_data_folder(self) -> None:
        dialogs.inform(
            self.window,
            "Data folder location",
            f"Database: {self.window.context.db.label}\nData folder: {paths.data_dir()}\n"
            f"Backups: {paths.backup_dir()}\nLogs: {paths.log_dir()}\n"
            f"Window settings: {paths.config_dir() / SETTINGS_FILE}",
        )


def unexported_count(db: Database) -> int:
    """Records not yet exported. The export's module (its signing keys: ~25 ms to import) loads with the
    first count, on the status bar's worker once the window is usable, not while the window starts."""
    from neodesk.exchange.bundle_export import unexported_count as count

    return count(db)


def signed_in_text(name: str, is_admin: bool) -> str:
    return f"Signed in: {name} ({'administrator' if is_admin else 'counselor'})"


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
