"""The EditConflictDialog driven for real: a window's stale client, milestone or session edit meets a
change saved elsewhere since it was opened (issue 9, point 2)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from modal_driver import Modals, click
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QPushButton, QRadioButton, QWidget
from pytestqt.qtbot import QtBot

from neodesk.models import Client, CounselingSession, Database, Milestone
from neodesk.services.activity import SessionInput, save_counseling_session
from neodesk.services.client_sync import save_client_with_sync
from neodesk.services.milestones import MilestoneEntry, MilestoneForm, log_milestones, update_milestone
from neodesk.services.reference import current_counselor, funding_sources
from neodesk.sync.deciding import AlwaysNo
from neodesk.ui.client_editor import CANCELLED_TEXT
from neodesk.ui.context import AppContext
from neodesk.ui.edit_conflict_dialog import EditConflictDialog
from neodesk.ui.edit_milestone_dialog import EditMilestoneDialog
from neodesk.ui.main_window import MainWindow
from neodesk.ui.session_dialog import SessionDialog

WindowFactory = Callable[[], MainWindow]


@pytest.fixture
def modals(qtbot: QtBot) -> Iterator[Modals]:
    driver = Modals(qtbot)
    yield driver
    driver.finish()


def find(parent: QWidget, kind: type[Any], name: str) -> Any:
    widget = parent.findChild(kind, name)
    assert widget is not None, f"no {kind.__name__} named {name}"
    return widget


def elsewhere(db: Database, client_id: uuid.UUID, **values: str) -> None:
    """Another editor (the CLI's `set`) saves the client while the window holds it."""
    with db.reading() as s:
        me = current_counselor(s).id
    assert save_client_with_sync(db, client_id, values, counselor_id=me, decider=AlwaysNo()) is not None


def stored(db: Database, client_id: uuid.UUID) -> Client:
    with db.reading() as s:
        return s.get_one(Client, client_id)


def decide(qtbot: QtBot, modals: Modals, seen: dict[str, str], key: str, button: str) -> None:
    """Expect the conflict dialog; read the row of `key`; click its choice (or Cancel) and Save."""

    def act(dialog: EditConflictDialog) -> None:
        seen["theirs"] = find(dialog, QLabel, f"conflict.{key}.theirsText").text()
        seen["mine"] = find(dialog, QLabel, f"conflict.{key}.mineText").text()
        seen["label"] = find(dialog, QLabel, f"conflict.{key}.label").text()
        assert find(dialog, QRadioButton, f"conflict.{key}.mine").isChecked()  # mine until chosen otherwise
        if button == "cancel":
            click(qtbot, find(dialog, QPushButton, "conflict.cancel"))
            return
        click(qtbot, find(dialog, QRadioButton, f"conflict.{key}.{button}"))
        click(qtbot, find(dialog, QPushButton, "conflict.save"))

    modals.expect("EditConflictDialog", act)


def staff_field(window: MainWindow) -> QLineEdit:
    return find(window.client_editor, QLineEdit, "field.full_time_employees")


@pytest.mark.parametrize(("button", "employees"), [("mine", 40), ("theirs", 77)])
def test_client_editor_asks_which_staff_figure_to_keep(
    qtbot: QtBot,
    open_window: WindowFactory,
    make_client: Any,
    db: Database,
    modals: Modals,
    button: str,
    employees: int,
) -> None:
    client_id = make_client("Acme Tool", company_status="B", date_established="2015-01-01", full_time_employees="12")
    window = open_window()
    assert staff_field(window).text() == "12"
    staff_field(window).setText("40")
    find(window.client_editor, QLineEdit, "field.city").setText("Austin")
    elsewhere(db, client_id, full_time_employees="77", zip="78701")  # the case, plus another field
    seen: dict[str, str] = {}
    decide(qtbot, modals, seen, "full_time_employees", button)
    click(qtbot, find(window, QPushButton, "saveClient"))

    assert seen == {"theirs": "77", "mine": "40", "label": "Full-Time Employees"}
    client = stored(db, client_id)
    assert (client.full_time_employees, client.city, client.zip) == (employees, "Austin", "78701")
    # The editor shows the merged client, at its new revision: saving again asks nothing.
    assert staff_field(window).text() == str(employees)
    assert find(window.client_editor, QLineEdit, "field.zip").text() == "78701"
    assert not window.client_editor.is_dirty()
    find(window.client_editor, QLineEdit, "field.city").setText("Dallas")
    click(qtbot, find(window, QPushButton, "saveClient"))
    assert stored(db, client_id).city == "Dallas"


def test_client_editor_cancel_writes_nothing_and_keeps_the_edits(
    qtbot: QtBot,
    open_window: WindowFactory,
    make_client: Any,
    db: Database,
    modals: Modals,
) -> None:
    client_id = make_client("Acme Tool", company_status="B", date_established="2015-01-01", full_time_employees="12")
    window = open_window()
    staff_field(window).setText("40")
    elsewhere(db, client_id, full_time_employees="77")
    revision = stored(db, client_id).revision
    decide(qtbot, modals, {}, "full_time_employees", "cancel")
    click(qtbot, find(window, QPushButton, "saveClient"))

    client = stored(db, client_id)
    assert (client.revision, client.full_time_employees) == (revision, 77)
    assert staff_field(window).text() == "40"
    assert window.client_editor.is_dirty()
    assert window.client_editor.messages.text == CANCELLED_TEXT


def test_client_editor_merges_a_change_to_another_field_without_asking(
    qtbot: QtBot,
    open_window: WindowFactory,
    make_client: Any,
    db: Database,
) -> None:
    client_id = make_client("Acme Tool", company_status="B", date_established="2015-01-01", full_time_employees="12")
    window = open_window()
    find(window.client_editor, QLineEdit, "field.city").setText("Austin")
    elsewhere(db, client_id, full_time_employees="77")
    click(qtbot, find(window, QPushButton, "saveClient"))  # no dialog: the modal watchdog would fail the test

    client = stored(db, client_id)
    assert (client.full_time_employees, client.city) == (77, "Austin")
    assert staff_field(window).text() == "77"
    assert "Full-Time Employees" in window.client_editor.messages.text  # says it merged theirs


def people(db: Database) -> tuple[uuid.UUID, uuid.UUID]:
    with db.reading() as s:
        return current_counselor(s).id, funding_sources(s)[0].id


@pytest.mark.parametrize(("button", "notes"), [("mine", "Mine"), ("theirs", "Theirs")])
def test_edit_milestone_dialog_asks_about_notes_both_changed(
    qtbot: QtBot,
    make_client: Any,
    db: Database,
    modals: Modals,
    button: str,
    notes: str,
) -> None:
    client_id = make_client("Acme Tool", company_status="B", date_established="2015-01-01")
    me, fund = people(db)
    form = MilestoneForm(
        entries=(MilestoneEntry("change_in_full_time_staff", "5"),),
        date=date.today(),
        counselor_ids=(me,),
        funding_source_ids=(fund,),
        notes="First",
    )
    logged = log_milestones(db, client_id, form, counselor_id=me, decider=AlwaysNo())
    assert logged is not None
    [milestone_id] = logged.milestone_ids
    dialog = EditMilestoneDialog(db, milestone_id, me, decider=AlwaysNo())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.common.notes.setPlainText("Mine")
    value = find(dialog, QLineEdit, "value.change_in_full_time_staff")
    value.setText("6")
    update_milestone(db, milestone_id, notes="Theirs", counselor_id=me, decider=AlwaysNo())
    seen: dict[str, str] = {}
    decide(qtbot, modals, seen, "notes", button)
    click(qtbot, find(dialog, QPushButton, "saveMilestone"))

    assert seen == {"theirs": "Theirs", "mine": "Mine", "label": "Notes"}
    with db.reading() as s:
        m = s.get_one(Milestone, milestone_id)
        assert (m.notes, m.amount) == (notes, Decimal(6))


def test_session_dialog_cancel_keeps_the_dialog_and_take_theirs_saves(
    qtbot: QtBot,
    make_client: Any,
    db: Database,
    modals: Modals,
) -> None:
    client_id = make_client("Acme Tool")
    me, fund = people(db)
    entered = SessionInput(
        date=date.today(),
        contact_type="PH",
        counseling_area="Business Plan",
        contact_minutes="30",
        counselor_ids=(me,),
        funding_source_ids=(fund,),
        notes="First",
    )
    session_id = save_counseling_session(db, client_id, entered, counselor_id=me)
    assert session_id is not None
    dialog = SessionDialog(AppContext.for_database(db), client_id, session_id)
    qtbot.addWidget(dialog)
    dialog.show()
    find(dialog, QLineEdit, "session.contact_minutes").setText("45")
    find(dialog, QPlainTextEdit, "session.notes").setPlainText("Mine")
    save_counseling_session(
        db, client_id, replace(entered, contact_minutes="90"), counselor_id=me, session_id=session_id
    )

    seen: dict[str, str] = {}
    decide(qtbot, modals, seen, "contact_minutes", "cancel")
    click(qtbot, find(dialog, QPushButton, "session.save"))
    assert seen == {"theirs": "90", "mine": "45", "label": "Contact time (minutes)"}
    assert dialog.isVisible()  # nothing written, everything typed still there
    assert find(dialog, QLineEdit, "session.contact_minutes").text() == "45"
    assert "cancelled" in find(dialog, QLabel, "session.problems").text()
    with db.reading() as s:
        assert s.get_one(CounselingSession, session_id).notes == "First"

    decide(qtbot, modals, {}, "contact_minutes", "theirs")
    click(qtbot, find(dialog, QPushButton, "session.save"))
    assert not dialog.isVisible()
    with db.reading() as s:
        record = s.get_one(CounselingSession, session_id)
        assert (record.contact_minutes, record.notes) == (90, "Mine")
