"""Administrator settings (domain.md "Settings"): one editor per setting, saved together."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QWidget,
)

from neodesk.services.admin.settings import SETTING_RULES, save_settings, setting_keys
from neodesk.services.admin.views import current_settings
from neodesk.services.settings import SETTING_LABELS, Settings
from neodesk.ui.admin.admin_dialog import Actor, AdminDialog

if TYPE_CHECKING:
    from neodesk.models import Database


def placeholder_width(line: QLineEdit) -> int:
    """The width a line edit needs to show its placeholder whole (text, frame and text margins)."""
    margins = line.textMargins()
    return line.fontMetrics().horizontalAdvance(line.placeholderText()) + margins.left() + margins.right() + 16


class SettingsDialog(AdminDialog):
    def __init__(self, db: Database, counselor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, counselor, "Settings", "SettingsDialog", parent)
        form = QFormLayout()
        for key in setting_keys():
            rule = SETTING_RULES[key]
            if rule.kind is bool:
                box = QCheckBox(SETTING_LABELS[key])
                # As wide as its text, however wide the form: its centre (a click's target) stays on it.
                box.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
                self.add_field(form, key, "", box, object_name=f"setting.{key}")
            elif rule.kind is str:
                line = QLineEdit(placeholderText=rule.hint)  # the settings table's hint for an empty box
                line.setMinimumWidth(placeholder_width(line))  # the hint read whole, not "e.g. America/Chic…"
                self.add_field(form, key, SETTING_LABELS[key], line, object_name=f"setting.{key}")
            else:
                spin = QSpinBox()
                spin.setRange(rule.low, rule.high)
                self.add_field(form, key, SETTING_LABELS[key], spin, object_name=f"setting.{key}")
        self.body.addLayout(form)
        self.body.addStretch(1)
        self.save_button = self.add_action(QPushButton("Save", objectName="admin.save"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        # Beside Close, in the dialog's button row: it used to float in the middle of the dialog.
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.show_settings(current_settings(db))
        self.apply_read_only()

    def show_settings(self, settings: Settings) -> None:
        for key, widget in self.editors.items():
            value = getattr(settings, key)
            if isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QSpinBox):
                widget.setValue(int(value))
            elif isinstance(widget, QLineEdit):
                widget.setText(str(value))

    def values(self) -> dict[str, bool | int | str]:
        out: dict[str, bool | int | str] = {}
        for key, widget in self.editors.items():
            if isinstance(widget, QCheckBox):
                out[key] = widget.isChecked()
            elif isinstance(widget, QSpinBox):
                out[key] = widget.value()
            elif isinstance(widget, QLineEdit):
                out[key] = widget.text()
        return out

    def save(self) -> None:
        ok, settings = self.attempt(lambda: save_settings(self.db, self.actor_id, self.values()).value)
        if ok and settings is not None:
            self.show_settings(settings)
            self.status.setText("Saved the settings.")
        else:
            self.adjustSize()  # grow to show the sentence under the field (the form has no spare room)
