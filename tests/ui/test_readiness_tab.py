"""The Contract Readiness tab: goals and progress, the checklist, and its edit shortcuts."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from milestone_data import TODAY, client, log, me_and_fund, milestones, new_client
from modal_driver import Modals, click
from PySide6.QtWidgets import QCheckBox, QDialog, QLabel, QLineEdit, QProgressBar, QPushButton, QTableWidget
from pytestqt.qtbot import QtBot

from neodesk.models import Database
from neodesk.services.milestones import MilestoneEntry
from neodesk.ui.readiness_tab import COL_DATE, COL_DETAIL, COL_DONE, ReadinessTab
from neodesk.ui.sync_prompt import SyncPrompt


@pytest.fixture
def modals(qtbot: QtBot) -> Iterator[Modals]:
    driver = Modals(qtbot)
    yield driver
    driver.finish()


def open_tab(qtbot: QtBot, db: Database, client_id: uuid.UUID) -> ReadinessTab:
    me, _fund = me_and_fund(db)
    tab = ReadinessTab(db, me, today=TODAY)
    qtbot.addWidget(tab)
    tab.load(client_id)
    tab.show()
    return tab


def progress(tab: ReadinessTab, goal: str) -> str:
    bar = tab.findChild(QProgressBar, f"progress.{goal}")
    assert bar is not None
    return bar.text()


def row_of(tab: ReadinessTab, code: str) -> list[str]:
    table = tab.findChild(QTableWidget, "readinessChecklist")
    button = tab.findChild(QPushButton, f"edit.{code}")
    assert table is not None
    assert button is not None
    row = next(r for r in range(table.rowCount()) if table.cellWidget(r, table.columnCount() - 1) is button)
    return [table.item(row, c).text() for c in (COL_DONE, COL_DATE, COL_DETAIL)]


def test_goals_show_flag_date_and_progress(db: Database, qtbot: QtBot) -> None:
    cid = new_client(db, dib_ready=True, dib_ready_date="2026-01-05")
    log(
        db,
        cid,
        TODAY - timedelta(days=4),
        MilestoneEntry("sam_registered", detail="ABCDEFGH1234"),
        MilestoneEntry("cage_assigned", detail="1AB23"),
        MilestoneEntry("naics_identified", detail="541511"),
        MilestoneEntry("sbs_profile"),
        MilestoneEntry("nist_800_171_assessed", "-12"),
    )
    tab = open_tab(qtbot, db, cid)
    assert progress(tab, "dib_ready") == "5 of 7 required steps"
    assert progress(tab, "gib_ready") == "2 of 3 required steps"
    assert tab.findChild(QLabel, "goal.dib_ready").text() == "Ready since 2026-01-05"
    assert tab.findChild(QLabel, "goal.gib_ready").text() == "Not ready yet"
    day = (TODAY - timedelta(days=4)).isoformat()
    assert row_of(tab, "sam_registered") == ["Done", day, "ABCDEFGH1234"]
    assert row_of(tab, "nist_800_171_assessed") == ["Done", day, "-12"]
    assert row_of(tab, "capability_statement") == ["—", "", ""]
    assert tab.property("highlighted") is True  # M16: the SAM registration turned government contracting on


def test_highlighted_for_government_contracting_clients(db: Database, qtbot: QtBot) -> None:
    tab = open_tab(qtbot, db, new_client(db, government_contracting=True))
    assert tab.property("highlighted") is True
    assert tab.findChild(QLabel, "readinessGovcon").isVisible()
    tab.load(new_client(db, name="Plain Co"))
    assert tab.property("highlighted") is False


def test_edit_shortcut_opens_new_milestone_with_the_type_checked(db: Database, qtbot: QtBot, modals: Modals) -> None:
    cid = new_client(db)
    tab = open_tab(qtbot, db, cid)
    seen: list[Any] = []

    def look_and_cancel(dialog: QDialog) -> None:
        box = dialog.findChild(QCheckBox, "type.capability_statement")
        seen.append((dialog.objectName(), box.isChecked(), box.isVisible()))
        dialog.reject()

    modals.expect("NewMilestoneDialog", look_and_cancel)
    with qtbot.assertNotEmitted(tab.changed):
        click(qtbot, tab.findChild(QPushButton, "edit.capability_statement"))
    assert seen == [("NewMilestoneDialog", True, True)]
    assert milestones(db, cid) == []


def test_edit_shortcut_edits_the_newest_existing_milestone(db: Database, qtbot: QtBot, modals: Modals) -> None:
    cid = new_client(db)
    log(db, cid, TODAY - timedelta(days=9), MilestoneEntry("naics_identified", detail="541511"))
    log(db, cid, TODAY - timedelta(days=2), MilestoneEntry("naics_identified", detail="541511, 541512"))
    tab = open_tab(qtbot, db, cid)

    def correct_codes(dialog: QDialog) -> None:
        value = dialog.findChild(QLineEdit, "value.naics_identified")
        assert value.text() == "541511, 541512"
        value.clear()
        qtbot.keyClicks(value, "541511, 541519")
        click(qtbot, dialog.findChild(QPushButton, "saveMilestone"))

    modals.expect("EditMilestoneDialog", correct_codes)
    with qtbot.waitSignal(tab.changed, timeout=5000):
        click(qtbot, tab.findChild(QPushButton, "edit.naics_identified"))
    assert [(m.date, m.detail) for m in milestones(db, cid)] == [
        (TODAY - timedelta(days=9), "541511"),
        (TODAY - timedelta(days=2), "541511, 541519"),
    ]
    assert row_of(tab, "naics_identified")[2] == "541511, 541519"


def test_logging_the_last_gib_step_offers_gib_ready(db: Database, qtbot: QtBot, modals: Modals) -> None:
    cid = new_client(db)
    log(
        db,
        cid,
        TODAY - timedelta(days=6),
        MilestoneEntry("state_vendor_registered"),
        MilestoneEntry("naics_identified", detail="541511"),
    )
    tab = open_tab(qtbot, db, cid)
    assert progress(tab, "gib_ready") == "2 of 3 required steps"
    asked: list[Any] = []

    def save_step(dialog: QDialog) -> None:
        assert dialog.findChild(QCheckBox, "type.capability_statement").isChecked()
        click(qtbot, dialog.findChild(QPushButton, "saveMilestones"))

    def accept_gib(prompt: SyncPrompt) -> None:
        asked.append((prompt.property("proposal"), prompt.windowTitle()))
        click(qtbot, prompt.findChild(QPushButton, "syncYes"))

    modals.expect("NewMilestoneDialog", save_step)
    modals.expect("SyncPrompt", accept_gib)
    with qtbot.waitSignal(tab.changed, timeout=5000):
        click(qtbot, tab.findChild(QPushButton, "edit.capability_statement"))

    assert asked == [("gib_ready", "Log GIB Ready?")]
    stored = client(db, cid)
    assert (stored.gib_ready, stored.gib_ready_date) == (True, TODAY)
    assert (stored.dib_ready, stored.dib_ready_date) == (False, None)
    logged = {(m.type_code, m.date, m.origin) for m in milestones(db, cid)}
    assert {("capability_statement", TODAY, "manual"), ("gib_ready", TODAY, "readiness")} <= logged
    assert progress(tab, "gib_ready") == "3 of 3 required steps"
    assert tab.findChild(QLabel, "goal.gib_ready").text() == f"Ready since {TODAY.isoformat()}"
    assert row_of(tab, "gib_ready")[0] == "Done"
