"""The user guide window (F1, Help ▸ User guide): a contents list beside the chapter being read.

The guide is HTML shipped with the app in resources/guide/ (one file a chapter, read in file-name order,
each titled by its <title>); it ships in the wheel (neodesk.resources.guide) and in the frozen build.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from neodesk.reports.resources import resource_dir

_TITLE = re.compile(r"<title>(.*?)</title>", re.IGNORECASE | re.DOTALL)
MISSING = "<h1>User guide</h1><p>The user guide is missing from this installation: reinstall NeoDesk.</p>"


def guide_chapters() -> list[tuple[str, Path]]:
    """(title, file) of every chapter, in reading order; empty when the guide is not installed."""
    folder = resource_dir("guide")
    if folder is None:
        return []
    chapters = []
    for path in sorted(folder.glob("*.html")):
        found = _TITLE.search(path.read_text(encoding="utf-8"))
        chapters.append((found.group(1).strip() if found else path.stem, path))
    return chapters


class HelpWindow(QWidget):
    """A separate window: the counselor reads it beside the client they are working on."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("HelpWindow")
        self.setWindowTitle("NeoDesk — User guide")
        self.contents = QListWidget(objectName="helpContents")
        self.contents.setAccessibleName("Contents")
        self.contents.setSpacing(3)
        self.browser = QTextBrowser(objectName="helpText")
        self.browser.setOpenExternalLinks(True)
        splitter = QSplitter(objectName="helpSplitter")
        splitter.addWidget(self.contents)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([200, 640])
        splitter.setChildrenCollapsible(False)
        QVBoxLayout(self).addWidget(splitter)
        self.chapters = guide_chapters()
        for title, _path in self.chapters:
            item = QListWidgetItem(title)
            item.setToolTip(title)
            self.contents.addItem(item)
        self.contents.currentRowChanged.connect(self.show_chapter)
        if self.chapters:
            self.contents.setCurrentRow(0)
        else:
            self.browser.setHtml(MISSING)
        self.resize(900, 640)

    def show_chapter(self, row: int) -> None:
        if 0 <= row < len(self.chapters):
            self.browser.setSource(QUrl.fromLocalFile(str(self.chapters[row][1])))

    def show_topic(self, title: str) -> bool:
        """Open the chapter with this title (False when there is none)."""
        for row, (name, _path) in enumerate(self.chapters):
            if name == title:
                self.contents.setCurrentRow(row)
                return True
        return False
