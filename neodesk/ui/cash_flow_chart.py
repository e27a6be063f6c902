"""A month-by-month cash-flow bar chart drawn with QPainter (What happens on…, agreements.md §12).

QtCharts is not in PySide6-Essentials, so the few bars are drawn by hand: one bar per month, the
amount above it and the month below, scaled to the largest month.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

BAR = QColor("#1f5fa8")
AXIS = QColor("#555555")


def short_money(amount: Decimal | float) -> str:
    """12,345.67 → '12.3k' (bars are narrow); below a thousand the whole amount."""
    value = float(amount)
    for limit, suffix in ((1_000_000, "M"), (1_000, "k")):
        if abs(value) >= limit:
            return f"{value / limit:.1f}{suffix}"
    return f"{value:,.0f}"


def every_month(months: list[tuple[str, Decimal]]) -> list[tuple[str, Decimal]]:
    """[('2026-12', 5), ('2027-02', 7)] → the same with ('2027-01', 0) between."""
    if not months:
        return []
    given = dict(months)
    first, last = min(given), max(given)
    year, month = int(first[:4]), int(first[5:7])
    out: list[tuple[str, Decimal]] = []
    while f"{year:04d}-{month:02d}" <= last:
        key = f"{year:04d}-{month:02d}"
        out.append((key, given.get(key, Decimal(0))))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


class CashFlowChart(QWidget):
    """Bars of (month 'YYYY-MM', amount); an empty chart says there is nothing to release."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="dryRun.chart")
        self.months: list[tuple[str, Decimal]] = []
        self.setMinimumSize(280, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(420, 300)

    def set_months(self, months: list[tuple[str, Decimal]]) -> None:
        """The months with releases; the months between them are drawn too, empty (month by month)."""
        self.months = every_month(months)
        self.update()

    def bar_heights(self, plot_height: float) -> list[float]:
        top = max((float(a) for _, a in self.months), default=0.0) or 1.0
        return [max(0.0, float(a)) / top * plot_height for _, a in self.months]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        metrics = painter.fontMetrics()
        line = metrics.height()
        left, right, top, bottom = 8, 8, line + 10, line * 2 + 8
        width, height = self.width() - left - right, self.height() - top - bottom
        painter.setPen(AXIS)
        painter.drawText(QRectF(0, 2, self.width(), line), Qt.AlignmentFlag.AlignHCenter, "Releases by month")
        if not self.months:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Nothing would be released.")
            painter.end()
            return
        base = top + height
        painter.drawLine(left, int(base), left + width, int(base))
        slot = width / len(self.months)
        bar = max(4.0, min(60.0, slot * 0.6))
        for i, ((month, amount), tall) in enumerate(zip(self.months, self.bar_heights(height - line), strict=True)):
            x = left + slot * i + (slot - bar) / 2
            painter.fillRect(QRectF(x, base - tall, bar, tall), BAR)
            painter.setPen(AXIS)
            if amount:
                text_box = QRectF(left + slot * i, base - tall - line - 2, slot, line)
                painter.drawText(text_box, Qt.AlignmentFlag.AlignHCenter, short_money(amount))
            # Month labels: the year on the first bar and at each January, so a year of bars stays readable.
            label = month[5:] if i and not month.endswith("-01") else month
            painter.drawText(QRectF(left + slot * i, base + 4, slot, line), Qt.AlignmentFlag.AlignHCenter, label)
        painter.end()
