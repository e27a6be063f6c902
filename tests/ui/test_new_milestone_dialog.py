"""The New / Edit Milestone dialogs, driven by object name, checked against what the database holds."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from milestone_data import TODAY, client, log, me_and_fund, milestones, new_client, sessions
from modal_driver import Modals, click
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from neodesk.models import Database
from neodesk.services.admin.picklists import add_picklist_value, set_picklist_value_active
from neodesk.services.milestones import MilestoneEntry
from neodesk.ui.new_milestone_dialog import EditMilestoneDialog, NewMilestoneDialog
from neodesk.ui.sync_prompt import SyncPrompt


@pytest.fixture
def modals(qtbot: QtBot) -> Iterator[Modals]:
    driver = Modals(qtbot)
    yield driver
    driver.finish()


def open_dialog(qtbot: QtBot, db: Database, client_id: uuid.UUID, **kwargs: Any) -> NewMilestoneDialog:
    me, _fund = me_and_fund(db)
    dialog = NewMilestoneDialog(db, client_id, me, today=TODAY, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def find(dialog: QWidget, kind: type[Any], name: str) -> Any:
    widget = dialog.findChild(kind, name)
    assert widget is not None, f"no {kind.__name__} named {name}"
    return widget


def tick(qtbot: QtBot, dialog: QWidget, name: str) -> None:
    click(qtbot, find(dialog, QCheckBox, name))


def type_into(qtbot: QtBot, dialog: QWidget, name: str, text: str) -> None:
    edit = find(dialog, QLineEdit, name)
    assert edit.isVisible(), f"{name} is hidden"
    qtbot.keyClicks(edit, text)


def choose(dialog: QWidget, name: str, code: str) -> None:
    combo = find(dialog, QComboBox, name)
    assert combo.isVisible(), f"{name} is hidden"
    index = combo.findData(code)
    assert index >= 0, f"{code} is not offered by {name}"
    combo.setCurrentIndex(index)


def save(qtbot: QtBot, dialog: QWidget) -> None:
    click(qtbot, find(dialog, QPushButton, "saveMilestones"))


def answer(qtbot: QtBot, modals: Modals, button: str, asked: list[str]) -> None:
    def act(prompt: SyncPrompt) -> None:
        asked.append(prompt.property("proposal"))
        click(qtbot, find(prompt, QPushButton, button))

    modals.expect("SyncPrompt", act)


def test_defaults(db: Database, qtbot: QtBot) -> None:
    cid = new_client(db)
    me, fund = me_and_fund(db)
    dialog = open_dialog(qtbot, db, cid)
    assert find(dialog, QLineEdit, "milestone.date").text() == TODAY.isoformat()
    assert find(dialog, QListWidget, "milestone.counselors").selected() == [str(me)]
    assert find(dialog, QListWidget, "milestone.funding_sources").selected() == [str(fund)]
    assert find(dialog, QCheckBox, "milestone.reportable").isChecked()
    assert find(dialog, QPushButton, "saveMilestones").isDefault()
    assert not find(dialog, QWidget, "followup.panel").isVisible()
    assert not find(dialog, QLineEdit, "value.change_in_sales").isVisible()
    assert find(dialog, QCheckBox, "followup").text() == (
        "Record a follow-up counseling session for the same client with the same date, counselor, "
        "funding source(s) and notes"
    )


def test_one_milestone_per_checked_type_with_exact_amounts(db: Database, qtbot: QtBot, modals: Modals) -> None:
    cid = new_client(db, full_time_employees="12", gross_sales="1000", profits="300")
    me, fund = me_and_fund(db)
    dialog = open_dialog(qtbot, db, cid)
    tick(qtbot, dialog, "type.change_in_full_time_staff")
    assert find(dialog, QLabel, "current.change_in_full_time_staff").text() == "Current full-time staff: 12"
    type_into(qtbot, dialog, "value.change_in_full_time_staff", "15")
    tick(qtbot, dialog, "type.change_in_sales")
    type_into(qtbot, dialog, "value.change_in_sales", "250,000.50")
    tick(qtbot, dialog, "type.change_in_profits")
    type_into(qtbot, dialog, "value.change_in_profits", "-1200")
    tick(qtbot, dialog, "type.business_expansion")
    qtbot.keyClicks(find(dialog, QPlainTextEdit, "milestone.notes"), "Opened a second shop")

    asked: list[str] = []

    def enter_is_yes(prompt: SyncPrompt) -> None:  # M7: profits are only updated when the counselor agrees
        asked.append(prompt.property("proposal"))
        qtbot.keyClick(prompt, Qt.Key.Key_Return)

    modals.expect("SyncPrompt", enter_is_yes)
    save(qtbot, dialog)

    assert asked == ["profits"]
    assert dialog.result() == QDialog.DialogCode.Accepted
    rows = milestones(db, cid)
    assert [(m.type_code, m.date, m.amount, m.initial_amount) for m in rows] == [
        ("business_expansion", TODAY, None, None),
        ("change_in_full_time_staff", TODAY, Decimal(15), Decimal(12)),
        ("change_in_profits", TODAY, Decimal("-1200.00"), Decimal("300.00")),
        ("change_in_sales", TODAY, Decimal("250000.50"), Decimal("1000.00")),
    ]
    assert all(m.notes == "Opened a second shop" and m.reportable and m.origin == "manual" for m in rows)
    assert all([c.id for c in m.counselors] == [me] and [f.id for f in m.funding_sources] == [fund] for m in rows)
    assert dialog.result_log is not None
    assert sorted(dialog.result_log.milestone_ids) == sorted(m.id for m in rows)
    stored = client(db, cid)
    assert (stored.full_time_employees, stored.gross_sales, stored.profits) == (
        15,
        Decimal("250000.50"),
        Decimal("-1200.00"),
    )
    assert sessions(db, cid) == []


def test_pre_venture_client_sees_in_business_types_only_after_a_business_start(
    db: Database,
    qtbot: QtBot,
    modals: Modals,
) -> None:
    cid = new_client(db, company_status="P", date_established="")
    dialog = open_dialog(qtbot, db, cid)
    staff = find(dialog, QCheckBox, "type.change_in_full_time_staff")
    assert not staff.isVisible()
    assert not find(dialog, QWidget, "group.growth").isVisible()
    assert find(dialog, QCheckBox, "type.success_story").isVisible()  # not in-business-only

    tick(qtbot, dialog, "type.business_established")
    assert staff.isVisible()
    assert staff.isEnabled()

    save(qtbot, dialog)  # a business start without a staff milestone is refused
    assert dialog.isVisible()
    assert milestones(db, cid) == []
    assert "staff milestone" in find(dialog, QLabel, "milestoneErrors").text()
    assert staff.property("invalid") is True
    assert find(dialog, QCheckBox, "type.business_established").isChecked()

    tick(qtbot, dialog, "type.change_in_full_time_staff")
    type_into(qtbot, dialog, "value.change_in_full_time_staff", "3")
    save(qtbot, dialog)  # M1 puts the client in business first, so M5 has nothing to ask

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert [(m.type_code, m.amount) for m in milestones(db, cid)] == [
        ("business_established", None),
        ("change_in_full_time_staff", Decimal(3)),
    ]
    stored = client(db, cid)
    assert (stored.company_status, stored.date_established, stored.full_time_employees) == ("S", TODAY, 3)


def test_unchecking_the_business_start_hides_the_types_again(db: Database, qtbot: QtBot) -> None:
    cid = new_client(db, company_status="P", date_established="")
    dialog = open_dialog(qtbot, db, cid)
    tick(qtbot, dialog, "type.bought_business")
    tick(qtbot, dialog, "type.change_in_sales")
    tick(qtbot, dialog, "type.bought_business")
    assert not find(dialog, QCheckBox, "type.change_in_sales").isVisible()
    assert dialog.checked_codes() == []


def test_follow_up_session_is_written_with_the_milestones(db: Database, qtbot: QtBot) -> None:
    cid = new_client(db)
    me, fund = me_and_fund(db)
    dialog = open_dialog(qtbot, db, cid)
    find(dialog, QLineEdit, "milestone.date").clear()
    type_into(qtbot, dialog, "milestone.date", (TODAY - timedelta(days=3)).isoformat())
    tick(qtbot, dialog, "type.business_expansion")
    qtbot.keyClicks(find(dialog, QPlainTextEdit, "milestone.notes"), "Lease signed")
    tick(qtbot, dialog, "followup")
    assert find(dialog, QWidget, "followup.panel").isVisible()
    choose(dialog, "followup.contact_type", "PH")
    choose(dialog, "followup.counseling_area", "Business Plan")
    choose(dialog, "followup.additional_area", "Marketing/Sales")
    save(qtbot, dialog)

    assert dialog.result() == QDialog.DialogCode.Accepted
    [record] = sessions(db, cid)
    assert (record.date, record.session_type, record.contact_type, record.counseling_area, record.additional_areas) == (
        TODAY - timedelta(days=3),
        "Follow-up",
        "PH",
        "Business Plan",
        frozenset({"Marketing/Sales"}),
    )
    assert (record.notes, record.prep_minutes, record.travel_minutes) == ("Lease signed", 0, 0)
    assert [c.id for c in record.counselors] == [me]
    assert [f.id for f in record.funding_sources] == [fund]
    assert dialog.result_log is not None
    assert dialog.result_log.session_id == record.id
    assert [(m.type_code, m.date) for m in milestones(db, cid)] == [("business_expansion", TODAY - timedelta(days=3))]


def test_refused_input_keeps_the_dialog_open_with_everything_typed(db: Database, qtbot: QtBot) -> None:
    cid = new_client(db)
    dialog = open_dialog(qtbot, db, cid)
    save(qtbot, dialog)  # nothing checked
    assert find(dialog, QWidget, "milestone.types").property("invalid") is True

    date_edit = find(dialog, QLineEdit, "milestone.date")
    date_edit.clear()
    qtbot.keyClicks(date_edit, (TODAY + timedelta(days=1)).isoformat())
    tick(qtbot, dialog, "type.change_in_sales")
    type_into(qtbot, dialog, "value.change_in_sales", "12.345")
    qtbot.keyClicks(find(dialog, QPlainTextEdit, "milestone.notes"), "Big order")
    tick(qtbot, dialog, "followup")  # asked for, but no contact type chosen
    save(qtbot, dialog)

    assert dialog.isVisible()
    assert dialog.result_log is None
    errors = find(dialog, QLabel, "milestoneErrors")
    assert errors.isVisible()
    assert "future" in errors.text()
    assert "two decimals" in errors.text()
    assert sorted(dialog.problems.marked()) == [
        "followup.contact_type",
        "followup.counseling_area",
        "milestone.date",
        "value.change_in_sales",
    ]
    assert find(dialog, QWidget, "milestone.types").property("invalid") is False
    assert find(dialog, QLineEdit, "value.change_in_sales").text() == "12.345"
    assert find(dialog, QPlainTextEdit, "milestone.notes").toPlainText() == "Big order"
    assert milestones(db, cid) == []
    assert sessions(db, cid) == []
    dialog.reject()


def test_a_cancelled_prompt_writes_nothing_and_keeps_the_dialog(db: Database, qtbot: QtBot, modals: Modals) -> None:
    cid = new_client(db, profits="10")
    dialog = open_dialog(qtbot, db, cid)
    tick(qtbot, dialog, "type.change_in_profits")
    type_into(qtbot, dialog, "value.change_in_profits", "99")
    modals.expect("SyncPrompt", lambda prompt: qtbot.keyClick(prompt, Qt.Key.Key_Escape))
    save(qtbot, dialog)

    assert dialog.isVisible()
    assert dialog.result_log is None
    assert find(dialog, QLineEdit, "value.change_in_profits").text() == "99"
    assert milestones(db, cid) == []
    assert client(db, cid).profits == Decimal("10.00")
    dialog.reject()


def test_an_older_milestone_says_it_updates_nothing(db: Database, qtbot: QtBot, modals: Modals) -> None:
    cid = new_client(db, gross_sales="100")
    log(db, cid, TODAY, MilestoneEntry("change_in_sales", "500"))
    dialog = open_dialog(qtbot, db, cid)
    date_edit = find(dialog, QLineEdit, "milestone.date")
    date_edit.clear()
    qtbot.keyClicks(date_edit, (TODAY - timedelta(days=10)).isoformat())
    tick(qtbot, dialog, "type.change_in_sales")
    type_into(qtbot, dialog, "value.change_in_sales", "300")
    notices: list[str] = []

    def read_and_close(box: QMessageBox) -> None:
        notices.append(box.text())
        box.accept()

    modals.expect("milestoneNotices", read_and_close)
    save(qtbot, dialog)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert notices
    assert notices == ["\n".join(dialog.result_log.notices)]
    assert client(db, cid).gross_sales == Decimal("500.00")
    assert sorted(m.amount for m in milestones(db, cid)) == [Decimal("300.00"), Decimal("500.00")]


def test_preselect_checks_the_type_and_reveals_its_value(db: Database, qtbot: QtBot) -> None:
    cid = new_client(db)
    dialog = open_dialog(qtbot, db, cid, preselect="government_contract_award")
    assert find(dialog, QCheckBox, "type.government_contract_award").isChecked()
    assert find(dialog, QLineEdit, "value.government_contract_award").isVisible()
    assert find(dialog, QLineEdit, "detail.government_contract_award").isVisible()


def test_editing_the_newest_amount_asks_to_update_the_client(db: Database, qtbot: QtBot, modals: Modals) -> None:
    cid = new_client(db, full_time_employees="3")
    log(db, cid, TODAY - timedelta(days=2), MilestoneEntry("change_in_full_time_staff", "5"))
    [staff] = milestones(db, cid)
    me, _fund = me_and_fund(db)
    dialog = EditMilestoneDialog(db, staff.id, me, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    value = find(dialog, QLineEdit, "value.change_in_full_time_staff")
    assert value.text() == "5"
    value.clear()
    qtbot.keyClicks(value, "6")
    asked: list[str] = []
    answer(qtbot, modals, "syncYes", asked)
    click(qtbot, find(dialog, QPushButton, "saveMilestone"))

    assert asked == ["full_time_employees"]
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.result_updates == {"full_time_employees": 6}
    assert client(db, cid).full_time_employees == 6
    assert [(m.amount, m.date) for m in milestones(db, cid)] == [(Decimal(6), TODAY - timedelta(days=2))]


def test_follow_up_offers_the_database_picklists(db: Database, qtbot: QtBot) -> None:
    cid = new_client(db)
    me, _fund = me_and_fund(db)
    add_picklist_value(db, me, "contact_type", "TXT", "Text message")
    add_picklist_value(db, me, "counseling_area", None, "Succession Planning")
    set_picklist_value_active(db, me, "contact_type", "EM", False)
    set_picklist_value_active(db, me, "counseling_area", "Franchising", False)
    dialog = open_dialog(qtbot, db, cid)
    tick(qtbot, dialog, "type.business_expansion")
    tick(qtbot, dialog, "followup")
    for name in ("followup.contact_type", "followup.counseling_area", "followup.additional_area"):
        combo = find(dialog, QComboBox, name)
        offered = {combo.itemData(i): combo.itemText(i) for i in range(combo.count())}
        assert "EM" not in offered
        assert "Franchising" not in offered
        if name == "followup.contact_type":
            assert offered["TXT"] == "Text message"
            assert list(offered)[-1] == "TXT"  # the database's order: added values last
        else:
            assert offered["Succession Planning"] == "Succession Planning"
    choose(dialog, "followup.contact_type", "TXT")
    choose(dialog, "followup.counseling_area", "Succession Planning")
    choose(dialog, "followup.additional_area", "Succession Planning")
    save(qtbot, dialog)

    assert dialog.result() == QDialog.DialogCode.Accepted
    [record] = sessions(db, cid)
    assert (record.session_type, record.contact_type, record.counseling_area, record.additional_areas) == (
        "Follow-up",
        "TXT",
        "Succession Planning",
        frozenset({"Succession Planning"}),
    )
