"""A read-only table of a client's records (milestones, sessions): display text plus the record id.

A long-served client has 500 milestones and 1,000 sessions. The model keeps the use case's plain rows
and turns one into display text only when Qt asks for it (Qt asks only for the cells on screen), and
the columns are sized once per reload from the texts of the newest rows (``fit_columns``: the longest
few texts of each column measured with the font), not by Qt's sizing to contents, which asks the
model and the delegate for a size hint per cell.
"""

from __future__ import annotations

import heapq
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from neodesk.ui.table_fit import ElidedTipDelegate, cell_padding, fit_header_widths

ID_ROLE = Qt.ItemDataRole.UserRole + 1
# The roles as plain ints: data() is called for several roles per painted cell, so it compares ints.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ID = int(ID_ROLE)
FIT_ROWS = 100  # the rows whose texts size the columns: the newest, on screen when the tab opens and below
MEASURED_TEXTS = 6  # per column, the longest texts (by characters) measured with the font
MAX_FITTED_WIDTH = 320  # a fitted column never takes more (a cut-off cell shows its text on hover)


@dataclass(frozen=True, slots=True)
class RecordRow:
    id: uuid.UUID
    cells: tuple[str, ...]
    tooltip: str = ""


class Record(Protocol):
    """What the table needs of a use case's row: its record's id."""

    @property
    def id(self) -> uuid.UUID: ...


R = TypeVar("R", bound=Record)


def _as_is(row: RecordRow) -> RecordRow:
    return row


class RecordTableModel(QAbstractTableModel):
    def __init__(self, headers: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._headers = tuple(headers)
        self._records: Sequence[Any] = ()  # Records, each shown by _display
        self._shown: list[RecordRow | None] = []  # display rows made so far, by row
        self._display: Callable[[Any], RecordRow] = _as_is

    def set_records(self, records: Sequence[R], display: Callable[[R], RecordRow]) -> None:
        """Show `records` (plain rows, in order); `display` makes a record's display row when needed."""
        self.beginResetModel()
        self._records, self._display = records, display
        self._shown = [None] * len(records)
        self.endResetModel()

    def set_rows(self, rows: Sequence[RecordRow]) -> None:
        self.set_records(rows, _as_is)

    def row(self, row: int) -> RecordRow:
        """The display row of row number `row` (made the first time it is asked for)."""
        shown = self._shown[row]
        if shown is None:
            shown = self._shown[row] = self._display(self._records[row])
        return shown

    def record_id(self, row: int) -> uuid.UUID | None:
        return self._records[row].id if 0 <= row < len(self._records) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY:
            return self._headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for a dozen roles per painted cell: the roles this model answers are tested first,
        # every other one returns at once.
        if role != _DISPLAY and role != _TOOLTIP and role != _ID:
            return None
        if not index.isValid():
            return None
        row = self.row(index.row())
        if role == _DISPLAY:
            return row.cells[index.column()]
        if role == _TOOLTIP:
            return row.tooltip or None
        return row.id


def widest_texts(rows: Sequence[RecordRow], column: int, count: int = MEASURED_TEXTS) -> list[str]:
    """The `count` longest distinct texts of a column (by characters): the ones worth measuring."""
    return heapq.nlargest(count, {r.cells[column] for r in rows}, key=len)


def fit_columns(view: QTableView, stretch_column: int | None) -> None:
    """Size every column but the stretching one to its widest text in the newest FIT_ROWS rows
    (measuring only the longest few per column), never narrower than its header nor wider than
    MAX_FITTED_WIDTH; an older row's longer text is cut off, its full text shown on hover."""
    model = view.model()
    if not isinstance(model, RecordTableModel):
        return
    rows = [model.row(n) for n in range(min(model.rowCount(), FIT_ROWS))]
    widths: dict[int, int] = {}
    if rows:
        metrics, padding = view.fontMetrics(), cell_padding(view)
        for column in range(model.columnCount()):
            if column != stretch_column:
                widest = max(metrics.horizontalAdvance(text) for text in widest_texts(rows, column))
                widths[column] = min(widest + padding, MAX_FITTED_WIDTH)
    fit_header_widths(view, widths)


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
    # The columns are fitted once per reload (fit_columns) rather than kept fitted: ResizeToContents
    # would measure every cell again on every layout (each tab switch, each resize).
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    if stretch_column is not None:
        header.setStretchLastSection(False)
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
    else:
        header.setStretchLastSection(True)
    model.modelReset.connect(lambda: fit_columns(view, stretch_column))
    fit_columns(view, stretch_column)  # the headers, before any row
    return view


def selected_id(view: QTableView) -> uuid.UUID | None:
    index = view.currentIndex()
    model = view.model()
    if not index.isValid() or not isinstance(model, RecordTableModel):
        return None
    return model.record_id(index.row())
