"""§6 approval rules as tables: any/all/n, groups in sequence, rounds, members only, maker/checker with
the self-approval setting, a decline's comment and what a decline resets."""

from __future__ import annotations

from datetime import date

import pytest

from neodesk.agreements.approvals import (
    ApprovalRefused,
    ConditionRef,
    GroupSpec,
    ObjectiveRef,
    Vote,
    check_vote,
    decline_plan,
    group_refusal,
    parse_rule,
    progress,
    satisfied,
)
from neodesk.agreements.engine import (
    AgreementState,
    ConditionState,
    EventState,
    MilestoneMoved,
    MilestoneState,
    Observation,
    process_agreement,
)

ANY = GroupSpec("Program", "any", None, frozenset({"ana", "ben", "cy"}))
ALL = GroupSpec("Finance", "all", None, frozenset({"dee", "eve"}))
TWO = GroupSpec("Board", "n", 2, frozenset({"fay", "gus", "hal"}))


@pytest.mark.parametrize(
    ("group", "approvers", "done"),
    [
        (ANY, set(), False),
        (ANY, {"ben"}, True),
        (ANY, {"stranger"}, False),
        (ALL, {"dee"}, False),
        (ALL, {"dee", "eve"}, True),
        (ALL, {"dee", "eve", "stranger"}, True),
        (TWO, {"fay"}, False),
        (TWO, {"fay", "hal"}, True),
        (TWO, {"fay", "stranger"}, False),
        (GroupSpec("Empty", "all"), set(), False),
    ],
)
def test_group_rules(group: GroupSpec, approvers: set[str], done: bool) -> None:
    assert satisfied(group, approvers) is done


def v(group: str, who: str, round_: int = 1, decision: str = "approve") -> Vote:
    return Vote(group, round_, decision, who)


@pytest.mark.parametrize(
    ("votes", "round_", "waiting"),
    [
        ([], 1, "Program"),
        ([v("Program", "ana")], 1, "Finance"),
        ([v("Program", "ana"), v("Finance", "dee")], 1, "Finance"),
        ([v("Program", "ana"), v("Finance", "dee"), v("Finance", "eve")], 1, "Board"),
        (
            [v("Program", "ana"), v("Finance", "dee"), v("Finance", "eve"), v("Board", "fay"), v("Board", "gus")],
            1,
            None,
        ),
        ([v("Program", "ana", round_=1)], 2, "Program"),  # an earlier round's approval no longer counts
        ([v("Program", "ana", decision="decline")], 1, "Program"),
        ([v("Finance", "dee"), v("Finance", "eve")], 1, "Program"),  # in sequence: Finance cannot go first
    ],
)
def test_groups_in_sequence_and_only_this_rounds_approvals(votes: list[Vote], round_: int, waiting: str | None) -> None:
    state = progress([ANY, ALL, TWO], votes, round_)
    assert (state.current.name if state.current else None) == waiting
    assert state.done is (waiting is None)


@pytest.mark.parametrize(
    ("votes", "who", "decision", "makers", "allow", "comment", "sentence"),
    [
        ([], "dee", "approve", set(), False, None, "dee is not a member of approval group Program, which M1 waits for"),
        (
            [v("Program", "ana")],
            "ana",
            "approve",
            set(),
            False,
            None,
            "ana is not a member of approval group Finance, which M1 waits for",
        ),
        (
            [v("Program", "ana"), v("Finance", "dee")],
            "dee",
            "approve",
            set(),
            False,
            None,
            "dee has already approved M1 for Finance in round 1",
        ),
        (
            [],
            "ana",
            "approve",
            {"ana"},
            False,
            None,
            "ana marked or answered M1's conditions and cannot approve it (maker/checker)",
        ),
        (
            [],
            "ana",
            "approve",
            {"ana"},
            True,
            None,
            "ana marked or answered M1's conditions and cannot approve it (maker/checker)",
        ),
        ([], "ana", "decline", set(), False, "  ", "to decline M1 give a comment"),
        ([], "ana", "decline", set(), False, None, "to decline M1 give a comment"),
    ],
)
def test_votes_refused(
    votes: list[Vote], who: str, decision: str, makers: set[str], allow: bool, comment: str | None, sentence: str
) -> None:
    with pytest.raises(ApprovalRefused) as info:
        check_vote(
            "M1",
            [ANY, ALL, TWO],
            votes,
            1,
            who,
            who,
            decision,
            makers=frozenset(makers),
            allow_self_approval=allow,
            comment=comment,
        )
    assert str(info.value) == sentence


