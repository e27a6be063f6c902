"""The Profile's page: groups in the order of catalog/profile_groups.py, two columns when wide, an index.

A group lays its caption/editor pairs out in a grid of one or two pairs per row and reflows when the
page crosses a width threshold, so a wide editor shows the Profile in half the height while a narrow
one keeps one readable column. The index links above the page scroll straight to a group.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from neodesk.catalog.profile_groups import ProfileGroup

EDITOR_ROOM = 300  # what an editor needs beside its caption before a second column is worth it


class ReflowGroup(QGroupBox):
    """A group box of caption/editor pairs laid out in ``columns`` pairs per row (row by row, in order)."""

    def __init__(self, group: ProfileGroup, parent: QWidget | None = None) -> None:
        # "&" would be read as a keyboard mnemonic ("Status & dates").
        super().__init__(group.title.replace("&", "&&"), parent)
        self.setObjectName(f"group.{group.key}")
        self.group = group
        self.pairs: list[tuple[QLabel, QWidget]] = []
        self.grid = QGridLayout(self)
        self.grid.setHorizontalSpacing(12)
        self.columns = 0

    def add_pair(self, caption: QLabel, editor: QWidget) -> None:
        self.pairs.append((caption, editor))
        self.grid.addWidget(caption, len(self.pairs) - 1, 0, Qt.AlignmentFlag.AlignTop)
        self.grid.addWidget(editor, len(self.pairs) - 1, 1)
        self.columns = 1

    def set_columns(self, columns: int) -> None:
        if columns == self.columns:
            return
        for caption, editor in self.pairs:
            self.grid.removeWidget(caption)
            self.grid.removeWidget(editor)
        for index, (caption, editor) in enumerate(self.pairs):
            row, pair = divmod(index, columns)
            self.grid.addWidget(caption, row, 2 * pair, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(editor, row, 2 * pair + 1)
        for column in range(4):
            self.grid.setColumnStretch(column, 1 if column % 2 and column < 2 * columns else 0)
        self.columns = columns


class ProfilePage(QWidget):
    """The scrolled content of the Profile tab: the groups, reflowed as the page's width changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("profileFields")
        self.groups: list[ReflowGroup] = []
        self._column = QVBoxLayout(self)
        self.caption_width = 0

    def add_group(self, group: ReflowGroup) -> None:
        self.groups.append(group)
        self._column.addWidget(group)

    def finish(self, captions: Sequence[QLabel]) -> None:
        """One caption width for every group, so the fields line up down the whole page."""
        self.caption_width = max((c.sizeHint().width() for c in captions), default=0)
        for caption in captions:
            caption.setMinimumWidth(self.caption_width)
        self._column.addStretch(1)
        self._reflow(self.width())

    @property
    def two_column_width(self) -> int:
        """From this page width on, every group shows two pairs per row."""
        return 2 * (self.caption_width + EDITOR_ROOM) + 60

    def columns(self) -> int:
        return self.groups[0].columns if self.groups else 1

    def _reflow(self, width: int) -> None:
        columns = 2 if width >= self.two_column_width else 1
        for group in self.groups:
            group.set_columns(columns)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._reflow(event.size().width())


class ProfileIndex(QLabel):
    """One wrapping line of links, one per group (``#<key>``): a click scrolls the page to the group.

    A single word-wrapped label, so a narrow editor wraps the index instead of widening the window.
    """

    def __init__(self, scroll: QScrollArea, page: ProfilePage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("profileIndex")
        self.setAccessibleName("Go to a group of the Profile")
        self._scroll = scroll
        self._page = page
        links = " · ".join(f'<a href="{g.group.key}">{g.group.short}</a>' for g in page.groups)
        self.setText(f"Go to: {links}")
        self.setWordWrap(True)
        self.setContentsMargins(4, 2, 4, 2)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.linkActivated.connect(self.jump)

    def keys(self) -> list[str]:
        return [g.group.key for g in self._page.groups]

    def jump(self, key: str) -> None:
        """Scroll so the group's box is at the top of the page."""
        for group in self._page.groups:
            if group.group.key == key:
                self._scroll.verticalScrollBar().setValue(group.y())
                return
