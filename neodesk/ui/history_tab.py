"""The client editor's History tab: who changed which field from what to what, and when (read-only).

Rows come from neodesk.services.history a page at a time: nothing is read until the tab is shown,
and a client with thousands of changes fetches more as the counselor scrolls.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from neodesk.services.history import PAGE, HistoryRow, history_page

if TYPE_CHECKING:
    from neodesk.models import Database

COLUMNS = ("When", "Who", "Record", "Action", "Field", "From", "To")
_Index = QModelIndex | QPersistentModelIndex


class HistoryModel(QAbstractTableModel):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._client_id: uuid.UUID | None = None
        self._rows: list[HistoryRow] = []
        self._more = False

    def show_client(self, client_id: uuid.UUID | None) -> None:
        self.beginResetModel()
        self._client_id = client_id
        self._rows = []
        self._more = client_id is not None
        self.endResetModel()
        if self._more:
            self.fetchMore(QModelIndex())

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and self._more

    def fetchMore(self, parent: _Index) -> None:
        if parent.isValid() or self._client_id is None or not self._more:
            return
        page = history_page(self._db, self._client_id, offset=len(self._rows), limit=PAGE)
        self._more = len(page) == PAGE
        if page:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()

    def row(self, number: int) -> HistoryRow:
        return self._rows[number]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = (
                row.at.astimezone().strftime("%Y-%m-%d %H:%M"),
                row.who or "—",
                row.record,
                row.action,
                row.field,
                row.old,
                row.new,
            )
            text = values[index.column()]
            if role == Qt.ItemDataRole.DisplayRole and "\n" in text:
                return text.splitlines()[0] + " …"
            return text
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None


class HistoryTab(QWidget):
    """Read-only; reloads only while shown (the editor calls ``load`` and ``set_visible_now``)."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tab.history")
        self.model = HistoryModel(db, self)
        self.view = QTableView(objectName="historyTable")
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        # Time, who and action are short: fixed widths; record, field and the values share the rest, so
        # From and To stay on screen in a narrow editor (the full text is in each cell's tooltip).
        header.setMinimumSectionSize(60)
        header.setStretchLastSection(False)
        for column, width in ((0, 118), (1, 120), (3, 72)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        for column in (2, 4, 5, 6):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        note = QLabel(
            "Every change to this client, its milestones and its counseling sessions, newest first. "
            "Hover a cell for its full text.",
            objectName="historyNote",
            wordWrap=True,
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(note)
        layout.addWidget(self.view, 1)
        self._client_id: uuid.UUID | None = None
        self._stale = True

    def load(self, client_id: uuid.UUID | None, *, now: bool = False) -> None:
        """Remember the client; read its history at once only when the tab is on screen (or `now`)."""
        self._client_id = client_id
        self._stale = True
        if now or self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()  # shown now (its tab chosen, or the editor brought in front of Home)

    def refresh(self) -> None:
        if self._stale:
            self._stale = False
            self.model.show_client(self._client_id)
