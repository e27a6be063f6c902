"""Agreements ▸ Approval groups… (administrators, agreements.md §6, §12): the groups there are, and one
group's name, members (chosen from the active counselors) and rule (any, all, or n of them).

Save calls the approval-group use case (`approval-group set`), which creates or replaces the group;
its refusal is shown as the CLI's sentence, the form stays as typed and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from neodesk.services import agreements as svc
from neodesk.services.agreements.approvals import ApprovalGroupRow
from neodesk.services.changes import Changes
from neodesk.services.errors import NotFound, ValidationFailed
from neodesk.ui.agreement_sections import fill_table, read_only_table
from neodesk.ui.agreement_stakeholder import refusal
from neodesk.ui.context import AppContext
from neodesk.ui.named import named

RULES = (("any", "Any one member"), ("all", "All members"), ("n", "A number of them"))


class ApprovalGroupsDialog(QDialog):
    """The groups on the left; the selected (or a new) group's form on the right."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ApprovalGroups")
        self.setWindowTitle("Approval groups")
        self._context = context
        self.rows: list[ApprovalGroupRow] = []
        # The change bus's publish (ui.change_bus), when the main window gives one: the tasks and editors follow.
        self.publish: Callable[[Changes], None] | None = None
        self.table = read_only_table("approvalGroups.table", ["Name", "Rule", "Members"], (150, 50))
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.name = named(QLineEdit(), "approvalGroup.name")
        self.members = named(QListWidget(), "approvalGroup.members")
        self.members.setToolTip("The active counselors; check the group's members")
        for row in svc.counselor_rows(context.db):
            if row.active:
                item = QListWidgetItem(f"{row.name} <{row.email}>")
                item.setData(Qt.ItemDataRole.UserRole, row.email)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                self.members.addItem(item)
        self.rule = named(QComboBox(), "approvalGroup.rule")
        for code, label in RULES:
            self.rule.addItem(label, code)
        self.needed = named(QSpinBox(), "approvalGroup.needed")
        self.needed.setRange(1, 99)
        self.needed.setSuffix(" member(s)")
        self.rule.currentIndexChanged.connect(lambda _i: self.needed.setEnabled(self.rule.currentData() == "n"))
        self.needed.setEnabled(False)
        self.message = named(QLabel(), "approvalGroup.message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")
        self.new_button = named(QPushButton("New group"), "approvalGroup.new")
        self.save_button = named(QPushButton("Save group"), "approvalGroup.save")
        self.new_button.clicked.connect(self.new_group)
        self.save_button.clicked.connect(self.save)
        rule = QHBoxLayout()
        rule.addWidget(self.rule, 1)
        rule.addWidget(self.needed)
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Members", self.members)
        form.addRow("Rule", rule)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        right = QVBoxLayout()
        right.addLayout(form, 1)
        right.addWidget(self.message)
        right.addLayout(buttons)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        beside = QHBoxLayout()
        beside.addWidget(self.table, 1)
        beside.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "A milestone lists its groups in order; when its conditions are met each group's members approve in "
                "turn (nobody approves their own work)."
            )
        )
        layout.addLayout(beside, 1)
        layout.addWidget(close)
        self.resize(940, 480)
        self.reload()

    def reload(self) -> None:
        self.rows = svc.approval_group_rows(self._context.db)
        fill_table(self.table, [[r.name, r.rule, ", ".join(r.members)] for r in self.rows])

    def _show_selected(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.rows):
            return
        group = self.rows[row]
        self.name.setText(group.name)
        for i in range(self.members.count()):
            item = self.members.item(i)
            checked = item.data(Qt.ItemDataRole.UserRole) in group.members
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        code = "n" if group.rule.isdigit() else group.rule
        self.rule.setCurrentIndex(self.rule.findData(code))
        if group.rule.isdigit():
            self.needed.setValue(int(group.rule))
        self.message.clear()

    def new_group(self) -> None:
        self.table.clearSelection()
        self.name.clear()
        for i in range(self.members.count()):
            self.members.item(i).setCheckState(Qt.CheckState.Unchecked)
        self.rule.setCurrentIndex(0)
        self.message.clear()
        self.name.setFocus()

    def chosen(self) -> list[str]:
        return [
            str(self.members.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.members.count())
            if self.members.item(i).checkState() == Qt.CheckState.Checked
        ]

    def save(self) -> bool:
        code = str(self.rule.currentData())
        rule = str(self.needed.value()) if code == "n" else code
        try:
            saved = svc.set_approval_group(
                self._context.db,
                self.name.text(),
                self.chosen(),
                rule=rule,
                counselor_email=self._context.counselor_id,
            )
        except (ValidationFailed, NotFound) as exc:
            self.message.setText(refusal(exc))  # the form stays as typed
            return False
        if self.publish is not None:
            self.publish(saved.changes)
        self.reload()
        names = [r.name for r in self.rows]
        if saved.row.name in names:
            self.table.selectRow(names.index(saved.row.name))
        self.message.setText("")
        return True