def test_the_only_member_may_approve_their_own_work_when_the_setting_allows() -> None:
    alone = GroupSpec("Solo", "any", None, frozenset({"ana"}))
    with pytest.raises(ApprovalRefused, match="maker/checker"):
        check_vote("M1", [alone], [], 1, "ana", "ana", "approve", makers=frozenset({"ana"}))
    group = check_vote(
        "M1", [alone], [], 1, "ana", "ana", "approve", makers=frozenset({"ana"}), allow_self_approval=True
    )
    assert group.name == "Solo"


def test_a_maker_may_decline_and_a_member_approves_in_the_group_waited_for() -> None:
    assert check_vote("M1", [ANY], [], 1, "ana", "ana", "decline", makers=frozenset({"ana"}), comment="no").name == (
        "Program"
    )
    assert check_vote("M1", [ANY, ALL], [v("Program", "ben")], 1, "eve", "eve", "approve").name == "Finance"


def test_nothing_waits_once_every_group_is_satisfied() -> None:
    with pytest.raises(ApprovalRefused, match=r"^M1 has no approval waiting$"):
        check_vote("M1", [ANY], [v("Program", "ben")], 1, "ana", "ana", "approve")


def test_a_decline_reopens_user_and_objectives_conditions_declines_objectives_and_starts_a_round() -> None:
    plan = decline_plan(
        [
            ConditionRef("c-user", "user", "complete"),
            ConditionRef("c-obj", "objectives", "complete"),
            ConditionRef("c-date", "date", "complete"),
            ConditionRef("c-user-open", "user", "ready"),
        ],
        [ObjectiveRef("o1", "accepted"), ObjectiveRef("o2", "submitted"), ObjectiveRef("o3", "open")],
        3,
    )
    assert plan.reopen_conditions == ("c-user", "c-obj")
    assert plan.decline_objectives == ("o1", "o2")
    assert plan.next_round == 4


@pytest.mark.parametrize(("text", "rule"), [("any", ("any", None)), ("ALL", ("all", None)), ("2", ("n", 2))])
def test_rules_parse(text: str, rule: tuple[str, int | None]) -> None:
    assert parse_rule(text) == rule


@pytest.mark.parametrize("text", ["0", "most", "-1", ""])
def test_bad_rules_are_refused(text: str) -> None:
    with pytest.raises(ApprovalRefused, match="must be any, all or a number of members"):
        parse_rule(text)


@pytest.mark.parametrize(
    ("name", "rule", "needed", "members", "refusal"),
    [
        ("Program", "any", None, 2, None),
        ("Program", "n", 2, 2, None),
        ("Program", "n", 3, 2, "approval group Program: rule 3 needs at least 3 members, it has 2"),
        ("Program", "all", None, 0, "approval group Program needs at least one active member"),
        ("  ", "any", None, 1, "an approval group needs a name"),
    ],
)
def test_group_definitions(name: str, rule: str, needed: int | None, members: int, refusal: str | None) -> None:
    assert group_refusal(name, rule, needed, members) == refusal


@pytest.mark.parametrize(
    ("accepted_on", "as_of", "moved_to"),
    [
        (None, date(2026, 6, 30), None),  # not every required objective accepted yet
        (date(2026, 6, 1), date(2026, 6, 30), "awaiting_approval"),
        (date(2026, 7, 1), date(2026, 6, 30), None),  # accepted after the as-of date
    ],
)
def test_processing_judges_the_objectives_condition_and_waits_for_approval(
    accepted_on: date | None, as_of: date, moved_to: str | None
) -> None:
    condition = ConditionState("c1", "objectives")
    milestone = MilestoneState(
        "PAYROLL", "ready", has_approval=True, conditions=[condition], events=[EventState("e1", "disbursement", 500)]
    )
    agreement = AgreementState("AG-9", milestones=[milestone])
    outcome = process_agreement(agreement, as_of, lambda m, c: Observation(accepted_on))
    moves = [c for c in outcome.changes if isinstance(c, MilestoneMoved)]
    assert [m.target for m in moves] == ([moved_to] if moved_to else [])
    if moved_to:
        assert (condition.status, condition.effective_date, milestone.effective_date) == (
            "complete",
            accepted_on,
            accepted_on,
        )
        assert milestone.events[0].status == "pending"  # released by the last approval, not by processing
