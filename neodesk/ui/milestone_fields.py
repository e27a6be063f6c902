"""Pieces shared by the New Milestone and Edit Milestone dialogs.

- :class:`CommonFields`: date, counselor(s), funding source(s), notes, reportable (``milestone.*``).
- :class:`ValueEditor`: what one milestone type carries (``value.<code>``, ``detail.<code>``) with the
  client's current value beside it.
- :class:`ProblemDisplay`: marks refused widgets by object name (the problem keys of the services are
  object names) and lists the messages in one label.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from neodesk.catalog.milestone_types import Carries
from neodesk.catalog.picklists import PICKLISTS
from neodesk.services.activity_forms import FundChoice, PersonChoice
from neodesk.services.errors import FieldProblem
from neodesk.services.milestones import MilestoneEntry, TypeInfo
from neodesk.sync.describe import field_label, format_value
from neodesk.ui.field_editors import repolish
from neodesk.ui.input_widgets import CheckList, DateLineEdit
from neodesk.ui.reveal import scroll_to_checked
from neodesk.ui.wheel_guard import wheel_only_when_focused

if TYPE_CHECKING:
    from neodesk.models import Counselor

NUMERIC = frozenset({Carries.COUNT, Carries.MONEY, Carries.SIGNED_MONEY})
# Types whose amount comes with a free-text detail, and what that detail is.
DETAIL_HINTS = {"government_contract_award": "agency and contract number"}
# TEXT types chosen from a picklist rather than typed.
TEXT_PICKLISTS = {"changed_legal_form": "organization"}
ERRORS = "milestoneErrors"
W = TypeVar("W", bound=QWidget)


def counselor_id_of(counselor: Counselor | uuid.UUID | None) -> uuid.UUID | None:
    """The dialogs accept the signed-in counselor as a record (tests) or as its id (the app context keeps ids)."""
    if counselor is None or isinstance(counselor, uuid.UUID):
        return counselor
    return counselor.id


def current_text(info: TypeInfo, client: Mapping[str, Any]) -> str | None:
    """ "Current full-time staff: 12": the client's value the milestone would replace, for reference."""
    key = info.client_field
    if key is None:
        return None
    label = info.value_label
    name = label[4:] if label.startswith("new ") else field_label(key)
    return f"Current {name}: {format_value(key, client.get(key))}"


def carries_value(info: TypeInfo) -> bool:
    """Does checking this type reveal something to fill in?"""
    return info.carries != Carries.NONE or info.code in DETAIL_HINTS


def amount_text(amount: Decimal | None, carries: str) -> str:
    """A stored amount as the editor shows it: whole numbers for counts, plain two decimals for money."""
    if amount is None:
        return ""
    return str(int(amount)) if carries == Carries.COUNT else f"{amount:.2f}"


def _named(widget: W, name: str, accessible: str) -> W:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    return widget


