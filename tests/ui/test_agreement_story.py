"""Issue 11's done-when story, driven in the app: an administrator makes a three-disbursement template
in Agreements ▸ Templates…, a counselor creates the client's grant from it through New…, logs the
hires through the real New Milestone dialog, runs processing from the Agreements menu, sees the
job-creation milestone complete and its disbursement released with the exact amount in the editor,
records the payment and prints the agreement report (read back with pypdf). Also the dry run's
drawn chart and the Templates screen's refusal."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QCheckBox, QDialogButtonBox, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from neodesk.models import Database
from neodesk.services.agreements import agreement_definition, list_agreements, template_rows
from neodesk.ui.agreement_menu import DryRunDialog
from neodesk.ui.agreements import AgreementEditor
from tests.ui.modal_driver import Modals, click

TEMPLATE = {
    "name": "Jobs grant",
    "kind": "grant",
    "milestones": [
        {
            "code": "JOBS",
            "description": "Three new full-time jobs",
            "conditions": [{"kind": "metric", "measure": "increase", "field": "full_time_employees", "target": 3}],
            "events": [{"kind": "disbursement", "percent": "40.00"}],
        },
        {
            "code": "YEAR",
            "description": "A year on",
            "conditions": [{"kind": "date", "offset": "start+12m"}],
            "events": [{"kind": "disbursement", "percent": "30.00"}],
        },
        {
            "code": "SIGNOFF",
            "description": "Final report signed off",
            "conditions": [{"kind": "user"}],
            "events": [{"kind": "disbursement", "percent": "30.00"}],
        },
    ],
}


@pytest.fixture
def modals(qtbot: QtBot) -> Iterator[Modals]:
    driver = Modals(qtbot)
    yield driver
    driver.finish()


def _ok(qtbot: QtBot, dialog: Any, which: QDialogButtonBox.StandardButton = QDialogButtonBox.StandardButton.Ok) -> None:
    click(qtbot, dialog.findChildren(QDialogButtonBox)[-1].button(which))


def test_the_done_when_story(
    qtbot: QtBot,
    db: Database,
    make_client: Callable[..., object],
    open_window: Callable[[], Any],
    modals: Modals,
    tmp_path: Path,
) -> None:
    client = make_client(
        "Prairie Tool & Die", company_status="B", date_established="2015-01-01", full_time_employees="12"
    )
    window = open_window()
    assert window.client_editor.client_id == client

    # Agreements ▸ Templates…: a bad definition is refused in one sentence, then the real one is made.
    seen: dict[str, str] = {}

    def make_template(d: Any) -> None:
        d.definition.setPlainText('{"name": "Broken", "kind": "grant", "milestones": [{"code": "A"}, {"code": "A"}]}')
        click(qtbot, d.create_button)
        seen["refused"] = d.message.text()
        d.definition.setPlainText(json.dumps(TEMPLATE))
        click(qtbot, d.create_button)
        seen["made"] = d.message.text()
        seen["listed"] = d.table.item(0, 0).text()
        d.reject()

    modals.expect("AgreementTemplates", make_template)
    window.action_agreement_templates.trigger()
    assert seen["refused"]
    assert "\n" not in seen["refused"]
    assert [t.name for t in template_rows(db)] == ["Jobs grant"]
    assert (seen["made"], seen["listed"]) == ("Template Jobs grant created.", "Jobs grant")

    # The client's Agreements tab ▸ New…: a 100,000.00 grant from the template.
    tab = window.client_editor.agreements
    window.client_editor.tabs.setCurrentWidget(tab)

    def new_grant(d: Any) -> None:
        d.title.setText("Job creation grant")
        d.amount.setText("100000.00")
        began = date.today() - timedelta(days=30)  # the hires come after the start
        d.start.setDate(QDate(began.year, began.month, began.day))
        d.template.setCurrentIndex(d.template.findData("Jobs grant"))
        _ok(qtbot, d)

    modals.expect("NewAgreement", new_grant)
    click(qtbot, tab.new_button)
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1)
    number = tab.table.item(0, 0).text()
    assert [m["code"] for m in agreement_definition(db, number)["milestones"]] == ["JOBS", "YEAR", "SIGNOFF"]

    # New ▸ Milestone…: the hires, 12 → 15 full-time staff.
    def hires(d: Any) -> None:
        click(qtbot, d.findChild(QCheckBox, "type.change_in_full_time_staff"))
        qtbot.keyClicks(d.findChild(QLineEdit, "value.change_in_full_time_staff"), "15")
        click(qtbot, d.findChild(QPushButton, "saveMilestones"))

    modals.expect("NewMilestoneDialog", hires)
    modals.expect("SyncPrompt", lambda p: qtbot.keyClick(p, Qt.Key.Key_Return))  # if the rules ask: Yes
    window.action_new_milestone.trigger()
    modals.expected = [e for e in modals.expected if e[0] != "SyncPrompt"]  # it may not have been asked

    # Agreements ▸ Run agreement processing.
    summary: list[str] = []
    modals.expect("infoDialog", lambda d: (summary.append(d.text()), d.accept()))
    window.action_run_agreements.trigger()
    assert f"Released 40,000.00 for {number}/JOBS" in summary[0]

    tab.table.selectRow(0)
    tab.open_selected()
    editor: AgreementEditor = tab.editor
    assert editor.milestones.item(0, 0).text() == "JOBS"
    assert editor.milestones.item(0, 2).text() == "complete"
    editor.milestones.selectRow(0)
    assert [editor.events.item(0, c).text() for c in (0, 1, 2)] == ["disbursement", "40000.00", "released"]

    # Record payment.
    editor.events.selectRow(0)
    modals.expect("agreementPayment", lambda d: (d.reference.setText("EFT 2026-114"), _ok(qtbot, d)))
    click(qtbot, editor.buttons["pay"])
    qtbot.waitUntil(lambda: editor.events.item(0, 2).text() == "paid")
    jobs = agreement_definition(db, number)["milestones"][0]
    assert jobs["events"][0]["payments"][0]["amount"] == "40000.00"
    assert jobs["events"][0]["payments"][0]["reference"] == "EFT 2026-114"

    # Print report….
    out = tmp_path / "grant.pdf"
    modals.expect(
        "agreementReport",
        lambda d: (d.path.setText(str(out)), _ok(qtbot, d, QDialogButtonBox.StandardButton.Save)),
    )
    click(qtbot, editor.edit_buttons["report"])
    assert editor.message.text() == f"Report written to {out}."
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert number in text
    assert "JOBS" in text
    assert "40,000.00" in text
    editor.close()


def test_dry_run_draws_the_months(qtbot: QtBot, db: Database, open_window: Callable[[], Any]) -> None:
    from neodesk.services.agreements import create_agreement

    start = date.today() - timedelta(days=10)
    create_agreement(
        db,
        json.dumps(
            {
                "number": "F-1",
                "title": "Flow",
                "kind": "grant",
                "client": None,
                "amount": "900.00",
                "start": start.isoformat(),
                "end": (start + timedelta(days=400)).isoformat(),
                "milestones": [
                    {
                        "code": f"D{i}",
                        "status": "ready",
                        "conditions": [{"kind": "date", "date": (start + timedelta(days=40 * i)).isoformat()}],
                        "events": [{"kind": "disbursement", "amount": f"{100 * i}.00"}],
                    }
                    for i in (1, 2, 3)
                ],
            }
        ),
    )
    window = open_window()
    dry = DryRunDialog(window)
    qtbot.addWidget(dry)
    dry.show()
    later = date.today() + timedelta(days=200)
    dry.day.setDate(QDate(later.year, later.month, later.day))
    dry.show_run()
    months = dry.chart.months
    assert sum(amount for _, amount in months) == 600
    assert len(months) >= 2
    heights = dry.chart.bar_heights(100.0)
    assert max(heights) == 100.0
    assert heights[months.index(max(months, key=lambda m: m[1]))] == 100.0
    assert not dry.chart.grab().isNull()
    assert [r.status for r in list_agreements(db)] == ["active"]
