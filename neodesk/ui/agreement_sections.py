"""The AgreementEditor's sections for the selected milestone (agreements.md §5–§7, §12): its objectives
with their questions answered in place (files attached from disk, shown with name and size, opened
in the system viewer), Accept / Decline per objective; its approval groups with who approved in which
round, and Approve / Decline; and the agreement's history, read-only.

The sections show the plain dicts of `agreement show --json` and act through their host (the editor):
it runs the use case, shows a refusal as the CLI's sentence, runs processing after it (§3) and reloads.
No widget here opens a database session or holds a record.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from neodesk.agreements.approvals import GroupSpec, Vote, progress
from neodesk.services.agreements.approvals import ApprovalGroupRow
from neodesk.ui.named import named

ANSWERABLE = ("pending", "ready")  # §5: a milestone's objectives are answered and reviewed before it is met
FILE_FILTER = "Evidence (*.pdf *.docx *.xlsx *.csv *.txt *.png *.jpg *.jpeg);;All files (*)"
Step = Callable[[], object]


class SectionHost(Protocol):
    """What the sections need from the editor."""

    @property
    def number(self) -> str: ...

    def run_step(self, step: Step, *, then_process: bool = False) -> bool:
        """Run a use case: its refusal shown as the CLI's sentence (False), else processing, reload (True)."""
        ...

    def ask_text(self, title: str, label: str) -> str | None: ...

    def pick_file(self, title: str, filters: str, *, save_as: str | None = None) -> Path | None: ...

    def open_attachment(self, sha256: str, name: str) -> None: ...

    def answer_step(self, code: str, objective: int, question: int, value: str | None, file: Path | None) -> Step: ...

    def review_step(self, code: str, objective: int, action: str, reason: str | None) -> Step: ...

    def decide_step(self, code: str, decision: str, comment: str | None) -> Step: ...


def read_only_table(name: str, headers: list[str], widths: tuple[int, ...] = ()) -> QTableWidget:
    table = named(QTableWidget(0, len(headers)), name)
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    for column, width in enumerate(widths):
        table.setColumnWidth(column, width)
    return table


