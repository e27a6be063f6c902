"""The fixed-point loop re-judges, after its first pass, only the milestone conditions pointing at a
milestone that just moved: on random agreements it returns exactly what judging every ready
condition on every pass returns (the reference below), change for change, in the same order."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from neodesk.agreements import engine
from neodesk.agreements.conditions import combine
from neodesk.agreements.engine import (
    AgreementCompleted,
    AgreementState,
    ConditionCompleted,
    ConditionState,
    Flag,
    MilestoneMoved,
    MilestoneState,
    Observation,
    Outcome,
    process_agreement,
)
from tests.agreements.test_engine_properties import START, agreements


def _judge_everything(agreement: AgreementState, as_of: date, observe: engine.Observe) -> Outcome:
    """§3's loop without the skipping: every ready condition of every ready milestone, every pass."""
    outcome = Outcome()
    if agreement.status != "active":
        return outcome
    blocked = engine._blocked(agreement)
    by_code: dict[str, MilestoneState] = {}
    for x in agreement.milestones:
        by_code.setdefault(x.code, x)
    for code, reason in blocked.items():
        if by_code[code].status == "ready":
            outcome.flags.append(Flag(code, reason, blocked=True))
    seen: dict[int, Observation] = {}
    for _ in range(len(agreement.milestones) + 1):
        changed = False
        for m in agreement.milestones:
            if m.status == "complete":
                changed |= engine._release(m, outcome)
            if m.status != "ready" or m.code in blocked:
                continue
            for c in m.conditions:
                if c.status != "ready":
                    continue
                verdict = engine._verdict(by_code, m, c, as_of, observe, seen, outcome)
                if verdict.met and verdict.effective_date is not None:
                    c.status, c.effective_date = "complete", verdict.effective_date
                    c.observed = verdict.observed or c.observed
                    outcome.changes.append(ConditionCompleted(m.code, c.key, verdict.effective_date, verdict.observed))
                    changed = True
            done = [c.effective_date for c in m.conditions if c.status == "complete" and c.effective_date is not None]
            effective = combine(m.require, done, len(m.conditions))
            if effective is None:
                continue
            target = "awaiting_approval" if m.has_approval else "complete"
            outcome.changes.append(MilestoneMoved(m.code, m.status, target, effective, "conditions met"))
            m.status, m.effective_date = target, effective
            if target == "complete":
                engine._release(m, outcome)
            changed = True
        if not changed:
            break
    if agreement.milestones and all(m.status in ("complete", "cancelled") for m in agreement.milestones):
        dates = [m.effective_date for m in agreement.milestones if m.effective_date is not None]
        agreement.status = "completed"
        outcome.changes.append(AgreementCompleted(agreement.number, max(dates, default=as_of)))
    return outcome


@settings(max_examples=300, deadline=None)
@given(agreements(), st.integers(0, 90), st.integers(0, 12), st.booleans())
def test_the_loop_changes_what_judging_everything_changes(
    agreement: AgreementState, days: int, staff: int, approval: bool
) -> None:
    def observe(m: MilestoneState, c: ConditionState) -> Observation:
        return Observation(Decimal(staff))

    if approval:
        agreement.milestones[0].has_approval = True
    reference = copy.deepcopy(agreement)
    day = START + timedelta(days=days)
    got = process_agreement(agreement, day, observe)
    expected = _judge_everything(reference, day, observe)
    assert got.changes == expected.changes
    assert got.flags == expected.flags
    assert got.observed == expected.observed
    assert agreement == reference
