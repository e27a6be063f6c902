"""A read-only table of a client's records (milestones, sessions): display text plus the record id."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from neodesk.ui.table_fit import ElidedTipDelegate

ID_ROLE = Qt.ItemDataRole.UserRole + 1
FIT_ROWS = 30  # rows besides those on show whose text the column widths fit


@dataclass(frozen=True, slots=True)
class RecordRow:
    id: uuid.UUID
    cells: tuple[str, ...]
    tooltip: str = ""


class RecordTableModel(QAbstractTableModel):
    def __init__(self, headers: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._headers = tuple(headers)
        self._rows: list[RecordRow] = []

    def set_rows(self, rows: Sequence[RecordRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def record_id(self, row: int) -> uuid.UUID | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.cells[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and row.tooltip:
            return row.tooltip
        if role == ID_ROLE:
            return row.id
        return None


def record_view(
    model: RecordTableModel, object_name: str, accessible_name: str, stretch_column: int | None = None
) -> QTableView:
    """A read-only table of one client's records.

    With `stretch_column`, that column takes the width left over (eliding its text when the window
    is narrow) and the others fit their contents, so no column hides behind a horizontal scroll bar.
    """
    view = QTableView(objectName=object_name)
    view.setAccessibleName(accessible_name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setItemDelegate(ElidedTipDelegate(view))  # a cut-off cell shows its full text on hover
    vertical = view.verticalHeader()
    vertical.hide()
    # One line per record: rows of a fixed height, so Qt never measures a row's contents.
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    header = view.horizontalHeader()
    # Fit columns to the rows on show and a few around them, not to all of a long-served client's
    # 1,000 sessions (Qt's default looks at 1,000 rows per column, on every reload: 0.3-0.4 s).
    header.setResizeContentsPrecision(FIT_ROWS)
    if stretch_column is not None:
        # The columns are fitted once per reload rather than kept fitted (ResizeToContents would measure
        # them again on every layout: each tab switch, each resize).
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        model.modelReset.connect(view.resizeColumnsToContents)
        return view
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    model.modelReset.connect(view.resizeColumnsToContents)
    return view


def selected_id(view: QTableView) -> uuid.UUID | None:
    index = view.currentIndex()
    model = view.model()
    if not index.isValid() or not isinstance(model, RecordTableModel):
        return None
    return model.record_id(index.row())
