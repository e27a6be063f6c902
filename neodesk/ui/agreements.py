"""Agreement screens (agreements.md §12): the client's Agreements tab, the center's AgreementList,
the AgreementEditor, and the small dialogs they ask through (reason, payment, new agreement).

Every screen calls the agreement use cases with plain values and shows the plain rows they return;
which actions are enabled comes from the transition table (neodesk.agreements.transitions), and a
refusal is shown as the same sentence the CLI prints, with nothing written.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from neodesk.agreements.transitions import allowed_actions, edit_refusal
from neodesk.services import agreements as svc
from neodesk.services.agreements import editor_saves as edits_svc
from neodesk.services.agreements.approvals import ApprovalGroupRow
from neodesk.services.errors import NotFound, ValidationFailed
from neodesk.ui.agreement_sections import ApprovalsSection, HistorySection, ObjectivesSection
from neodesk.ui.agreement_stakeholder import EditorActions, stakeholder_button
from neodesk.ui.context import AppContext
from neodesk.ui.table_fit import ElidedTipDelegate

STATUS_COLOURS = {
    "pending": "#777777",
    "ready": "#1f5fa8",
    "awaiting_approval": "#a86b00",
    "complete": "#2e7d32",
    "cancelled": "#9e9e9e",
}


HEADER_FIELDS = (
    ("title", "Title"),
    ("counterparty", "Counterparty"),
    ("contact_name", "Contact"),
    ("contact_email", "Contact email"),
    ("contact_phone", "Contact phone"),
    ("notes", "Notes"),
)

WIDE = {"Description": 260, "Title": 260, "Observed": 200, "Kind": 110, "Status": 120}


def _refusal(exc: Exception) -> str:
    if isinstance(exc, ValidationFailed):
        return "; ".join(p.message for p in exc.problems)
    return str(exc)


def _table(name: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers), objectName=name)
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    # Fixed widths: sizing to contents measures every cell of a 200-milestone agreement on each load.
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    for column, title in enumerate(headers):
        table.setColumnWidth(column, WIDE.get(title, 90))
    return table


def _fill(table: QTableWidget, rows: list[list[Any]], colour_column: int | None = None) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem("" if value is None else str(value))
            if c == colour_column and str(value) in STATUS_COLOURS:
                item.setForeground(QColor(STATUS_COLOURS[str(value)]))
            table.setItem(r, c, item)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class ReasonDialog(QDialog):
    """Asks the reason a move needs (§1: cancel, reopen, restore, suspend, hold, reverse)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="agreementReason", windowTitle=title)
        self.text = QLineEdit(objectName="reason.text")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QFormLayout(self)
        layout.addRow("Reason", self.text)
        layout.addRow(buttons)


class PaymentDialog(QDialog):
    """A payment against a released event: amount (default what is left), date, method, reference."""

    def __init__(self, left: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="agreementPayment", windowTitle="Record payment")
        self.amount = QLineEdit(left, objectName="payment.amount")
        self.day = QDateEdit(_qdate(date.today()), objectName="payment.date", calendarPopup=True)
        self.method = QComboBox(objectName="payment.method")
        self.method.addItems(["eft", "check", "cash", "card"])
        self.reference = QLineEdit(objectName="payment.reference")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QFormLayout(self)
        for label, widget in (
            ("Amount", self.amount),
            ("Date", self.day),
            ("Method", self.method),
            ("Reference", self.reference),
        ):
            layout.addRow(label, widget)
        layout.addRow(buttons)


class AmendDialog(QDialog):
    """A new amount and/or end date, with the reason (§1 Amendment)."""

    def __init__(self, shown: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="agreementAmend", windowTitle=f"Amend {shown['number']}")
        self.amount = QLineEdit(shown["amount"], objectName="amend.amount")
        self.end = QDateEdit(_qdate(date.fromisoformat(shown["end"])), objectName="amend.end", calendarPopup=True)
        self.reason = QLineEdit(objectName="amend.reason")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QFormLayout(self)
        for label, widget in (("Amount", self.amount), ("End", self.end), ("Reason", self.reason)):
            layout.addRow(label, widget)
        layout.addRow(buttons)


