"""One editor per client field, chosen by the field's Kind (catalog/fields.py).

An editor hands back the *raw* value (text as typed, a picklist code, a bool): parsing and checking
stay in neodesk.services.validation, which the editor only calls to mark a field as the user leaves it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QSizePolicy, QVBoxLayout, QWidget

from neodesk.catalog.fields import FieldSpec, Kind
from neodesk.catalog.picklists import PICKLISTS
from neodesk.services.reference import Choice
from neodesk.services.validation import Invalid, parse_value
from neodesk.ui.input_widgets import CodeSetLineEdit, DateLineEdit
from neodesk.ui.wheel_guard import wheel_only_when_focused

MAX_FIELD_WIDTH = 460  # long lines of empty field are hard to read on a wide window
IN_BUSINESS_REASON = "Needs the client to be in business: set Company Status to Start-up or In Business first."

# Format hints only: a placeholder that looks like a value ("0") would be read as one.
PLACEHOLDERS: dict[Kind, str] = {
    Kind.SIGNED_MONEY: "a loss with a minus sign",
    Kind.PERCENT: "0–100",
    Kind.ZIP: "12345 or 12345-6789",
    Kind.UEI: "12 letters and digits",
    Kind.CAGE: "5 letters and digits",
    Kind.FIPS: "5 digits",
    Kind.NAICS: "541511, 541512 (the first is the primary code)",
    Kind.EMAIL: "name@example.com",
    Kind.PHONE: "(512) 555-0100",
}


def repolish(widget: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property used by a selector changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    widget.update()


class FieldEditor:
    """A client field's input widget plus the line under it where its problem is shown."""

    def __init__(self, spec: FieldSpec, widget: QWidget) -> None:
        self.spec = spec
        self.widget = widget
        widget.setObjectName(f"field.{spec.key}")
        widget.setAccessibleName(spec.label)  # what a screen reader says
        widget.setAccessibleIdentifier(f"field.{spec.key}")  # what UI automation looks up
        self.problem = QLabel(objectName=f"problem.{spec.key}", wordWrap=True)
        self.problem.setProperty("role", "problem")
        self.problem.hide()
        self.container = QWidget()
        layout = QVBoxLayout(self.container)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(widget)
        layout.addWidget(self.problem)
        self._initial: Any = None
        self._hint = ""
        self._blocked = False

    # -- value -----------------------------------------------------------------------------------------------------
    def raw(self) -> Any:
        raise NotImplementedError

    def _show(self, value: Any) -> None:
        raise NotImplementedError

    def connect_changed(self, callback: Callable[[], None]) -> None:
        raise NotImplementedError

    def load(self, value: Any) -> None:
        """Show the stored value and remember it as unchanged."""
        self._show(value)
        self._initial = self.raw()
        self.set_problem(None)

    def is_modified(self) -> bool:
        return self.raw() != self._initial

    # -- state -----------------------------------------------------------------------------------------------------
    def set_problem(self, message: str | None) -> None:
        text = message or ""
        if text == self.problem.text():  # every load clears the problem: most fields never had one
            return
        if bool(self.widget.property("invalid")) != bool(text):  # re-styling a widget is not cheap
            self.widget.setProperty("invalid", bool(text))
            repolish(self.widget)
        self.problem.setText(text)
        self.problem.setVisible(bool(text))
        self._update_tooltip()

    @property
    def problem_text(self) -> str:
        return self.problem.text()

    def set_blocked(self, blocked: bool) -> None:
        """Disable a field that needs the client to be in business, saying why."""
        self._blocked = blocked
        self.widget.setEnabled(not blocked)
        self._update_tooltip()

    def _update_tooltip(self) -> None:
        parts = [p for p in (self.problem.text(), IN_BUSINESS_REASON if self._blocked else "", self._hint) if p]
        self.widget.setToolTip("\n".join(parts))

    def check(self) -> None:
        """Mark the field if what is typed cannot be parsed (picklist membership is the save's job)."""
        try:
            parse_value(self.spec, self.raw())
        except Invalid as exc:
            self.set_problem(f"{self.spec.label}: {exc}")
        else:
            self.set_problem(None)


