"""New Milestone dialog (screens.md): several milestone types of one date logged in one save.

The dialog collects what was typed; ``log_milestones`` validates it, runs the milestone → client
rules and asks through the Decider (a real SyncPrompt per question unless a test passes its own).
Refused input is shown here and the dialog stays open with everything kept; a cancelled prompt keeps
it open too, since nothing was written.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from neodesk.catalog.milestone_types import BUSINESS_START_CODES, CATEGORY_LABELS, Category
from neodesk.catalog.picklists import is_in_business
from neodesk.services.activity_forms import load_new_milestone
from neodesk.services.errors import Conflict, FieldProblem, NotFound, ValidationFailed
from neodesk.services.milestones import (
    FollowUp,
    LogResult,
    MilestoneEntry,
    MilestoneForm,
    log_milestones,
    offered_types,
)
from neodesk.services.reference import Choice
from neodesk.sync.certifications import certification_text
from neodesk.sync.deciding import Answer, Decider, Question
from neodesk.ui import dialogs
from neodesk.ui.edit_milestone_dialog import EditMilestoneDialog
from neodesk.ui.milestone_fields import (
    CommonFields,
    ProblemDisplay,
    ValueEditor,
    carries_value,
    counselor_id_of,
    current_text,
)
from neodesk.ui.reveal import reveal
from neodesk.ui.sync_prompt import QtDecider
from neodesk.ui.wheel_guard import wheel_only_when_focused

if TYPE_CHECKING:
    from neodesk.models import Counselor, Database

__all__ = ["EditMilestoneDialog", "NewMilestoneDialog"]

FOLLOWUP_TEXT = (
    "Record a follow-up counseling session for the same client with the same date, "
    "counselor, funding source(s) and notes"
)
NOTICES = "milestoneNotices"


@dataclass
class _TypeRow:
    code: str
    category: Category
    row: QWidget
    check: QCheckBox
    value: ValueEditor | None


def _category(raw: str) -> Category:
    # User-defined types may carry a category this version does not know: they go under "Other".
    try:
        return Category(raw)
    except ValueError:
        return Category.OTHER


CONFIRM_RULES = frozenset({"M17", "same-fact"})  # neodesk.sync.same_fact's confirmations


class ConfirmFirst:
    """M17 and a second certification ask "Log anyway / Cancel"; every other question goes to `then`."""

    def __init__(self, parent: QWidget, then: Decider) -> None:
        self._parent, self._then = parent, then

    def decide(self, question: Question) -> Answer:
        if question.rule_id not in CONFIRM_RULES:
            return self._then.decide(question)
        confirmed = dialogs.confirm(
            self._parent, question.title, question.change, action="Log anyway", object_name="milestoneConfirm"
        )
        return Answer.YES if confirmed else Answer.CANCEL


class NewMilestoneDialog(QDialog):
    """Log milestones for one client. After ``exec()`` returns Accepted, ``result_log`` says what was written."""

    def __init__(
        self,
        db: Database,
        client_id: uuid.UUID,
        counselor: Counselor | uuid.UUID | None,
        *,
        preselect: str | None = None,
        today: date | None = None,
        decider: Decider | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("NewMilestoneDialog")
        self.setModal(True)
        self._db = db
        self._client_id = client_id
        self._counselor_id = counselor_id_of(counselor)
        self._today = today
        self._decider = decider
        self.result_log: LogResult | None = None
        self.rows: dict[str, _TypeRow] = {}
        self.groups: dict[Category, QGroupBox] = {}
        self._offered: list[str] = []

        form = load_new_milestone(db, client_id, self._counselor_id)  # NotFound: the client was deleted
        self._client = form.client_values
        self._infos = dict(form.infos)
        self._session_choices = form.counseling_session_choices
        self._followup_minutes = form.followup_minutes
        self._in_business = is_in_business(self._client.get("company_status"))
        self.setWindowTitle(f"New milestone — {form.client_name}")

        self.common = CommonFields()
        self.common.date.set_date(today or date.today())
        self.common.set_choices(
            form.people,
            form.funds,
            [self._counselor_id] if self._counselor_id else [],
            [form.default_fund] if form.default_fund else [],
        )
        self.types_area = self._build_types()
        followup = self._build_followup()
        errors = QLabel()
        self.problems = ProblemDisplay(self, errors, {"types": self.types_area})

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveMilestones")
        self.save_button.setDefault(True)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)

        right = QVBoxLayout()
        right.addWidget(self.common)
        right.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.types_area, 3)
        body.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(followup)  # full width: the spec's sentence is long
        # Problems show above the buttons: the rows above them do not move under the mouse.
        layout.addWidget(errors)
        layout.addWidget(buttons)
        self.resize(960, 680)

        self._preselected: _TypeRow | None = None
        if preselect is not None and (row := self.rows.get(preselect)) is not None:
            row.check.setChecked(True)
            self._preselected = row
        self._refresh_offered()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        row = self._preselected
        if row is not None and not row.row.isHidden():
            # Opened for one type (the readiness checklist's Log…): that type in view, its value focused.
            self._preselected = None
            editor = row.value.value if row.value is not None and row.value.value is not None else row.check
            reveal(self.types_area, row.row, editor)

    # -- building ----------------------------------------------------------------------------------------------
    def _build_types(self) -> QScrollArea:
        content = QWidget()
        column = QVBoxLayout(content)
        layouts: dict[Category, QVBoxLayout] = {}
        for category, title in CATEGORY_LABELS.items():
            group = QGroupBox(title, objectName=f"group.{category.value}")
            layouts[category] = QVBoxLayout(group)
            layouts[category].setSpacing(2)
            self.groups[category] = group
            column.addWidget(group)
        column.addStretch(1)
        for info in self._infos.values():
            if not info.active:  # inactive types are not offered at all (milestones.md)
                continue
            category = _category(info.category)
            row = QWidget()
            row_layout = QVBoxLayout(row)
            row_layout.setContentsMargins(0, 0, 0, 0)
            row_layout.setSpacing(0)
            check = QCheckBox(info.name, objectName=f"type.{info.code}")
            held = certification_text(info.code, self._client)
            if held is None:
                row_layout.addWidget(check)
            else:  # a certification: whether the client holds it already, beside the box
                line = QHBoxLayout()
                line.addWidget(check)
                line.addWidget(QLabel(held, objectName=f"current.{info.code}"), 1)
                row_layout.addLayout(line)
            editor = None
            if carries_value(info):
                editor = ValueEditor(info, current_text(info, self._client))
                # Revealed when the type is checked, in space kept for it: the rows below stay put.
                policy = editor.sizePolicy()
                policy.setRetainSizeWhenHidden(True)
                editor.setSizePolicy(policy)
                editor.hide()
                row_layout.addWidget(editor)
            layouts[category].addWidget(row)
            self.rows[info.code] = _TypeRow(info.code, category, row, check, editor)
            check.toggled.connect(lambda on, code=info.code: self._type_toggled(code, on))
        area = QScrollArea(objectName="milestone.types")
        area.setWidgetResizable(True)
        area.setWidget(content)
        area.setAccessibleName("Milestone types")
        return area

    def _build_followup(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 4, 0, 0)
        self.followup = QCheckBox(FOLLOWUP_TEXT, objectName="followup")
        self.followup_panel = QWidget(objectName="followup.panel")
        row = QHBoxLayout(self.followup_panel)
        row.setContentsMargins(24, 0, 0, 0)
        choices = self._session_choices
        self.contact_type = self._combo("followup.contact_type", choices["contact_type"], blank="")
        self.counseling_area = self._combo("followup.counseling_area", choices["counseling_area"], blank="")
        self.additional_area = self._combo("followup.additional_area", choices["additional_areas"], blank="(none)")
        for text, combo in (
            ("Contact &type", self.contact_type),
            ("Counseling &area", self.counseling_area),
            ("A&dditional area", self.additional_area),
        ):
            label = QLabel(text)
            label.setBuddy(combo)
            combo.setAccessibleName(text.replace("&", ""))
            row.addWidget(label)
            row.addWidget(combo, 1)
        # Required and more than 0 (screens.md): a 0-minute session uploads to the SBA as 0.00 hours.
        self.followup_minutes = wheel_only_when_focused(QSpinBox(objectName="followup.minutes"))
        self.followup_minutes.setRange(0, 600)
        self.followup_minutes.setValue(self._followup_minutes)
        self.followup_minutes.setSuffix(" min")
        self.followup_minutes.setAccessibleName("Contact minutes")
        label = QLabel("Contact &minutes")
        label.setBuddy(self.followup_minutes)
        row.addWidget(label)
        row.addWidget(self.followup_minutes)
        self.followup_panel.hide()
        self.followup.toggled.connect(self.followup_panel.setVisible)
        layout.addWidget(self.followup)
        layout.addWidget(self.followup_panel)
        return box

    @staticmethod
    def _combo(name: str, choices: Sequence[Choice], *, blank: str) -> QComboBox:
        combo = wheel_only_when_focused(QComboBox(objectName=name))
        combo.addItem(blank, None)
        for choice in choices:
            combo.addItem(choice.label, choice.code)
        return combo

    # -- behaviour ---------------------------------------------------------------------------------------------
    def _type_toggled(self, code: str, on: bool) -> None:
        row = self.rows[code]
        if row.value is not None:
            row.value.setVisible(on)
            if on and row.value.value is not None:
                row.value.value.setFocus(Qt.FocusReason.OtherFocusReason)
        if code in BUSINESS_START_CODES:
            self._refresh_offered()

    def checked_codes(self) -> list[str]:
        """Checked types the dialog offers, in display order (a hidden type is not part of the save)."""
        return [code for code in self._offered if self.rows[code].check.isChecked()]

    def _refresh_offered(self) -> None:
        # Hidden, not disabled (milestones.md); a hidden box keeps its check and value, so unchecking
        # Business Established by mistake and checking it again loses nothing typed.
        checked = {code for code, row in self.rows.items() if row.check.isChecked()}
        offered = {t.code for t in offered_types(self._infos, self._in_business, checked)}
        self._offered = [code for code in self.rows if code in offered]
        for code, row in self.rows.items():
            row.row.setHidden(code not in offered)
        for category, group in self.groups.items():
            group.setHidden(not any(r.category is category and r.code in offered for r in self.rows.values()))

    def form(self) -> MilestoneForm:
        """What the dialog holds, unparsed (log_milestones parses and checks it)."""
        entries = []
        for code in self.checked_codes():
            value = self.rows[code].value
            entries.append(value.entry() if value is not None else MilestoneEntry(code))
        followup = None
        if self.followup.isChecked():
            followup = FollowUp(
                self.contact_type.currentData(),
                self.counseling_area.currentData(),
                self.additional_area.currentData(),
                minutes=self.followup_minutes.value(),
            )
        return MilestoneForm(
            entries=tuple(entries),
            date=self.common.date.iso_text(),
            counselor_ids=self.common.counselor_ids(),
            funding_source_ids=self.common.funding_source_ids(),
            notes=self.common.notes_text(),
            reportable=self.common.reportable.isChecked(),
            followup=followup,
        )

    def save(self) -> None:
        self.problems.show([])
        try:
            result = log_milestones(
                self._db,
                self._client_id,
                self.form(),
                counselor_id=self._counselor_id,
                decider=ConfirmFirst(self, self._decider or QtDecider(self)),
                today=self._today,
            )
        except ValidationFailed as exc:
            self.problems.show(exc.problems)
            return
        except (NotFound, Conflict) as exc:
            self.problems.show([FieldProblem("", str(exc))])
            return
        if result is None:  # the counselor cancelled a prompt: nothing was written, keep the edits
            return
        self.result_log = result
        if result.notices:
            dialogs.inform(self, "Client not updated", "\n".join(result.notices), object_name=NOTICES)
        self.accept()