class NewAgreementDialog(QDialog):
    """A new agreement for a client (or the center), by hand or from a template (§12 New…)."""

    def __init__(self, context: AppContext, client: uuid.UUID | None, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="NewAgreement", windowTitle="New agreement")
        self._context, self._client = context, client
        self.created: str | None = None
        today = date.today()
        self.title = QLineEdit(objectName="new.title")
        self.kind = QComboBox(objectName="new.kind")
        self.kind.addItems(["grant", "contract", "subcontract", "loan", "incentive", "cooperative_agreement"])
        self.amount = QLineEdit("0.00", objectName="new.amount")
        self.start = QDateEdit(_qdate(today), objectName="new.start", calendarPopup=True)
        self.end = QDateEdit(
            _qdate(date(today.year + 1, today.month, min(today.day, 28))), objectName="new.end", calendarPopup=True
        )
        self.template = QComboBox(objectName="new.template")
        self.template.addItem("(none)", None)
        for row in svc.template_rows(context.db):
            self.template.addItem(f"{row.name} ({', '.join(row.milestones)})", row.name)
        self.message = QLabel(objectName="new.message", wordWrap=True)
        self.message.setStyleSheet("color: #b00020")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout = QFormLayout(self)
        for label, widget in (
            ("Title", self.title),
            ("Kind", self.kind),
            ("Amount", self.amount),
            ("Start", self.start),
            ("End", self.end),
            ("Template", self.template),
        ):
            layout.addRow(label, widget)
        layout.addRow(self.message)
        layout.addRow(buttons)

    def _save(self) -> None:
        definition = {
            "title": self.title.text(),
            "kind": self.kind.currentText(),
            "client": str(self._client) if self._client else None,
            "amount": self.amount.text().strip(),
            "start": _pydate(self.start.date()).isoformat(),
            "end": _pydate(self.end.date()).isoformat(),
            "status": "active",
        }
        try:
            number = svc.create_agreement(
                self._context.db, json.dumps(definition), counselor_email=self._context.counselor_id
            )
            template = self.template.currentData()
            if template:
                svc.apply_template(self._context.db, number, template, counselor_email=self._context.counselor_id)
        except (ValidationFailed, NotFound) as exc:
            self.message.setText(_refusal(exc))  # the form stays open with what was typed
            return
        self.created = number
        self.accept()


