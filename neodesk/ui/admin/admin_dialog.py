"""What every administration dialog shares: who is acting, the read-only mode, problems at their fields.

The services decide what is allowed; a dialog collects input, calls one use case through `attempt`,
and on a refusal shows each problem under its field while keeping everything typed.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias, TypeVar

from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from neodesk.services.admin.access import NotAllowed, is_administrator
from neodesk.services.errors import Conflict, FieldProblem, NotFound, ValidationFailed

if TYPE_CHECKING:
    from neodesk.models import Counselor, Database

T = TypeVar("T")
W = TypeVar("W", bound=QWidget)
B = TypeVar("B", bound=QAbstractButton)

# Who the dialogs act for: the signed-in counselor, by record or by id (the main window has the id).
Actor: TypeAlias = "Counselor | uuid.UUID | None"

READ_ONLY_TEXT = "Only administrators can change these. You can look, but nothing here can be edited."


def actor_id(counselor: Actor) -> uuid.UUID | None:
    if counselor is None or isinstance(counselor, uuid.UUID):
        return counselor
    return counselor.id


def repolish(widget: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property changed (Qt does not do it by itself)."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class AdminDialog(QDialog):
    """Base of the administration dialogs.

    Editors registered with `add_field` get an object name, an accessible name and a problem line
    (`problem.<object name>`) under them. Counselors get the dialog with every editor and action
    disabled and a line saying why; the services refuse them as well.
    """

    def __init__(
        self, db: Database, counselor: Actor, title: str, object_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setWindowTitle(title)
        self.db = db
        self.actor_id = actor_id(counselor)
        self.can_edit = is_administrator(db, self.actor_id)
        self.changed = False  # something was saved: the caller refreshes what it shows
        self.editors: dict[str, QWidget] = {}
        self._problem_labels: dict[str, QLabel] = {}
        self._actions: list[QAbstractButton] = []

        self.read_only_label = QLabel(READ_ONLY_TEXT, objectName="admin.readOnly", wordWrap=True)
        self.read_only_label.setVisible(not self.can_edit)
        self.problems = QLabel(objectName="admin.problems", wordWrap=True)
        self.problems.setProperty("role", "problem")
        self.problems.hide()
        self.status = QLabel(objectName="admin.status", wordWrap=True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)

        self.body = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.addWidget(self.read_only_label)
        layout.addLayout(self.body, 1)
        layout.addWidget(self.problems)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

    # -- building ----------------------------------------------------------------------------------------------------
    def add_field(self, form: QFormLayout, key: str, label: str, widget: W, *, object_name: str | None = None) -> W:
        """Add `widget` as the editor of `key` (problems with that key show under it)."""
        name = object_name or f"admin.{key}"
        widget.setObjectName(name)
        # A check box with no caption carries its own text (the Qt idiom for an on/off setting).
        widget.setAccessibleName(label.rstrip(":") or str(widget.property("text") or ""))
        problem = QLabel(objectName=f"problem.{name}", wordWrap=True)
        problem.setProperty("role", "problem")
        problem.hide()
        cell = QWidget()
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(problem)
        if label:
            caption = QLabel(label)
            caption.setBuddy(widget)
            form.addRow(caption, cell)
        else:
            form.addRow(cell)
        self.editors[key] = widget
        self._problem_labels[key] = problem
        return widget

    def alias_field(self, key: str, field: str) -> None:
        """Problems with `key` show at the editor of `field` (one editor serving several keys)."""
        self.editors[key] = self.editors[field]
        self._problem_labels[key] = self._problem_labels[field]

    def add_action(self, button: B) -> B:
        """A button that changes something: disabled for counselors."""
        self._actions.append(button)
        return button

    def apply_read_only(self) -> None:
        """Counselors see everything and can change nothing; call once the dialog is built."""
        if self.can_edit:
            return
        for widget in [*self.editors.values(), *self._actions]:
            widget.setEnabled(False)
            widget.setToolTip(READ_ONLY_TEXT)

    # -- problems ------------------------------------------------------------------------------------------------------
    def show_problems(self, problems: list[FieldProblem]) -> None:
        self.clear_problems()
        general: list[str] = []
        for problem in problems:
            label = self._problem_labels.get(problem.key)
            if label is None:
                general.append(problem.message)
                continue
            label.setText(problem.message)
            label.show()
            editor = self.editors[problem.key]
            editor.setProperty("invalid", True)
            repolish(editor)
        if general:
            self.problems.setText("\n".join(general))
            self.problems.show()
        self.status.clear()
        first = next((self.editors[p.key] for p in problems if p.key in self.editors), None)
        if first is not None:
            first.setFocus()

    def clear_problems(self) -> None:
        for key, label in self._problem_labels.items():
            if label.text():
                label.clear()
                label.hide()
                self.editors[key].setProperty("invalid", False)
                repolish(self.editors[key])
        self.problems.clear()
        self.problems.hide()

    def attempt(self, action: Callable[[], T]) -> tuple[bool, T | None]:
        """Run one use case; on a refusal show why and report failure (nothing was written)."""
        self.clear_problems()
        try:
            result = action()
        except ValidationFailed as exc:
            self.show_problems(exc.problems)
            return False, None
        except (NotAllowed, NotFound, Conflict) as exc:
            self.show_problems([FieldProblem("", str(exc))])
            return False, None
        self.changed = True
        return True, result
