"""Objectives and approval groups in the milestone dialog, driven for real (agreements.md §5, §6, §12):
editing a pending milestone keeps its objectives, their answers and its approval groups (a save
dropped them before), and a new milestone gets an objective with its questions and its groups."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from neodesk.models import Database
from neodesk.services.agreements import agreement_definition, answer, milestone_status
from neodesk.ui.objective_edits import ObjectivesDialog
from tests.services.agreement_fixtures import COUNSELOR
from tests.services.test_agreement_approvals import desk
from tests.ui.modal_driver import Modals, click
from tests.ui.test_agreement_objectives_ui import _editor

__all__ = ["desk"]  # the fixture: Maria's payroll grant, its PAYROLL milestone waiting for Program


@pytest.fixture
def modals(qtbot: QtBot) -> Iterator[Modals]:
    driver = Modals(qtbot)
    yield driver
    driver.finish()


def _press(qtbot: QtBot, dialog: Any, which: QDialogButtonBox.StandardButton) -> None:
    # The dialog's own buttons (a dialog it opened is its child too).
    box = dialog.findChildren(QDialogButtonBox, options=Qt.FindChildOption.FindDirectChildrenOnly)[-1]
    click(qtbot, box.button(which))


def test_editing_a_pending_milestone_keeps_its_objectives_answers_and_groups(
    qtbot: QtBot, desk: Database, modals: Modals
) -> None:
    answer(desk, "AG-9", "PAYROLL", 1, 2, value="12", counselor_email=COUNSELOR)
    milestone_status(desk, "AG-9", ["PAYROLL"], "set_pending", counselor_email=COUNSELOR)
    editor = _editor(qtbot, desk, COUNSELOR)
    seen: dict[str, str] = {}

    def edit(d: Any) -> None:
        seen["approval"] = d.approval.text()
        seen["objectives"] = d.objectives_button.text()
        d.description.setText("Payroll report, third quarter")
        _press(qtbot, d, QDialogButtonBox.StandardButton.Save)

    modals.expect("agreementMilestone", edit)
    click(qtbot, editor.edit_buttons["edit_milestone"])
    qtbot.waitUntil(lambda: editor.milestones.item(0, 1).text() == "Payroll report, third quarter")
    assert seen == {"approval": "Program", "objectives": "1 objective(s), 3 question(s)…"}
    m = agreement_definition(desk, "AG-9")["milestones"][0]
    assert m["approval"] == ["Program"]
    assert [o["title"] for o in m["objectives"]] == ["Payroll evidence"]
    assert m["objectives"][0]["questions"][1]["answer"]["value"] == "12"


def test_a_new_milestone_gets_an_objective_with_questions_and_its_groups(
    qtbot: QtBot, desk: Database, modals: Modals
) -> None:
    editor = _editor(qtbot, desk, COUNSELOR)

    def objectives(d: ObjectivesDialog) -> None:
        d.title.setText("Site visit")
        click(qtbot, d.add_button)
        d.prompt.setText("Visit report")
        click(qtbot, d.add_question_button)
        d.prompt.setText("Visited on")
        d.kind.setCurrentText("date")
        d.question_required.setChecked(False)
        click(qtbot, d.add_question_button)
        d.prompt.setText("Outcome")
        d.kind.setCurrentText("choice")
        d.question_required.setChecked(True)
        click(qtbot, d.add_question_button)  # no options: refused, nothing added
        assert d.message.text() == "a choice question needs its options, separated by commas"
        d.options.setText("Good, Needs work")
        click(qtbot, d.add_question_button)
        assert d.questions.rowCount() == 3
        _press(qtbot, d, QDialogButtonBox.StandardButton.Ok)

    seen: dict[str, str] = {}

    def milestone(d: Any) -> None:
        d.code.setText("SITE")
        d.description.setText("Site visit done")
        modals.expect("agreementObjectives", objectives)
        click(qtbot, d.objectives_button)
        assert d.objectives_button.text() == "1 objective(s), 3 question(s)…"
        d.approval.setText("Programme")  # a group that is not there: refused, the dialog stays as typed
        _press(qtbot, d, QDialogButtonBox.StandardButton.Save)
        seen["refused"] = d.message.text()
        assert len(agreement_definition(desk, "AG-9")["milestones"]) == 1
        d.approval.setText("Program")
        _press(qtbot, d, QDialogButtonBox.StandardButton.Save)

    modals.expect("agreementMilestone", milestone)
    click(qtbot, editor.edit_buttons["add_milestone"])
    qtbot.waitUntil(lambda: editor.milestones.rowCount() == 2)
    assert (
        seen["refused"]
        == "agreement AG-9 milestone SITE: no approval group Programme (an administrator sets it up first)"
    )
    site = agreement_definition(desk, "AG-9")["milestones"][1]
    assert (site["code"], site["approval"]) == ("SITE", ["Program"])
    [objective] = site["objectives"]
    assert objective["title"] == "Site visit"
    assert [(q["prompt"], q["kind"], q["required"]) for q in objective["questions"]] == [
        ("Visit report", "text", True),
        ("Visited on", "date", False),
        ("Outcome", "choice", True),
    ]
    assert objective["questions"][2]["options"] == ["Good", "Needs work"]
    assert [c["kind"] for c in site["conditions"]] == ["objectives"]  # the implicit condition (§2)
