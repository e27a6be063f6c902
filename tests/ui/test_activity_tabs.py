"""The Counseling tab with its session dialog, and the Milestones tab."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from gui_drivers import add_milestone, answer, click_named, click_standard
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from neodesk.models import Database, FundingSource
from neodesk.services.activity import (
    SESSION_LABELS,
    SessionInput,
    list_counseling_sessions,
    list_milestones,
    save_counseling_session,
)
from neodesk.services.admin.picklists import add_picklist_value, relabel_picklist_value, set_picklist_value_active
from neodesk.ui.client_editor import TAB_MILESTONES, TAB_SESSIONS
from neodesk.ui.input_widgets import CheckList, DateLineEdit
from neodesk.ui.main_window import MainWindow
from neodesk.ui.session_dialog import SessionDialog

WindowFactory = Callable[[], MainWindow]


def counseling_sessions_of(db: Database, client_id: uuid.UUID) -> list:
    with db.reading() as tx:
        return list_counseling_sessions(tx, client_id)


def session_field(dialog: QWidget, key: str) -> QWidget:
    widget = dialog.findChild(QWidget, f"session.{key}")
    assert widget is not None, key
    return widget


def pick(combo: QWidget, code: str) -> None:
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData(code))


def fill_and_save(dialog: QWidget) -> None:
    pick(session_field(dialog, "contact_type"), "PH")
    pick(session_field(dialog, "counseling_area"), "Business Plan")
    session_field(dialog, "contact_minutes").setText("45")
    session_field(dialog, "subject").setText("Loan package")
    session_field(dialog, "additional_areas").set_selected(["Financing/Capital", "Marketing/Sales"])
    dialog.findChild(QPushButton, "session.save").click()


def test_session_dialog_has_every_session_field(open_window: WindowFactory, make_client) -> None:
    make_client()
    window = open_window()
    dialog = window.client_editor.sessions.make_dialog()
    try:
        assert dialog.objectName() == "SessionDialog"
        for key, label in SESSION_LABELS.items():
            assert session_field(dialog, key).accessibleName() == label
        assert isinstance(session_field(dialog, "date"), DateLineEdit)
        assert session_field(dialog, "date").text() == date.today().isoformat()
        assert session_field(dialog, "session_type").currentData() == "Initial/New"  # the client's first session
        assert session_field(dialog, "attendees").text() == "1"
        assert isinstance(session_field(dialog, "reportable"), QCheckBox)
        assert session_field(dialog, "reportable").isChecked()
        assert session_field(dialog, "counselor_ids").selected() == [str(window.context.counselor_id)]
        funding = session_field(dialog, "funding_source_ids")
        assert isinstance(funding, CheckList)
        assert len(funding.selected()) == 1  # the counselor's default funding source
        assert isinstance(session_field(dialog, "notes"), QPlainTextEdit)
    finally:
        dialog.deleteLater()


def test_new_session_through_the_tab(qtbot, open_window: WindowFactory, make_client, db: Database) -> None:
    client_id = make_client()
    window = open_window()
    window.client_editor.tabs.setCurrentIndex(TAB_SESSIONS)
    reply = answer("SessionDialog", fill_and_save)
    qtbot.mouseClick(window.findChild(QPushButton, "newSession"), Qt.MouseButton.LeftButton)
    assert reply.answered

    [stored] = counseling_sessions_of(db, client_id)
    assert (stored.contact_type, stored.counseling_area, stored.contact_minutes) == ("PH", "Business Plan", 45)
    assert stored.session_type == "Initial/New"
    assert stored.subject == "Loan package"
    assert stored.additional_areas == frozenset({"Financing/Capital", "Marketing/Sales"})
    assert [c.id for c in stored.counselors] == [window.context.counselor_id]
    assert stored.date == date.today()
    table = window.findChild(QTableView, "sessionList")
    assert table.model().rowCount() == 1
    assert table.model().index(0, 2).data() == "Phone"
    qtbot.waitUntil(lambda: window.client_list.model.index(0, 4).data() == date.today().isoformat())


def test_ctrl_shift_s_opens_the_session_dialog(qtbot, open_window: WindowFactory, make_client, db: Database) -> None:
    client_id = make_client()
    window = open_window()
    reply = answer("SessionDialog", fill_and_save)
    window.action_new_session.trigger()
    assert reply.answered
    assert window.client_editor.tabs.currentIndex() == TAB_SESSIONS
    assert len(counseling_sessions_of(db, client_id)) == 1


def test_refused_session_keeps_the_dialog_open(qtbot, open_window: WindowFactory, make_client, db: Database) -> None:
    client_id = make_client()
    window = open_window()
    dialog = window.client_editor.sessions.make_dialog()
    try:
        session_field(dialog, "contact_minutes").setText("abc")
        session_field(dialog, "date").setText((date.today() + timedelta(days=3)).isoformat())
        session_field(dialog, "notes").setPlainText("Talked about the lease.")
        dialog.findChild(QPushButton, "session.save").click()

        assert dialog.result() != QDialog.DialogCode.Accepted
        assert dialog.saved_id is None
        for key in ("contact_type", "counseling_area", "contact_minutes", "date"):
            assert session_field(dialog, key).property("invalid") is True, key
        problems = dialog.findChild(QLabel, "session.problems")
        assert "Contact type: is required." in problems.text()
        assert "cannot be in the future" in problems.text()
        assert "Contact time (minutes)" in session_field(dialog, "contact_minutes").toolTip()
        assert session_field(dialog, "notes").toPlainText() == "Talked about the lease."
        assert counseling_sessions_of(db, client_id) == []

        session_field(dialog, "date").setText(date.today().isoformat())
        fill_and_save(dialog)
        assert dialog.result() == QDialog.DialogCode.Accepted
        assert dialog.saved_id is not None
        assert session_field(dialog, "contact_minutes").property("invalid") is False
    finally:
        dialog.deleteLater()
    assert len(counseling_sessions_of(db, client_id)) == 1


def test_edit_session(qtbot, open_window: WindowFactory, make_client, db: Database) -> None:
    client_id = make_client()
    with db.reading() as tx:
        fund = tx.query(FundingSource).first()
        assert fund is not None
        fund_id = fund.id
    window = open_window()
    window_me = window.context.counselor_id
    session_id = save_counseling_session(
        db,
        client_id,
        SessionInput(
            date=date.today(),
            contact_type="ON",
            counseling_area="Franchising",
            session_type="Follow-up",
            contact_minutes=30,
            counselor_ids=(window_me,),
            funding_source_ids=(fund_id,),
            notes="First notes",
        ),
        counselor_id=window_me,
    )
    window.client_editor.sessions.reload()
    table = window.findChild(QTableView, "sessionList")
    table.selectRow(0)

    def change_notes(dialog: QWidget) -> None:
        assert isinstance(dialog, SessionDialog)
        assert session_field(dialog, "notes").toPlainText() == "First notes"
        assert session_field(dialog, "contact_type").currentData() == "ON"
        assert session_field(dialog, "session_type").currentData() == "Follow-up"
        session_field(dialog, "notes").setPlainText("Better notes")
        session_field(dialog, "travel_minutes").setText("20")
        dialog.findChild(QPushButton, "session.save").click()

    reply = answer("SessionDialog", change_notes)
    qtbot.mouseClick(window.findChild(QPushButton, "editSession"), Qt.MouseButton.LeftButton)
    assert reply.answered
    [stored] = counseling_sessions_of(db, client_id)
    assert stored.id == session_id
    assert (stored.notes, stored.travel_minutes, stored.contact_minutes) == ("Better notes", 20, 30)
    assert "20 prep/travel" in table.model().index(0, 4).data()


def test_delete_session_asks_first(qtbot, open_window: WindowFactory, make_client, db: Database) -> None:
    client_id = make_client()
    window = open_window()
    me = window.context.counselor_id
    with db.reading() as tx:
        fund_id = tx.query(FundingSource.id).scalar()
    save_counseling_session(
        db,
        client_id,
        SessionInput(
            date=date.today(),
            contact_type="PH",
            counseling_area="Other",
            contact_minutes=20,
            counselor_ids=(me,),
            funding_source_ids=(fund_id,),
        ),
        counselor_id=me,
    )
    window.client_editor.sessions.reload()
    window.client_editor.tabs.setCurrentIndex(TAB_SESSIONS)
    table = window.findChild(QTableView, "sessionList")
    table.selectRow(0)
    delete = window.findChild(QPushButton, "deleteSession")

    reply = answer("confirmDeleteSession", click_standard(QMessageBox.StandardButton.Cancel))
    qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
    assert reply.answered
    assert len(counseling_sessions_of(db, client_id)) == 1

    reply = answer("confirmDeleteSession", click_named("confirmAction"))
    qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
    assert reply.answered
    assert counseling_sessions_of(db, client_id) == []
    assert table.model().rowCount() == 0


def test_milestones_newest_first_with_change(qtbot, open_window: WindowFactory, make_client, db: Database) -> None:
    client_id = make_client("Acme Bakery", company_status="B", date_established="2020-01-15")
    today = date.today()
    add_milestone(db, client_id, "change_in_full_time_staff", today - timedelta(days=30), Decimal(15), Decimal(12))
    add_milestone(db, client_id, "change_in_sales", today - timedelta(days=2), Decimal("250000"), Decimal("200000"))
    window = open_window()
    window.client_editor.tabs.setCurrentIndex(TAB_MILESTONES)
    model = window.findChild(QTableView, "milestoneList").model()
    assert model.rowCount() == 2
    assert model.index(0, 0).data() == (today - timedelta(days=2)).isoformat()
    assert model.index(0, 2).data() == "250,000.00 (+50,000.00)"
    assert model.index(1, 2).data() == "15 (+3)"
    assert model.index(1, 4).data() == "Yes"
    assert model.index(0, 3).data() == "Administrator"


def test_delete_milestone_asks_first(qtbot, open_window: WindowFactory, make_client, db: Database) -> None:
    client_id = make_client("Acme Bakery", company_status="B", date_established="2020-01-15")
    add_milestone(db, client_id, "change_in_full_time_staff", date.today(), Decimal(5), Decimal(3))
    window = open_window()
    table = window.findChild(QTableView, "milestoneList")
    table.selectRow(0)
    delete = window.findChild(QPushButton, "deleteMilestone")
    assert delete.isEnabled()

    reply = answer("confirmDeleteMilestone", click_standard(QMessageBox.StandardButton.Cancel))
    delete.click()
    assert reply.answered
    with db.reading() as tx:
        assert len(list_milestones(tx, client_id)) == 1

    reply = answer("confirmDeleteMilestone", click_named("confirmAction"))
    delete.click()
    assert reply.answered
    with db.reading() as tx:
        assert list_milestones(tx, client_id) == []
    assert table.model().rowCount() == 0
    assert not delete.isEnabled()


def test_milestone_buttons_reach_the_main_window(qtbot, open_window: WindowFactory, make_client, db: Database) -> None:
    client_id = make_client("Acme Bakery")
    add_milestone(db, client_id, "business_established", date.today())
    window = open_window()
    dialog = answer("NewMilestoneDialog", lambda widget: widget.reject())
    qtbot.mouseClick(window.findChild(QPushButton, "newMilestone"), Qt.MouseButton.LeftButton)
    assert dialog.answered
    assert "Acme Bakery" in dialog.seen[0]
    window.findChild(QTableView, "milestoneList").selectRow(0)
    dialog = answer("EditMilestoneDialog", lambda widget: widget.reject())
    qtbot.mouseClick(window.findChild(QPushButton, "editMilestone"), Qt.MouseButton.LeftButton)
    assert dialog.answered
    assert "Business Established" in dialog.seen[0]


def test_new_client_has_no_activity_yet(open_window: WindowFactory) -> None:
    window = open_window()
    window.action_new_client.trigger()
    assert not window.findChild(QPushButton, "newSession").isEnabled()
    assert not window.findChild(QPushButton, "newMilestone").isEnabled()
    window.action_new_session.trigger()
    assert "save a client first" in window.statusBar().currentMessage()
    assert isinstance(window.findChild(QLineEdit, "field.name"), QLineEdit)


def combo_items(combo: QWidget) -> dict[str, str]:
    assert isinstance(combo, QComboBox)
    return {combo.itemData(i): combo.itemText(i) for i in range(combo.count()) if combo.itemData(i) is not None}


def test_session_dialog_offers_the_database_picklists(
    open_window: WindowFactory, make_client, db: Database, me: uuid.UUID
) -> None:
    add_picklist_value(db, me, "contact_type", "TXT", "Text message")
    add_picklist_value(db, me, "counseling_area", None, "Succession Planning")
    set_picklist_value_active(db, me, "contact_type", "EM", False)
    set_picklist_value_active(db, me, "counseling_area", "Franchising", False)
    relabel_picklist_value(db, me, "contact_type", "PH", "Telephone call")
    client_id = make_client()
    window = open_window()
    dialog = window.client_editor.sessions.make_dialog()
    try:
        contact = combo_items(session_field(dialog, "contact_type"))
        assert list(contact) == ["ON", "AT", "PH", "VC", "TXT"]  # database order, EM inactive
        assert (contact["TXT"], contact["PH"]) == ("Text message", "Telephone call")
        areas = combo_items(session_field(dialog, "counseling_area"))
        assert "Succession Planning" in areas
        assert "Franchising" not in areas
        additional = session_field(dialog, "additional_areas")
        assert "Succession Planning" in additional.values()
        assert "Franchising" not in additional.values()

        pick(session_field(dialog, "contact_type"), "TXT")
        pick(session_field(dialog, "counseling_area"), "Succession Planning")
        additional.set_selected(["Succession Planning"])
        session_field(dialog, "contact_minutes").setText("20")
        dialog.findChild(QPushButton, "session.save").click()
        assert dialog.result() == QDialog.DialogCode.Accepted, dialog.findChild(QLabel, "session.problems").text()
    finally:
        dialog.deleteLater()
    [stored] = counseling_sessions_of(db, client_id)
    assert (stored.contact_type, stored.counseling_area) == ("TXT", "Succession Planning")
    assert stored.additional_areas == frozenset({"Succession Planning"})
    window.client_editor.sessions.reload()
    assert window.findChild(QTableView, "sessionList").model().index(0, 2).data() == "Text message"


def test_editing_a_session_keeps_its_inactivated_values(
    open_window: WindowFactory, make_client, db: Database, me: uuid.UUID
) -> None:
    client_id = make_client()
    with db.reading() as tx:
        fund_id = tx.query(FundingSource.id).scalar()
    session_id = save_counseling_session(
        db,
        client_id,
        SessionInput(
            date=date.today(),
            contact_type="EM",
            counseling_area="Franchising",
            additional_areas={"eCommerce"},
            session_type="Initial/New",
            contact_minutes=30,
            counselor_ids=(me,),
            funding_source_ids=(fund_id,),
        ),
        counselor_id=me,
    )
    for picklist, code in (
        ("contact_type", "EM"),
        ("counseling_area", "Franchising"),
        ("counseling_area", "eCommerce"),
    ):
        set_picklist_value_active(db, me, picklist, code, False)
    window = open_window()
    dialog = window.client_editor.sessions.make_dialog(session_id)
    try:
        contact = session_field(dialog, "contact_type")
        assert contact.currentData() == "EM"
        assert contact.currentText() == "Online (email/chat) (inactive)"
        assert session_field(dialog, "counseling_area").currentData() == "Franchising"
        assert session_field(dialog, "additional_areas").selected() == ["eCommerce"]
        session_field(dialog, "notes").setPlainText("Edited later")
        dialog.findChild(QPushButton, "session.save").click()
        assert dialog.result() == QDialog.DialogCode.Accepted, dialog.findChild(QLabel, "session.problems").text()
    finally:
        dialog.deleteLater()
    [stored] = counseling_sessions_of(db, client_id)
    assert (stored.contact_type, stored.counseling_area, stored.notes) == ("EM", "Franchising", "Edited later")
    assert stored.additional_areas == frozenset({"eCommerce"})

    # A new session is not offered the inactive values, and typing one in is refused at the field.
    dialog = window.client_editor.sessions.make_dialog()
    try:
        assert "EM" not in combo_items(session_field(dialog, "contact_type"))
        assert "eCommerce" not in session_field(dialog, "additional_areas").values()
        contact = session_field(dialog, "contact_type")
        contact.addItem("Online (email/chat)", "EM")
        pick(contact, "EM")
        pick(session_field(dialog, "counseling_area"), "Business Plan")
        dialog.findChild(QPushButton, "session.save").click()
        assert dialog.result() != QDialog.DialogCode.Accepted
        assert contact.property("invalid") is True
        assert "Contact type: 'EM'" in dialog.findChild(QLabel, "session.problems").text()
    finally:
        dialog.deleteLater()
    assert len(counseling_sessions_of(db, client_id)) == 1
