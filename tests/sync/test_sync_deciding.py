"""The prompt seam: resolve() sequence semantics (sync-rules.md, screens.md "Sync prompt")."""

from __future__ import annotations

import pytest
from client_states import RECENT, SETTINGS, TODAY, client

from neodesk.sync.deciding import AlwaysNo, AlwaysYes, Answer, Question, ScriptedDecider, resolve
from neodesk.sync.evaluate import client_edit_proposals
from neodesk.sync.proposals import INACTIVATE, ClientEffect, EffectKind, MilestoneProposal, client_updates

Y, N, ALL, CANCEL = Answer.YES, Answer.NO, Answer.NO_TO_ALL, Answer.CANCEL


def _auto(code: str) -> MilestoneProposal:
    return MilestoneProposal("C1", code, automatic=True, date=RECENT)


def _ask(code: str) -> MilestoneProposal:
    return MilestoneProposal("P", code, automatic=False, date=TODAY, change=f"{code}: 1 → 2")


def _closing() -> MilestoneProposal:
    """P1 as the rules make it: permanently closed, with the inactivate follow-up."""
    (proposal,) = client_edit_proposals(client(), client(company_status="PC"), SETTINGS, TODAY)
    return proposal


PROMPTS = [_ask("a"), _ask("b"), _ask("c")]


def _codes(items: list[object] | None) -> list[str] | None:
    if items is None:
        return None
    return [getattr(i, "type_code", None) or getattr(i, "proposal", "") for i in items]


def test_automatic_items_are_accepted_without_asking() -> None:
    decider = ScriptedDecider()  # no answers, no default: any question would raise
    assert _codes(resolve([_auto("x"), _auto("y")], decider)) == ["x", "y"]
    assert decider.asked == []


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ([Y, Y, Y], ["a", "b", "c"]),
        ([Y, N, Y], ["a", "c"]),
        ([N, N, N], []),
        ([N, Y, N], ["b"]),
    ],
)
def test_each_prompt_is_asked_in_order(answers: list[Answer], expected: list[str]) -> None:
    decider = ScriptedDecider(answers)
    assert _codes(resolve(PROMPTS, decider)) == expected
    assert [q.proposal for q, _ in decider.asked] == ["a", "b", "c"]


def test_no_to_all_declines_the_rest_without_asking() -> None:
    decider = ScriptedDecider([Y, ALL])
    items = [PROMPTS[0], PROMPTS[1], _auto("x"), PROMPTS[2]]
    assert _codes(resolve(items, decider)) == ["a", "x"]  # the automatic one still happens
    assert [q.proposal for q, _ in decider.asked] == ["a", "b"]


@pytest.mark.parametrize("answers", [[CANCEL], [Y, CANCEL], [Y, Y, CANCEL]])
def test_cancel_returns_none(answers: list[Answer]) -> None:
    assert resolve([_auto("x"), *PROMPTS], ScriptedDecider(answers)) is None


def test_followup_is_not_asked_when_the_parent_is_declined() -> None:
    decider = ScriptedDecider([N, Y])
    assert _codes(resolve([_closing(), PROMPTS[0]], decider)) == ["a"]
    assert [q.proposal for q, _ in decider.asked] == ["permanently_closed", "a"]


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ([Y, Y, Y], ["permanently_closed", INACTIVATE, "a"]),
        ([Y, N, Y], ["permanently_closed", "a"]),
        ([Y, ALL], ["permanently_closed"]),
        ([ALL], []),
        ([Y, CANCEL], None),
    ],
)
def test_followup_is_asked_right_after_an_accepted_parent(answers: list[Answer], expected: list[str] | None) -> None:
    decider = ScriptedDecider(answers)
    assert _codes(resolve([_closing(), PROMPTS[0]], decider)) == expected
    if expected is not None and answers[0] is Y:
        assert decider.asked[1][0].proposal == INACTIVATE


def test_accepted_followup_sets_the_client_inactive() -> None:
    accepted = resolve([_closing()], AlwaysYes())
    assert accepted is not None
    assert client_updates(accepted) == {"active": False, "client_type": "IC"}


def test_warnings_and_notices_pass_through() -> None:
    warning = ClientEffect("M13", EffectKind.WARNING, "export_countries", "t", "review")
    notice = ClientEffect("older", EffectKind.NOTICE, "", "t", "older")
    prompt = ClientEffect("M7", EffectKind.PROMPT, "profits", "t", "1 → 2", {"profits": 2})
    decider = ScriptedDecider([N])
    assert resolve([warning, prompt, notice], decider) == [warning, notice]
    assert len(decider.asked) == 1


def test_questions_carry_what_the_dialog_shows() -> None:
    decider = ScriptedDecider([Y])
    resolve([_ask("change_in_sales")], decider)
    (question, answer), = decider.asked  # fmt: skip
    assert question == Question(
        "P",
        "change_in_sales",
        "Change in Sales",
        "change_in_sales: 1 → 2",
        TODAY,
        f"Log a Change in Sales milestone, dated {TODAY.isoformat()}?",
    )
    assert answer is Y


def test_always_yes_and_always_no() -> None:
    items = [_auto("x"), *PROMPTS]
    assert _codes(resolve(items, AlwaysYes())) == ["x", "a", "b", "c"]
    assert _codes(resolve(items, AlwaysNo())) == ["x"]


def test_scripted_decider_default_and_exhaustion() -> None:
    assert _codes(resolve(PROMPTS, ScriptedDecider([Y], default=N))) == ["a"]
    with pytest.raises(LookupError, match="unexpected question"):
        resolve(PROMPTS, ScriptedDecider([Y]))


def test_nothing_to_ask_is_an_empty_acceptance_not_a_cancel() -> None:
    assert resolve([], ScriptedDecider()) == []
