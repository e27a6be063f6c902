"""The same fact twice and M17, as pure rules (the store-level tests are in tests/services)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest

from neodesk.catalog.milestone_types import DEFAULT_READINESS_REQUIREMENTS
from neodesk.sync.proposals import MilestoneProposal
from neodesk.sync.same_fact import MilestoneUpdate, StoredMilestone, against_stored, confirmations

DAY = date(2026, 12, 3)
STORED_ID = uuid.uuid4()


def proposal(type_code: str, amount: int | None = None, *, day: date = DAY, automatic: bool = False):  # type: ignore[no-untyped-def]
    return MilestoneProposal("P3", type_code, automatic, day, amount=amount, initial_amount=1)


def test_same_day_value_becomes_an_update_of_that_milestone() -> None:
    stored = [StoredMilestone(STORED_ID, "change_in_part_time_staff", DAY, Decimal(4), Decimal(1))]
    [update] = against_stored([proposal("change_in_part_time_staff", 7)], stored)
    assert isinstance(update, MilestoneUpdate)
    assert (update.milestone_id, update.amount) == (STORED_ID, 7)
    assert update.question.change == "Change in Part-Time Staff of 2026-12-03: 4 → 7"


@pytest.mark.parametrize(
    ("stored", "proposed", "kept"),
    [
        ([("change_in_part_time_staff", DAY, 7)], ("change_in_part_time_staff", 7, DAY), 0),  # same value: nothing
        ([("change_in_part_time_staff", date(2026, 12, 1), 4)], ("change_in_part_time_staff", 7, DAY), 1),  # new day
        ([("hubzone_certified", date(2025, 1, 1), None)], ("hubzone_certified", None, DAY), 0),  # any date
        ([("permanently_closed", date(2025, 1, 1), None)], ("permanently_closed", None, DAY), 0),
        ([("temporarily_closed", date(2025, 1, 1), None)], ("temporarily_closed", None, DAY), 1),  # can recur
        ([("changed_legal_form", date(2025, 1, 1), None)], ("changed_legal_form", None, DAY), 1),
    ],
)
def test_repeat_table(stored: list, proposed: tuple, kept: int) -> None:  # type: ignore[type-arg]
    rows = [StoredMilestone(uuid.uuid4(), code, day, amount) for code, day, amount in stored]
    code, amount, day = proposed
    result = against_stored([proposal(code, amount, day=day)], rows)
    assert len(result) == kept
    assert not any(isinstance(r, MilestoneUpdate) for r in result)


def test_m17_names_the_missing_steps() -> None:
    [asked] = confirmations([("dib_ready", DAY)], {"sam_registered": DAY}, DEFAULT_READINESS_REQUIREMENTS)
    assert asked.rule_id == "M17"
    assert asked.change.startswith("DIB Ready: 1 of 7 required steps logged; missing CAGE Code Assigned, ")
    assert "SAM Registration" not in asked.change


def test_m17_silent_when_every_step_is_logged() -> None:
    steps = {code: DAY for alternatives in DEFAULT_READINESS_REQUIREMENTS["gib_ready"] for code in alternatives}
    assert confirmations([("gib_ready", DAY)], steps, DEFAULT_READINESS_REQUIREMENTS) == []


def test_second_certification_asks() -> None:
    [asked] = confirmations(
        [("wosb_certified", DAY)], {"wosb_certified": date(2026, 7, 18)}, DEFAULT_READINESS_REQUIREMENTS
    )
    assert asked.change == "WOSB Certification Obtained: already logged on 2026-07-18."
