"""New / edit counseling session: every session field of domain.md, validated by save_session.

The dialog only collects what was typed; save_session decides what is allowed. When it refuses, the
problems are shown at their fields and the dialog stays open with everything typed kept. An edited
session keeps the revision and values it loaded, so a save merges with changes saved elsewhere since
and asks about fields both changed (EditConflictDialog, unless ``conflict_resolver`` is set).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from neodesk.services.activity import SESSION_LABELS, SessionInput, save_counseling_session
from neodesk.services.activity_forms import load_session_form
from neodesk.services.edit_merge import ConflictResolver, EditBase
from neodesk.services.errors import Conflict, FieldProblem, NotFound, ValidationFailed
from neodesk.services.reference import Choice
from neodesk.ui.context import AppContext
from neodesk.ui.edit_conflict_dialog import QtConflictResolver
from neodesk.ui.field_editors import repolish
from neodesk.ui.input_widgets import CheckList, DateLineEdit
from neodesk.ui.reveal import scroll_to_checked
from neodesk.ui.wheel_guard import wheel_only_when_focused

MINUTE_KEYS = ("contact_minutes", "prep_minutes", "travel_minutes")


def choice_text(choice: Choice) -> str:
    """How a picklist value is shown: its label, flagged when inactive (offered only where held)."""
    return choice.label + ("" if choice.active else " (inactive)")


class SessionDialog(QDialog):
    """Edit one counseling session of a client; `saved_id` holds the session's id after a save."""

    def __init__(
        self,
        context: AppContext,
        client_id: uuid.UUID,
        session_id: uuid.UUID | None = None,
        *,
        first_session: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("SessionDialog")
        self.setWindowTitle("Edit counseling session" if session_id else "New counseling session")
        self._context = context
        self._client_id = client_id
        self._session_id = session_id
        self.saved_id: uuid.UUID | None = None
        self.conflict_resolver: ConflictResolver | None = None  # None: a modal EditConflictDialog
        self._base: EditBase | None = None  # the edited session's revision and values when loaded
        self.fields: dict[str, Any] = {}  # each key its own editor type (line edit, combo, check list…)

        self.problems = QLabel(objectName="session.problems", wordWrap=True)
        self.problems.setProperty("role", "problem")
        self.problems.hide()
        self._build(first_session)
        self._load(first_session)

    # -- building ----------------------------------------------------------------------------------------------
    def _field(self, key: str, widget: QWidget) -> Any:
        widget.setObjectName(f"session.{key}")
        widget.setAccessibleName(SESSION_LABELS[key])
        widget.setAccessibleIdentifier(f"session.{key}")
        self.fields[key] = widget
        return widget

    def _build(self, first_session: bool) -> None:
        self._field("date", DateLineEdit())
        # The picklists' items are filled by _load, from the database (active values plus what the record holds).
        for key in ("session_type", "contact_type", "counseling_area"):
            self._field(key, wheel_only_when_focused(QComboBox()))
        self._field("additional_areas", CheckList())
        for key in (*MINUTE_KEYS, "attendees"):
            edit = self._field(key, QLineEdit())
            edit.setMaximumWidth(100)
        self._field("counselor_ids", CheckList())
        self._field("funding_source_ids", CheckList())
        self._field("subject", QLineEdit()).setMaxLength(200)
        notes = self._field("notes", QPlainTextEdit())
        notes.setTabChangesFocus(True)
        self._field("reportable", QCheckBox("Count this session in reports and uploads"))
        for key in ("additional_areas", "counselor_ids", "funding_source_ids"):
            self.fields[key].setMaximumHeight(110)

        form = QFormLayout()
        for key in ("date", "session_type", "contact_type", "counseling_area", "additional_areas"):
            form.addRow(SESSION_LABELS[key], self.fields[key])
        minutes = QGridLayout()
        for column, key in enumerate(MINUTE_KEYS):
            minutes.addWidget(QLabel(SESSION_LABELS[key].replace(" (minutes)", "")), 0, column)
            minutes.addWidget(self.fields[key], 1, column)
        minutes.setColumnStretch(len(MINUTE_KEYS), 1)
        form.addRow("Time (minutes)", minutes)
        for key in ("counselor_ids", "funding_source_ids", "subject", "notes", "attendees", "reportable"):
            form.addRow(SESSION_LABELS[key], self.fields[key])

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setObjectName("session.save")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.problems)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(560, 720)

    def _load(self, first_session: bool) -> None:
        form = load_session_form(
            self._context.db, self._client_id, self._session_id, self._context.counselor_id
        )  # NotFound: the session was deleted
        self._set_picklists(form.choices)
        self.fields["counselor_ids"].set_choices([(str(c.id), c.name) for c in form.people])
        self.fields["funding_source_ids"].set_choices([(str(f.id), f"{f.code} — {f.name}") for f in form.funds])
        self.fields["counselor_ids"].set_selected([str(i) for i in form.chosen_people])
        self.fields["funding_source_ids"].set_selected([str(i) for i in form.chosen_funds])
        for key in ("counselor_ids", "funding_source_ids"):
            scroll_to_checked(self.fields[key])  # the chosen ones in view, not below the fold
        if form.values is None:
            self._show_values(
                {
                    "date": date.today(),
                    "session_type": "Initial/New" if first_session else "Follow-up",
                    "contact_type": None,
                    "counseling_area": None,
                    "additional_areas": (),
                    "contact_minutes": 0,
                    "prep_minutes": 0,
                    "travel_minutes": 0,
                    "subject": "",
                    "notes": "",
                    "attendees": 1,
                    "reportable": True,
                }
            )
        else:
            self._base = form.base
            self._show_values(dict(form.values))

    def _set_picklists(self, choices: Mapping[str, Sequence[Choice]]) -> None:
        for key in ("session_type", "contact_type", "counseling_area"):
            combo = self.fields[key]
            combo.clear()
            if key != "session_type":  # a new session starts with no contact type or area chosen
                combo.addItem("", None)
            for choice in choices[key]:
                combo.addItem(choice_text(choice), choice.code)
        self.fields["additional_areas"].set_choices([(c.code, choice_text(c)) for c in choices["additional_areas"]])

    def _show_values(self, values: dict[str, Any]) -> None:
        for key, value in values.items():
            widget = self.fields[key]
            if isinstance(widget, DateLineEdit):
                widget.set_date(value)
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(widget.findData(value), 0))
            elif isinstance(widget, CheckList):
                widget.set_selected(value or ())
                scroll_to_checked(widget)
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value or "")
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QLineEdit):
                widget.setText("" if value is None else str(value))

    # -- saving ------------------------------------------------------------------------------------------------
    def entered(self) -> SessionInput:
        """What the form holds, unparsed (save_session parses and checks it)."""
        f = self.fields
        return SessionInput(
            date=f["date"].iso_text(),
            session_type=f["session_type"].currentData(),
            contact_type=f["contact_type"].currentData(),
            counseling_area=f["counseling_area"].currentData(),
            additional_areas=tuple(f["additional_areas"].selected()),
            contact_minutes=f["contact_minutes"].text(),
            prep_minutes=f["prep_minutes"].text(),
            travel_minutes=f["travel_minutes"].text(),
            counselor_ids=tuple(uuid.UUID(v) for v in f["counselor_ids"].selected()),
            funding_source_ids=tuple(uuid.UUID(v) for v in f["funding_source_ids"].selected()),
            subject=f["subject"].text(),
            notes=f["notes"].toPlainText(),
            attendees=f["attendees"].text(),
            reportable=f["reportable"].isChecked(),
            require_contact_time=True,
        )

    def save(self) -> None:
        self.show_problems([])
        try:
            saved = save_counseling_session(
                self._context.db,
                self._client_id,
                self.entered(),
                counselor_id=self._context.counselor_id,
                session_id=self._session_id,
                base=self._base,
                resolver=self.conflict_resolver or QtConflictResolver(self, "this session"),
            )
        except ValidationFailed as exc:
            self.show_problems(exc.problems)
            return
        except (NotFound, Conflict) as exc:
            self.show_problems([FieldProblem("", str(exc))])
            return
        if saved is None:  # the conflict dialog was cancelled: nothing written, everything typed kept
            self.show_problems([FieldProblem("", "Not saved: the save was cancelled. Your edits are still here.")])
            return
        self.saved_id = saved
        self.accept()

    def show_problems(self, problems: list[FieldProblem]) -> None:
        by_key: dict[str, list[str]] = {}
        for problem in problems:
            by_key.setdefault(problem.key, []).append(problem.message)
        for key, widget in self.fields.items():
            messages = by_key.get(key, [])
            widget.setProperty("invalid", bool(messages))
            widget.setToolTip("\n".join(messages))
            repolish(widget)
        self.problems.setText("\n".join(p.message for p in problems))
        self.problems.setVisible(bool(problems))
        if problems and (first := self.fields.get(problems[0].key)) is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
