"""The client milestone report (File ▸ Print Milestone Report, Ctrl+P): where it was written, Open, Print….

The PDF is made by the reports package (through neodesk.services.report_files), with the options and
the file chosen before in PrintOptionsDialog (report_options.py; without a file, under the data
folder); this dialog shows where, opens it in the system viewer and sends it to a printer.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from neodesk.services.errors import NotFound
from neodesk.services.report_files import write_client_report
from neodesk.ui import dialogs
from neodesk.ui.background import run_in_background
from neodesk.ui.pdf_printing import PrintOutcome, print_pdf

if TYPE_CHECKING:
    from neodesk.models import Database

PRINT_DIALOG = "reportPrintDialog"
PRINTED = "reportPrinted"


class ReportDialog(QDialog):
    """Makes the report on ``generate()``; the path of the newest file is ``path``."""

    def __init__(
        self,
        db: Database,
        client_id: uuid.UUID,
        client_name: str,
        *,
        generated_by: str = "",
        include_all: bool = False,
        out: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ReportDialog")
        self.setModal(True)
        self.setWindowTitle(f"Milestone report — {client_name}")
        self._db = db
        self._client_id = client_id
        self._generated_by = generated_by
        self._include_all = include_all
        self._out = out
        self.path: Path | None = None
        self.last_print: PrintOutcome | None = None
        self._printer: QPrinter | None = None

        which = "with non-reportable records" if include_all else "reportable records only"
        intro = QLabel(f"The milestone report ({which}) was saved as:", objectName="report.intro")
        self.path_label = QLabel(objectName="report.path", wordWrap=True)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = QPushButton("&Open", objectName="report.open", toolTip="Open in your PDF viewer")
        self.print_button = QPushButton("&Print…", objectName="report.print", toolTip="Choose a printer and print")
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.button(QDialogButtonBox.StandardButton.Close).setObjectName("report.close")
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.open_report)
        self.print_button.clicked.connect(self.print_report)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.path_label)
        layout.addSpacing(6)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    @property
    def printer(self) -> QPrinter:
        """Made on first use: asking the system for its default printer can take a while (network printers)."""
        if self._printer is None:
            self._printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        return self._printer

    def generate(self) -> bool:
        """Write the report with the options chosen before; False if it could not be."""
        owner = self if self.isVisible() else self.parentWidget()  # the first run is before the dialog shows
        try:
            path = run_in_background(
                owner,
                "Writing the milestone report…",
                write_client_report,
                self._db,
                self._client_id,
                include_all=self._include_all,
                generated_by=self._generated_by,
                out=self._out,
            )
        except NotFound as exc:
            dialogs.show_error(owner, "Milestone report", str(exc))
            return False
        except OSError as exc:  # full disk, no permission: the user can act on it
            dialogs.show_error(owner, "Milestone report", f"The report could not be written: {exc}")
            return False
        self.path = path
        self.path_label.setText(str(path))
        self.path_label.setToolTip(str(path))
        return True

    def open_report(self) -> None:
        if self.path is None:
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path))):
            dialogs.show_error(
                self, "Milestone report", f"No program to show PDF files was found. The report is at {self.path}."
            )

    def print_report(self) -> None:
        if self.path is None:
            return
        dialog = QPrintDialog(self.printer, self)
        dialog.setObjectName(PRINT_DIALOG)
        dialog.setWindowTitle("Print milestone report")
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
        finally:
            dialog.deleteLater()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            outcome = print_pdf(self.path, self.printer)
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.last_print = outcome
        if outcome.ok:
            dialogs.inform(self, "Print milestone report", outcome.message, object_name=PRINTED)
        else:
            dialogs.show_error(self, "Print milestone report", outcome.message, object_name=PRINTED)
