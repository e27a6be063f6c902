"""Agreements ▸ Approval groups… driven for real (agreements.md §6, §12): an administrator makes a group
from the active counselors with a rule, a refused rule shows the CLI's sentence with the form kept and
nothing written, an existing group is replaced, and a counselor is told only administrators may."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from neodesk.models import Counselor, Database
from neodesk.services.agreements import approval_group_rows
from neodesk.ui.approval_groups import ApprovalGroupsDialog
from neodesk.ui.context import AppContext
from neodesk.ui.main_window import MainWindow
from tests.services.agreement_fixtures import ADMIN, COUNSELOR, add_counselor
from tests.ui.modal_driver import Modals, click

BEN = "ben@sbdc.example"


@pytest.fixture
def modals(qtbot: QtBot) -> Iterator[Modals]:
    driver = Modals(qtbot)
    yield driver
    driver.finish()


def _check(dialog: ApprovalGroupsDialog, *emails: str) -> None:
    for i in range(dialog.members.count()):
        item = dialog.members.item(i)
        wanted = item.data(Qt.ItemDataRole.UserRole) in emails
        item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)


def test_make_refuse_and_replace_a_group(
    qtbot: QtBot, db: Database, open_window: Callable[[], MainWindow], modals: Modals
) -> None:
    add_counselor(db, COUNSELOR)
    add_counselor(db, BEN)
    with db.unit_of_work() as tx:
        tx.add(Counselor(name="Gone", email="gone@sbdc.example", role="counselor", active=False))
    window = open_window()
    seen: dict[str, Any] = {}

    def work(d: ApprovalGroupsDialog) -> None:
        seen["members"] = [d.members.item(i).data(Qt.ItemDataRole.UserRole) for i in range(d.members.count())]
        d.name.setText("Program")
        _check(d, COUNSELOR, BEN)
        d.rule.setCurrentIndex(d.rule.findData("n"))
        d.needed.setValue(3)
        click(qtbot, d.save_button)
        seen["refused"] = d.message.text()
        seen["kept"] = (d.name.text(), d.chosen())
        seen["after_refusal"] = approval_group_rows(db)
        d.needed.setValue(2)
        click(qtbot, d.save_button)
        seen["saved"] = [(r.name, r.rule, r.members) for r in approval_group_rows(db)]
        seen["listed"] = [d.table.item(0, c).text() for c in range(3)]
        # Replace it: select it, keep Ben alone, any of them.
        d.new_group()
        d.table.selectRow(0)
        seen["loaded"] = (d.name.text(), d.chosen(), d.rule.currentData(), d.needed.value())
        _check(d, BEN)
        d.rule.setCurrentIndex(d.rule.findData("any"))
        click(qtbot, d.save_button)
        d.reject()

    modals.expect("ApprovalGroups", work)
    window.action_approval_groups.trigger()
    assert set(seen["members"]) == {ADMIN, COUNSELOR, BEN}  # the active counselors only
    assert seen["refused"] == "approval group Program: rule 3 needs at least 3 members, it has 2"
    assert (seen["kept"][0], sorted(seen["kept"][1])) == ("Program", sorted((BEN, COUNSELOR)))
    assert seen["after_refusal"] == []
    assert seen["saved"] == [("Program", "2", tuple(sorted((BEN, COUNSELOR))))]
    assert seen["listed"] == ["Program", "2", ", ".join(sorted((BEN, COUNSELOR)))]
    assert seen["loaded"][0] == "Program"
    assert sorted(seen["loaded"][1]) == sorted((BEN, COUNSELOR))
    assert seen["loaded"][2:] == ("n", 2)
    assert [(r.name, r.rule, r.members) for r in approval_group_rows(db)] == [("Program", "any", (BEN,))]


def test_a_counselor_is_told_only_administrators_may(
    qtbot: QtBot, db: Database, open_window: Callable[[], MainWindow], modals: Modals
) -> None:
    window = open_window()
    window.context = AppContext(db, window.context.counselor_id, "Maria", False)
    told: list[str] = []
    modals.expect("errorDialog", lambda box: (told.append(box.text()), box.accept()))
    window.action_approval_groups.trigger()
    assert told == ["only an administrator can manage approval groups"]
