"""Choices made BEFORE a report's PDF is written: what it includes and where it is saved.

``SaveAsRow`` is the file chooser both report dialogs use (a path field and Browse…, starting in the
folder last used for reports, else Documents). ``PrintOptionsDialog`` is what File ▸ Print Milestone
Report asks first: include non-reportable records or not, and the file to write.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from neodesk.ui.field_editors import repolish
from neodesk.ui.save_location import remember_folder, remembered_folder

REPORTS_FOLDER_KEY = "reports/folder"
PDF_FILTER = "PDF files (*.pdf)"


class SaveAsRow(QWidget):
    """A path field with Browse…: where a PDF will be written (``<prefix>.saveAs``, ``<prefix>.browse``)."""

    def __init__(self, prefix: str, file_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(str(remembered_folder(REPORTS_FOLDER_KEY) / file_name), objectName=f"{prefix}.saveAs")
        self.edit.setAccessibleName("Save as")
        self.edit.setMinimumWidth(360)
        self.browse_button = QPushButton("&Browse…", objectName=f"{prefix}.browse")
        self.browse_button.clicked.connect(self.browse)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.browse_button)

    def browse(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(self, "Save the report as", self.edit.text(), PDF_FILTER)
        if chosen:
            self.edit.setText(chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf")

    def set_file_name(self, name: str) -> None:
        """A new suggested name in the same folder (the period changed)."""
        self.edit.setText(str(Path(self.edit.text()).with_name(name)))

    def target(self) -> tuple[Path | None, str]:
        """The file to write, or None and why not."""
        text = self.edit.text().strip()
        if not text:
            return None, "Choose where to save the report."
        path = Path(text).expanduser()
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        if not path.parent.is_dir():
            return None, f"The folder {path.parent} does not exist."
        if path.is_dir():
            return None, f"{path} is a folder: add a file name."
        return path, ""

    def mark(self, invalid: bool) -> None:
        self.edit.setProperty("invalid", invalid)
        repolish(self.edit)

    @staticmethod
    def remember(path: Path) -> None:
        remember_folder(REPORTS_FOLDER_KEY, path)


class PrintOptionsDialog(QDialog):
    """Include non-reportable records? Save where? Asked before the milestone report is written.

    After ``exec()`` returns Accepted, ``include_all`` and ``path`` hold the choices.
    """

    def __init__(self, client_name: str, file_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PrintOptionsDialog")
        self.setModal(True)
        self.setWindowTitle(f"Milestone report — {client_name}")
        self.path: Path | None = None
        self.include_all_box = QCheckBox("Include non-reportable records", objectName="report.all")
        self.include_all_box.setToolTip(
            "List milestones and sessions that are not reportable too, marked as "
            "such. Totals always count reportable records only."
        )
        self.save_as = SaveAsRow("report", file_name)
        self.problem = QLabel(objectName="report.problem", wordWrap=True)
        self.problem.setProperty("role", "problem")
        self.problem.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.write_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.write_button.setText("&Write PDF")
        self.write_button.setObjectName("report.write")
        self.write_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.include_all_box)
        layout.addSpacing(6)
        layout.addWidget(QLabel("Save as:"))
        layout.addWidget(self.save_as)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    @property
    def include_all(self) -> bool:
        return self.include_all_box.isChecked()

    def accept(self) -> None:
        path, why = self.save_as.target()
        self.save_as.mark(path is None)
        self.problem.setText(why)
        self.problem.setVisible(path is None)
        if path is None:
            return
        self.path = path
        self.save_as.remember(path)
        super().accept()
