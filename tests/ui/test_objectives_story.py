"""Issue 12's "done when", through the screens: an administrator makes the Program approval group; a
payroll-report objective and the group are put on a new grant milestone with its disbursement; the
packet is sent, filled in as the client would, imported back; a counselor accepts the objective; the
group's member finds the approval in the Tasks panel and approves it; the disbursement is released
and every step is in the History tab."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from neodesk.models import Counselor, Database
from neodesk.services.agreements import agreement_definition, create_agreement
from neodesk.ui.agreements import AgreementEditor
from neodesk.ui.approval_groups import ApprovalGroupsDialog
from neodesk.ui.context import AppContext
from neodesk.ui.objective_edits import ObjectivesDialog
from neodesk.ui.tasks_panel import TasksPanel
from tests.services.agreement_fixtures import ADMIN, COUNSELOR, add_counselor
from tests.services.packet_grant import fill
from tests.ui.modal_driver import Modals, click
from tests.ui.test_agreement_stakeholder_ui import _choose, _trigger

BEN = "ben@sbdc.example"


@pytest.fixture
def modals(qtbot: QtBot) -> Iterator[Modals]:
    driver = Modals(qtbot)
    yield driver
    driver.finish()


def _context(db: Database, email: str) -> AppContext:
    with db.reading() as tx:
        c = tx.query(Counselor).filter(Counselor.email == email).one()
        return AppContext(db, c.id, c.name, c.is_admin)


def _editor(qtbot: QtBot, db: Database, email: str) -> AgreementEditor:
    editor = AgreementEditor(_context(db, email), "AG-1")
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def _press(qtbot: QtBot, dialog: Any, which: QDialogButtonBox.StandardButton) -> None:
    box = dialog.findChildren(QDialogButtonBox, options=Qt.FindChildOption.FindDirectChildrenOnly)[-1]
    click(qtbot, box.button(which))


def test_the_done_when_story_through_the_screens(qtbot: QtBot, db: Database, tmp_path: Path, modals: Modals) -> None:
    add_counselor(db, COUNSELOR)
    add_counselor(db, BEN)
    groups = ApprovalGroupsDialog(_context(db, ADMIN))
    qtbot.addWidget(groups)
    groups.name.setText("Program")
    for i in range(groups.members.count()):
        item = groups.members.item(i)
        item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) == BEN else item.checkState())
    assert groups.save()
    today = date.today()
    create_agreement(
        db,
        json.dumps(
            {
                "number": "AG-1",
                "title": "Job creation grant",
                "kind": "grant",
                "client": None,
                "amount": "10000.00",
                "start": (today - timedelta(days=30)).isoformat(),
                "end": (today + timedelta(days=300)).isoformat(),
                "status": "active",
                "primary_contact": COUNSELOR,
                "contact_email": "jane.roe@fargo.example",
            }
        ),
        counselor_email=ADMIN,
    )

    # The payroll milestone: its objective, the Program group, a disbursement; ready when saved.
    admin = _editor(qtbot, db, ADMIN)

    def objectives(d: ObjectivesDialog) -> None:
        d.title.setText("Payroll evidence")
        click(qtbot, d.add_button)
        d.prompt.setText("Payroll report for Q3")
        d.kind.setCurrentText("file")
        click(qtbot, d.add_question_button)
        d.prompt.setText("New hires")
        d.kind.setCurrentText("number")
        click(qtbot, d.add_question_button)
        _press(qtbot, d, QDialogButtonBox.StandardButton.Ok)

    def milestone(d: Any) -> None:
        d.code.setText("PAYROLL")
        d.description.setText("Payroll report for Q3")
        d.approval.setText("Program")
        d.ready.setChecked(True)
        d.value.setText("5000.00")
        click(qtbot, d.add_event_button)
        modals.expect("agreementObjectives", objectives)
        click(qtbot, d.objectives_button)
        _press(qtbot, d, QDialogButtonBox.StandardButton.Save)

    modals.expect("agreementMilestone", milestone)
    click(qtbot, admin.edit_buttons["add_milestone"])
    qtbot.waitUntil(lambda: admin.milestones.rowCount() == 1)
    assert admin.milestones.item(0, 2).text() == "ready"

    # Send the packet; the client fills it in and sends it back with the report; import it.
    out = tmp_path / "packet.pdf"
    modals.expect("agreementFileDialog", _choose(qtbot, out, QDialogButtonBox.StandardButton.Save))
    assert _trigger(qtbot, admin, "send_packet").startswith("Wrote the packet for AG-1/PAYROLL (2 question(s))")
    back = tmp_path / "back"
    back.mkdir()
    (back / "payroll.pdf").write_bytes(b"%PDF-1.4\npayroll for Q3\n")
    returned = back / "returned.pdf"
    returned.write_bytes(fill(out.read_bytes(), {"q.1.1": "payroll.pdf", "q.1.2": "12"}))
    modals.expect("agreementFileDialog", _choose(qtbot, returned, QDialogButtonBox.StandardButton.Open))
    assert "objective(s) 1 submitted" in _trigger(qtbot, admin, "import_packet")
    admin.close()

    # Maria reviews it from her Tasks panel and accepts it: the milestone waits for Program.
    maria = TasksPanel(_context(db, COUNSELOR))
    qtbot.addWidget(maria)
    maria.reload()
    assert [maria.table.item(r, 0).text() for r in range(maria.table.rowCount())] == ["Review"]
    editor = maria.open_row(0)
    assert isinstance(editor, AgreementEditor)
    click(qtbot, editor.objectives_section.review_buttons["1.accept"])
    assert agreement_definition(db, "AG-1")["milestones"][0]["status"] == "awaiting_approval"
    editor.close()

    # Ben finds the approval in his tasks and approves: the disbursement is released.
    ben = TasksPanel(_context(db, BEN))
    qtbot.addWidget(ben)
    ben.reload()
    assert ben.table.item(0, 4).text() == "PAYROLL waits for your approval (Program, round 1): Payroll report for Q3"
    editor = ben.open_row(0)
    assert isinstance(editor, AgreementEditor)

    def approve(d: Any) -> None:
        d.text.setText("matches the bank statement")
        _press(qtbot, d, QDialogButtonBox.StandardButton.Ok)

    modals.expect("agreementComment", approve)
    click(qtbot, editor.approvals_section.approve_button)
    qtbot.waitUntil(lambda: agreement_definition(db, "AG-1")["milestones"][0]["status"] == "complete")
    assert "released 5,000.00" in editor.message.text()
    shown = agreement_definition(db, "AG-1")
    assert shown["milestones"][0]["events"][0]["status"] == "released"
    editor.sections.setCurrentWidget(editor.history_section)
    table = editor.history
    actions = {table.item(r, 3).text() for r in range(table.rowCount())}
    assert {"packet_sent", "accept", "approve", "release"} <= actions
    ben.reload()
    assert ben.table.rowCount() == 0
    editor.close()
