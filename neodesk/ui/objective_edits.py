"""A pending milestone's objectives and their questions (agreements.md §5), edited in the milestone dialog.

The dialog edits plain §11 definitions (`{"title", "description", "required", "questions": [{"prompt",
"kind", "required", "options"}]}`) and hands them back; the milestone's save checks them (the
definition parser's sentence is shown in the milestone dialog) and writes them in one transaction.
An objective whose definition is unchanged keeps its answers.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from neodesk.ui.agreement_sections import fill_table, read_only_table
from neodesk.ui.named import named

QUESTION_KINDS = ("text", "yes_no", "number", "date", "choice", "file")


def definition_of_objective(shown: dict[str, Any]) -> dict[str, Any]:
    """An objective as `show --json` has it → its definition (status and answers left out)."""
    questions = []
    for q in shown.get("questions") or []:
        question: dict[str, Any] = {"prompt": q["prompt"], "kind": q["kind"], "required": bool(q.get("required"))}
        if q.get("options"):
            question["options"] = list(q["options"])
        questions.append(question)
    return {
        "title": shown["title"],
        "description": shown.get("description") or "",
        "required": bool(shown.get("required", True)),
        "questions": questions,
    }


class ObjectivesDialog(QDialog):
    """The objectives in order; the selected one's title, description, required flag and questions."""

    def __init__(self, code: str, objectives: list[dict[str, Any]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agreementObjectives")
        self.setWindowTitle(f"Objectives of {code or 'the new milestone'}")
        self.objectives = [dict(o, questions=[dict(q) for q in o.get("questions", [])]) for o in objectives]
        self.table = read_only_table("objectives.table", ["#", "Title", "Required", "Questions"], (30, 260, 70))
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.title = named(QLineEdit(), "objective.title")
        self.description = named(QLineEdit(), "objective.description")
        self.required = named(QCheckBox("Required"), "objective.required")
        self.required.setChecked(True)
        self.add_button = named(QPushButton("Add objective"), "objective.add")
        self.update_button = named(QPushButton("Update"), "objective.update")
        self.remove_button = named(QPushButton("Remove objective"), "objective.remove")
        self.add_button.clicked.connect(self.add_objective)
        self.update_button.clicked.connect(self.update_objective)
        self.remove_button.clicked.connect(self.remove_objective)
        self.questions = read_only_table(
            "questions.table", ["#", "Prompt", "Kind", "Required", "Options"], (30, 260, 70, 70)
        )
        self.prompt = named(QLineEdit(), "question.prompt")
        self.kind = named(QComboBox(), "question.kind")
        self.kind.addItems(list(QUESTION_KINDS))
        self.question_required = named(QCheckBox("Required"), "question.required")
        self.question_required.setChecked(True)
        self.options = named(QLineEdit(), "question.options")
        self.options.setPlaceholderText("choice: the options, separated by commas")
        self.kind.currentTextChanged.connect(lambda kind: self.options.setEnabled(kind == "choice"))
        self.options.setEnabled(False)
        self.add_question_button = named(QPushButton("Add question"), "question.add")
        self.remove_question_button = named(QPushButton("Remove question"), "question.remove")
        self.add_question_button.clicked.connect(self.add_question)
        self.remove_question_button.clicked.connect(self.remove_question)
        self.message = named(QLabel(), "objectives.message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")

        objective_form = QFormLayout()
        objective_form.addRow("Title", self.title)
        objective_form.addRow("Description", self.description)
        objective_form.addRow(self.required)
        row = QHBoxLayout()
        for button in (self.add_button, self.update_button, self.remove_button):
            row.addWidget(button)
        objective_form.addRow(row)
        top = QHBoxLayout()
        top.addWidget(self.table, 3)
        top.addLayout(objective_form, 2)
        question_form = QFormLayout()
        question_form.addRow("Prompt", self.prompt)
        question_form.addRow("Kind", self.kind)
        question_form.addRow(self.question_required)
        question_form.addRow("Options", self.options)
        row = QHBoxLayout()
        row.addWidget(self.add_question_button)
        row.addWidget(self.remove_question_button)
        question_form.addRow(row)
        box = QGroupBox("Questions of the selected objective (the stakeholder answers these)")
        inner = QHBoxLayout(box)
        inner.addWidget(self.questions, 3)
        inner.addLayout(question_form, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 2)
        layout.addWidget(box, 3)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(960, 560)
        self._refresh()

    # -- the lists --------------------------------------------------------------------------------------
    def selected(self) -> int | None:
        row = self.table.currentRow()
        return row if 0 <= row < len(self.objectives) else None

    def _refresh(self, select: int | None = None) -> None:
        fill_table(
            self.table,
            [
                [str(i), o["title"], "yes" if o.get("required", True) else "no", str(len(o["questions"]))]
                for i, o in enumerate(self.objectives, 1)
            ],
        )
        if select is not None and 0 <= select < len(self.objectives):
            self.table.selectRow(select)
        self._show_questions()

    def _show_questions(self) -> None:
        at = self.selected()
        questions = self.objectives[at]["questions"] if at is not None else []
        fill_table(
            self.questions,
            [
                [
                    str(j),
                    q["prompt"],
                    q["kind"],
                    "yes" if q.get("required", True) else "no",
                    ", ".join(q.get("options", [])),
                ]
                for j, q in enumerate(questions, 1)
            ],
        )
        for widget in (self.add_question_button, self.remove_question_button):
            widget.setEnabled(at is not None)

    def _show_selected(self) -> None:
        at = self.selected()
        if at is not None:
            shown = self.objectives[at]
            self.title.setText(shown["title"])
            self.description.setText(shown.get("description") or "")
            self.required.setChecked(bool(shown.get("required", True)))
        self._show_questions()

    # -- objectives -------------------------------------------------------------------------------------
    def _objective_from_form(self) -> dict[str, Any] | None:
        title = self.title.text().strip()
        if not title:
            self.message.setText("an objective needs a title")
            return None
        self.message.clear()
        return {"title": title, "description": self.description.text().strip(), "required": self.required.isChecked()}

    def add_objective(self) -> None:
        made = self._objective_from_form()
        if made is not None:
            self.objectives.append(made | {"questions": []})
            self._refresh(len(self.objectives) - 1)

    def update_objective(self) -> None:
        at = self.selected()
        made = self._objective_from_form()
        if at is not None and made is not None:
            self.objectives[at].update(made)
            self._refresh(at)

    def remove_objective(self) -> None:
        at = self.selected()
        if at is not None:
            del self.objectives[at]
            self._refresh()

    # -- questions --------------------------------------------------------------------------------------
    def add_question(self) -> None:
        at = self.selected()
        if at is None:
            return
        prompt = self.prompt.text().strip()
        if not prompt:
            self.message.setText("a question needs a prompt")
            return
        question: dict[str, Any] = {
            "prompt": prompt,
            "kind": self.kind.currentText(),
            "required": self.question_required.isChecked(),
        }
        if question["kind"] == "choice":
            options = [o.strip() for o in self.options.text().split(",") if o.strip()]
            if not options:
                self.message.setText("a choice question needs its options, separated by commas")
                return
            question["options"] = options
        self.message.clear()
        self.objectives[at]["questions"].append(question)
        self.prompt.clear()
        self._refresh(at)

    def remove_question(self) -> None:
        at, row = self.selected(), self.questions.currentRow()
        if at is not None and 0 <= row < len(self.objectives[at]["questions"]):
            del self.objectives[at]["questions"][row]
            self._refresh(at)
