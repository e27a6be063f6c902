"""The AgreementEditor's editing dialogs (agreements.md §1, §2, §4, §12): one milestone with its
conditions and events, Mark done with a date and a note, Split equally into N, Apply template.

The milestone dialog builds the milestone's §11 definition (plain dicts) and hands it to a save
callback, which calls the use case; a refusal comes back as the CLI's sentence and is shown in the
dialog, which stays open with everything typed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from neodesk.agreements.money import MoneyError, cents_to_decimal, parse_money, parse_percent, split_equally
from neodesk.agreements.statuses import OPERATORS, Measure
from neodesk.services.agreements.measures import FIELDS
from neodesk.ui.agreements import _fill, _pydate, _qdate, _table
from neodesk.ui.named import named
from neodesk.ui.objective_edits import ObjectivesDialog, definition_of_objective

CONDITION_KEYS = {
    "milestone": ("milestone", "lag_days"),
    "date": ("date",),
    "user": (),
    "metric": ("measure", "field", "type", "reportable_only", "op", "target"),
    "query": ("sql",),
}
EVENT_KINDS = ("disbursement", "billing", "revenue")

Save = Callable[[dict[str, Any]], str | None]  # the milestone's definition → a refusal, or None when saved


def definition_of_condition(shown: dict[str, Any]) -> dict[str, Any]:
    """A condition as `show --json` has it → its definition (statuses and observations left out)."""
    kind = shown["kind"]
    return {"kind": kind} | {k: shown[k] for k in CONDITION_KEYS[kind] if shown.get(k) is not None}


def definition_of_event(shown: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": shown["kind"]}
    if shown.get("percent"):
        out["percent"] = shown["percent"]
    else:
        out["amount"] = shown["amount"]
    if shown.get("scheduled"):
        out["scheduled"] = shown["scheduled"]
    return out


def condition_text(c: dict[str, Any]) -> str:
    kind = c["kind"]
    if kind == "milestone":
        lag = c.get("lag_days") or 0
        return f"after {c.get('milestone')}" + (f" + {lag} day(s)" if lag else "")
    if kind == "date":
        return f"on {c.get('date')}"
    if kind == "user":
        return "marked done by a user"
    if kind == "metric":
        what = c.get("field") or c.get("type") or ""
        return f"{c.get('measure')} {what} {c.get('op', '>=')} {c.get('target')}".replace("  ", " ")
    return str(c.get("sql", ""))


def event_text(e: dict[str, Any]) -> str:
    return f"{e['percent']}%" if e.get("percent") else str(e.get("amount"))


class SplitDialog(QDialog):
    """Split equally into N: an amount in N fixed events, the leftover cents on the first ones (§4)."""

    def __init__(self, amount: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="agreementSplit", windowTitle="Split equally into N")
        self.amount = QLineEdit(amount, objectName="split.amount")
        self.parts = QSpinBox(objectName="split.parts", minimum=1, maximum=120, value=3)
        self.message = QLabel(objectName="split.message", wordWrap=True)
        self.message.setStyleSheet("color: #b00020")
        self.amounts: list[int] = []
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QFormLayout(self)
        layout.addRow("Amount", self.amount)
        layout.addRow("Into", self.parts)
        layout.addRow(self.message)
        layout.addRow(buttons)

    def _accept(self) -> None:
        try:
            cents = parse_money(self.amount.text())
        except MoneyError as exc:
            self.message.setText(str(exc))
            return
        self.amounts = split_equally(cents, self.parts.value())
        self.accept()


class MilestoneDialog(QDialog):
    """Add or edit a pending milestone: code, description, due, require, approval groups, objectives,
    conditions and events."""

    def __init__(
        self,
        shown: dict[str, Any] | None,
        others: list[str],
        remaining: str,
        save: Save,
        *,
        is_admin: bool,
        groups: list[str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = f"Milestone {shown['code']}" if shown else "New milestone"
        super().__init__(parent, objectName="agreementMilestone", windowTitle=title)
        self._save, self._remaining = save, remaining
        self.code = QLineEdit(shown["code"] if shown else "", objectName="milestone.code")
        self.code.setReadOnly(shown is not None)  # the code is how a definition finds its milestone
        self.description = QLineEdit((shown or {}).get("description") or "", objectName="milestone.description")
        self.due = QLineEdit((shown or {}).get("due") or "", objectName="milestone.due", placeholderText="YYYY-MM-DD")
        self.require = QComboBox(objectName="milestone.require")
        self.require.addItems(["all", "any"])
        self.require.setCurrentText((shown or {}).get("require") or "all")
        self.financial = QCheckBox("Financial", objectName="milestone.financial")
        self.financial.setChecked(bool((shown or {}).get("financial")))
        self.ready = QCheckBox("Set Ready when saved", objectName="milestone.ready")
        # The implicit objectives condition (§2) follows the objectives: it is not the definition's.
        self.conditions_data = [
            definition_of_condition(c) for c in (shown or {}).get("conditions", []) if c["kind"] != "objectives"
        ]
        # §5/§6: the objectives and the approval groups go along, so a save never drops them.
        self.objectives_data = [definition_of_objective(o) for o in (shown or {}).get("objectives", [])]
        self.approval = named(QLineEdit(", ".join((shown or {}).get("approval") or [])), "milestone.approval")
        self.approval.setPlaceholderText("approval groups in order, e.g. Program, Finance (none: no approval)")
        if groups is not None:  # the save refuses a group that is not there, in the CLI's words
            self.approval.setToolTip(
                "Approval groups: " + (", ".join(groups) or "none yet (Agreements ▸ Approval groups…)")
            )
        self.objectives_button = named(QPushButton(), "milestone.objectives")
        self.objectives_button.clicked.connect(self.edit_objectives)
        # Only pending events are the definition's; released or held ones stay as they are.
        self.events_data = [
            definition_of_event(e) for e in (shown or {}).get("events", []) if e.get("status", "pending") == "pending"
        ]
        self.message = QLabel(objectName="milestone.message", wordWrap=True)
        self.message.setStyleSheet("color: #b00020")

        head = QFormLayout()
        head.addRow("Code", self.code)
        head.addRow("Description", self.description)
        head.addRow("Due", self.due)
        head.addRow("Conditions needed", self.require)
        head.addRow("Approval", self.approval)
        head.addRow("Objectives", self.objectives_button)
        flags = QHBoxLayout()
        flags.addWidget(self.financial)
        flags.addWidget(self.ready)
        flags.addStretch(1)
        head.addRow(flags)

        # Conditions: the list, and a form for the one to add (fields shown for its kind).
        self.conditions = _table("milestone.conditions", ["#", "Kind", "What"])
        self.conditions.setColumnWidth(2, 320)
        self.kind = QComboBox(objectName="condition.kind")
        self.kind.addItems(["milestone", "date", "user", "metric"] + (["query"] if is_admin else []))
        self.target_milestone = QComboBox(objectName="condition.milestone")
        self.target_milestone.addItems(others)
        self.lag = QSpinBox(objectName="condition.lag", minimum=0, maximum=3650)
        self.on = QDateEdit(_qdate(date.today()), objectName="condition.date", calendarPopup=True)
        self.measure = QComboBox(objectName="condition.measure")
        self.measure.addItems([m.value for m in Measure])
        self.field = QComboBox(objectName="condition.field")
        self.field.addItems(list(FIELDS))
        self.type_code = QLineEdit(objectName="condition.type", placeholderText="impact-record type (count)")
        self.op = QComboBox(objectName="condition.op")
        self.op.addItems(list(OPERATORS))
        self.target = QLineEdit("1", objectName="condition.target")
        self.sql = QPlainTextEdit(objectName="condition.sql")
        self.sql.setPlaceholderText("SELECT count(*) >= 3 FROM counseling_session WHERE client_id = :client_id")
        self.sql.setFixedHeight(60)
        self.condition_form = QFormLayout()
        for label, widget in (
            ("Kind", self.kind),
            ("After milestone", self.target_milestone),
            ("Lag (days)", self.lag),
            ("On", self.on),
            ("Measure", self.measure),
            ("Field", self.field),
            ("Type", self.type_code),
            ("Operator", self.op),
            ("Target", self.target),
            ("Query", self.sql),
        ):
            self.condition_form.addRow(label, widget)
        self._condition_widgets = {
            "milestone": self.target_milestone,
            "lag_days": self.lag,
            "date": self.on,
            "measure": self.measure,
            "field": self.field,
            "type": self.type_code,
            "op": self.op,
            "target": self.target,
            "sql": self.sql,
        }
        self.kind.currentTextChanged.connect(self._show_condition_fields)
        self.measure.currentTextChanged.connect(lambda _m: self._show_condition_fields(self.kind.currentText()))
        self.add_condition_button = QPushButton("Add condition", objectName="condition.add")
        self.remove_condition_button = QPushButton("Remove condition", objectName="condition.remove")
        self.add_condition_button.clicked.connect(self.add_condition)
        self.remove_condition_button.clicked.connect(self.remove_condition)
        cbox = QGroupBox("Conditions")
        cl = QHBoxLayout(cbox)
        cl.addWidget(self.conditions, 3)
        cform = QVBoxLayout()
        cform.addLayout(self.condition_form)
        crow = QHBoxLayout()
        crow.addWidget(self.add_condition_button)
        crow.addWidget(self.remove_condition_button)
        cform.addLayout(crow)
        cform.addStretch(1)
        cl.addLayout(cform, 2)

        # Events: the list, and the one to add (fixed amount or percent), or Split equally into N.
        self.events = _table("milestone.events", ["Kind", "Amount", "Scheduled"])
        self.event_kind = QComboBox(objectName="event.kind")
        self.event_kind.addItems(list(EVENT_KINDS))
        self.basis = QComboBox(objectName="event.basis")
        self.basis.addItems(["amount", "percent"])
        self.value = QLineEdit(objectName="event.value", placeholderText="1250.00")
        self.add_event_button = QPushButton("Add event", objectName="event.add")
        self.remove_event_button = QPushButton("Remove event", objectName="event.remove")
        self.split_button = QPushButton("Split equally into N…", objectName="event.split")
        self.add_event_button.clicked.connect(self.add_event)
        self.remove_event_button.clicked.connect(self.remove_event)
        self.split_button.clicked.connect(self.split)
        ebox = QGroupBox("Events")
        el = QHBoxLayout(ebox)
        el.addWidget(self.events, 3)
        eform = QFormLayout()
        eform.addRow("Kind", self.event_kind)
        eform.addRow("As", self.basis)
        eform.addRow("Value", self.value)
        erow = QHBoxLayout()
        erow.addWidget(self.add_event_button)
        erow.addWidget(self.remove_event_button)
        eform.addRow(erow)
        eform.addRow(self.split_button)
        el.addLayout(eform, 2)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(cbox, 3)
        layout.addWidget(ebox, 2)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(900, 640)
        self._show_condition_fields(self.kind.currentText())
        self._refresh()

    # -- the lists ---------------------------------------------------------------------------------------
    def _refresh(self) -> None:
        _fill(
            self.conditions,
            [[i, c["kind"], condition_text(c)] for i, c in enumerate(self.conditions_data, 1)],
        )
        _fill(self.events, [[e["kind"], event_text(e), e.get("scheduled") or ""] for e in self.events_data])
        count = len(self.objectives_data)
        self.objectives_button.setText(
            f"{count} objective(s), {sum(len(o['questions']) for o in self.objectives_data)} question(s)…"
            if count
            else "None: add what the stakeholder must show…"
        )

    def edit_objectives(self) -> None:
        dialog = ObjectivesDialog(self.code.text().strip(), self.objectives_data, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.objectives_data = dialog.objectives
            self._refresh()

    def _show_condition_fields(self, kind: str) -> None:
        wanted = set(CONDITION_KEYS.get(kind, ())) - {"reportable_only"}
        if kind == "metric":  # a field for increase and value, an impact-record type for count, else neither
            measure = self.measure.currentText()
            wanted -= {"field"} if measure not in ("increase", "value") else set()
            wanted -= {"type"} if measure != "count" else set()
        for key, widget in self._condition_widgets.items():
            self.condition_form.setRowVisible(widget, key in wanted)

    def condition_from_form(self) -> dict[str, Any] | str:
        """The condition the form describes, or the sentence saying what is missing."""
        kind = self.kind.currentText()
        if kind == "milestone":
            if not self.target_milestone.currentText():
                return "a milestone condition needs another milestone of this agreement to wait for"
            return {"kind": kind, "milestone": self.target_milestone.currentText(), "lag_days": self.lag.value()}
        if kind == "date":
            return {"kind": kind, "date": _pydate(self.on.date()).isoformat()}
        if kind == "metric":
            try:
                target = Decimal(self.target.text().strip())
            except ArithmeticError:
                return f"the target {self.target.text()!r} is not a number"
            out: dict[str, Any] = {"kind": kind, "measure": self.measure.currentText()}
            if out["measure"] in ("increase", "value"):
                out["field"] = self.field.currentText()
            if out["measure"] == "count":
                out["type"] = self.type_code.text().strip()
            out.update(op=self.op.currentText(), target=int(target) if target == target.to_integral() else str(target))
            return out
        if kind == "query":
            return {"kind": kind, "sql": self.sql.toPlainText().strip()}
        return {"kind": kind}

    def add_condition(self) -> None:
        made = self.condition_from_form()
        if isinstance(made, str):
            self.message.setText(made)
            return
        self.message.setText("")
        self.conditions_data.append(made)
        self._refresh()

    def remove_condition(self) -> None:
        row = self.conditions.currentRow()
        if 0 <= row < len(self.conditions_data):
            del self.conditions_data[row]
            self._refresh()

    def add_event(self) -> None:
        text = self.value.text().strip()
        try:
            if self.basis.currentText() == "percent":
                event = {"kind": self.event_kind.currentText(), "percent": f"{parse_percent(text):.2f}"}
            else:
                event = {"kind": self.event_kind.currentText(), "amount": f"{cents_to_decimal(parse_money(text))}"}
        except MoneyError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText("")
        self.events_data.append(event)
        self._refresh()

    def remove_event(self) -> None:
        row = self.events.currentRow()
        if 0 <= row < len(self.events_data):
            del self.events_data[row]
            self._refresh()

    def split(self) -> None:
        dialog = SplitDialog(self._remaining, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        kind = self.event_kind.currentText()
        self.events_data += [{"kind": kind, "amount": f"{cents_to_decimal(c)}"} for c in dialog.amounts]
        self._refresh()

    # -- saving ------------------------------------------------------------------------------------------
    def definition(self) -> dict[str, Any]:
        return {
            "code": self.code.text().strip(),
            "description": self.description.text().strip() or None,
            "due": self.due.text().strip() or None,
            "financial": self.financial.isChecked(),
            "require": self.require.currentText(),
            "status": "ready" if self.ready.isChecked() else "pending",
            "conditions": list(self.conditions_data),
            "events": list(self.events_data),
            "approval": [name.strip() for name in self.approval.text().split(",") if name.strip()],
            "objectives": list(self.objectives_data),
        }

    def _accept(self) -> None:
        problem = self._save(self.definition())
        if problem:
            self.message.setText(problem)  # the dialog stays open with everything typed
            return
        self.message.setText("")
        self.accept()


class MarkDialog(QDialog):
    """Mark done (§2): the date the condition was met (today by default, never later) and a note."""

    def __init__(self, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="agreementMark", windowTitle=f"Mark {code} done")
        today = date.today()
        self.day = QDateEdit(_qdate(today), objectName="mark.date", calendarPopup=True)
        self.day.setMaximumDate(QDate(today.year, today.month, today.day))
        self.note = QLineEdit(objectName="mark.note", placeholderText="optional")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Mark done")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QFormLayout(self)
        layout.addRow("Done on", self.day)
        layout.addRow("Note", self.note)
        layout.addRow(buttons)
        self.resize(380, 0)


class ApplyTemplateDialog(QDialog):
    """Apply template…: which template's milestones to copy into this agreement (§9)."""

    def __init__(self, names: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="agreementApplyTemplate", windowTitle="Apply template")
        self.name = QComboBox(objectName="applyTemplate.name")
        for label, name in names:
            self.name.addItem(label, name)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QFormLayout(self)
        layout.addRow("Template", self.name)
        layout.addRow(buttons)


class ReportFileDialog(QDialog):
    """Print report…: where to write the agreement report (a PDF, written whole or not at all)."""

    def __init__(self, suggested: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="agreementReport", windowTitle="Agreement report")
        self.path = QLineEdit(suggested, objectName="report.path")
        self.path.setMinimumWidth(420)
        browse = QPushButton("Browse…", objectName="report.browse")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QFormLayout(self)
        layout.addRow("Save to", row)
        layout.addRow(buttons)

    def _browse(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        chosen, _filter = QFileDialog.getSaveFileName(self, "Save the report to", self.path.text(), "PDF (*.pdf)")
        if chosen:
            self.path.setText(chosen)
