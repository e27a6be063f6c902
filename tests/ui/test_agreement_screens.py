"""The agreement screens driven for real: a new agreement from a template in the client's Agreements
tab, Mark done (processing runs), the completion and the released amount, a refusal shown as the
CLI's sentence with nothing written, a payment, the center list and the dry run."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from neodesk.models import Database
from neodesk.services.agreements import agreement_definition, create_template, list_agreements
from neodesk.ui.agreement_menu import DryRunDialog
from neodesk.ui.agreements import AgreementEditor, AgreementList, AgreementsTab
from neodesk.ui.context import AppContext
from tests.ui.modal_driver import Modals, click


@pytest.fixture
def modals(qtbot: QtBot) -> Iterator[Modals]:
    driver = Modals(qtbot)
    yield driver
    driver.finish()


def _template(db: Database) -> None:
    create_template(
        db,
        json.dumps(
            {
                "name": "Sign-off grant",
                "kind": "grant",
                "milestones": [
                    {
                        "code": "SIGN",
                        "description": "Report signed off",
                        "conditions": [{"kind": "user"}],
                        "events": [{"kind": "disbursement", "percent": "40.00"}],
                    },
                    {
                        "code": "LATER",
                        "description": "A year on",
                        "conditions": [{"kind": "date", "offset": "start+12m"}],
                        "events": [{"kind": "disbursement", "percent": "60.00"}],
                    },
                ],
            }
        ),
    )


def test_new_from_template_mark_run_pay_and_a_refusal(
    qtbot: QtBot, db: Database, make_client: Callable[..., object], modals: Modals
) -> None:
    _template(db)
    client = make_client("Prairie Bakery", company_status="B", date_established="2015-01-01")
    context = AppContext.for_database(db)
    tab = AgreementsTab(context)
    qtbot.addWidget(tab)
    tab.load(client)  # type: ignore[arg-type]
    tab.show()
    qtbot.waitExposed(tab)

    def accept(dialog: object) -> None:
        dialog.title.setText("City grant")  # type: ignore[attr-defined]
        dialog.amount.setText("10000.01")  # type: ignore[attr-defined]
        dialog.template.setCurrentIndex(1)  # type: ignore[attr-defined]
        box = dialog.findChild(QDialogButtonBox)  # type: ignore[attr-defined]
        click(qtbot, box.button(QDialogButtonBox.StandardButton.Ok))

    modals.expect("NewAgreement", accept)
    click(qtbot, tab.new_button)
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1)
    number = tab.table.item(0, 0).text()
    assert tab.table.item(0, 6).text() == "0 of 2 complete"

    editor = AgreementEditor(context, number)
    qtbot.addWidget(editor)
    editor.show()
    assert editor.milestones.item(0, 2).text() == "ready"
    assert editor.buttons["mark"].isEnabled()
    assert not editor.buttons["reopen"].isEnabled()

    # A refusal: cancel with an empty reason; the same sentence as the CLI, nothing written.
    before = agreement_definition(db, number)
    modals.expect("agreementReason", lambda d: d.accept())
    click(qtbot, editor.buttons["cancel"])
    qtbot.waitUntil(lambda: editor.message.text() == "to cancel SIGN give a reason")
    assert agreement_definition(db, number) == before

    modals.expect("agreementMark", lambda d: d.accept())
    click(qtbot, editor.buttons["mark"])
    qtbot.waitUntil(lambda: editor.milestones.item(0, 2).text() == "complete")
    assert editor.message.text() == f"Processing: 1 completed; released {number}/SIGN 4,000.00"
    assert editor.header["totals"].text() == "released 4000.00 · paid 0.00 · remaining 0.00"

    editor.events.selectRow(0)
    assert editor.buttons["pay"].isEnabled()
    modals.expect("agreementPayment", lambda d: (d.reference.setText("CHK 12"), d.accept()))
    click(qtbot, editor.buttons["pay"])
    qtbot.waitUntil(lambda: editor.events.item(0, 2) is not None and editor.events.item(0, 2).text() == "paid")
    assert editor.header["totals"].text() == "released 4000.00 · paid 4000.00 · remaining 0.00"
    editor.close()
    tab.close()


def test_center_list_and_dry_run(qtbot: QtBot, db: Database, open_window: Callable[[], object]) -> None:
    _template(db)
    from neodesk.services.agreements import apply_template, create_agreement

    start = date.today() - timedelta(days=300)
    create_agreement(
        db,
        json.dumps(
            {
                "number": "COOP-1",
                "title": "Cooperative agreement",
                "kind": "cooperative_agreement",
                "client": None,
                "amount": "5000.00",
                "start": start.isoformat(),
                "end": (start + timedelta(days=400)).isoformat(),
            }
        ),
    )
    apply_template(db, "COOP-1", "Sign-off grant")
    window = open_window()
    window.action_center_agreements.trigger()  # type: ignore[attr-defined]
    listing = window.agreement_list  # type: ignore[attr-defined]
    assert isinstance(listing, AgreementList)
    assert listing.table.item(0, 3).text() == "center"
    listing.table.selectRow(0)
    editor = listing.open_selected()
    assert editor is not None
    assert editor.header["client"].text() == "the center"
    editor.close()
    listing.close()

    dry = DryRunDialog(window)
    qtbot.addWidget(dry)
    later = date.today() + timedelta(days=90)
    dry.day.setDate(QDate(later.year, later.month, later.day))
    dry.show_run()
    text = dry.result.toPlainText()
    assert "COOP-1/LATER: ready → complete" in text
    assert "Released 3,000.00 for COOP-1/LATER" in text
    assert "Cash flow by month:" in text
    assert [r.status for r in list_agreements(db)] == ["active"]  # a dry run writes nothing


def test_the_app_runs_processing_once_a_day_at_start(
    qtbot: QtBot, db: Database, open_window: Callable[[], object]
) -> None:
    from neodesk.services.agreements import create_agreement

    start = date.today() - timedelta(days=10)
    create_agreement(
        db,
        json.dumps(
            {
                "number": "D-1",
                "title": "Dated",
                "kind": "grant",
                "client": None,
                "amount": "10.00",
                "start": start.isoformat(),
                "end": (start + timedelta(days=100)).isoformat(),
                "milestones": [
                    {
                        "code": "DAY",
                        "status": "ready",
                        "conditions": [{"kind": "date", "date": start.isoformat()}],
                        "events": [{"kind": "billing", "amount": "10.00"}],
                    }
                ],
            }
        ),
    )
    window = open_window()
    qtbot.waitUntil(lambda: agreement_definition(db, "D-1")["milestones"][0]["status"] == "complete")
    assert "1 milestone(s) completed" in window.statusBar().currentMessage()  # type: ignore[attr-defined]
    from neodesk.services.agreements.processing import process_once_today

    assert process_once_today(db) is None  # not twice the same day


def test_event_hold_suspend_resume_and_amend_from_the_editor(
    qtbot: QtBot, db: Database, make_client: Callable[..., object], modals: Modals
) -> None:
    from neodesk.services.agreements import create_agreement

    start = date.today() - timedelta(days=10)
    create_agreement(
        db,
        json.dumps(
            {
                "number": "E-1",
                "title": "Events",
                "kind": "grant",
                "client": None,
                "amount": "100.00",
                "start": start.isoformat(),
                "end": (start + timedelta(days=100)).isoformat(),
                "milestones": [
                    {
                        "code": "U",
                        "status": "ready",
                        "conditions": [{"kind": "user"}],
                        "events": [{"kind": "billing", "percent": "50.00"}],
                    }
                ],
            }
        ),
    )
    editor = AgreementEditor(AppContext.for_database(db), "E-1")
    qtbot.addWidget(editor)
    editor.show()
    editor.events.selectRow(0)
    assert editor.buttons["hold"].isEnabled()
    assert not editor.buttons["reverse"].isEnabled()
    modals.expect("agreementReason", lambda d: (d.text.setText("audit"), d.accept()))
    click(qtbot, editor.buttons["hold"])
    qtbot.waitUntil(lambda: editor.events.item(0, 2).text() == "on_hold")
    modals.expect("agreementReason", lambda d: (d.text.setText("owner away"), d.accept()))
    click(qtbot, editor.agreement_buttons["suspend"])
    qtbot.waitUntil(lambda: editor.header["status"].text() == "suspended")
    assert editor.agreement_buttons["resume"].isEnabled()
    modals.expect("agreementAmend", lambda d: (d.amount.setText("300.00"), d.reason.setText("more"), d.accept()))
    click(qtbot, editor.agreement_buttons["amend"])
    qtbot.waitUntil(lambda: editor.header["amount"].text() == "300.00")
    assert editor.events.item(0, 1).text() == "150.00"  # a pending percentage follows the new amount
    click(qtbot, editor.agreement_buttons["resume"])
    qtbot.waitUntil(lambda: editor.header["status"].text() == "active")
    editor.close()
