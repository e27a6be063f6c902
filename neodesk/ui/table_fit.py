"""Tables whose columns fit their headers and whose cut-off cells say their full text on hover.

``ElidedTipDelegate`` shows a cell's full text as its tooltip when the column is too narrow for it
(and the model's own tooltip otherwise); ``fit_header_widths`` keeps every column at least as wide as
its header text, so no header reads "Primary cou".
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
)

HEADER_PADDING = 24  # the header's margins and its sort indicator


def header_text_width(view: QTableView, column: int) -> int:
    """What the column needs to show its header text whole."""
    text = str(view.model().headerData(column, Qt.Orientation.Horizontal) or "")
    return view.horizontalHeader().fontMetrics().horizontalAdvance(text) + HEADER_PADDING


def fit_header_widths(view: QTableView, widths: Mapping[int, int]) -> None:
    """Size each column to ``widths`` (text widths in pixels), never narrower than its header text."""
    header = view.horizontalHeader()
    model = view.model()
    metrics = header.fontMetrics()  # once: under the window's style sheet each look-up is not free
    for column in range(model.columnCount()):
        text = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        wanted = max(widths.get(column, 0), metrics.horizontalAdvance(text) + HEADER_PADDING)
        if header.sectionSize(column) != wanted:
            header.resizeSection(column, wanted)


def cell_padding(view: QTableView) -> int:
    """What a cell adds around its text."""
    return 2 * view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 8


def text_width(view: QTableView, text: str) -> int:
    return view.fontMetrics().horizontalAdvance(text) + cell_padding(view)


class ElidedTipDelegate(QStyledItemDelegate):
    """A cell cut off by its column shows its full text in the tooltip."""

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        if event is None or event.type() != QEvent.Type.ToolTip or not index.isValid():
            return super().helpEvent(event, view, option, index)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        own = index.data(Qt.ItemDataRole.ToolTipRole)
        needed = option.fontMetrics.horizontalAdvance(text) + 8
        tip = own or ""
        if text and needed > option.rect.width() and text not in tip:
            tip = f"{text}\n{tip}" if tip else text
        if not tip:
            QToolTip.hideText()
            return True
        QToolTip.showText(event.globalPos(), tip, view.viewport(), option.rect)
        return True
