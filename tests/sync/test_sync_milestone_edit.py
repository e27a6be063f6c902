"""The milestone-amount-edit question as a row of the rule tables (sync-rules.md "Edits and deletions").

Editing the amount of the newest milestone of a value type asks whether to update the client field;
the row is run by ``milestone_effects`` like M1–M16, so its wording is the other prompts' wording.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from client_states import OFF, SETTINGS, TODAY, client, days_ago

from neodesk.catalog.milestone_types import VALUE_FIELDS
from neodesk.sync.deciding import Answer, ScriptedDecider, resolve
from neodesk.sync.milestone_effects import (
    EDIT_RULE_ID,
    MILESTONE_EDIT_RULES,
    MILESTONE_RULES,
    NewMilestone,
    milestone_edit_effects,
)
from neodesk.sync.proposals import EffectKind, client_updates


def test_the_edit_row_sits_in_a_rule_table_covering_every_value_type() -> None:
    [row] = MILESTONE_EDIT_RULES
    assert row.rule_id == EDIT_RULE_ID == "edit"
    assert row.kind is EffectKind.PROMPT
    assert row.type_codes == frozenset(VALUE_FIELDS)
    assert EDIT_RULE_ID not in {r.rule_id for r in MILESTONE_RULES}  # a new milestone never raises it


def test_a_staff_count_edit_asks_in_the_prompts_words() -> None:
    [effect] = milestone_edit_effects(
        client(full_time_employees=5), NewMilestone("change_in_full_time_staff", days_ago(3), 6), SETTINGS, TODAY
    )
    question = effect.question
    assert (question.rule_id, question.proposal, question.title) == (
        "edit",
        "full_time_employees",
        "Update Full-Time Employees?",
    )
    assert question.change == "Full-Time Employees: 5 → 6"
    assert question.ask == "Update the client's Full-Time Employees to 6?"
    assert question.date == days_ago(3)  # the date the milestone carries after the edit
    assert dict(effect.updates) == {"full_time_employees": 6}


def test_a_sales_edit_updates_the_figure_but_not_its_date() -> None:
    # Only the amount was edited: the Gross Revenue Date stays what it was (unlike M6 for a new milestone).
    [effect] = milestone_edit_effects(
        client(gross_sales=Decimal("250000.00")),
        NewMilestone("change_in_sales", days_ago(1), Decimal("275000.00")),
        SETTINGS,
        TODAY,
    )
    assert dict(effect.updates) == {"gross_sales": Decimal("275000.00")}
    assert effect.question.change == "Gross Revenues/Sales: 250,000.00 → 275,000.00"


@pytest.mark.parametrize(("answer", "expected"), [(Answer.YES, {"bonding_amount": Decimal("9.00")}), (Answer.NO, {})])
def test_answers_go_through_resolve(answer: Answer, expected: dict[str, object]) -> None:
    effects = milestone_edit_effects(
        client(bonding_amount=Decimal("1.00")),
        NewMilestone("change_in_bonding", TODAY, Decimal("9.00")),
        SETTINGS,
        TODAY,
    )
    decider = ScriptedDecider([answer])
    accepted = resolve(effects, decider)
    assert accepted is not None
    assert client_updates(accepted) == expected
    assert [q.proposal for q, _ in decider.asked] == ["bonding_amount"]


def test_cancel_abandons_the_edit() -> None:
    effects = milestone_edit_effects(
        client(), NewMilestone("change_in_profits", TODAY, Decimal("1.00")), SETTINGS, TODAY
    )
    assert resolve(effects, ScriptedDecider([Answer.CANCEL])) is None


def test_silent_when_the_setting_is_off() -> None:
    assert milestone_edit_effects(client(), NewMilestone("change_in_full_time_staff", TODAY, 9), OFF, TODAY) == []


@pytest.mark.parametrize(
    "code", ["jobs_retained", "sales_retained", "government_contract_award", "nist_800_171_assessed"]
)
def test_silent_for_amounts_that_mirror_no_client_field(code: str) -> None:
    assert milestone_edit_effects(client(), NewMilestone(code, TODAY, 9), SETTINGS, TODAY) == []


def test_silent_when_the_client_already_holds_the_new_amount() -> None:
    # The machinery drops updates that change nothing, as for every other row.
    assert (
        milestone_edit_effects(
            client(full_time_employees=6), NewMilestone("change_in_full_time_staff", TODAY, 6), SETTINGS, TODAY
        )
        == []
    )


def test_asks_for_a_milestone_a_client_edit_made() -> None:
    # No echo concerns new milestones made by a rule; editing one by hand is the counselor's own change.
    made_by_rule = NewMilestone("change_in_full_time_staff", TODAY, 7, origin="client_edit")
    assert [e.proposal for e in milestone_edit_effects(client(), made_by_rule, SETTINGS, TODAY)] == [
        "full_time_employees"
    ]
