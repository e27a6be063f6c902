"""Edit Milestone dialog: date, value/detail, notes, reportable, counselors and funding of one milestone.

``update_milestone`` decides what is allowed and, when the amount of the client's newest milestone of
a value type changes, asks (through the Decider) whether to update the client field as well. The dialog
keeps the milestone's revision and values as loaded: a save after someone else changed the milestone
merges, and asks about fields both changed (EditConflictDialog, unless ``resolver`` is given).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from neodesk.catalog.milestone_types import Carries
from neodesk.services.activity_forms import load_milestone_edit
from neodesk.services.edit_merge import ConflictResolver
from neodesk.services.errors import Conflict, FieldProblem, NotFound, ValidationFailed
from neodesk.services.milestones import update_milestone
from neodesk.sync.deciding import Decider
from neodesk.ui.edit_conflict_dialog import QtConflictResolver
from neodesk.ui.milestone_fields import (
    NUMERIC,
    CommonFields,
    ProblemDisplay,
    ValueEditor,
    counselor_id_of,
    current_text,
)
from neodesk.ui.sync_prompt import QtDecider

if TYPE_CHECKING:
    from neodesk.models import Counselor, Database


class EditMilestoneDialog(QDialog):
    """After ``exec()`` returns Accepted, ``result_updates`` holds the client fields the edit changed."""

    def __init__(
        self,
        db: Database,
        milestone_id: uuid.UUID,
        counselor: Counselor | uuid.UUID | None,
        *,
        today: date | None = None,
        decider: Decider | None = None,
        parent: QWidget | None = None,
        resolver: ConflictResolver | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("EditMilestoneDialog")
        self.setModal(True)
        self._db = db
        self._milestone_id = milestone_id
        self._counselor_id = counselor_id_of(counselor)
        self._today = today
        self._decider = decider
        self._resolver = resolver
        self.result_updates: dict[str, Any] | None = None

        form = load_milestone_edit(db, milestone_id)  # NotFound: the milestone was deleted
        self.info = form.info
        self._stored_date = form.date
        self._base = form.base
        self.setWindowTitle(f"Edit milestone — {self.info.name} — {form.client_name}")

        heading = QLabel(self.info.name, objectName="milestone.type")
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        self.value = ValueEditor(self.info, current_text(self.info, form.client_values))
        self.value.show_stored(form.amount, form.detail)
        self.value.setVisible(self.value.has_editor)
        self.common = CommonFields()
        self.common.date.set_date(self._stored_date)
        self.common.set_choices(form.people, form.funds, form.chosen_people, form.chosen_funds)
        self.common.notes.setPlainText(form.notes or "")
        self.common.reportable.setChecked(form.reportable)
        errors = QLabel()
        self.problems = ProblemDisplay(self, errors)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveMilestone")
        self.save_button.setDefault(True)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(errors)
        layout.addWidget(heading)
        layout.addWidget(self.value)
        layout.addWidget(self.common, 1)
        layout.addWidget(buttons)
        self.resize(560, 520)

    def _own_problems(self) -> list[FieldProblem]:
        # update_milestone leaves these to its callers (it edits only what it is given).
        problems = []
        if self.info.carries == Carries.TEXT and not self.info.detail_optional and not self.value.value_text().strip():
            problems.append(
                FieldProblem(
                    f"value.{self.info.code}", f"{self.info.name}: enter the {self.info.value_label or 'detail'}."
                )
            )
        if not self.common.counselor_ids():
            problems.append(FieldProblem("milestone.counselors", "Counselor(s): choose at least one counselor."))
        if not self.common.funding_source_ids():
            problems.append(FieldProblem("milestone.funding_sources", "Funding source(s): choose at least one."))
        return problems

    def save(self) -> None:
        if problems := self._own_problems():
            self.problems.show(problems)
            return
        self.problems.show([])
        typed_date = self.common.date.iso_text()
        numeric = self.info.carries in NUMERIC
        if numeric:
            detail = self.value.detail_text() if self.value.detail is not None else None
        else:
            detail = self.value.value_text() if self.info.carries == Carries.TEXT else None
        try:
            updates = update_milestone(
                self._db,
                self._milestone_id,
                amount=self.value.value_text() if numeric else None,
                detail=detail,
                # An unchanged date is not passed: an old milestone may predate the lock period.
                date_=None if typed_date == self._stored_date.isoformat() else typed_date,
                notes=self.common.notes_text(),
                reportable=self.common.reportable.isChecked(),
                counselor_ids=self.common.counselor_ids(),
                funding_source_ids=self.common.funding_source_ids(),
                counselor_id=self._counselor_id,
                decider=self._decider or QtDecider(self),
                today=self._today,
                base=self._base,
                resolver=self._resolver or QtConflictResolver(self, "this milestone"),
            )
        except ValidationFailed as exc:
            self.problems.show(exc.problems)
            return
        except (NotFound, Conflict) as exc:
            self.problems.show([FieldProblem("", str(exc))])
            return
        if updates is None:  # a prompt or the conflict dialog was cancelled: nothing written, edits kept
            self.problems.show([FieldProblem("", "Not saved: the save was cancelled. Your edits are still here.")])
            return
        self.result_updates = updates
        self.accept()