class AgreementEditor(QDialog):
    """One agreement: header, milestones with their conditions, events, objectives and approvals, the
    history, the §1 actions, and those of §5–§8 (self.acts: answer, review, approve, packets, e-mail)."""

    changed = Signal()

    def __init__(self, context: AppContext, number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="AgreementEditor", windowTitle=f"Agreement {number}")
        self._context, self.number = context, number
        self.shown: dict[str, Any] = {}
        self.stamp = ""  # what the agreement looked like when loaded: a save refuses if it changed since
        self.header: dict[str, QLabel] = {}
        self.fields: dict[str, QLineEdit] = {}
        # Two compact grids side by side (what is shown | what can be edited), so the milestones keep the room.
        form = QGridLayout()
        form.setHorizontalSpacing(10)
        form.setVerticalSpacing(4)
        for i, (key, label) in enumerate(
            (
                ("number", "Number"),
                ("dates", "Dates"),
                ("kind", "Kind"),
                ("amount", "Amount"),
                ("client", "Client"),
                ("totals", "Totals"),
                ("status", "Status"),
            )
        ):
            self.header[key] = QLabel(objectName=f"agreement.{key}")
            form.addWidget(QLabel(label), i // 2, (i % 2) * 2)
            form.addWidget(self.header[key], i // 2, (i % 2) * 2 + 1)
        for i, (key, label) in enumerate(HEADER_FIELDS):
            self.fields[key] = QLineEdit(objectName=f"agreement.{key}")
            form.addWidget(QLabel(label), i // 2, 4 + (i % 2) * 2)
            form.addWidget(self.fields[key], i // 2, 5 + (i % 2) * 2)
        self.save_button = QPushButton("Save", objectName="agreementAction.save")
        self.reload_button = QPushButton("Reload", objectName="agreementAction.reload")
        self.save_button.clicked.connect(self.save_header)
        self.reload_button.clicked.connect(self.reload_and_say)
        saving = QHBoxLayout()
        saving.addStretch(1)
        saving.addWidget(self.reload_button)
        saving.addWidget(self.save_button)
        form.addLayout(saving, 3, 4, 1, 4)
        form.setColumnMinimumWidth(3, 260)
        for column in (5, 7):
            form.setColumnStretch(column, 1)
        self.message = QLabel(objectName="agreementMessage", wordWrap=True)
        self.message.setStyleSheet("color: #b00020")
        self.milestones = _table(
            "agreementMilestones", ["Code", "Description", "Status", "Due", "Effective", "Blocked"]
        )
        self.conditions = _table("agreementConditions", ["#", "Kind", "State", "Effective", "Observed"])
        self.events = _table("agreementEvents", ["Kind", "Amount", "Status", "Paid", "Released"])
        # The selected milestone's objectives and approvals, and the agreement's history (§5–§7).
        self.history_section = HistorySection()
        self.history = self.history_section.table  # agreementHistory
        self.acts = EditorActions(self)
        self.objectives_section = ObjectivesSection(self.acts)
        self.approvals_section = ApprovalsSection(self.acts)
        self.approval_groups: dict[str, ApprovalGroupRow] = {}
        self.milestones.itemSelectionChanged.connect(self._show_milestone)
        self.events.itemSelectionChanged.connect(self._update_actions)

        self.buttons: dict[str, QPushButton] = {}
        actions = QHBoxLayout()
        for key, text in (
            ("set_ready", "Set Ready"),
            ("set_pending", "Set Pending"),
            ("mark", "Mark done"),
            ("cancel", "Cancel milestone"),
            ("reopen", "Reopen"),
            ("restore", "Restore"),
            ("pay", "Record payment"),
            ("hold", "Hold"),
            ("unhold", "Release hold"),
            ("reverse", "Reverse"),
            ("process", "Run processing"),
        ):
            button = QPushButton(text, objectName=f"agreementAction.{key}")
            button.clicked.connect(lambda _c=False, k=key: self.act(k))
            self.buttons[key] = button
            actions.addWidget(button)
        actions.addStretch(1)
        self.edit_buttons: dict[str, QPushButton] = {}
        for key, text, slot in (
            ("add_milestone", "Add milestone…", self.add_milestone),
            ("edit_milestone", "Edit milestone…", self.edit_milestone),
            ("remove_milestone", "Remove milestone", self.remove_milestone),
            ("apply_template", "Apply template…", self.apply_template),
            ("report", "Print report…", self.print_report),
        ):
            button = QPushButton(text, objectName=f"agreementAction.{key}")
            button.clicked.connect(lambda _c=False, f=slot: f())
            self.edit_buttons[key] = button
        self.agreement_buttons: dict[str, QPushButton] = {}
        whole = QHBoxLayout()
        for key, text in (
            ("suspend", "Suspend"),
            ("resume", "Resume"),
            ("cancel_agreement", "Cancel agreement"),
            ("amend", "Amend…"),
        ):
            button = QPushButton(text, objectName=f"agreementAction.{key}")
            button.clicked.connect(lambda _c=False, k=key: self.act(k))
            self.agreement_buttons[key] = button
            whole.addWidget(button)
        whole.addStretch(1)

        def titled(title: str, widget: QWidget) -> QWidget:
            box = QWidget()
            bl = QVBoxLayout(box)
            bl.setContentsMargins(0, 0, 0, 0)
            bl.addWidget(QLabel(title))
            bl.addWidget(widget, 1)
            return box

        # The milestones above; under them the selected milestone's sections as tabs (conditions beside
        # events, objectives, approvals) and the agreement's history.
        beside = QSplitter(Qt.Orientation.Horizontal)
        beside.addWidget(titled("Conditions", self.conditions))
        beside.addWidget(titled("Events", self.events))
        self.sections = QTabWidget()
        self.sections.setObjectName("agreementSections")
        self.sections.addTab(beside, "Conditions && events")
        self.sections.addTab(self.objectives_section, "Objectives")
        self.sections.addTab(self.approvals_section, "Approvals")
        self.sections.addTab(self.history_section, "History")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.milestones)
        split.addWidget(self.sections)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        whole.insertSpacing(whole.count() - 1, 16)
        for button in self.edit_buttons.values():  # one row of buttons for the agreement and its milestones
            whole.insertWidget(whole.count() - 1, button)
        whole.insertWidget(whole.count() - 1, stakeholder_button(self.acts))  # packet, import, e-mail, calendar
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(whole)
        layout.addLayout(actions)
        layout.addWidget(split, 1)
        self.resize(1160, 740)
        self.reload()

    # -- showing ---------------------------------------------------------------------------------------------
    def reload(self) -> None:
        self.stamp = edits_svc.agreement_stamp(self._context.db, self.number)
        self.shown = svc.agreement_definition(self._context.db, self.number)
        s = self.shown
        self.header["number"].setText(s["number"])
        for key, widget in self.fields.items():
            widget.setText(s.get(key) or "")
        self.header["kind"].setText(s["kind"])
        self.header["client"].setText(f"client {s['client']}" if s["client"] else "the center")
        self.header["status"].setText(s["status"])
        self.header["dates"].setText(f"{s['start']} – {s['end']}")
        self.header["amount"].setText(s["amount"])
        self.header["totals"].setText(f"released {s['released']} · paid {s['paid']} · remaining {s['remaining']}")
        current = self.selected_code()
        _fill(
            self.milestones,
            [
                [m["code"], m["description"], m["status"], m["due"], m["effective_date"], m["blocked"]]
                for m in s["milestones"]
            ],
            colour_column=2,
        )
        self.history_section.set_history(s["history"])
        # The groups' rules and members, read only when a milestone waits for approval groups.
        wanted = any(m.get("approval") for m in s["milestones"])
        self.approval_groups = {g.name: g for g in svc.approval_group_rows(self._context.db)} if wanted else {}
        codes = [m["code"] for m in s["milestones"]]
        self.milestones.selectRow(codes.index(current) if current in codes else 0)
        self._show_milestone()

    def reload_and_say(self) -> None:
        self.reload()
        self.message.setText("")

    # -- editing (§1: only a pending milestone's definition changes) -----------------------------------------
    def _saved(self, call: Callable[[], Any]) -> str | None:
        """Run a save; its refusal as the CLI's sentence (shown here too), or None when it was saved."""
        try:
            call()
        except (ValidationFailed, NotFound) as exc:
            problem = _refusal(exc)
            self.message.setText(problem)
            return problem
        self.message.setText("")
        self.reload()
        self.changed.emit()
        return None

    def save_header(self) -> None:
        values: dict[str, str | None] = {key: widget.text().strip() for key, widget in self.fields.items()}
        self._saved(
            lambda: edits_svc.save_header(
                self._context.db, self.number, values, stamp=self.stamp, counselor_email=self._context.counselor_id
            )
        )

    def _milestone_dialog(self, shown: dict[str, Any] | None) -> None:
        from neodesk.ui.agreement_edits import MilestoneDialog

        def save(definition: dict[str, Any]) -> str | None:
            return self._saved(
                lambda: edits_svc.save_milestone(
                    self._context.db,
                    self.number,
                    definition,
                    stamp=self.stamp,
                    counselor_email=self._context.counselor_id,
                )
            )

        others = [m["code"] for m in self.shown.get("milestones", []) if not shown or m["code"] != shown["code"]]
        dialog = MilestoneDialog(
            shown,
            others,
            self.shown.get("remaining", "0.00"),
            save,
            is_admin=self._context.is_admin,
            groups=[g.name for g in svc.approval_group_rows(self._context.db) if g.active],
            parent=self,
        )
        dialog.exec()

    def add_milestone(self) -> None:
        self._milestone_dialog(None)

    def edit_milestone(self) -> None:
        m = self._milestone()
        if m is None:
            return
        problem = edit_refusal(m["code"], m["status"])
        if problem:
            self.message.setText(problem)  # the sentence `agreement update` prints
            return
        self._milestone_dialog(m)

    def remove_milestone(self) -> None:
        code = self.selected_code()
        if code is None:
            return
        self._saved(
            lambda: edits_svc.remove_milestone(
                self._context.db, self.number, code, stamp=self.stamp, counselor_email=self._context.counselor_id
            )
        )

    def apply_template(self) -> None:
        from neodesk.ui.agreement_edits import ApplyTemplateDialog

        rows = svc.template_rows(self._context.db)
        if not rows:
            self.message.setText("there are no templates: an administrator makes them in Agreements ▸ Templates…")
            return
        dialog = ApplyTemplateDialog([(f"{r.name} ({', '.join(r.milestones)})", r.name) for r in rows], self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        name = dialog.name.currentData()
        if edits_svc.agreement_stamp(self._context.db, self.number) != self.stamp:
            self.message.setText(edits_svc.stale_refusal(self.number))
            return
        self._saved(
            lambda: svc.apply_template(self._context.db, self.number, name, counselor_email=self._context.counselor_id)
        )

    def print_report(self) -> None:
        from pathlib import Path

        from neodesk.files import write_atomic
        from neodesk.services.agreements.report_data import agreement_report
        from neodesk.ui.agreement_edits import ReportFileDialog

        dialog = ReportFileDialog(str(Path.home() / f"{self.number.replace('/', '-')}.pdf"), self)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.path.text().strip():
            return
        out = Path(dialog.path.text().strip()).expanduser()
        try:
            data = agreement_report(self._context.db, self.number, counselor_email=self._context.counselor_id)
            write_atomic(out, data)
        except (ValidationFailed, NotFound) as exc:
            self.message.setText(_refusal(exc))
            return
        except OSError as exc:
            self.message.setText(f"the report could not be written to {out}: {exc.strerror or exc}")
            return
        self.message.setText(f"Report written to {out}.")

    @property
    def context(self) -> AppContext:
        return self._context

    def as_widget(self) -> QWidget:
        return self

    def show_milestone(self, code: str) -> None:
        """Select the milestone `code` (the Tasks panel opens the editor at it); unknown codes change nothing."""
        codes = [m["code"] for m in self.shown.get("milestones", [])]
        if code in codes:
            self.milestones.selectRow(codes.index(code))
            self._show_milestone()

    def selected_code(self) -> str | None:
        row = self.milestones.currentRow()
        item = self.milestones.item(row, 0) if row >= 0 else None
        return item.text() if item else None

    def _milestone(self) -> dict[str, Any] | None:
        code = self.selected_code()
        return next((m for m in self.shown.get("milestones", []) if m["code"] == code), None)

    def _show_milestone(self) -> None:
        m = self._milestone()
        conditions = m["conditions"] if m else []
        _fill(
            self.conditions,
            [[i, c["kind"], c["status"], c["effective_date"], c["observed"]] for i, c in enumerate(conditions, 1)],
        )
        _fill(
            self.events,
            [[e["kind"], e["amount"], e["status"], e["paid"], e["released_on"]] for e in (m["events"] if m else [])],
        )
        self.objectives_section.show_milestone(m)
        self.approvals_section.show_milestone(m, self.approval_groups)
        objectives = len(m.get("objectives") or []) if m else 0
        self.sections.setTabText(1, f"Objectives ({objectives})" if objectives else "Objectives")
        waiting = m is not None and m["status"] == "awaiting_approval"
        self.sections.setTabText(2, "Approvals (waiting)" if waiting else "Approvals")
        self._update_actions()

    def _update_actions(self) -> None:
        m = self._milestone()
        role = "administrator" if self._context.is_admin else "counselor"
        allowed = allowed_actions("milestone", m["status"], role) if m else frozenset()
        for key in ("set_ready", "set_pending", "cancel", "reopen", "restore"):
            self.buttons[key].setEnabled(key in allowed)
        self.buttons["mark"].setEnabled(
            m is not None
            and m["status"] in ("pending", "ready")
            and any(c["kind"] == "user" and c["status"] == "ready" for c in m["conditions"])
        )
        event = self.selected_event()
        self.buttons["pay"].setEnabled(event is not None and event["status"] in ("released", "partly_paid"))
        event_moves = allowed_actions("event", event["status"], role) if event else frozenset()
        for key in ("hold", "unhold", "reverse"):
            self.buttons[key].setEnabled(key in event_moves)
        agreement_moves = allowed_actions("agreement", self.shown.get("status", ""), role)
        for key in ("suspend", "resume", "cancel_agreement", "amend"):
            self.agreement_buttons[key].setEnabled(key.removesuffix("_agreement") in agreement_moves)

    def selected_event(self) -> dict[str, Any] | None:
        m = self._milestone()
        row = self.events.currentRow()
        return m["events"][row] if m and 0 <= row < len(m["events"]) else None

    # -- acting ----------------------------------------------------------------------------------------------
    def _ask_reason(self, title: str) -> str | None:
        dialog = ReasonDialog(title, self)
        return dialog.text.text() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def act(self, key: str) -> None:
        code, who, db = self.selected_code(), self._context.counselor_id, self._context.db
        marked: tuple[date, str] = (date.today(), "")
        if key == "mark":
            from neodesk.ui.agreement_edits import MarkDialog

            asked = MarkDialog(code or "", self)
            if asked.exec() != QDialog.DialogCode.Accepted:
                return
            marked = (_pydate(asked.day.date()), asked.note.text().strip())
        steps: dict[str, Callable[[], Any]] = {
            "set_ready": lambda: svc.milestone_status(db, self.number, [code or ""], "set_ready", counselor_email=who),
            "set_pending": lambda: svc.milestone_status(
                db, self.number, [code or ""], "set_pending", counselor_email=who
            ),
            "mark": lambda: (
                svc.mark(
                    db,
                    self.number,
                    code or "",
                    position=self._user_position(),
                    on=marked[0],
                    note=marked[1] or None,
                    counselor_email=who,
                ),
                svc.process(db, counselor_email=who),
            ),
            "process": lambda: svc.process(db, counselor_email=who),
        }
        event = self.selected_event()
        if key in ("hold", "unhold", "reverse") and event is not None:
            reason = self._ask_reason(f"{key.title()} the {event['kind']} event of {code}")
            if reason is None:
                return
            event_id = event["id"]
            steps[key] = lambda: svc.event_status(db, self.number, event_id, key, reason=reason, counselor_email=who)
        if key in ("suspend", "resume", "cancel_agreement"):
            action = key.removesuffix("_agreement")
            reason = self._ask_reason(f"{action.title()} agreement {self.number}") if action != "resume" else ""
            if reason is None:
                return
            steps[key] = lambda: svc.agreement_status(
                db, self.number, action, reason=reason or None, counselor_email=who
            )
        if key == "amend":
            dialog = AmendDialog(self.shown, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            steps[key] = lambda: svc.amend(
                db,
                self.number,
                amount=dialog.amount.text().strip() or None,
                end=_pydate(dialog.end.date()),
                reason=dialog.reason.text(),
                counselor_email=who,
            )
        if key in ("cancel", "reopen", "restore"):
            reason = self._ask_reason(f"{key.title()} {code}")
            if reason is None:
                return
            steps[key] = lambda: svc.milestone_status(
                db, self.number, [code or ""], key, reason=reason, counselor_email=who
            )
        if key == "pay":
            event = self.selected_event()
            if event is None:
                return
            left = f"{float(event['amount']) - float(event['paid']):.2f}"
            payment = PaymentDialog(left, self)
            if payment.exec() != QDialog.DialogCode.Accepted:
                return
            steps[key] = lambda: svc.pay(
                db,
                self.number,
                event["id"],
                amount=payment.amount.text(),
                on=_pydate(payment.day.date()),
                method=payment.method.currentText(),
                reference=payment.reference.text() or None,
                counselor_email=who,
            )
        try:
            result = steps[key]()
        except (ValidationFailed, NotFound) as exc:
            self.message.setText(_refusal(exc))
            return
        report = result[1] if isinstance(result, tuple) else result
        if isinstance(report, svc.RunReport):
            released = ", ".join(f"{r.milestone} {r.amount:,.2f}" for r in report.released)
            self.message.setText(
                f"Processing: {len(report.completed)} completed" + (f"; released {released}" if released else "")
            )
        else:
            self.message.setText("")
        self.reload()
        self.changed.emit()

    def _user_position(self) -> int | None:
        m = self._milestone()
        if not m:
            return None
        ready = [i for i, c in enumerate(m["conditions"], 1) if c["kind"] == "user" and c["status"] == "ready"]
        row = self.conditions.currentRow() + 1
        return row if row in ready else (ready[0] if ready else None)


class AgreementsTab(QWidget):
    """The client editor's tab.agreements: the client's agreements, New… (with a template), Open."""

    changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="tab.agreements")
        self._context = context
        self._client: uuid.UUID | None = None
        self.table = _table("clientAgreements", ["Number", "Title", "Kind", "Amount", "Status", "Next due", "Progress"])
        # The Title takes what the editor has left (hover shows a cut title): the fixed widths summed
        # to more than the tab at 1366 px and the table scrolled sideways, hiding Next due and Progress.
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setItemDelegate(ElidedTipDelegate(self.table))
        self.new_button = QPushButton("New…", objectName="newAgreement")
        self.open_button = QPushButton("Open", objectName="openAgreement")
        self.new_button.clicked.connect(self.new_agreement)
        self.open_button.clicked.connect(self.open_selected)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)

    def load(self, client_id: uuid.UUID | None) -> None:
        self._client = client_id
        rows = svc.list_agreements(self._context.db, client=str(client_id)) if client_id else []
        _fill(
            self.table,
            [[r.number, r.title, r.kind, f"{r.amount:,.2f}", r.status, r.next_due, r.progress] for r in rows],
            colour_column=4,
        )
        self.new_button.setEnabled(client_id is not None)

    def new_agreement(self) -> None:
        dialog = NewAgreementDialog(self._context, self._client, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.created:
            self.load(self._client)
            self.changed.emit()

    def open_selected(self) -> None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        if item is None:
            return
        editor = AgreementEditor(self._context, item.text(), self)
        editor.changed.connect(lambda: self.load(self._client))
        editor.show()
        self.editor = editor


class AgreementList(QDialog):
    """Agreements ▸ Center agreements…: every agreement, filtered by status; Open, Run processing."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="AgreementList", windowTitle="Agreements")
        self._context = context
        self.status = QComboBox(objectName="agreementList.status")
        self.status.addItems(["(any status)", "draft", "active", "suspended", "completed", "cancelled"])
        self.status.currentIndexChanged.connect(lambda _i: self.reload())
        self.table = _table(
            "agreementListTable",
            ["Number", "Title", "Kind", "Client", "Amount", "Status", "Next due", "Progress", "Released", "Paid"],
        )
        self.open_button = QPushButton("Open", objectName="agreementList.open")
        self.open_button.clicked.connect(self.open_selected)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.new_button = QPushButton("New center agreement…", objectName="agreementList.new")
        self.new_button.clicked.connect(self.new_center_agreement)
        top = QHBoxLayout()
        top.addWidget(QLabel("Status"))
        top.addWidget(self.status)
        top.addStretch(1)
        top.addWidget(self.new_button)
        top.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.resize(1000, 560)
        self.reload()

    def reload(self) -> None:
        status = self.status.currentText() if self.status.currentIndex() > 0 else None
        rows = svc.list_agreements(self._context.db, status=status)
        _fill(
            self.table,
            [
                [
                    r.number,
                    r.title,
                    r.kind,
                    r.client_no or "center",
                    f"{r.amount:,.2f}",
                    r.status,
                    r.next_due,
                    r.progress,
                    f"{r.totals.released:,.2f}",
                    f"{r.totals.paid:,.2f}",
                ]
                for r in rows
            ],
            colour_column=5,
        )

    def new_center_agreement(self) -> None:
        if NewAgreementDialog(self._context, None, self).exec() == QDialog.DialogCode.Accepted:
            self.reload()

    def open_selected(self) -> AgreementEditor | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        if item is None:
            return None
        editor = AgreementEditor(self._context, item.text(), self)
        editor.changed.connect(self.reload)
        editor.show()
        return editor


__all__ = ["AgreementEditor", "AgreementList", "AgreementsTab", "NewAgreementDialog"]
