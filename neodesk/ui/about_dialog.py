"""Help ▸ About NeoDesk…: version, build date, where the data and logs are, and what ships under which licence.

The facts come from neodesk.about (Qt-free); this module only lays them out. Support asks for the
version and the log folder first, so both are selectable text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from neodesk.about import AboutInfo, about_info

OBJECT_NAME = "AboutDialog"


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, info: AboutInfo | None = None) -> None:
        super().__init__(parent)
        info = info or about_info()
        self.setObjectName(OBJECT_NAME)
        self.setWindowTitle("About NeoDesk")

        title = QLabel(f"<b>NeoDesk {info.version}</b>", objectName="aboutTitle")
        title.setTextFormat(Qt.TextFormat.RichText)
        blurb = QLabel("Client, counseling and milestone records for small-business counselors.")
        blurb.setWordWrap(True)

        form = QFormLayout()
        for label, name, text in (
            ("Version:", "aboutVersion", info.version),
            ("Build:", "aboutBuildDate", info.build_date),
            ("Data folder:", "aboutDataFolder", str(info.data_dir)),
            ("Log folder:", "aboutLogFolder", str(info.log_dir)),
        ):
            value = QLabel(text, objectName=name)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label, value)

        heading = QLabel("NeoDesk ships these libraries and fonts, each under its own licence:")
        heading.setWordWrap(True)
        self.licences = QTreeWidget(objectName="aboutLicences")
        self.licences.setColumnCount(3)
        self.licences.setHeaderLabels(["Component", "Version", "Licence"])
        self.licences.setRootIsDecorated(False)
        self.licences.setAlternatingRowColors(True)
        for entry in info.licences:
            item = QTreeWidgetItem([entry.name, entry.version, entry.licence])
            item.setToolTip(2, entry.licence)  # a long SPDX expression is cut off in the column
            self.licences.addTopLevelItem(item)
        for column in range(2):
            self.licences.resizeColumnToContents(column)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, objectName="aboutButtons")
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(blurb)
        layout.addLayout(form)
        layout.addWidget(heading)
        layout.addWidget(self.licences, 1)
        layout.addWidget(buttons)
        buttons.button(QDialogButtonBox.StandardButton.Close).setDefault(True)
        buttons.button(QDialogButtonBox.StandardButton.Close).setFocus()
        self.resize(720, 540)

    def licence_lines(self) -> list[str]:
        """The licence table as "name version: licence" lines (what a test or a support call reads)."""
        lines = []
        for row in range(self.licences.topLevelItemCount()):
            item = self.licences.topLevelItem(row)
            assert item is not None  # row < topLevelItemCount()
            version = f" {item.text(1)}" if item.text(1) else ""
            lines.append(f"{item.text(0)}{version}: {item.text(2)}")
        return lines


def show_about(parent: QWidget | None) -> None:
    AboutDialog(parent).exec()