class TextEditor(FieldEditor):
    """Free text and every typed kind: numbers, money, codes, ZIP, email, phone, NAICS list."""

    def __init__(self, spec: FieldSpec) -> None:
        edit = QLineEdit()
        edit.setPlaceholderText(PLACEHOLDERS.get(spec.kind, ""))
        if spec.kind in (Kind.COUNT, Kind.PERCENT, Kind.ZIP, Kind.FIPS, Kind.CAGE):
            edit.setMaximumWidth(160)
        elif spec.kind in (Kind.MONEY, Kind.SIGNED_MONEY, Kind.UEI, Kind.PHONE):
            edit.setMaximumWidth(220)
        else:
            edit.setMaximumWidth(MAX_FIELD_WIDTH)
        if spec.max_length is not None:  # the field table's limit; validation says it for pasted text
            edit.setMaxLength(spec.max_length)
        super().__init__(spec, edit)
        self.edit = edit
        edit.editingFinished.connect(self.check)

    def raw(self) -> str:
        return self.edit.text()

    def _show(self, value: Any) -> None:
        self.edit.setText(format_value(self.spec.kind, value))

    def connect_changed(self, callback: Callable[[], None]) -> None:
        self.edit.textChanged.connect(lambda _text: callback())


class DateEditor(FieldEditor):
    def __init__(self, spec: FieldSpec) -> None:
        edit = DateLineEdit()
        edit.setMaximumWidth(180)
        super().__init__(spec, edit)
        self.edit = edit
        self._hint = "Type YYYY-MM-DD or a date in your usual format, or pick one from the calendar."
        self._update_tooltip()
        edit.editingFinished.connect(self.check)

    def raw(self) -> str:
        return self.edit.iso_text()

    def _show(self, value: Any) -> None:
        self.edit.set_date(value)

    def connect_changed(self, callback: Callable[[], None]) -> None:
        self.edit.textChanged.connect(lambda _text: callback())


class BoolEditor(FieldEditor):
    def __init__(self, spec: FieldSpec) -> None:
        box = QCheckBox()
        super().__init__(spec, box)
        self.box = box

    def raw(self) -> bool:
        return self.box.isChecked()

    def _show(self, value: Any) -> None:
        self.box.setChecked(bool(value))

    def connect_changed(self, callback: Callable[[], None]) -> None:
        self.box.toggled.connect(lambda _on: callback())


