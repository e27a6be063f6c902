"""Which steps each Contract Readiness goal requires (milestones.md: "administrators can change them").

A goal's requirements are a list; each requirement is one step or several alternative steps ("SAM
Registration Active or Registered as a State/Local Government Vendor"). Checking steps and pressing
Add makes them one requirement. Nothing is written until Save.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from neodesk.catalog.milestone_types import DEFAULT_READINESS_REQUIREMENTS
from neodesk.services.admin.readiness import READINESS_GOALS, save_readiness_requirements
from neodesk.services.admin.views import MilestoneTypeView, readiness_form
from neodesk.services.errors import FieldProblem
from neodesk.ui.admin.admin_dialog import Actor, AdminDialog

if TYPE_CHECKING:
    from neodesk.models import Database

CODE_ROLE = Qt.ItemDataRole.UserRole


class ReadinessRequirementsDialog(AdminDialog):
    def __init__(self, db: Database, counselor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, counselor, "Readiness requirements", "ReadinessRequirementsDialog", parent)
        form_now = readiness_form(db)
        self._steps: tuple[MilestoneTypeView, ...] = form_now.steps
        self._names = dict(form_now.names)
        self._working: dict[str, list[frozenset[str]]] = {
            goal: list(needed) for goal, needed in form_now.requirements.items()
        }
        for goal in READINESS_GOALS:
            self._working.setdefault(goal, list(DEFAULT_READINESS_REQUIREMENTS[goal]))

        form = QFormLayout()
        self.goal = QComboBox(objectName="readiness.goal")
        self.goal.setAccessibleName("Goal")
        for goal in READINESS_GOALS:
            self.goal.addItem(self._names.get(goal, goal), goal)
        self.goal.currentIndexChanged.connect(self._show_goal)
        form.addRow("Goal:", self.goal)
        # One list shows the chosen goal's requirements; problems with any goal show under it.
        self.requirements = QListWidget()
        self.add_field(form, "requirements", "Required steps:", self.requirements, object_name="readiness.requirements")
        for goal in READINESS_GOALS:
            self.alias_field(f"readiness.{goal}", "requirements")
        self.steps = QListWidget()
        for step in self._steps:
            item = QListWidgetItem(step.name if step.active else f"{step.name} (inactive)")
            item.setData(CODE_ROLE, step.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.steps.addItem(item)
        self.add_field(
            form, "steps", "Steps to add (check several for alternatives):", self.steps, object_name="readiness.steps"
        )
        self.body.addLayout(form)

        actions = QHBoxLayout()
        self.add_requirement = self.add_action(QPushButton("Add requirement", objectName="readiness.addRequirement"))
        self.remove_requirement = self.add_action(
            QPushButton("Remove requirement", objectName="readiness.removeRequirement")
        )
        self.restore_defaults = self.add_action(QPushButton("Restore defaults", objectName="readiness.restoreDefaults"))
        self.save_button = self.add_action(QPushButton("Save", objectName="admin.save"))
        for button in (self.add_requirement, self.remove_requirement, self.restore_defaults, self.save_button):
            actions.addWidget(button)
        self.body.addLayout(actions)
        self.save_button.setDefault(True)
        for button in (self.add_requirement, self.remove_requirement, self.restore_defaults):
            button.setAutoDefault(False)
        self.add_requirement.clicked.connect(self._add)
        self.remove_requirement.clicked.connect(self._remove)
        self.restore_defaults.clicked.connect(self._restore)
        self.save_button.clicked.connect(self.save)
        self.resize(640, 560)
        self._show_goal()
        self.apply_read_only()

    @property
    def current_goal(self) -> str:
        return str(self.goal.currentData())

    def describe(self, alternatives: frozenset[str]) -> str:
        return " or ".join(sorted(self._names.get(code, code) for code in alternatives))

    def _show_goal(self) -> None:
        self.requirements.clear()
        for alternatives in self._working[self.current_goal]:
            self.requirements.addItem(self.describe(alternatives))
        count = len(self._working[self.current_goal])
        self.status.setText(f"{count} required step{'s' if count != 1 else ''}.")

    def _add(self) -> None:
        checked = [
            self.steps.item(i)
            for i in range(self.steps.count())
            if self.steps.item(i).checkState() == Qt.CheckState.Checked
        ]
        if not checked:
            self.show_problems([FieldProblem("steps", "Check the step (or the alternative steps) to require.")])
            return
        self.clear_problems()
        requirement = frozenset(str(item.data(CODE_ROLE)) for item in checked)
        if requirement not in self._working[self.current_goal]:
            self._working[self.current_goal].append(requirement)
        for item in checked:
            item.setCheckState(Qt.CheckState.Unchecked)
        self._show_goal()

    def _remove(self) -> None:
        row = self.requirements.currentRow()
        if row < 0:
            self.show_problems([FieldProblem("requirements", "Select the requirement to remove.")])
            return
        self.clear_problems()
        del self._working[self.current_goal][row]
        self._show_goal()

    def _restore(self) -> None:
        self.clear_problems()
        self._working[self.current_goal] = list(DEFAULT_READINESS_REQUIREMENTS[self.current_goal])
        self._show_goal()

    def show_problems(self, problems: list[FieldProblem]) -> None:
        # A problem with another goal than the one shown: show that goal, so the marked list is the right one.
        goal = next((p.key.removeprefix("readiness.") for p in problems if p.key.startswith("readiness.")), None)
        if goal in READINESS_GOALS and goal != self.current_goal:
            self.goal.setCurrentIndex(self.goal.findData(goal))
        super().show_problems(problems)

    def save(self) -> None:
        ok, _ = self.attempt(lambda: save_readiness_requirements(self.db, self.actor_id, self._working))
        if ok:
            self.status.setText("Saved the readiness requirements.")