def fill_table(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            table.setItem(r, c, item)


def size_text(size: int | None) -> str:
    if size is None:
        return ""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def _when(iso: str | None) -> str:
    """A recorded time (stored in UTC) in this computer's time, to the minute."""
    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso[:16].replace("T", " ")
    return (moment.astimezone() if moment.tzinfo else moment).strftime("%Y-%m-%d %H:%M")


class TextDialog(QDialog):
    """One line of text: the reason of an objective's decline, the comment of an approval or decline."""

    def __init__(self, title: str, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agreementComment")
        self.setWindowTitle(title)
        self.text = named(QLineEdit(), "comment.text")
        self.text.setMinimumWidth(360)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QFormLayout(self)
        layout.addRow(label, self.text)
        layout.addRow(buttons)


# -- objectives ---------------------------------------------------------------------------------------------
class QuestionRow:
    """The widgets of one question: its prompt, the answer editor (or the file shown) and its buttons."""

    def __init__(self, host: SectionHost, code: str, o: int, q: int, question: dict[str, Any], editable: bool) -> None:
        self.host, self.code, self.o, self.q, self.question = host, code, o, q, question
        self.kind: str = question["kind"]
        answer: dict[str, Any] = question.get("answer") or {}
        prompt = question["prompt"] + (" *" if question.get("required") else "")
        self.label = QLabel(prompt)
        self.label.setWordWrap(True)
        self.label.setToolTip("Required" if question.get("required") else "Optional")
        self.editor: QWidget
        self.buttons: list[QPushButton] = []
        base = f"answer.{o}.{q}"
        if self.kind == "file":
            shown = answer.get("file") or {}
            text = f"{shown['name']} ({size_text(shown.get('size'))})" if shown else "no file attached"
            self.editor = named(QLabel(text), f"{base}.file")
            attach = named(QPushButton("Attach…"), f"{base}.attach")
            attach.clicked.connect(self.attach)
            attach.setEnabled(editable)
            opener = named(QPushButton("Open"), f"{base}.open")
            opener.setEnabled(bool(shown))
            opener.setToolTip("Open the attached file in the system's viewer")
            opener.clicked.connect(lambda _c=False, f=shown: self.host.open_attachment(f["sha256"], f["name"]))
            self.buttons += [attach, opener]
        else:
            self.editor = self._value_editor(base, answer.get("value"))
            self.editor.setEnabled(editable)
            save = named(QPushButton("Answer"), f"{base}.save")
            save.setEnabled(editable)
            save.clicked.connect(self.save)
            self.buttons.append(save)
            if isinstance(self.editor, QLineEdit):
                self.editor.returnPressed.connect(self.save)
        if answer:
            by = answer.get("by") or ("the stakeholder's packet" if answer.get("packet") else "")
            self.editor.setToolTip(f"Answered {_when(answer.get('at'))}" + (f" by {by}" if by else ""))

    def _value_editor(self, name: str, value: str | None) -> QWidget:
        if self.kind in ("yes_no", "choice"):
            box = named(QComboBox(), name)
            options = ["yes", "no"] if self.kind == "yes_no" else list(self.question.get("options") or [])
            box.addItems(["", *options])
            box.setCurrentIndex(box.findText(value) if value and value in options else 0)
            return box
        line = named(QLineEdit(value or ""), name)
        # A date is typed (YYYY-MM-DD): a date editor cannot be blank, and would show an unanswered question answered.
        line.setPlaceholderText({"number": "a number", "date": "YYYY-MM-DD"}.get(self.kind, ""))
        return line

    def value(self) -> str:
        if isinstance(self.editor, QComboBox):
            return self.editor.currentText()
        if isinstance(self.editor, QLineEdit):
            return self.editor.text()
        return ""

    def save(self) -> None:
        self.host.run_step(self.host.answer_step(self.code, self.o, self.q, self.value(), None), then_process=True)

    def attach(self) -> None:
        path = self.host.pick_file(f"Attach a file to question {self.o}.{self.q}", FILE_FILTER)
        if path is not None:
            self.host.run_step(self.host.answer_step(self.code, self.o, self.q, None, path), then_process=True)


class ObjectivesSection(QWidget):
    """The selected milestone's objectives, each with its questions, answers and review buttons."""

    def __init__(self, host: SectionHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("section.objectives")
        self.host = host
        self.rows: dict[str, QuestionRow] = {}  # "1.2" → the question's widgets
        self._pending: dict[str, Any] | None = None
        self._stale = False
        self.review_buttons: dict[str, QPushButton] = {}
        self.summary = named(QLabel(), "objectives.summary")
        self.summary.setWordWrap(True)
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.body = QWidget()
        self.scroller.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.scroller, 1)

    def show_milestone(self, m: dict[str, Any] | None) -> None:
        """Show `m`'s objectives; built when the tab is shown (an editor opens on its conditions)."""
        self._pending, self._stale = m, True
        if self.isVisible():
            self._build(m)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._build(self._pending)

    def _build(self, m: dict[str, Any] | None) -> None:
        self._stale = False
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(4, 4, 4, 4)
        self.rows.clear()
        self.review_buttons.clear()
        objectives: list[dict[str, Any]] = (m or {}).get("objectives") or []
        if m is None:
            self.summary.setText("")
        elif not objectives:
            self.summary.setText(
                f"{m['code']} has no objectives. Add them with Edit milestone… while it is pending (agreement update)."
            )
        else:
            editable = m["status"] in ANSWERABLE
            done = sum(1 for o in objectives if o["status"] == "accepted")
            self.summary.setText(
                f"{done} of {len(objectives)} objective(s) accepted."
                + ("" if editable else f" {m['code']} is {m['status']}: its answers can no longer change.")
            )
            for i, objective in enumerate(objectives, 1):
                column.addWidget(self._objective_box(m["code"], i, objective, editable))
        column.addStretch(1)
        old = self.scroller.takeWidget()
        self.scroller.setWidget(body)
        self.body = body
        if old is not None:
            old.deleteLater()

    def _objective_box(self, code: str, i: int, objective: dict[str, Any], editable: bool) -> QGroupBox:
        box = named(
            QGroupBox(f"{i}. {objective['title']}" + ("" if objective.get("required") else " (optional)")),
            f"objective.{i}",
        )
        grid = QGridLayout(box)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)
        grid.setColumnMinimumWidth(2, 180)  # the buttons line up from one objective to the next
        status = objective["status"]
        said = status.capitalize()
        if status == "declined" and objective.get("status_reason"):
            said += f": {objective['status_reason']}"
        if status == "accepted" and objective.get("reviewed_by"):
            said += f" by {objective['reviewed_by']} on {objective.get('reviewed_on') or ''}".rstrip()
        state = named(QLabel(said), f"objective.{i}.status")
        state.setStyleSheet({"accepted": "color: #2e7d32", "declined": "color: #b00020"}.get(status, ""))
        accept = named(QPushButton("Accept"), f"objective.{i}.accept")
        decline = named(QPushButton("Decline…"), f"objective.{i}.decline")
        reviewable = editable and status == "submitted"
        for button in (accept, decline):
            button.setEnabled(reviewable)
            button.setToolTip("" if reviewable else "Only a submitted objective is accepted or declined")
        accept.clicked.connect(
            lambda _c=False: self.host.run_step(self.host.review_step(code, i, "accept", None), then_process=True)
        )
        decline.clicked.connect(lambda _c=False: self._decline(code, i))
        self.review_buttons[f"{i}.accept"], self.review_buttons[f"{i}.decline"] = accept, decline
        top = QHBoxLayout()
        top.addWidget(state, 1)
        top.addWidget(accept)
        top.addWidget(decline)
        grid.addLayout(top, 0, 0, 1, 3)
        row = 1
        if objective.get("description"):
            about = QLabel(objective["description"])
            about.setWordWrap(True)
            grid.addWidget(about, row, 0, 1, 3)
            row += 1
        for j, question in enumerate(objective.get("questions") or [], 1):
            shown = QuestionRow(self.host, code, i, j, question, editable)
            self.rows[f"{i}.{j}"] = shown
            grid.addWidget(shown.label, row, 0)
            grid.addWidget(shown.editor, row, 1)
            buttons = QHBoxLayout()
            for button in shown.buttons:
                buttons.addWidget(button)
            grid.addLayout(buttons, row, 2)
            row += 1
        return box

    def _decline(self, code: str, i: int) -> None:
        reason = self.host.ask_text(f"Decline objective {i} of {code}", "Reason")
        if reason is not None:
            self.host.run_step(self.host.review_step(code, i, "decline", reason), then_process=True)


# -- approvals ----------------------------------------------------------------------------------------------
class ApprovalsSection(QWidget):
    """The milestone's approval groups in order (rule, members, who approved this round, which waits)
    and every approval and decline of every round; Approve… and Decline… (§6)."""

    def __init__(self, host: SectionHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("section.approvals")
        self.host = host
        self.code: str | None = None
        self._pending: tuple[dict[str, Any] | None, dict[str, ApprovalGroupRow]] = (None, {})
        self._stale = False
        self.summary = named(QLabel(), "approvals.summary")
        self.summary.setWordWrap(True)
        self.groups = read_only_table(
            "agreementApprovalGroups",
            ["#", "Group", "Rule", "Members", "Approved (this round)", "State"],
            (30, 140, 50, 300, 260),
        )
        self.decisions = read_only_table(
            "agreementApprovals", ["Round", "Group", "Decision", "Who", "When", "Comment"], (55, 140, 80, 220, 130)
        )
        self.approve_button = named(QPushButton("Approve…"), "agreementAction.approve")
        self.decline_button = named(QPushButton("Decline…"), "agreementAction.decline")
        self.approve_button.clicked.connect(lambda _c=False: self.decide("approve"))
        self.decline_button.clicked.connect(lambda _c=False: self.decide("decline"))
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.approve_button)
        top.addWidget(self.decline_button)
        # The groups in order above, every decision of every round under them: each table the full width.
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.groups)
        split.addWidget(self.decisions)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(top)
        layout.addWidget(split, 1)

    def show_milestone(self, m: dict[str, Any] | None, groups: dict[str, ApprovalGroupRow]) -> None:
        """Show `m`'s approvals; filled when the tab is shown (the buttons' state at once)."""
        self.code = m["code"] if m else None
        self._pending, self._stale = (m, groups), True
        waiting = m is not None and m["status"] == "awaiting_approval"
        for button in (self.approve_button, self.decline_button):
            button.setEnabled(waiting)
        if self.isVisible():
            self._fill(m, groups)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._fill(*self._pending)

    def _fill(self, m: dict[str, Any] | None, groups: dict[str, ApprovalGroupRow]) -> None:
        self._stale = False
        names: list[str] = list((m or {}).get("approval") or [])
        votes = [Vote(a["group"], a["round"], a["decision"], a["who"]) for a in ((m or {}).get("approvals") or [])]
        round_ = int((m or {}).get("approval_round") or 1)
        specs = [_spec(groups[n]) if n in groups else GroupSpec(n) for n in names]
        state = progress(specs, votes, round_)
        waiting = m is not None and m["status"] == "awaiting_approval"
        rows = []
        current = specs.index(state.current) if waiting and state.current is not None else -1
        complete = m is not None and m["status"] == "complete"
        for i, spec in enumerate(specs, 1):
            row = groups.get(spec.name)
            if row is None:
                shown = "missing: an administrator defines it in Approval groups…"
            elif complete or i - 1 < current:
                shown = "approved"
            elif i - 1 == current:
                shown = "waiting"
            else:
                shown = "next" if waiting else ""
            rows.append(
                [
                    str(i),
                    spec.name,
                    row.rule if row else "",
                    ", ".join(row.members) if row else "",
                    ", ".join(sorted(str(w) for w in state.approved.get(spec.name, ()))),
                    shown,
                ]
            )
        fill_table(self.groups, rows)
        fill_table(
            self.decisions,
            [
                [
                    str(a["round"]),
                    a["group"],
                    a["decision"],
                    a.get("who") or "",
                    _when(a.get("at")),
                    a.get("comment") or "",
                ]
                for a in ((m or {}).get("approvals") or [])
            ],
        )
        if m is None:
            said = ""
        elif not names:
            said = f"{m['code']} needs no approval: it completes when its conditions are met."
        elif waiting and state.current is not None:
            said = f"{m['code']} waits for {state.current.name} (round {round_})."
        elif m["status"] == "complete":
            said = f"{m['code']} was approved."
        else:
            said = f"{m['code']} will wait for {' → '.join(names)} once its conditions are met (round {round_})."
        if m is not None and m.get("resubmission_requested"):
            said += " Resubmission requested: an approver declined it."
        self.summary.setText(said)

    def decide(self, decision: str) -> None:
        if self.code is None:
            return
        verb = "Approve" if decision == "approve" else "Decline"
        label = "Comment" if decision == "approve" else "Comment (required)"
        comment = self.host.ask_text(f"{verb} {self.code}", label)
        if comment is not None:
            self.host.run_step(self.host.decide_step(self.code, decision, comment.strip() or None), then_process=True)


