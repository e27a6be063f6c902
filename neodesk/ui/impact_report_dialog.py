"""Reports ▸ Impact report…: the impact report of a period, narrowed to a counselor and/or a funding source.

The same report as ``neodesk report impact`` (written by neodesk.services.report_files): the filters
and the file are chosen first, Write PDF writes it, Open shows it in the system viewer.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from neodesk.services.report_files import impact_filters, impact_report_name, write_impact_report
from neodesk.ui import dialogs
from neodesk.ui.background import run_in_background
from neodesk.ui.input_widgets import DateLineEdit
from neodesk.ui.report_options import SaveAsRow

if TYPE_CHECKING:
    from neodesk.models import Database

FISCAL_YEAR_START_MONTH = 10  # the SBA's fiscal year starts on October 1


def _date_of(edit: DateLineEdit) -> date | None:
    try:
        return date.fromisoformat(edit.iso_text())
    except ValueError:
        return None


def fiscal_year_start(today: date) -> date:
    year = today.year if today.month >= FISCAL_YEAR_START_MONTH else today.year - 1
    return date(year, FISCAL_YEAR_START_MONTH, 1)


class ImpactReportDialog(QDialog):
    """Filters, Save as, Write PDF, Open; ``path`` is the last file written."""

    def __init__(
        self, db: Database, *, generated_by: str = "", today: date | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ImpactReportDialog")
        self.setModal(True)
        self.setWindowTitle("Impact report")
        self._db = db
        self._generated_by = generated_by
        self.path: Path | None = None
        today = today or date.today()
        start = fiscal_year_start(today)

        self.date_from = DateLineEdit()
        self.date_from.setObjectName("impact.from")
        self.date_from.set_date(start)
        self.date_to = DateLineEdit()
        self.date_to.setObjectName("impact.to")
        self.date_to.set_date(today)
        filters = impact_filters(db)
        self.counselor = QComboBox(objectName="impact.counselor")
        self.counselor.addItem("All counselors", None)
        for choice in filters.counselors:
            self.counselor.addItem(choice.label + ("" if choice.active else " (inactive)"), choice.code)
        self.funding = QComboBox(objectName="impact.funding")
        self.funding.addItem("All funding sources", None)
        for choice in filters.funding_sources:
            self.funding.addItem(choice.label + ("" if choice.active else " (inactive)"), choice.code)
        self._suggested = impact_report_name(start, today)
        self.save_as = SaveAsRow("impact", self._suggested)
        for edit in (self.date_from, self.date_to):
            edit.editingFinished.connect(self._suggest_name)
        self.message = QLabel(objectName="impact.message", wordWrap=True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()

        period = QHBoxLayout()
        period.addWidget(self.date_from)
        period.addWidget(QLabel("to"))
        period.addWidget(self.date_to)
        period.addStretch(1)
        form = QFormLayout()
        period_label = QLabel("&Period")
        period_label.setBuddy(self.date_from)
        form.addRow(period_label, period)
        form.addRow("&Counselor", self.counselor)
        form.addRow("&Funding source", self.funding)
        form.addRow("&Save as", self.save_as)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.write_button = QPushButton("&Write PDF", objectName="impact.write")
        self.open_button = QPushButton("&Open", objectName="impact.open", toolTip="Open in your PDF viewer")
        self.open_button.setEnabled(False)
        buttons.addButton(self.write_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.button(QDialogButtonBox.StandardButton.Close).setObjectName("impact.close")
        self.write_button.setDefault(True)
        self.write_button.clicked.connect(self.write)
        self.open_button.clicked.connect(self.open_report)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(600)

    def _suggest_name(self) -> None:
        start, end = _date_of(self.date_from), _date_of(self.date_to)
        # A name the counselor typed is kept; only the name suggested for the old period follows the dates.
        if start is not None and end is not None and Path(self.save_as.edit.text()).name == self._suggested:
            self._suggested = impact_report_name(start, end)
            self.save_as.set_file_name(self._suggested)

    def _say(self, text: str, *, problem: bool = False) -> None:
        self.message.setProperty("role", "problem" if problem else "")
        self.message.setText(text)
        self.message.show()

    def write(self) -> bool:
        """Write the PDF with the chosen filters; False (and a sentence in the dialog) if it was not."""
        start, end = _date_of(self.date_from), _date_of(self.date_to)
        if start is None or end is None:
            self._say("Enter the period as two dates, YYYY-MM-DD.", problem=True)
            return False
        if end < start:
            self._say("The period ends before it starts.", problem=True)
            return False
        path, why = self.save_as.target()
        self.save_as.mark(path is None)
        if path is None:
            self._say(why, problem=True)
            return False
        try:
            written = run_in_background(
                self,
                "Writing the impact report…",
                write_impact_report,
                self._db,
                start,
                end,
                path,
                counselor_email=self.counselor.currentData(),
                funding_code=self.funding.currentData(),
                generated_by=self._generated_by,
            )
        except OSError as exc:  # full disk, no permission: the user can act on it
            self._say(f"The report could not be written: {exc}", problem=True)
            return False
        self.path = written
        self.save_as.remember(written)
        self.open_button.setEnabled(True)
        self.open_button.setDefault(True)
        self._say(f"Saved as {written}")
        return True

    def open_report(self) -> None:
        if self.path is None:
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path))):
            dialogs.show_error(
                self, "Impact report", f"No program to show PDF files was found. The report is at {self.path}."
            )
