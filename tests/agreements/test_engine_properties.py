"""Hypothesis: random agreements and random marks and runs never release an event twice, never
exceed the amount, and a second run at once changes nothing."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from neodesk.agreements.engine import (
    AgreementState,
    ConditionState,
    EventReleased,
    EventState,
    MilestoneState,
    Observation,
    process_agreement,
)
from neodesk.agreements.money import split_equally

START = date(2026, 1, 1)


@st.composite
def agreements(draw: st.DrawFn) -> AgreementState:
    count = draw(st.integers(1, 6))
    codes = [f"M{i}" for i in range(count)]
    amount = draw(st.integers(0, 10_000_000))
    events_per = [draw(st.integers(0, 3)) for _ in codes]
    parts = iter(split_equally(amount, max(1, sum(events_per))))
    milestones = []
    for i, code in enumerate(codes):
        conditions = []
        for j in range(draw(st.integers(1, 3))):
            kind = draw(st.sampled_from(["date", "milestone", "user", "metric"]))
            key = f"{code}.{j}"
            if kind == "date":
                conditions.append(ConditionState(key, kind, on=START + timedelta(days=draw(st.integers(0, 60)))))
            elif kind == "milestone":
                conditions.append(
                    ConditionState(key, kind, milestone=draw(st.sampled_from(codes)), lag_days=draw(st.integers(0, 5)))
                )
            elif kind == "metric":
                conditions.append(ConditionState(key, kind, target=Decimal(draw(st.integers(0, 10)))))
            else:
                conditions.append(ConditionState(key, kind))
        events = [EventState(f"{code}.e{k}", "disbursement", next(parts)) for k in range(events_per[i])]
        milestones.append(
            MilestoneState(
                code,
                draw(st.sampled_from(["ready", "pending"])),
                require=draw(st.sampled_from(["all", "one"])),
                conditions=conditions,
                events=events,
            )
        )
    return AgreementState("AG", amount=amount, milestones=milestones)


def _mark(agreement: AgreementState, index: int, on: date) -> None:
    users = [c for m in agreement.milestones for c in m.conditions if c.kind == "user" and c.status == "ready"]
    if users:
        chosen = users[index % len(users)]
        chosen.status, chosen.effective_date = "complete", on


@settings(max_examples=150, deadline=None)
@given(
    agreements(),
    st.lists(st.tuples(st.booleans(), st.integers(0, 50), st.integers(0, 90)), max_size=8),
    st.integers(0, 12),
)
def test_runs_release_each_event_once_within_the_amount_and_settle(
    agreement: AgreementState, steps: list[tuple[bool, int, int]], staff: int
) -> None:
    def observe(m: MilestoneState, c: ConditionState) -> Observation:
        return Observation(Decimal(staff))

    released: list[object] = []
    day = START
    for is_mark, index, days in steps:
        day = day + timedelta(days=days)
        if is_mark:
            _mark(agreement, index, day)
            continue
        outcome = process_agreement(agreement, day, observe)
        released += [c.event for c in outcome.changes if isinstance(c, EventReleased)]
        assert process_agreement(agreement, day, observe).changes == []  # a second run changes nothing
    assert len(released) == len(set(released))
    events = {e.key: e for m in agreement.milestones for e in m.events}
    assert sum(events[k].amount for k in released) <= agreement.amount
    assert all(events[k].status == "released" for k in released)
    for m in agreement.milestones:  # a complete milestone has every event released, dated its effective date
        if m.status == "complete":
            assert all(e.status == "released" and e.released_on == m.effective_date for e in m.events)
