"""§3 processing of one agreement on plain state: evaluate, complete, move on, release, to a fixed point.

The services load an agreement into these dataclasses, call `process_agreement`, and write the
changes it returns; a dry run simply does not write them. Metric and query values come from an
`observe` callback (evaluated at most once per condition per run, since the impact records do not
change during a run). The state is changed in place, so a second call on the result returns no
changes: the property tests rely on that.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from neodesk.agreements.conditions import Verdict, combine, date_met, metric_met, milestone_met, query_met
from neodesk.agreements.graph import cycle_text, on_cycles
from neodesk.agreements.statuses import (
    AgreementStatus,
    ConditionKind,
    ConditionStatus,
    EventStatus,
    MilestoneStatus,
    Require,
)


@dataclass(slots=True)
class ConditionState:
    key: Any
    kind: str
    status: str = ConditionStatus.READY
    effective_date: date | None = None
    on: date | None = None  # date kind
    milestone: str | None = None  # milestone kind: the code it waits for
    lag_days: int = 0
    op: str = ">="  # metric kind
    target: Decimal = Decimal(0)
    observed: str | None = None


@dataclass(slots=True)
class EventState:
    key: Any
    kind: str
    amount: int  # cents
    status: str = EventStatus.PENDING
    released_on: date | None = None


@dataclass(slots=True)
class MilestoneState:
    code: str
    status: str = MilestoneStatus.PENDING
    require: str = Require.ALL
    has_approval: bool = False
    effective_date: date | None = None
    conditions: list[ConditionState] = field(default_factory=list)
    events: list[EventState] = field(default_factory=list)


@dataclass(slots=True)
class AgreementState:
    number: str
    status: str = AgreementStatus.ACTIVE
    amount: int = 0
    milestones: list[MilestoneState] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Observation:
    value: Any = None
    error: str | None = None


Observe = Callable[[MilestoneState, ConditionState], Observation]


@dataclass(frozen=True, slots=True)
class ConditionCompleted:
    milestone: str
    condition: Any
    effective_date: date
    observed: str | None


@dataclass(frozen=True, slots=True)
class MilestoneMoved:
    milestone: str
    source: str
    target: str
    effective_date: date
    reason: str


@dataclass(frozen=True, slots=True)
class EventReleased:
    milestone: str
    event: Any
    amount: int
    on: date


@dataclass(frozen=True, slots=True)
class AgreementCompleted:
    number: str
    effective_date: date


@dataclass(frozen=True, slots=True)
class Flag:
    """A milestone processing skipped ("blocked: …") or could not judge ("query failed: …")."""

    milestone: str
    reason: str
    blocked: bool


Change = ConditionCompleted | MilestoneMoved | EventReleased | AgreementCompleted


@dataclass(slots=True)
class Outcome:
    changes: list[Change] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    observed: dict[Any, str] = field(default_factory=dict)  # condition key → what it last saw


def _no_observations(milestone: MilestoneState, condition: ConditionState) -> Observation:
    return Observation(error="no observer")


def _blocked(agreement: AgreementState) -> dict[str, str]:
    by_code = {m.code: m for m in agreement.milestones}
    edges = {
        m.code: [
            c.milestone
            for c in m.conditions
            if c.kind == ConditionKind.MILESTONE and c.status == ConditionStatus.READY and c.milestone
        ]
        for m in agreement.milestones
        if m.status not in (MilestoneStatus.COMPLETE, MilestoneStatus.CANCELLED)
    }
    reasons = {code: f"blocked: cycle {cycle_text(cycle)}" for code, cycle in on_cycles(edges).items()}
    for m in agreement.milestones:
        if m.code in reasons or m.require != Require.ALL:
            continue
        for code in edges.get(m.code, ()):
            target = by_code.get(code)
            if target is None or target.status == MilestoneStatus.CANCELLED:
                reasons[m.code] = f"blocked: {code} {'cancelled' if target else 'missing'}"
                break
    return reasons


def _verdict(
    by_code: dict[str, MilestoneState],
    m: MilestoneState,
    c: ConditionState,
    as_of: date,
    observe: Observe,
    seen: dict[int, Observation],
    outcome: Outcome,
) -> Verdict:
    if c.kind == ConditionKind.DATE and c.on is not None:
        return date_met(as_of, c.on)
    if c.kind == ConditionKind.MILESTONE:
        target = by_code.get(c.milestone) if c.milestone is not None else None
        if target is None:
            return Verdict(False, observed="missing")
        return milestone_met(as_of, target.status, target.effective_date, c.lag_days)
    if c.kind in (ConditionKind.METRIC, ConditionKind.QUERY):
        if id(c) not in seen:
            seen[id(c)] = observe(m, c)
            if seen[id(c)].error is not None:  # flagged once a run; the condition stays ready
                outcome.flags.append(Flag(m.code, f"{c.kind} failed: {seen[id(c)].error}", blocked=False))
        found = seen[id(c)]
        if found.error is not None:
            return Verdict(False)
        verdict = (
            metric_met(as_of, Decimal(found.value or 0), c.op, c.target)
            if c.kind == ConditionKind.METRIC
            else query_met(as_of, found.value)
        )
        outcome.observed[c.key] = verdict.observed or ""
        return verdict
    if c.kind == ConditionKind.OBJECTIVES:  # §2: every required objective accepted (the observer says when)
        if id(c) not in seen:
            seen[id(c)] = observe(m, c)
        accepted_on = seen[id(c)].value
        if not isinstance(accepted_on, date):
            return Verdict(False)
        return Verdict(as_of >= accepted_on, accepted_on if as_of >= accepted_on else None, "accepted")
    return Verdict(False)  # user conditions are completed by a mark


def _release(m: MilestoneState, outcome: Outcome) -> bool:
    moved = False
    for e in m.events:
        if e.status == EventStatus.PENDING and m.effective_date is not None:
            e.status, e.released_on = EventStatus.RELEASED, m.effective_date
            outcome.changes.append(EventReleased(m.code, e.key, e.amount, m.effective_date))
            moved = True
    return moved


def process_agreement(agreement: AgreementState, as_of: date, observe: Observe = _no_observations) -> Outcome:
    """Run §3 on one agreement as of `as_of`, changing `agreement` in place; returns what changed."""
    outcome = Outcome()
    if agreement.status != AgreementStatus.ACTIVE:
        return outcome
    blocked = _blocked(agreement)
    by_code: dict[str, MilestoneState] = {}
    for x in agreement.milestones:
        by_code.setdefault(x.code, x)
    for code, reason in blocked.items():
        m = by_code[code]
        if m.status == MilestoneStatus.READY:
            outcome.flags.append(Flag(code, reason, blocked=True))
    seen: dict[int, Observation] = {}
    # After the first pass only a milestone condition can judge differently (dates and the as-of date
    # stay, metric and query values are observed once): a later pass re-judges only the milestone
    # conditions pointing at a milestone that moved in the pass before, and a milestone none of whose
    # conditions completed keeps its verdict. Same changes in the same order as judging everything.
    moved: set[str] | None = None  # None: the first pass, judge every ready condition
    for _ in range(len(agreement.milestones) + 1):
        changed = False
        moved_now: set[str] = set()
        for m in agreement.milestones:
            if m.status == MilestoneStatus.COMPLETE:
                changed |= _release(m, outcome)  # events taken off hold after completion
            if m.status != MilestoneStatus.READY or m.code in blocked:
                continue
            completed = False
            for c in m.conditions:
                if c.status != ConditionStatus.READY:
                    continue
                if moved is not None and (c.kind != ConditionKind.MILESTONE or c.milestone not in moved):
                    continue
                verdict = _verdict(by_code, m, c, as_of, observe, seen, outcome)
                if verdict.met and verdict.effective_date is not None:
                    c.status, c.effective_date = ConditionStatus.COMPLETE, verdict.effective_date
                    c.observed = verdict.observed or c.observed
                    outcome.changes.append(ConditionCompleted(m.code, c.key, verdict.effective_date, verdict.observed))
                    changed = completed = True
            if moved is not None and not completed:
                continue
            done = [
                c.effective_date
                for c in m.conditions
                if c.status == ConditionStatus.COMPLETE and c.effective_date is not None
            ]
            effective = combine(m.require, done, len(m.conditions))
            if effective is None:
                continue
            target = MilestoneStatus.AWAITING_APPROVAL if m.has_approval else MilestoneStatus.COMPLETE
            outcome.changes.append(MilestoneMoved(m.code, m.status, target, effective, "conditions met"))
            m.status, m.effective_date = target, effective
            moved_now.add(m.code)
            if target == MilestoneStatus.COMPLETE:
                _release(m, outcome)
            changed = True
        if not changed:
            break
        moved = moved_now
    closed = (MilestoneStatus.COMPLETE, MilestoneStatus.CANCELLED)
    if agreement.milestones and all(m.status in closed for m in agreement.milestones):
        dates = [m.effective_date for m in agreement.milestones if m.effective_date is not None]
        agreement.status = AgreementStatus.COMPLETED
        outcome.changes.append(AgreementCompleted(agreement.number, max(dates, default=as_of)))
    return outcome


def cash_flow(released: Iterable[tuple[date, int]]) -> dict[str, int]:
    """Cents by month ('2026-10') of dated amounts, months in order."""
    months: dict[str, int] = defaultdict(int)
    for on, cents in released:
        months[f"{on.year:04d}-{on.month:02d}"] += cents
    return dict(sorted(months.items()))