class ChoiceEditor(FieldEditor):
    """A picklist or reference combo: the code (or id) is the item data, the label is shown.

    Inactive values are offered only when the record already holds them; a code the list does not
    know is still shown (as itself) so loading a record never silently changes it.
    """

    def __init__(self, spec: FieldSpec, choices: Sequence[Choice]) -> None:
        combo = wheel_only_when_focused(QComboBox())
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(18)
        combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        combo.setMaximumWidth(MAX_FIELD_WIDTH)
        super().__init__(spec, combo)
        self.combo = combo
        self._choices = list(choices)
        self._active = frozenset(c.code for c in self._choices if c.active)
        self._built_for: object = object()  # what the items were last built for (_items_for)
        self._rebuild(None)

    def _items_for(self, held: str | None) -> tuple[bool, str | None]:
        """What the items depend on: whether there is a blank item, and the held value when it is not
        an active choice (offered as well). Another client's active value needs no new items."""
        blank = not self.spec.required or held is None
        return blank, (held if held is not None and held not in self._active else None)

    def _rebuild(self, held: str | None) -> None:
        shape = self._items_for(held)
        if shape == self._built_for:
            return
        self.combo.blockSignals(True)
        try:
            self.combo.clear()
            if not self.spec.required or held is None:
                self.combo.addItem("", None)
            known = False
            for choice in self._choices:
                if choice.active or choice.code == held:
                    self.combo.addItem(choice.label + ("" if choice.active else " (inactive)"), choice.code)
                known = known or choice.code == held
            if held is not None and not known:
                self.combo.addItem(held, held)
        finally:
            self.combo.blockSignals(False)
        self._built_for = shape

    def raw(self) -> str | None:
        return self.combo.currentData()

    def _show(self, value: Any) -> None:
        held = None if value is None else str(value)
        self._rebuild(held)
        self.combo.setCurrentIndex(max(self.combo.findData(held), 0))

    def set_choices(self, choices: Sequence[Choice] | None) -> None:
        """Offer another list of values (an administrator changed it), keeping the chosen one and the edit state."""
        if choices is None:
            return
        current = self.raw()
        self._choices = list(choices)
        self._active = frozenset(c.code for c in self._choices if c.active)
        self._built_for = object()
        # Items for the stored value (an inactive value stays offered where held), then the current choice.
        self._rebuild(None if self._initial is None else str(self._initial))
        if current is not None and self.combo.findData(current) < 0:
            self.combo.addItem(str(current), current)
            self._built_for = object()  # an item beyond the shape: the next load builds them again
        self.combo.setCurrentIndex(max(self.combo.findData(current), 0))

    def set_code(self, code: str | None) -> None:
        """Choose a value by code (what automation and tests use instead of clicking)."""
        index = self.combo.findData(code)
        if index < 0:
            raise ValueError(f"{code!r} is not offered for {self.spec.label}")
        self.combo.setCurrentIndex(index)

    def connect_changed(self, callback: Callable[[], None]) -> None:
        self.combo.currentIndexChanged.connect(lambda _i: callback())


class CodeSetEditor(FieldEditor):
    def __init__(self, spec: FieldSpec, choices: Sequence[Choice]) -> None:
        edit = CodeSetLineEdit(spec.label, [(c.code, c.label) for c in choices if c.active])
        edit.setMaximumWidth(MAX_FIELD_WIDTH)
        if spec.max_length is not None:  # the field table's limit; validation says it for pasted text
            edit.setMaxLength(spec.max_length)
        super().__init__(spec, edit)
        self.edit = edit
        edit.editingFinished.connect(self.check)

    def set_choices(self, choices: Sequence[Choice] | None) -> None:
        if choices is not None:
            self.edit.set_choices([(c.code, c.label) for c in choices if c.active])

    def raw(self) -> tuple[str, ...]:
        # A sequence, not the text: race values contain spaces the text parser would split on.
        return self.edit.codes()

    def _show(self, value: Any) -> None:
        self.edit.set_codes(value)

    def connect_changed(self, callback: Callable[[], None]) -> None:
        self.edit.textChanged.connect(lambda _text: callback())


def format_value(kind: Kind, value: Any) -> str:
    """A stored value as the text its editor shows."""
    if value is None:
        return ""
    if kind in (Kind.MONEY, Kind.SIGNED_MONEY) and isinstance(value, Decimal | int):
        return f"{value:,.2f}"
    if kind is Kind.NAICS and isinstance(value, tuple | list):
        return ", ".join(value)
    return str(value)


def make_field_editor(spec: FieldSpec, choices: Mapping[str, Sequence[Choice]]) -> FieldEditor:
    """The editor for `spec`; `choices` maps picklist names (and reference keys) to their values."""
    if spec.kind is Kind.BOOL:
        return BoolEditor(spec)
    if spec.kind is Kind.DATE:
        return DateEditor(spec)
    if spec.kind in (Kind.PICKLIST, Kind.REFERENCE):
        return ChoiceEditor(spec, _choices_for(spec, choices))
    if spec.kind is Kind.CODE_SET:
        return CodeSetEditor(spec, _choices_for(spec, choices))
    return TextEditor(spec)


def _choices_for(spec: FieldSpec, choices: Mapping[str, Sequence[Choice]]) -> Sequence[Choice]:
    name = spec.picklist or spec.key
    if name in choices:
        return choices[name]
    # A database seeded before a picklist was added still gets the standard values.
    return [Choice(code, text, True) for code, text in PICKLISTS.get(name, {}).items()]
