"""Issue 13 in the New Milestone dialog: M17's Log anyway / Cancel, the follow-up session's minutes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from milestone_data import TODAY, client, log, milestones, new_client, sessions
from modal_driver import Modals
from PySide6.QtWidgets import QMessageBox, QSpinBox
from pytestqt.qtbot import QtBot
from test_new_milestone_dialog import choose, find, open_dialog, save, tick

from neodesk.models import Database
from neodesk.services.milestones import MilestoneEntry


@pytest.fixture
def modals(qtbot: QtBot) -> Iterator[Modals]:
    driver = Modals(qtbot)
    yield driver
    driver.finish()


def _press(name: str, seen: list[str]):  # type: ignore[no-untyped-def]
    def act(box: QMessageBox) -> None:
        seen.append(box.text())
        for button in box.buttons():
            if button.text().replace("&", "") == name:
                button.click()
                return
        raise AssertionError(f"no button {name}")

    return act


def test_dib_ready_with_missing_steps_asks_and_cancel_writes_nothing(
    db: Database, qtbot: QtBot, modals: Modals
) -> None:
    cid = new_client(db)
    log(db, cid, TODAY - timedelta(days=5), MilestoneEntry("sam_registered", detail="ABCDEFGH1234"))
    dialog = open_dialog(qtbot, db, cid)
    tick(qtbot, dialog, "type.dib_ready")
    seen: list[str] = []
    modals.expect("milestoneConfirm", _press("Cancel", seen))
    save(qtbot, dialog)
    assert seen[0].startswith("DIB Ready: 1 of 7 required steps logged; missing CAGE Code Assigned, ")
    assert [m.type_code for m in milestones(db, cid)] == ["sam_registered"]
    assert dialog.isVisible()  # kept open with the edits
    assert client(db, cid).dib_ready is False


def test_dib_ready_log_anyway_logs(db: Database, qtbot: QtBot, modals: Modals) -> None:
    cid = new_client(db)
    dialog = open_dialog(qtbot, db, cid)
    tick(qtbot, dialog, "type.dib_ready")
    modals.expect("milestoneConfirm", _press("Log anyway", []))
    save(qtbot, dialog)
    assert [m.type_code for m in milestones(db, cid)] == ["dib_ready"]


def test_follow_up_minutes_default_to_the_setting_and_zero_is_refused(db: Database, qtbot: QtBot) -> None:
    cid = new_client(db)
    dialog = open_dialog(qtbot, db, cid)
    tick(qtbot, dialog, "type.business_expansion")
    tick(qtbot, dialog, "followup")
    minutes = find(dialog, QSpinBox, "followup.minutes")
    assert minutes.isVisible()
    assert minutes.value() == 15
    choose(dialog, "followup.contact_type", "PH")
    choose(dialog, "followup.counseling_area", "Business Plan")
    minutes.setValue(0)
    save(qtbot, dialog)
    assert "followup.minutes" in dialog.problems.marked()
    assert sessions(db, cid) == []
    minutes.setValue(25)
    save(qtbot, dialog)
    [record] = sessions(db, cid)
    assert record.contact_minutes == 25


def test_session_dialog_refuses_zero_contact_minutes(qtbot, open_window, make_client, db: Database) -> None:
    from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton, QWidget

    client_id = make_client()
    window = open_window()
    dialog = window.client_editor.sessions.make_dialog()
    try:
        for key, code in (("contact_type", "PH"), ("session_type", "Follow-up"), ("counseling_area", "Business Plan")):
            combo = dialog.findChild(QComboBox, f"session.{key}")
            combo.setCurrentIndex(combo.findData(code))
        dialog.findChild(QLineEdit, "session.contact_minutes").setText("0")
        dialog.findChild(QPushButton, "session.save").click()
        assert dialog.saved_id is None
        problems = dialog.findChild(QLabel, "session.problems")
        assert "Contact time (minutes): a counseling session needs at least 1 minute." in problems.text()
        assert dialog.findChild(QWidget, "session.contact_minutes").property("invalid") is True
        assert sessions(db, client_id) == []
    finally:
        dialog.deleteLater()
