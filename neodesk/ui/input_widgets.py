"""Small input widgets shared by the client editor and the dialogs.

Each is a plain QLineEdit or QListWidget underneath, so automation finds and types into it by object
name like any other line edit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QLocale, QModelIndex, QPersistentModelIndex, QPoint, QStringListModel, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

_SEPARATORS = re.compile(r"\s*[,;]\s*")


def _glyph(kind: str) -> QIcon:
    """A tiny painted icon, so the widgets need no icon theme (offscreen and Windows have none)."""
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setPen(QPen(QColor("#555555"), 1.2))
    if kind == "calendar":
        painter.drawRect(2, 3, 12, 11)
        painter.fillRect(2, 3, 13, 3, QColor("#555555"))
        for x in (5, 8, 11):
            for y in (8, 11):
                painter.drawPoint(x, y)
    else:  # "list": three bullet lines
        for y in (4, 8, 12):
            painter.drawPoint(3, y)
            painter.drawLine(6, y, 13, y)
    painter.end()
    return QIcon(pixmap)


# -- dates -----------------------------------------------------------------------------------------------------
def locale_to_iso(text: str, locale: QLocale | None = None) -> str:
    """Typed text as an ISO date when it is one, or a date in the locale's short format; else unchanged.

    Leaving unparseable text alone lets the service's validation word the error, so the rule lives in
    one place.
    """
    text = text.strip()
    if not text:
        return ""
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    locale = locale or QLocale()
    for fmt_type in (QLocale.FormatType.ShortFormat, QLocale.FormatType.LongFormat):
        fmt = locale.dateFormat(fmt_type)
        # Prefer four-digit years; a two-digit year is read as within 100 years before next year.
        long_year = fmt if "yyyy" in fmt else fmt.replace("yy", "yyyy")
        parsed = locale.toDate(text, long_year)
        if parsed.isValid() and parsed.year() >= 1000:
            return parsed.toString(Qt.DateFormat.ISODate)
        if long_year != fmt:
            parsed = locale.toDate(text, fmt)
            if parsed.isValid():
                year = parsed.year() % 100 + 2000
                if year > date.today().year + 1:
                    year -= 100
                return QDate(year, parsed.month(), parsed.day()).toString(Qt.DateFormat.ISODate)
    return text


class DateLineEdit(QLineEdit):
    """A date that may be blank: typed ISO YYYY-MM-DD or the locale's format, or picked from a calendar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("YYYY-MM-DD")
        self.setMaxLength(40)
        self._pick = QAction(_glyph("calendar"), "Pick a date", self)
        self._pick.triggered.connect(self.show_calendar)
        self.addAction(self._pick, QLineEdit.ActionPosition.TrailingPosition)
        # Normalize what was typed as soon as the user leaves the field (5/3/2024 -> 2024-05-03).
        self.editingFinished.connect(self._normalize)

    def iso_text(self) -> str:
        """The entered date as ISO text ("" when blank, the raw text when it is not a date)."""
        return locale_to_iso(self.text())

    def set_date(self, value: date | None) -> None:
        self.setText(value.isoformat() if value else "")

    def _normalize(self) -> None:
        iso = self.iso_text()
        if iso != self.text():
            self.setText(iso)

    def show_calendar(self) -> None:
        menu = QMenu(self)
        calendar = QCalendarWidget(menu)
        calendar.setGridVisible(True)
        iso = self.iso_text()
        current = QDate.fromString(iso, Qt.DateFormat.ISODate) if iso else QDate.currentDate()
        calendar.setSelectedDate(current if current.isValid() else QDate.currentDate())
        action = QWidgetAction(menu)
        action.setDefaultWidget(calendar)
        menu.addAction(action)

        def picked(day: QDate) -> None:
            self.setText(day.toString(Qt.DateFormat.ISODate))
            self.editingFinished.emit()
            menu.close()

        calendar.clicked.connect(picked)
        calendar.activated.connect(picked)
        menu.popup(self.mapToGlobal(QPoint(0, self.height())))


