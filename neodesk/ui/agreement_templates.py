"""Agreements ▸ Templates… (administrators, agreements.md §9/§12): the templates there are, and a new
one from a definition typed or pasted as JSON; the parser's refusal is shown as one sentence and
nothing is written. Applying a template to an agreement is in the AgreementEditor.
"""

from __future__ import annotations

import json

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from neodesk.services import agreements as svc
from neodesk.services.errors import NotFound, ValidationFailed
from neodesk.ui.agreements import _fill, _refusal, _table
from neodesk.ui.context import AppContext

SAMPLE = {
    "name": "Three disbursements",
    "kind": "grant",
    "milestones": [
        {
            "code": "SIGNED",
            "description": "Agreement signed",
            "conditions": [{"kind": "user"}],
            "events": [{"kind": "disbursement", "split": True}],
        },
        {
            "code": "MIDWAY",
            "description": "Six months on",
            "conditions": [{"kind": "date", "offset": "start+6m"}],
            "events": [{"kind": "disbursement", "split": True}],
        },
        {
            "code": "FINAL",
            "description": "Final report accepted",
            "conditions": [{"kind": "milestone", "milestone": "MIDWAY"}, {"kind": "user"}],
            "events": [{"kind": "disbursement", "split": True}],
        },
    ],
}


class TemplatesDialog(QDialog):
    """The template list, and Create from the JSON definition beside it."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="AgreementTemplates", windowTitle="Agreement templates")
        self._context = context
        self.table = _table("templates.table", ["Name", "Kind", "Milestones", "Revision"])
        for column, width in enumerate((170, 70, 200, 70)):
            self.table.setColumnWidth(column, width)
        self.definition = QPlainTextEdit(objectName="templates.definition")
        self.definition.setPlainText(json.dumps(SAMPLE, indent=2))
        self.message = QLabel(objectName="templates.message", wordWrap=True)
        self.create_button = QPushButton("Create template", objectName="templates.create")
        self.create_button.clicked.connect(self.create)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(QLabel("Templates"))
        ll.addWidget(self.table, 1)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(QLabel("New template (its definition, as for `neodesk template create`)"))
        rl.addWidget(self.definition, 1)
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        row.addWidget(self.create_button)
        rl.addLayout(row)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([520, 560])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
        self.resize(1100, 600)
        self.reload()

    def reload(self) -> None:
        rows = svc.template_rows(self._context.db)
        _fill(self.table, [[r.name, r.kind, ", ".join(r.milestones), r.revision] for r in rows])

    def create(self) -> None:  # type: ignore[override]  # the New action; Qt never calls QWidget.create from Python
        try:
            name = svc.create_template(
                self._context.db, self.definition.toPlainText(), counselor_email=self._context.counselor_id
            )
        except (ValidationFailed, NotFound) as exc:
            self._say(_refusal(exc), error=True)
            return
        except ValueError as exc:  # not JSON at all: the parser's sentence
            self._say(f"the definition is not JSON: {exc}", error=True)
            return
        self._say(f"Template {name} created.", error=False)
        self.reload()

    def _say(self, text: str, *, error: bool) -> None:
        self.message.setStyleSheet("color: #b00020" if error else "color: #2e7d32")
        self.message.setText(text)
