"""The AgreementEditor's edits driven for real (agreements.md §1, §2, §4, §12): header fields saved
with the loaded stamp (a change by someone else meanwhile is refused, nothing overwritten), a
milestone added through the milestone dialog with each kind of condition and event (Split equally
into N), the §1 refusals as the CLI's sentences, removing a pending milestone, and Mark done with a
date and a note."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from neodesk.models import Database
from neodesk.services.agreements import agreement_definition, create_agreement, update_agreement
from neodesk.services.agreements.editor_saves import stale_refusal
from neodesk.ui.agreements import AgreementEditor
from neodesk.ui.context import AppContext
from tests.ui.modal_driver import Modals, click

START = date.today() - timedelta(days=30)


@pytest.fixture
def modals(qtbot: QtBot) -> Iterator[Modals]:
    driver = Modals(qtbot)
    yield driver
    driver.finish()


def _agreement(db: Database, number: str, milestones: list[dict[str, Any]]) -> None:
    create_agreement(
        db,
        json.dumps(
            {
                "number": number,
                "title": "Edited grant",
                "kind": "grant",
                "client": None,
                "amount": "1000.00",
                "start": START.isoformat(),
                "end": (START + timedelta(days=365)).isoformat(),
                "milestones": milestones,
            }
        ),
    )


def _editor(qtbot: QtBot, db: Database, number: str) -> AgreementEditor:
    editor = AgreementEditor(AppContext.for_database(db), number)
    qtbot.addWidget(editor)
    editor.show()
    return editor


def _save(qtbot: QtBot, dialog: Any) -> None:
    box = dialog.findChildren(QDialogButtonBox)[-1]
    click(qtbot, box.button(QDialogButtonBox.StandardButton.Save))


def test_header_fields_save_and_a_change_meanwhile_is_refused(qtbot: QtBot, db: Database) -> None:
    _agreement(db, "H-1", [])
    editor = _editor(qtbot, db, "H-1")
    assert editor.fields["title"].objectName() == "agreement.title"
    editor.fields["title"].setText("Job creation grant")
    editor.fields["counterparty"].setText("City of Fargo")
    click(qtbot, editor.save_button)
    stored = agreement_definition(db, "H-1")
    assert (stored["title"], stored["counterparty"]) == ("Job creation grant", "City of Fargo")
    assert editor.message.text() == ""

    # Someone else changes the notes; this editor's save is refused and overwrites nothing.
    update_agreement(db, "H-1", json.dumps(stored | {"notes": "by someone else", "milestones": []}))
    editor.fields["title"].setText("Mine")
    click(qtbot, editor.save_button)
    assert editor.message.text() == stale_refusal("H-1")
    assert agreement_definition(db, "H-1")["title"] == "Job creation grant"
    assert editor.fields["title"].text() == "Mine"  # nothing typed is lost
    click(qtbot, editor.reload_button)
    assert editor.fields["notes"].text() == "by someone else"
    editor.close()


def test_a_milestone_with_every_kind_of_condition_and_event(qtbot: QtBot, db: Database, modals: Modals) -> None:
    _agreement(db, "M-1", [{"code": "PLAN", "conditions": [{"kind": "user"}]}])
    editor = _editor(qtbot, db, "M-1")
    seen: dict[str, str] = {}

    def fill(d: Any) -> None:
        d.code.setText("GROW")
        d.description.setText("Grow the payroll")
        d.kind.setCurrentText("milestone")
        d.target_milestone.setCurrentText("PLAN")
        d.lag.setValue(5)
        click(qtbot, d.add_condition_button)
        d.kind.setCurrentText("date")
        d.on.setDate(QDate(2027, 3, 31))
        click(qtbot, d.add_condition_button)
        d.kind.setCurrentText("user")
        click(qtbot, d.add_condition_button)
        d.kind.setCurrentText("metric")
        d.measure.setCurrentText("increase")
        d.field.setCurrentText("full_time_employees")
        d.op.setCurrentText(">=")
        d.target.setText("3")
        click(qtbot, d.add_condition_button)
        d.kind.setCurrentText("query")  # the test counselor is an administrator
        d.sql.setPlainText("SELECT count(*) >= 3 FROM counseling_session WHERE client_id = :client_id")
        click(qtbot, d.add_condition_button)
        d.basis.setCurrentText("percent")
        d.value.setText("10")
        click(qtbot, d.add_event_button)
        d.basis.setCurrentText("amount")
        d.value.setText("12.345")
        click(qtbot, d.add_event_button)
        seen["money"] = d.message.text()
        d.value.setText("2000.00")
        click(qtbot, d.add_event_button)
        _save(qtbot, d)  # more than the agreement: refused, the dialog stays open
        seen["over"] = d.message.text()
        seen["stored"] = ",".join(m["code"] for m in agreement_definition(db, "M-1")["milestones"])
        d.events.selectRow(1)
        click(qtbot, d.remove_event_button)
        click(qtbot, d.split_button)  # opens agreementSplit (below): 100.00 into 3
        _save(qtbot, d)
        seen["final"] = d.message.text()

    def split(d: Any) -> None:
        d.amount.setText("100.00")
        d.parts.setValue(3)
        click(qtbot, d.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok))

    modals.expect("agreementMilestone", fill)
    modals.expect("agreementSplit", split)
    click(qtbot, editor.edit_buttons["add_milestone"])
    qtbot.waitUntil(lambda: "final" in seen)
    assert seen["final"] == ""
    assert seen["money"] == "amount '12.345' has more than two decimals"
    assert seen["over"] == "the agreement: events total 210.00% (2,100.00) of 1,000.00"
    assert seen["stored"] == "PLAN"
    grow = agreement_definition(db, "M-1")["milestones"][1]
    assert [c["kind"] for c in grow["conditions"]] == ["milestone", "date", "user", "metric", "query"]
    assert (grow["conditions"][0]["milestone"], grow["conditions"][0]["lag_days"]) == ("PLAN", 5)
    assert grow["conditions"][1]["date"] == "2027-03-31"
    assert (grow["conditions"][3]["field"], grow["conditions"][3]["target"]) == ("full_time_employees", 3)
    assert [e["amount"] for e in grow["events"]] == ["100.00", "33.34", "33.33", "33.33"]
    assert grow["events"][0]["percent"] == "10.00"
    editor.close()


def test_refusals_of_section_1_and_removing_a_pending_milestone(qtbot: QtBot, db: Database, modals: Modals) -> None:
    _agreement(
        db,
        "R-1",
        [
            {"code": "READY", "status": "ready", "conditions": [{"kind": "user"}]},
            {"code": "FIRST", "conditions": [{"kind": "user"}]},
            {"code": "THEN", "conditions": [{"kind": "milestone", "milestone": "FIRST"}]},
        ],
    )
    editor = _editor(qtbot, db, "R-1")
    editor.milestones.selectRow(0)
    click(qtbot, editor.edit_buttons["edit_milestone"])
    assert editor.message.text() == "set READY to Pending first"
    click(qtbot, editor.edit_buttons["remove_milestone"])
    assert editor.message.text() == "set READY to Pending first"
    editor.milestones.selectRow(1)
    click(qtbot, editor.edit_buttons["remove_milestone"])
    assert editor.message.text() == "THEN waits for FIRST: change that condition first"
    assert len(agreement_definition(db, "R-1")["milestones"]) == 3

    editor.milestones.selectRow(1)
    modals.expect("agreementMilestone", lambda d: (d.description.setText("First of all"), _save(qtbot, d)))
    click(qtbot, editor.edit_buttons["edit_milestone"])
    qtbot.waitUntil(lambda: editor.milestones.item(1, 1).text() == "First of all")
    assert agreement_definition(db, "R-1")["milestones"][1]["description"] == "First of all"

    editor.milestones.selectRow(2)
    click(qtbot, editor.edit_buttons["remove_milestone"])
    stored = agreement_definition(db, "R-1")
    assert [m["code"] for m in stored["milestones"]] == ["READY", "FIRST"]
    assert any(h["action"] == "remove" and h["label"] == "THEN" for h in stored["history"])
    editor.close()


def test_mark_done_with_a_date_and_a_note(qtbot: QtBot, db: Database, modals: Modals) -> None:
    _agreement(
        db,
        "K-1",
        [
            {
                "code": "SIGN",
                "status": "ready",
                "conditions": [{"kind": "user"}],
                "events": [{"kind": "disbursement", "amount": "250.00"}],
            }
        ],
    )
    editor = _editor(qtbot, db, "K-1")
    yesterday = date.today() - timedelta(days=1)
    seen: list[QDate] = []

    def mark(d: Any) -> None:
        seen.append(d.day.maximumDate())
        d.day.setDate(QDate(yesterday.year, yesterday.month, yesterday.day))
        d.note.setText("signed at the bank")
        d.accept()

    modals.expect("agreementMark", mark)
    click(qtbot, editor.buttons["mark"])
    qtbot.waitUntil(lambda: editor.milestones.item(0, 2).text() == "complete")
    today = date.today()
    assert seen == [QDate(today.year, today.month, today.day)]  # no future dates
    stored = agreement_definition(db, "K-1")
    sign = stored["milestones"][0]
    assert sign["conditions"][0]["effective_date"] == yesterday.isoformat()
    assert sign["events"][0]["status"] == "released"
    assert any(h["action"] == "mark" and h["reason"] == "signed at the bank" for h in stored["history"])

    # Cancelled in the dialog: nothing is marked.
    _agreement(db, "K-2", [{"code": "S2", "status": "ready", "conditions": [{"kind": "user"}]}])
    other = _editor(qtbot, db, "K-2")
    modals.expect("agreementMark", lambda d: d.reject())
    click(qtbot, other.buttons["mark"])
    assert agreement_definition(db, "K-2")["milestones"][0]["status"] == "ready"
    other.close()
    editor.close()


def test_apply_template_from_the_editor_and_its_refusal(qtbot: QtBot, db: Database, modals: Modals) -> None:
    from neodesk.services.agreements import create_template

    create_template(
        db,
        json.dumps(
            {
                "name": "Halves",
                "kind": "grant",
                "milestones": [
                    {"code": "ONE", "conditions": [{"kind": "user"}], "events": [{"kind": "billing", "split": True}]},
                    {"code": "TWO", "conditions": [{"kind": "user"}], "events": [{"kind": "billing", "split": True}]},
                ],
            }
        ),
    )
    _agreement(db, "T-1", [])
    editor = _editor(qtbot, db, "T-1")
    modals.expect("agreementApplyTemplate", lambda d: d.accept())
    click(qtbot, editor.edit_buttons["apply_template"])
    qtbot.waitUntil(lambda: editor.milestones.rowCount() == 2)
    stored = agreement_definition(db, "T-1")["milestones"]
    assert [e["amount"] for m in stored for e in m["events"]] == ["500.00", "500.00"]

    modals.expect("agreementApplyTemplate", lambda d: d.accept())
    click(qtbot, editor.edit_buttons["apply_template"])
    assert editor.message.text() == "agreement T-1: duplicate codes ONE, TWO"
    assert len(agreement_definition(db, "T-1")["milestones"]) == 2
    editor.close()
