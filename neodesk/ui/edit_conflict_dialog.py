"""The edit conflict dialog and the Qt side of the ConflictResolver seam (services/edit_merge.py).

Shown when a save finds that someone else saved the same record since this window loaded it and both
changed the same fields: one row per field with their value and mine, and a choice per field. Save
writes with those choices; Cancel (or Esc) writes nothing and leaves the edits in the window.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from neodesk.services.edit_merge import FieldConflict, Keep

SHOWN_CHARACTERS = 300  # a long note is cut here in the row; the whole text is in its tooltip


def _value_label(text: str, name: str) -> QLabel:
    shown = text if len(text) <= SHOWN_CHARACTERS else text[:SHOWN_CHARACTERS] + "…"
    label = QLabel(shown, objectName=name, wordWrap=True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setToolTip(text)
    label.setMinimumWidth(120)
    return label


class EditConflictDialog(QDialog):
    """One row per conflicting field; ``choices()`` after Save (each field: keep mine or take theirs)."""

    def __init__(
        self, conflicts: Sequence[FieldConflict], what: str = "this record", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("EditConflictDialog")
        self.setModal(True)
        self.setWindowTitle("Changed elsewhere")
        self._groups: dict[str, QButtonGroup] = {}

        intro = QLabel(
            f"Someone else saved {what} after you opened it and changed the same "
            f"{'field' if len(conflicts) == 1 else 'fields'} you did. Choose, field by field, which value to "
            "keep. Their other changes are kept; your other edits are saved.",
            objectName="conflict.intro",
            wordWrap=True,
        )
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(10)
        for column, heading in enumerate(("Field", "Theirs (saved elsewhere)", "Mine (this window)", "Keep")):
            caption = QLabel(f"<b>{heading}</b>")
            grid.addWidget(caption, 0, column)
        top = Qt.AlignmentFlag.AlignTop
        for row, conflict in enumerate(conflicts, start=1):
            key = conflict.key
            grid.addWidget(QLabel(conflict.label, objectName=f"conflict.{key}.label"), row, 0, top)
            grid.addWidget(_value_label(conflict.theirs_text, f"conflict.{key}.theirsText"), row, 1, top)
            grid.addWidget(_value_label(conflict.mine_text, f"conflict.{key}.mineText"), row, 2, top)
            grid.addWidget(self._choice(conflict), row, 3, top)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        rows = QWidget(objectName="conflict.rows")
        rows.setLayout(grid)
        scroll = QScrollArea(widgetResizable=True, objectName="conflict.scroll")
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Long values wrap in their column instead of widening the rows past the window.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(rows)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("conflict.save")
        self.save_button.setDefault(True)
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("conflict.cancel")
        self.cancel_button.setToolTip("Save nothing; your edits stay in the window")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.setMinimumWidth(640)
        self.resize(760, min(200 + 60 * len(conflicts), 560))

    def _choice(self, conflict: FieldConflict) -> QWidget:
        box = QWidget(objectName=f"conflict.{conflict.key}")
        box.setAccessibleName(f"{conflict.label}: keep which value")
        mine = QRadioButton("Keep mine", objectName=f"conflict.{conflict.key}.mine")
        theirs = QRadioButton("Take theirs", objectName=f"conflict.{conflict.key}.theirs")
        mine.setChecked(True)  # what the counselor typed, until they choose otherwise
        group = QButtonGroup(box)
        group.addButton(mine)
        group.addButton(theirs)
        self._groups[conflict.key] = group
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(mine)
        row.addWidget(theirs)
        return box

    def choose(self, key: str, keep: Keep) -> None:
        """Select a field's choice as a click would (automation)."""
        button = self.findChild(QRadioButton, f"conflict.{key}.{keep.value}")
        assert button is not None, f"no choice {keep.value} for {key}"
        button.setChecked(True)

    def choices(self) -> dict[str, Keep]:
        out = {}
        for key, group in self._groups.items():
            checked = group.checkedButton()
            out[key] = Keep.THEIRS if checked is not None and checked.objectName().endswith(".theirs") else Keep.MINE
        return out


class QtConflictResolver:
    """The desktop app's ConflictResolver: the modal EditConflictDialog; Cancel / Esc → None."""

    def __init__(self, parent: QWidget | None = None, what: str = "this record") -> None:
        self._parent = parent
        self._what = what

    def resolve(self, conflicts: Sequence[FieldConflict]) -> Mapping[str, Keep] | None:
        dialog = EditConflictDialog(conflicts, self._what, self._parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.choices()
        finally:
            dialog.deleteLater()
