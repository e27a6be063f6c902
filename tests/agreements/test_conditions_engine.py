"""§2 boundaries (the day before, the day of), all/one, cycles, and §3 processing on plain state."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from neodesk.agreements.conditions import combine, date_met, is_true, metric_met, milestone_met, query_met
from neodesk.agreements.engine import (
    AgreementCompleted,
    AgreementState,
    ConditionState,
    EventReleased,
    EventState,
    MilestoneMoved,
    MilestoneState,
    Observation,
    cash_flow,
    process_agreement,
)
from neodesk.agreements.graph import cycle_refusal, find_cycles

DAY = date(2026, 6, 30)
BEFORE = DAY - timedelta(days=1)


def test_date_condition_boundary() -> None:
    assert not date_met(BEFORE, DAY).met
    assert date_met(DAY, DAY).met
    assert date_met(DAY + timedelta(days=5), DAY).effective_date == DAY


def test_milestone_condition_boundary_with_lag() -> None:
    done = date(2026, 6, 20)
    assert not milestone_met(BEFORE, "complete", done, 10).met
    verdict = milestone_met(DAY, "complete", done, 10)
    assert verdict.met
    assert verdict.effective_date == DAY
    assert not milestone_met(DAY, "ready", None, 0).met


@pytest.mark.parametrize(
    ("op", "value", "met"),
    [
        (">=", 9, False),
        (">=", 10, True),
        (">", 10, False),
        (">", 11, True),
        ("=", 10, True),
        ("=", 9, False),
        ("<=", 11, False),
        ("<=", 10, True),
        ("<", 10, False),
        ("<", 9, True),
    ],
)
def test_metric_operators_at_the_boundary(op: str, value: int, met: bool) -> None:
    verdict = metric_met(DAY, Decimal(value), op, Decimal(10))
    assert verdict.met is met
    assert verdict.observed == f"{value} of 10"
    assert verdict.effective_date == (DAY if met else None)


@pytest.mark.parametrize(
    ("value", "met"), [(None, False), (0, False), ("", False), (1, True), ("x", True), (Decimal("0.5"), True)]
)
def test_query_truth(value: object, met: bool) -> None:
    assert is_true(value) is met
    assert query_met(DAY, value).met is met


def test_all_takes_the_latest_one_the_earliest() -> None:
    days = [date(2026, 1, 5), date(2026, 3, 1)]
    assert combine("all", days, 2) == date(2026, 3, 1)
    assert combine("all", days, 3) is None
    assert combine("one", days, 3) == date(2026, 1, 5)
    assert combine("one", [], 3) is None


def test_cycles_are_named_in_order() -> None:
    assert cycle_refusal({"C": ["A"], "A": ["B"], "B": ["C"]}) == "would create a cycle: C → A → B → C"
    assert find_cycles({"A": ["A"]}) == [["A", "A"]]
    assert cycle_refusal({"A": ["B"], "B": [], "C": ["A", "B"]}) is None


def _chain() -> AgreementState:
    def m(code: str, conds: list[ConditionState], amount: int) -> MilestoneState:
        return MilestoneState(code, "ready", conditions=conds, events=[EventState(f"e-{code}", "disbursement", amount)])

    return AgreementState(
        "AG-1",
        amount=300,
        milestones=[
            m("C", [ConditionState(3, "milestone", milestone="B", lag_days=1)], 100),
            m("B", [ConditionState(2, "milestone", milestone="A")], 100),
            m("A", [ConditionState(1, "date", on=date(2026, 1, 31))], 100),
        ],
    )


def test_a_chain_whose_dates_have_come_completes_in_one_run_in_order() -> None:
    agreement = _chain()
    outcome = process_agreement(agreement, date(2026, 2, 5))
    moves = [c for c in outcome.changes if isinstance(c, MilestoneMoved)]
    assert [(c.milestone, c.effective_date) for c in moves] == [
        ("A", date(2026, 1, 31)),
        ("B", date(2026, 1, 31)),
        ("C", date(2026, 2, 1)),
    ]
    released = [c for c in outcome.changes if isinstance(c, EventReleased)]
    assert [(r.milestone, r.on) for r in released] == [
        ("A", date(2026, 1, 31)),
        ("B", date(2026, 1, 31)),
        ("C", date(2026, 2, 1)),
    ]
    assert isinstance(outcome.changes[-1], AgreementCompleted)
    assert process_agreement(agreement, date(2026, 2, 5)).changes == []


def test_the_day_before_nothing_moves() -> None:
    assert process_agreement(_chain(), date(2026, 1, 30)).changes == []


def test_cycle_is_reported_and_skipped_the_rest_processed() -> None:
    agreement = AgreementState(
        "AG-2",
        amount=0,
        milestones=[
            MilestoneState("A", "ready", conditions=[ConditionState(1, "milestone", milestone="B")]),
            MilestoneState("B", "ready", conditions=[ConditionState(2, "milestone", milestone="A")]),
            MilestoneState("D", "ready", conditions=[ConditionState(3, "date", on=date(2026, 1, 1))]),
            MilestoneState("X", "cancelled"),
            MilestoneState("E", "ready", conditions=[ConditionState(4, "milestone", milestone="X")]),
        ],
    )
    outcome = process_agreement(agreement, date(2026, 2, 1))
    assert sorted((f.milestone, f.reason) for f in outcome.flags) == [
        ("A", "blocked: cycle A → B → A"),
        ("B", "blocked: cycle A → B → A"),
        ("E", "blocked: X cancelled"),
    ]
    assert [c.milestone for c in outcome.changes if isinstance(c, MilestoneMoved)] == ["D"]


def test_metric_and_query_go_through_the_observer_once_and_failures_are_flagged() -> None:
    calls: list[object] = []

    def observe(m: MilestoneState, c: ConditionState) -> Observation:
        calls.append(c.key)
        return Observation(Decimal(7)) if c.kind == "metric" else Observation(error="no such table: x")

    agreement = AgreementState(
        "AG-3",
        milestones=[
            MilestoneState("H", "ready", conditions=[ConditionState("m", "metric", target=Decimal(10))]),
            MilestoneState("Q", "ready", conditions=[ConditionState("q", "query")]),
        ],
    )
    outcome = process_agreement(agreement, DAY, observe)
    assert sorted(calls) == ["m", "q"]
    assert outcome.observed == {"m": "7 of 10"}
    assert [(f.milestone, f.reason) for f in outcome.flags] == [("Q", "query failed: no such table: x")]
    assert outcome.changes == []


def test_approval_groups_make_it_wait_with_events_pending() -> None:
    agreement = AgreementState(
        "AG-4",
        amount=100,
        milestones=[
            MilestoneState(
                "P",
                "ready",
                has_approval=True,
                conditions=[ConditionState(1, "date", on=BEFORE)],
                events=[EventState("e", "billing", 100)],
            )
        ],
    )
    process_agreement(agreement, DAY)
    assert agreement.milestones[0].status == "awaiting_approval"
    assert agreement.milestones[0].events[0].status == "pending"


def test_suspended_and_draft_agreements_are_skipped() -> None:
    for status in ("suspended", "draft", "cancelled"):
        agreement = _chain()
        agreement.status = status
        assert process_agreement(agreement, date(2027, 1, 1)).changes == []


def test_cash_flow_by_month() -> None:
    assert cash_flow([(date(2026, 2, 1), 5), (date(2026, 1, 31), 7), (date(2026, 2, 28), 1)]) == {
        "2026-01": 7,
        "2026-02": 6,
    }