# -- multi-selects ---------------------------------------------------------------------------------------------
class CheckList(QListWidget):
    """A list of checkable items (value, label); selected() gives the checked values in list order."""

    selection_changed = Signal()

    def __init__(self, choices: Iterable[tuple[Any, str]] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setUniformItemSizes(True)
        self.set_choices(choices)
        self.itemChanged.connect(lambda _item: self.selection_changed.emit())

    def set_choices(self, choices: Iterable[tuple[Any, str]]) -> None:
        keep = set(self.selected())
        self.blockSignals(True)
        try:
            self.clear()
            for value, text in choices:
                item = QListWidgetItem(text, self)
                item.setData(Qt.ItemDataRole.UserRole, value)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if value in keep else Qt.CheckState.Unchecked)
        finally:
            self.blockSignals(False)

    def values(self) -> list[Any]:
        return [self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())]

    def selected(self) -> list[Any]:
        return [
            self.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_selected(self, values: Iterable[Any]) -> None:
        wanted = set(values)
        self.blockSignals(True)
        try:
            for i in range(self.count()):
                item = self.item(i)
                checked = item.data(Qt.ItemDataRole.UserRole) in wanted
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        finally:
            self.blockSignals(False)
        self.selection_changed.emit()

    def filter_items(self, text: str) -> None:
        needle = text.strip().casefold()
        for i in range(self.count()):
            item = self.item(i)
            code = str(item.data(Qt.ItemDataRole.UserRole)).casefold()
            item.setHidden(bool(needle) and needle not in item.text().casefold() and needle != code)


class ChooserDialog(QDialog):
    """Pick several values from a long list, with a filter box (e.g. export countries)."""

    def __init__(
        self, title: str, choices: Sequence[tuple[str, str]], selected: Iterable[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("codeChooser")
        self.setWindowTitle(title)
        self.filter = QLineEdit(placeholderText="Filter…", objectName="codeChooser.filter")
        self.filter.setClearButtonEnabled(True)
        self.list = CheckList(choices)
        self.list.setObjectName("codeChooser.list")
        self.list.set_selected(selected)
        self.filter.textChanged.connect(self.list.filter_items)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(360, 420)


class _TokenCompleter(QCompleter):
    """Completes the last comma-separated token only, matching code or label anywhere."""

    def __init__(self, choices: Sequence[tuple[str, str]], parent: QWidget) -> None:
        entries = [code if code == text else f"{code} — {text}" for code, text in choices]
        super().__init__(QStringListModel(entries, parent), parent)
        self._codes = {entry: code for entry, (code, _text) in zip(entries, choices, strict=True)}
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)

    def splitPath(self, path: str) -> list[str]:
        return [_SEPARATORS.split(path)[-1]]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        code = self._codes.get(index.data(), index.data())
        widget = self.widget()
        before = _SEPARATORS.split(widget.text())[:-1] if isinstance(widget, QLineEdit) else []
        return ", ".join([*(t for t in before if t), code]) + ", "


class CodeSetLineEdit(QLineEdit):
    """A set of codes typed comma-separated (with completion) or chosen from a checklist."""

    def __init__(self, title: str, choices: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = title
        self._choices = list(choices)
        self._labels = dict(self._choices)
        self.setCompleter(_TokenCompleter(self._choices, self))
        self.setPlaceholderText("type to search, separate with commas")
        choose = QAction(_glyph("list"), f"Choose {title.lower()}…", self)
        choose.triggered.connect(self.choose)
        self.addAction(choose, QLineEdit.ActionPosition.TrailingPosition)
        self.textChanged.connect(self._describe)

    def set_choices(self, choices: Sequence[tuple[str, str]]) -> None:
        """Offer other values (an administrator changed the list); what is typed stays."""
        if list(choices) == self._choices:
            return
        self._choices = list(choices)
        self._labels = dict(self._choices)
        self.setCompleter(_TokenCompleter(self._choices, self))  # the line edit deletes the old one
        self._describe()

    def codes(self) -> tuple[str, ...]:
        return tuple(t for t in _SEPARATORS.split(self.text().strip().strip(",;").strip()) if t)

    def set_codes(self, codes: Iterable[str] | None) -> None:
        self.setText(", ".join(sorted(codes or ())))

    def _describe(self) -> None:
        # Codes are terse (country codes): the tooltip spells them out.
        names = [self._labels.get(c, self._labels.get(c.upper(), c)) for c in self.codes()]
        self.setToolTip("\n".join(names) if names else "")

    def choose(self) -> None:
        chosen = {self._canonical(c) for c in self.codes()}
        dialog = ChooserDialog(self._title, self._choices, chosen, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            unknown = [c for c in self.codes() if self._canonical(c) not in self._labels]
            self.set_codes([*dialog.list.selected(), *unknown])
            self.editingFinished.emit()

    def _canonical(self, code: str) -> str:
        return code if code in self._labels else code.upper()
