"""The main window's report commands: File ▸ Print Milestone Report (Ctrl+P) and Reports ▸ Impact report….

Apart from neodesk.ui.window_commands because they bring reportlab (neodesk.reports), whose import costs
a noticeable part of the start and which most sessions never use: the window loads this module the
first time a report command runs (neodesk.ui.start_up.on_first_use says why that is allowed there).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog

from neodesk.services.report_files import client_report_name
from neodesk.ui.impact_report_dialog import ImpactReportDialog
from neodesk.ui.report_dialog import ReportDialog
from neodesk.ui.report_options import PrintOptionsDialog

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
