"""File ▸ Export…: a NeoDesk bundle for the central office, or the SBA counseling upload (Nexus XML).

The exports themselves live in neodesk.exchange (no Qt); this dialog picks what and where, runs the
export on a worker thread with a progress bar and a Cancel button, and says what was written. Bad
input (dates, a folder that does not exist) is shown at the field and nothing is written.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from neodesk.exchange.bundle_export import ExportCancelled, NothingToExport
from neodesk.exchange.export_counts import records_counted, records_phrase
from neodesk.exchange.nexus_export import NexusCancelled, NexusRefused
from neodesk.output_guard import OutputRefused
from neodesk.services.exports import (
    BundleWritten,
    NexusWritten,
    check_target,
    pending_changes,
    write_bundle,
    write_nexus,
)
from neodesk.services.failures import describe
from neodesk.ui import dialogs
from neodesk.ui.background import ProgressJob
from neodesk.ui.input_widgets import DateLineEdit
from neodesk.ui.save_location import documents_folder
from neodesk.ui.settings_store import ui_settings

if TYPE_CHECKING:  # the handle passed to the use cases; the dialog never opens a session itself
    from neodesk.models import Database

FOLDER_KEY = "export/folder"
BUNDLE, NEXUS = "bundle", "nexus"
INVALID = "invalid"  # dynamic property the style sheet marks fields with


def previous_month(today: date) -> tuple[date, date]:
    """The last full calendar month: the period counselors usually upload."""
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def default_folder() -> Path:
    remembered = ui_settings().value(FOLDER_KEY)
    if isinstance(remembered, str) and Path(remembered).is_dir():
        return Path(remembered)
    return documents_folder()  # the same default as the reports (save_location.py)


class ExportDialog(QDialog):
    """Choose the export, run it with progress; ``result`` holds the last export's result object."""

    def __init__(
        self, db: Database, *, pending: int | None = None, today: date | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ExportDialog")
        self.setWindowTitle("Export")
        self.setModal(True)
        self._db = db
        self._today = today or date.today()
        self._path_typed = False  # once the user picks or types a path, kind/date changes leave it alone
        # The last export's result (tests and the main window read it); shadows QDialog.result(), as before.
        self.result: BundleWritten | NexusWritten | None = None  # type: ignore[assignment]
        self.job = ProgressJob(self)
        self.job.progressed.connect(self._on_progress)
        self.job.succeeded.connect(self._on_succeeded)
        self.job.failed.connect(self._on_failed)

        self._build_choices()
        self._bundle_box = self._build_bundle_box(pending)
        self._nexus_box = self._build_nexus_box()
        where = self._build_target_row()
        self._build_feedback()
        self._build_buttons()
        self._lay_out(where)
        self._inputs: list[QWidget] = [
            self.bundle_choice,
            self.nexus_choice,
            self._bundle_box,
            self._nexus_box,
            self.path_edit,
            self.browse_button,
            self.start_button,
        ]
        self._connect()
        self._on_kind_changed()

    # -- building ------------------------------------------------------------------------------------------------
    def _build_choices(self) -> None:
        """What to export."""
        self.bundle_choice = QRadioButton("NeoDesk &bundle for the central office", objectName="export.bundle")
        self.nexus_choice = QRadioButton("SBA &counseling upload (Nexus, Form 641 XML)", objectName="export.nexus")
        self._kinds = QButtonGroup(self)
        self._kinds.addButton(self.bundle_choice)
        self._kinds.addButton(self.nexus_choice)
        self.bundle_choice.setChecked(True)

    def _build_bundle_box(self, pending: int | None) -> QGroupBox:
        self.changes_label = QLabel(objectName="export.pending", wordWrap=True)
        self._show_pending(pending)
        self.everything = QCheckBox("Export &everything, not only the changes", objectName="export.all")
        self.everything.setToolTip(
            "For a central office that lost an earlier bundle, or a first hand-over. "
            "The next changes-only export starts after this one either way."
        )
        box = QGroupBox("Bundle", objectName="export.bundleOptions")
        column = QVBoxLayout(box)
        column.addWidget(self.changes_label)
        column.addWidget(self.everything)
        return box

    def _build_nexus_box(self) -> QGroupBox:
        start, end = previous_month(self._today)
        self.date_from = DateLineEdit()
        self.date_from.setObjectName("export.from")
        self.date_from.set_date(start)
        self.date_to = DateLineEdit()
        self.date_to.setObjectName("export.to")
        self.date_to.set_date(end)
        box = QGroupBox("Counseling sessions dated", objectName="export.nexusOptions")
        form = QFormLayout()
        form.addRow("&From:", self.date_from)
        form.addRow("&To:", self.date_to)
        # Below the form, not a form row: a wrapped label in a QFormLayout row was given too little
        # height after the dialog re-laid out, and overlapped the To: field.
        column = QVBoxLayout()
        column.addLayout(form)
        box.setLayout(column)
        column.addWidget(
            QLabel(
                "Reportable sessions only. Sessions missing data the SBA requires are left "
                "out and listed after the export.",
                wordWrap=True,
                objectName="export.hint",
            )
        )
        return box

    def _build_target_row(self) -> QHBoxLayout:
        """Where: the file name with its Browse button."""
        self.path_edit = QLineEdit(objectName="export.path")
        self.browse_button = QPushButton("&Browse…", objectName="export.browse")
        where = QHBoxLayout()
        # Beside its field: on a line of its own, the label took the dialog's spare height and floated.
        where.addWidget(QLabel("&Save as:", objectName="export.saveAs", buddy=self.path_edit))
        where.addWidget(self.path_edit, 1)
        where.addWidget(self.browse_button)
        return where

    def _build_feedback(self) -> None:
        """The message line, the progress bar and the list of sessions left out of an upload."""
        self.message = QLabel(objectName="export.message", wordWrap=True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        self.progress = QProgressBar(objectName="export.progress")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setTextVisible(False)  # no "0%" before anything started
        self.skipped = QPlainTextEdit(objectName="export.skipped", readOnly=True)
        self.skipped.setMaximumBlockCount(10_000)
        self.skipped.hide()

    def _build_buttons(self) -> None:
        self.buttons = QDialogButtonBox()
        self.start_button = QPushButton("E&xport", objectName="export.start")
        self.start_button.setDefault(True)
        self.close_button = QPushButton("Close", objectName="export.close")
        self.buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)

    def _lay_out(self, where: QHBoxLayout) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self.bundle_choice)
        layout.addWidget(self._bundle_box)
        layout.addWidget(self.nexus_choice)
        layout.addWidget(self._nexus_box)
        layout.addLayout(where)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.skipped, 100)  # the list of left-out sessions takes the spare height when shown
        layout.addStretch(1)  # otherwise it goes below the form, not into the group boxes
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

    def _connect(self) -> None:
        self.path_edit.textEdited.connect(self._on_path_typed)
        self.browse_button.clicked.connect(self.browse)
        self.start_button.clicked.connect(self.start)
        self.close_button.clicked.connect(self.reject)
        self.bundle_choice.toggled.connect(self._on_kind_changed)
        self.everything.toggled.connect(lambda _on: self._suggest_path())
        for field in (self.date_from, self.date_to):
            field.editingFinished.connect(self._suggest_path)

    # -- the count of changes ---------------------------------------------------------------------------------------
    def _show_pending(self, pending: int | None) -> None:
        counted = "" if pending is None else f": {records_phrase(pending)}"
        self.changes_label.setText(
            f"Changed since the last export{counted} (clients, counseling sessions, milestones and deletions)."
        )
        self.pending = pending

    def refresh_pending(self) -> None:
        """Count again (after an export the changes are exported: the count drops)."""
        self._show_pending(pending_changes(self._db))

    # -- choices -----------------------------------------------------------------------------------------------
    @property
    def kind(self) -> str:
        return BUNDLE if self.bundle_choice.isChecked() else NEXUS

    def _on_kind_changed(self, _checked: bool = False) -> None:
        self._bundle_box.setEnabled(self.kind == BUNDLE)
        self._nexus_box.setEnabled(self.kind == NEXUS)
        self._suggest_path()

    def _on_path_typed(self, _text: str) -> None:
        self._path_typed = True
        self._mark(self.path_edit, False)

    def _suggest_path(self) -> None:
        if self._path_typed:
            return
        folder = Path(self.path_edit.text()).parent if self.path_edit.text() else default_folder()
        if self.kind == BUNDLE:
            what = "all" if self.everything.isChecked() else "changes"
            name = f"neodesk-{what}-{datetime.now():%Y-%m-%d-%H%M}.zip"
        else:
            name = f"nexus-641-{self.date_from.iso_text() or 'from'}-to-{self.date_to.iso_text() or 'to'}.xml"
        self.path_edit.setText(str(folder / name))

    def browse(self) -> None:
        pattern = "NeoDesk bundles (*.zip)" if self.kind == BUNDLE else "Nexus upload files (*.xml)"
        chosen, _filter = QFileDialog.getSaveFileName(self, "Export to", self.path_edit.text(), pattern)
        if chosen:
            self.path_edit.setText(chosen)
            self._path_typed = True
            self._mark(self.path_edit, False)

    # -- checks --------------------------------------------------------------------------------------------------
    def _mark(self, field: QWidget, invalid: bool, message: str = "") -> None:
        field.setProperty(INVALID, invalid)
        field.setToolTip(message)
        field.style().unpolish(field)
        field.style().polish(field)

    def _refuse(self, field: QWidget, message: str) -> None:
        self._mark(field, True, message)
        self._say(message, problem=True)
        field.setFocus()

    def _say(self, text: str, *, problem: bool = False) -> None:
        self.message.setProperty("role", "problem" if problem else "")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self._fit_height()

    def _fit_height(self) -> None:
        """Grow to what the wrapped texts need at this width (a long message must not squeeze the form)."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        needed = layout.totalHeightForWidth(self.width())
        screen = self.screen().availableGeometry().height() if self.screen() is not None else needed
        if needed > self.height():
            self.resize(self.width(), min(needed, screen - 40))

    def _target(self) -> Path | None:
        text = self.path_edit.text().strip()
        if not text:
            self._refuse(self.path_edit, "Save as: choose the file to write.")
            return None
        path = Path(text).expanduser()
        suffix = ".zip" if self.kind == BUNDLE else ".xml"
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        if not path.parent.is_dir():
            self._refuse(self.path_edit, f"Save as: the folder {path.parent} does not exist.")
            return None
        try:
            check_target(self._db, path)  # never over the open database, nor any other
        except OutputRefused as exc:
            self._refuse(self.path_edit, f"Save as: {exc}")
            return None
        if path.exists() and not dialogs.confirm(
            self, "Export", f"{path.name} already exists. Replace it?", action="Replace", object_name="export.replace"
        ):
            return None
        return path

    def _period(self) -> tuple[date, date] | None:
        days: list[date] = []
        for field, label in ((self.date_from, "From"), (self.date_to, "To")):
            try:
                days.append(date.fromisoformat(field.iso_text()))
            except ValueError:
                self._refuse(field, f"{label}: enter a date as YYYY-MM-DD (for example {self._today.isoformat()}).")
                return None
            self._mark(field, False)
        if days[0] > days[1]:
            self._refuse(self.date_to, "To: the period must not end before it starts.")
            return None
        return days[0], days[1]

    # -- running -------------------------------------------------------------------------------------------------
    def start(self) -> None:
        self._say("")
        self.skipped.hide()
        period = self._period() if self.kind == NEXUS else None
        if self.kind == NEXUS and period is None:
            return
        target = self._target()
        if target is None:
            return
        self._mark(self.path_edit, False)
        self.path_edit.setText(str(target))
        ui_settings().setValue(FOLDER_KEY, str(target.parent))
        self._set_running(True)
        if self.kind == BUNDLE:
            self.job.start(write_bundle, self._db, target, everything=self.everything.isChecked())
        else:
            assert period is not None
            self.job.start(write_nexus, self._db, period[0], period[1], target)

    def _set_running(self, running: bool) -> None:
        for widget in self._inputs:
            widget.setEnabled(not running)
        if not running:
            self._on_kind_changed()
        self.close_button.setEnabled(True)
        self.close_button.setText("Cancel" if running else "Close")
        self.close_button.setObjectName("export.cancel" if running else "export.close")
        if running:
            self.progress.setRange(0, 0)  # busy until the first figures arrive
            self.progress.setTextVisible(True)

    def _on_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def _on_succeeded(self, result: BundleWritten | NexusWritten) -> None:
        self._set_running(False)
        self.result = result
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        if isinstance(result, BundleWritten):
            self._say(self._bundle_sentence(result))
        else:
            self._show_nexus(result)
        self._path_typed = False
        self.start_button.setText("Export &again")
        self.refresh_pending()

    def _bundle_sentence(self, result: BundleWritten) -> str:
        if not result.total:
            return (
                f"Exported the reference data (counselors, funding sources, picklists …) to {result.path}; "
                f"no client, session or milestone had changed."
            )
        what = "(everything)" if self.everything.isChecked() else "changed since the last export"
        return f"Exported {records_phrase(records_counted(result.counts))} {what} to {result.path}."

    def _show_nexus(self, result: NexusWritten) -> None:
        skipped = result.skipped
        text = (
            f"Wrote {result.written:,} counseling records to {result.path}."
            if result.written
            else "No file was written: no reportable counseling session of the period could be exported."
        )
        if skipped:
            text += (
                f" {len(skipped):,} sessions were left out because the SBA requires data they lack; "
                f"fix them and export again:"
            )
            self.skipped.setPlainText(
                "\n".join(
                    f"Client {s.client_no} ({s.client_name}), session {s.session_date.isoformat()}: "
                    + "; ".join(s.reasons)
                    for s in skipped
                )
            )
            self.skipped.show()
        self._say(text)

    def _on_failed(self, error: BaseException) -> None:
        self._set_running(False)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        if isinstance(error, NothingToExport):
            self._say(
                "Nothing changed since the last export, so no bundle was written. Tick “Export everything” "
                "to write one anyway."
            )
        elif isinstance(error, ExportCancelled | NexusCancelled):
            self._say("The export was cancelled. Nothing was written and nothing was marked exported.")
        elif isinstance(error, OutputRefused):
            self._refuse(self.path_edit, f"Save as: {error}")
        elif isinstance(error, OSError):  # disk full, read-only, no permission: the CLI's sentence
            self._refuse(self.path_edit, f"The file could not be written: {describe(error).sentence}")
        elif isinstance(error, NexusRefused):  # the period or the schema file was refused
            self._say(str(error), problem=True)
        else:
            raise error  # a bug: the application's excepthook logs it and says where the log is

    def reject(self) -> None:
        if self.job.running:
            self.close_button.setEnabled(False)
            self._say("Cancelling…")
            self.job.cancel()
            return  # the job's failed(ExportCancelled) re-enables the dialog; Close then closes
        self.job.wait()  # a job that ended since the last poll still reports (result, status) before closing
        self.job.shutdown()
        super().reject()

    def closeEvent(self, event: Any) -> None:
        if self.job.running:
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)