class CommonFields(QWidget):
    """The fields every milestone of one save shares."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # DateLineEdit and CheckList take no Qt property keywords: name them after construction.
        self.date = _named(DateLineEdit(), "milestone.date", "Date")
        self.date.setMaximumWidth(180)
        self.counselors = _named(CheckList(), "milestone.counselors", "Counselor(s)")
        self.funding_sources = _named(CheckList(), "milestone.funding_sources", "Funding source(s)")
        for chooser in (self.counselors, self.funding_sources):
            chooser.setMaximumHeight(96)
            # Long funding-source names wrap in the column instead of scrolling it sideways.
            chooser.setUniformItemSizes(False)
            chooser.setWordWrap(True)
            chooser.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.notes = QPlainTextEdit(objectName="milestone.notes", accessibleName="Notes")
        self.notes.setTabChangesFocus(True)  # Tab moves on; the notes are often skipped
        self.notes.setMinimumHeight(70)
        self.reportable = QCheckBox("Count in reports and uploads", objectName="milestone.reportable")
        self.reportable.setChecked(True)

        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("&Date", self.date)
        form.addRow("&Counselor(s)", self.counselors)
        form.addRow("&Funding source(s)", self.funding_sources)
        form.addRow("&Notes", self.notes)
        form.addRow("Reportable", self.reportable)

    def set_choices(
        self,
        people: Iterable[PersonChoice],
        funds: Iterable[FundChoice],
        chosen_people: Iterable[uuid.UUID],
        chosen_funds: Iterable[uuid.UUID],
    ) -> None:
        self.counselors.set_choices([(str(c.id), c.name) for c in people])
        self.funding_sources.set_choices([(str(f.id), f"{f.code} — {f.name}") for f in funds])
        self.counselors.set_selected(str(i) for i in chosen_people)
        self.funding_sources.set_selected(str(i) for i in chosen_funds)
        for chooser in (self.counselors, self.funding_sources):
            for row in range(chooser.count()):
                chooser.item(row).setToolTip(chooser.item(row).text())
            scroll_to_checked(chooser)  # the chosen ones in view, not below the fold

    def counselor_ids(self) -> tuple[uuid.UUID, ...]:
        return tuple(uuid.UUID(v) for v in self.counselors.selected())

    def funding_source_ids(self) -> tuple[uuid.UUID, ...]:
        return tuple(uuid.UUID(v) for v in self.funding_sources.selected())

    def notes_text(self) -> str:
        return self.notes.toPlainText()


class ValueEditor(QWidget):
    """The value (and detail) one milestone type carries, with the client's current value beside it."""

    def __init__(self, info: TypeInfo, current: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info = info
        self.value: QLineEdit | QComboBox | None = None
        self.detail: QLineEdit | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 0, 0, 4)  # indented under its checkbox
        what = info.value_label or "value"
        if info.carries in NUMERIC or (info.carries == Carries.TEXT and info.code not in TEXT_PICKLISTS):
            self.value = QLineEdit(objectName=f"value.{info.code}", placeholderText=what)
            self.value.setAccessibleName(f"{info.name}: {what}")
            if info.carries in NUMERIC:
                # Wide enough for its placeholder ("new export-related staff"), still narrow for a number.
                fits = self.value.fontMetrics().horizontalAdvance(what) + 60  # text margins, frame and cursor
                self.value.setMinimumWidth(max(fits, 140))  # the whole placeholder, never cut off
                self.value.setMaximumWidth(max(fits, 240))
                self.value.setAlignment(Qt.AlignmentFlag.AlignRight)
        elif info.carries == Carries.TEXT:
            self.value = wheel_only_when_focused(QComboBox(objectName=f"value.{info.code}"))
            self.value.setAccessibleName(f"{info.name}: {what}")
            self.value.addItem("", None)
            for code, label in PICKLISTS[TEXT_PICKLISTS[info.code]].items():
                self.value.addItem(label, code)
        if self.value is not None:
            layout.addWidget(self.value)
        if info.code in DETAIL_HINTS:
            hint = DETAIL_HINTS[info.code]
            self.detail = QLineEdit(objectName=f"detail.{info.code}", placeholderText=hint)
            self.detail.setAccessibleName(f"{info.name}: {hint}")
            layout.addWidget(self.detail, 1)
        if isinstance(self.value, QLineEdit) and info.carries == Carries.TEXT:
            fits = self.value.fontMetrics().horizontalAdvance(what) + 60
            self.value.setMinimumWidth(max(fits, 140))
        self.current = QLabel(current or "", objectName=f"current.{info.code}")
        self.current.setVisible(bool(current))
        layout.addWidget(self.current)
        layout.addStretch(0 if self.detail else 1)

    @property
    def has_editor(self) -> bool:
        return self.value is not None or self.detail is not None

    def value_text(self) -> str:
        if isinstance(self.value, QComboBox):
            return self.value.currentData() or ""
        return self.value.text() if self.value is not None else ""

    def detail_text(self) -> str:
        return self.detail.text() if self.detail is not None else ""

    def entry(self) -> MilestoneEntry:
        """What was typed, unparsed: the service parses and checks it."""
        code = self.info.code
        if self.info.carries in NUMERIC:
            return MilestoneEntry(code, self.value_text(), self.detail_text() or None)
        if self.info.carries == Carries.TEXT:
            return MilestoneEntry(code, detail=self.value_text())
        return MilestoneEntry(code)

    def show_stored(self, amount: Decimal | None, detail: str | None) -> None:
        """Fill the editors from a stored milestone (Edit Milestone)."""
        if self.info.carries in NUMERIC:
            text = amount_text(amount, self.info.carries)
            if isinstance(self.value, QLineEdit):
                self.value.setText(text)
            if self.detail is not None:
                self.detail.setText(detail or "")
        elif isinstance(self.value, QComboBox):
            index = self.value.findData(detail)
            if index < 0 and detail:  # a value since removed from the picklist stays visible
                self.value.addItem(detail, detail)
                index = self.value.count() - 1
            self.value.setCurrentIndex(max(index, 0))
        elif isinstance(self.value, QLineEdit):
            self.value.setText(detail or "")


class ProblemDisplay:
    """Shows refused input: each named widget marked (``invalid`` property + tooltip), messages listed."""

    def __init__(self, root: QWidget, label: QLabel, aliases: Mapping[str, QWidget] | None = None) -> None:
        self._root = root
        self._label = label
        self._aliases = dict(aliases or {})
        self._marked: list[QWidget] = []
        label.setObjectName(ERRORS)
        label.setProperty("role", "problem")
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.hide()

    def widget_for(self, key: str) -> QWidget | None:
        return self._aliases.get(key) or self._root.findChild(QWidget, key)

    def show(self, problems: Sequence[FieldProblem]) -> None:
        for widget in self._marked:
            widget.setProperty("invalid", False)
            widget.setToolTip("")
            repolish(widget)
        self._marked = []
        messages: dict[str, list[str]] = {}
        for problem in problems:
            messages.setdefault(problem.key, []).append(problem.message)
        for key, texts in messages.items():
            marked = self.widget_for(key)
            if marked is None:
                continue
            marked.setProperty("invalid", True)
            marked.setToolTip("\n".join(texts))
            repolish(marked)
            self._marked.append(marked)
        self._label.setText("\n".join(p.message for p in problems))
        self._label.setVisible(bool(problems))
        if problems and (first := self.widget_for(problems[0].key)) is not None and first.isVisible():
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def marked(self) -> list[str]:
        """Object names of the widgets marked invalid (tests and automation read this)."""
        return [w.objectName() for w in self._marked]
