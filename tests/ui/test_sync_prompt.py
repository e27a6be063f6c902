"""The sync prompt: what it shows, and how each key and button maps to an Answer."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from milestone_data import TODAY, client, me_and_fund, milestones, new_client
from modal_driver import Modals, click
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from neodesk.models import Database
from neodesk.services.milestones import MilestoneEntry, MilestoneForm, log_milestones
from neodesk.sync.deciding import Answer, Question
from neodesk.ui.sync_prompt import QtDecider, SyncPrompt

QUESTION = Question("M7", "profits", "Update Profits?", "Profits: 1,000.00 → 2,500.00", date(2026, 11, 20))


@pytest.fixture
def modals(qtbot: QtBot) -> Iterator[Modals]:
    driver = Modals(qtbot)
    yield driver
    driver.finish()


def test_prompt_shows_the_question_and_names_the_proposal(qtbot: QtBot) -> None:
    prompt = SyncPrompt(QUESTION)
    qtbot.addWidget(prompt)
    assert prompt.objectName() == "SyncPrompt"
    assert prompt.isModal()
    assert prompt.windowTitle() == "Update Profits?"
    assert prompt.property("proposal") == "profits"
    assert prompt.findChild(QLabel, "sync.change").text() == "Profits: 1,000.00 → 2,500.00"
    assert "2026-11-20" in prompt.findChild(QLabel, "sync.date").text()
    yes = prompt.findChild(QPushButton, "syncYes")
    assert yes.isDefault()
    assert [
        b.text().replace("&", "")
        for b in (yes, prompt.findChild(QPushButton, "syncNo"), prompt.findChild(QPushButton, "syncNoToAll"))
    ] == ["Yes", "No", "No to all"]


def _press(key: Qt.Key) -> Callable[[QtBot, SyncPrompt], None]:
    return lambda qtbot, prompt: qtbot.keyClick(prompt, key)


def _click(name: str) -> Callable[[QtBot, SyncPrompt], None]:
    return lambda qtbot, prompt: click(qtbot, prompt.findChild(QPushButton, name))


@pytest.mark.parametrize(
    ("act", "answer"),
    [
        pytest.param(_press(Qt.Key.Key_Return), Answer.YES, id="Enter is Yes"),
        pytest.param(_press(Qt.Key.Key_Enter), Answer.YES, id="keypad Enter is Yes"),
        pytest.param(_press(Qt.Key.Key_Escape), Answer.CANCEL, id="Esc cancels"),
        pytest.param(lambda qtbot, prompt: prompt.close(), Answer.CANCEL, id="closing the window cancels"),
        pytest.param(_click("syncYes"), Answer.YES, id="Yes"),
        pytest.param(_click("syncNo"), Answer.NO, id="No"),
        pytest.param(_click("syncNoToAll"), Answer.NO_TO_ALL, id="No to all"),
    ],
)
def test_qt_decider_maps_the_counselors_answer(qtbot: QtBot, modals: Modals, act: Any, answer: Answer) -> None:
    seen: list[Any] = []

    def answer_prompt(prompt: SyncPrompt) -> None:
        seen.append(prompt.property("proposal"))
        act(qtbot, prompt)

    modals.expect("SyncPrompt", answer_prompt)
    assert QtDecider(None).decide(QUESTION) is answer
    assert seen == ["profits"]


def test_no_to_all_declines_the_remaining_prompts_of_the_save(db: Database, qtbot: QtBot, modals: Modals) -> None:
    cid = new_client(db, profits="1000")
    me, fund = me_and_fund(db)
    asked: list[str] = []

    def no_to_all(prompt: SyncPrompt) -> None:
        asked.append(prompt.property("proposal"))
        click(qtbot, prompt.findChild(QPushButton, "syncNoToAll"))

    # Profits (M7) is asked first; HUBZone (M10) would come next but must not be asked.
    modals.expect("SyncPrompt", no_to_all)
    form = MilestoneForm(
        entries=(MilestoneEntry("change_in_profits", "2500"), MilestoneEntry("hubzone_certified")),
        date=TODAY,
        counselor_ids=(me,),
        funding_source_ids=(fund,),
    )
    result = log_milestones(db, cid, form, counselor_id=me, decider=QtDecider(None), today=TODAY)
    assert result is not None
    assert asked == ["profits"]
    assert [(m.type_code, m.amount) for m in milestones(db, cid)] == [
        ("change_in_profits", Decimal("2500.00")),
        ("hubzone_certified", None),
    ]
    stored = client(db, cid)
    assert (stored.profits, stored.hubzone, stored.hubzone_certification_date) == (Decimal("1000.00"), None, None)


def test_prompt_asks_what_yes_does_and_offers_cancel(qtbot: QtBot, modals: Modals) -> None:
    """Issue 13: the prompt asks a question (what Yes does), lists each change on its own line, and shows
    a Cancel button doing what Esc does."""
    from neodesk.sync.proposals import MilestoneProposal

    proposal = MilestoneProposal(
        "C3",
        "change_in_full_time_staff",
        automatic=False,
        date=date(2026, 12, 3),
        amount=9,
        initial_amount=2,
        change="Full-Time Employees: 2 → 9; Part-Time Employees: 1 → 4",
    )
    prompt = SyncPrompt(proposal.question)
    qtbot.addWidget(prompt)
    assert prompt.findChild(QLabel, "sync.title").text() == (
        "Log a Change in Full-Time Staff milestone of 9, dated 2026-12-03?"
    )
    assert prompt.findChild(QLabel, "sync.change").text() == ("Full-Time Employees: 2 → 9\nPart-Time Employees: 1 → 4")
    cancel = prompt.findChild(QPushButton, "syncCancel")
    assert cancel is not None
    assert cancel.text() == "Cancel"
    modals.expect("SyncPrompt", lambda prompt: click(qtbot, prompt.findChild(QPushButton, "syncCancel")))
    assert QtDecider(None).decide(proposal.question) is Answer.CANCEL


def test_milestone_to_client_prompt_asks_to_update_the_client() -> None:
    from neodesk.sync.proposals import ClientEffect, EffectKind

    effect = ClientEffect(
        "M1",
        EffectKind.PROMPT,
        "full_time_employees",
        "Update Full-Time Employees?",
        "Full-Time Employees: 2 → 9",
        updates={"full_time_employees": 9},
        date=date(2026, 12, 3),
    )
    assert effect.question.question_text == "Update the client's Full-Time Employees to 9?"
