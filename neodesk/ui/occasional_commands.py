"""The main window's commands a session runs now and then: the reports (File ▸ Print Milestone Report,
Reports ▸ Impact report…), File ▸ Export…, Tools ▸ Check database / Back up now / Restore backup…, About.

Apart from neodesk.ui.window_commands because of what they import (reportlab for the reports, the
export's and the checks' dialogs, the backup services): the window loads this module the first time one
of them runs, not while it starts (neodesk.ui.start_up.on_first_use says why that is allowed there).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog

from neodesk.services.backups import BackupFailed, RestoreRefused
from neodesk.services.backups import back_up_now as back_up_now_service
from neodesk.services.backups import restore_backup as restore_backup_service
from neodesk.services.failures import describe
from neodesk.services.report_files import client_report_name
from neodesk.ui import dialogs
from neodesk.ui.about_dialog import show_about
from neodesk.ui.background import run_in_background
from neodesk.ui.check_dialog import check_database as run_database_check
from neodesk.ui.export_dialog import ExportDialog
from neodesk.ui.impact_report_dialog import ImpactReportDialog
from neodesk.ui.report_dialog import ReportDialog
from neodesk.ui.report_options import PrintOptionsDialog
from neodesk.ui.start_up import build_main_window

if TYPE_CHECKING:
    import uuid

    from neodesk.ui.main_window import MainWindow


def print_milestone_report(window: MainWindow, client_id: uuid.UUID) -> None:
    """Write the client's milestone report (what to include and where, chosen first), then offer Open
    and Print…."""
    context = window.context
    name = str(window.client_editor.editors["name"].raw())
    options = PrintOptionsDialog(name, client_report_name(context.db, client_id), parent=window)
    try:
        if options.exec() != QDialog.DialogCode.Accepted:
            return
        include_all, out = options.include_all, options.path
    finally:
        options.deleteLater()
    dialog = ReportDialog(
        context.db,
        client_id,
        name,
        generated_by=context.counselor_name,
        include_all=include_all,
        out=out,
        parent=window,
    )
    try:
        if dialog.generate():
            dialog.exec()
    finally:
        dialog.deleteLater()


def impact_report(window: MainWindow) -> None:
    """Filters, where to save, Write PDF, Open."""
    context = window.context
    dialog = ImpactReportDialog(context.db, generated_by=context.counselor_name, parent=window)
    try:
        dialog.exec()
    finally:
        dialog.deleteLater()


def export_records(window: MainWindow, pending: int) -> None:
    """File ▸ Export…: a bundle for the central office or the SBA upload, with progress (`pending`: the
    records not yet exported)."""
    dialog = ExportDialog(window.context.db, pending=pending, parent=window)
    try:
        dialog.exec()
    finally:
        dialog.deleteLater()


def check_database(window: MainWindow) -> None:
    """Tools ▸ Check database: SQLite's checks with progress and Cancel, then the result."""
    run_database_check(window, window.context.db)


def back_up_now(window: MainWindow) -> None:
    """Tools ▸ Back up now: an online backup into the backups folder."""
    try:
        out = back_up_now_service(window.context.db)
    except BackupFailed as exc:
        dialogs.show_error(window, "Back up now", str(exc))
        return
    dialogs.inform(window, "Back up now", f"Backed up to {out}")


def about(window: MainWindow) -> None:
    show_about(window)


def restore_backup(window: MainWindow, choose_backup_file: Callable[[], Path | None]) -> None:
    """Put a verified backup in place of this database (the current file is kept aside next to it), then
    reopen the window on the restored data. The editor's edits are settled by the caller."""
    database = window.context.db.path
    if database is None:
        dialogs.show_error(
            window, "Restore backup", "Restore is for SQLite files; restore a server database with its own tools."
        )
        return
    backup = choose_backup_file()
    if backup is None:
        return
    if not dialogs.confirm(
        window,
        "Restore backup",
        f"Replace the database {database} with the backup {backup}?\n\nEverything entered "
        f"since that backup was made will no longer show; the current file is kept aside "
        f"next to it (named …-before-restore-…).",
        action="Restore",
        object_name="restore.confirm",
    ):
        return
    window.context.db.engine.dispose()  # no pooled connection of ours stays on the file being replaced
    try:
        result = run_in_background(
            window, "Checking and restoring the backup…", restore_backup_service, database, backup
        )
    except (RestoreRefused, OSError) as exc:
        sentence = str(exc) if isinstance(exc, RestoreRefused) else describe(exc, where=database).sentence
        dialogs.show_error(window, "Restore backup", sentence[:1].upper() + sentence[1:])
        return  # nothing was replaced; the engine reconnects to the same file when next used
    successor = build_main_window(result.database)
    successor.show()
    window.successor = successor  # type: ignore[attr-defined]  # kept alive by the closing window
    aside = f" The replaced file was kept as {result.kept_aside}." if result.kept_aside else ""
    dialogs.inform(
        successor,
        "Restore backup",
        f"Restored the backup {result.backup} ({result.clients:,} clients).{aside}",
        object_name="restore.done",
    )
    window.close_owning_database()