def _spec(row: ApprovalGroupRow) -> GroupSpec:
    """The group as the pure rules take it (members by email, as the approvals name who acted)."""
    if row.rule.isdigit():
        return GroupSpec(row.name, "n", int(row.rule), frozenset(row.members))
    return GroupSpec(row.name, row.rule, None, frozenset(row.members))


# -- history ------------------------------------------------------------------------------------------------
HISTORY_COLUMNS = ["When", "Who", "Record", "Action", "From", "To", "Effective", "Why"]


class HistorySection(QWidget):
    """Every transition, approval, payment and packet of the agreement (§7): who, when, why; read-only.
    Filled when first shown: an agreement of 200 milestones has a long history the editor need not
    build before it opens."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("section.history")
        self.table = read_only_table("agreementHistory", HISTORY_COLUMNS, (120, 190, 130, 90, 110, 110, 85))
        self._rows: list[dict[str, Any]] = []
        self._stale = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.table)

    def set_history(self, rows: list[dict[str, Any]]) -> None:
        self._rows, self._stale = rows, True
        if self.isVisible():
            self.fill()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.fill()

    def fill(self) -> None:
        self._stale = False
        fill_table(
            self.table,
            [
                [
                    _when(h.get("at")),
                    _who(h),
                    h.get("label") or h.get("record") or "",
                    h.get("action") or "",
                    h.get("from") or "",
                    h.get("to") or "",
                    h.get("effective_date") or "",
                    h.get("reason") or "",
                ]
                for h in reversed(self._rows)  # newest first
            ],
        )


def _who(h: dict[str, Any]) -> str:
    if h.get("who"):
        return str(h["who"])
    if h.get("packet"):
        return f"returned packet {str(h['packet'])[:12]}…"
    if h.get("run"):
        return f"processing run {str(h['run'])[:8]}"
    return ""
