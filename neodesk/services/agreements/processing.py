"""Agreement processing (§3) against the database: one transaction per run, one run at a time.

Each active agreement is loaded into the pure engine's state (neodesk.agreements.engine), run to a
fixed point, and its changes written back with a history row naming the run; metric conditions
are measured over the impact records and query conditions run in the same transaction with writes
switched off (query_sandbox). A dry run ("what happens on D?") loads and runs the same way and
writes nothing but its run-log row. One run at a time: SQLite takes the write lock at BEGIN
(BEGIN IMMEDIATE), PostgreSQL an advisory transaction lock, so each event is released exactly once.
"""

from __future__ import annotations

import gc
import json
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, String, func, select, type_coerce
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from neodesk.agreements.engine import (
    AgreementCompleted,
    AgreementState,
    ConditionCompleted,
    ConditionState,
    EventReleased,
    EventState,
    MilestoneMoved,
    MilestoneState,
    Observation,
    Outcome,
    cash_flow,
    process_agreement,
)
from neodesk.agreements.money import cents_to_decimal
from neodesk.agreements.objectives import ObjectiveSpec, objectives_met
from neodesk.agreements.statuses import AgreementStatus, ConditionKind, EventStatus, MilestoneStatus
from neodesk.log_file import log_event
from neodesk.models import (
    Agreement,
    AgreementCondition,
    AgreementEvent,
    AgreementMilestone,
    AgreementObjective,
    AgreementRun,
    BundleImport,
    Database,
)
from neodesk.models.base import utcnow
from neodesk.models.database import WRITE_OPTION
from neodesk.models.tracking import COUNSELOR_KEY, RevisionCounter, before_flush
from neodesk.services.agreements.common import acting, refused, today_for
from neodesk.services.agreements.measures import Measures, MetricSpec
from neodesk.services.agreements.query_sandbox import QueryFailed, run_query
from neodesk.services.agreements.run_writes import RunWrites

ADVISORY_LOCK = 0x4E454F44_41475245  # "NEODAGRE": one agreement run at a time per PostgreSQL database


@dataclass(frozen=True, slots=True)
class Released:
    id: uuid.UUID
    milestone: str  # NUMBER/CODE
    amount: Decimal
    on: date


@dataclass(frozen=True, slots=True)
class Move:
    milestone: str
    source: str
    target: str
    effective_date: date
    why: str  # each condition's observed value


@dataclass(frozen=True, slots=True)
class Flagged:
    milestone: str
    reason: str


@dataclass(frozen=True, slots=True)
class RunReport:
    run_id: uuid.UUID
    as_of: date
    dry_run: bool
    changes: int
    completed: tuple[str, ...]
    awaiting_approval: tuple[str, ...]
    released: tuple[Released, ...]
    blocked: tuple[Flagged, ...]
    problems: tuple[Flagged, ...]
    moves: tuple[Move, ...]
    cash_flow: tuple[tuple[str, Decimal], ...] = field(default=())


@contextmanager
def _run_session(db: Database, dry_run: bool) -> Iterator[Session]:
    """A session on its own connection: BEGIN IMMEDIATE on SQLite (not for a dry run), the flush hook on."""
    conn = db.engine.connect()
    if db.is_sqlite and not dry_run:
        conn = conn.execution_options(**{WRITE_OPTION: True})
    # No autoflush: the run flushes once at the end (and before a query condition runs), not before
    # every read, which would walk the whole identity map each time.
    tx = Session(bind=conn, expire_on_commit=False, autoflush=False)
    sa_event.listen(tx, "before_flush", before_flush)
    try:
        if not db.is_sqlite and not dry_run:
            tx.connection().exec_driver_sql(f"SELECT pg_advisory_xact_lock({ADVISORY_LOCK})")
        yield tx
        if dry_run:
            tx.rollback()
        else:
            tx.commit()
    except BaseException:
        tx.rollback()
        raise
    finally:
        tx.close()
        conn.close()


@dataclass(slots=True)
class _Loaded:
    """One active agreement as plain rows (Core, not ORM: a run with nothing to do reads only these).

    Record ids are read as the driver gives them (text on SQLite, no UUID objects made for tens of
    thousands of rows) and turned into UUIDs only where one is written or bound: `as_uuid`.
    """

    id: Any
    client_id: uuid.UUID | None
    center_id: uuid.UUID | None
    start: date
    state: AgreementState
    milestone_ids: dict[str, Any] = field(default_factory=dict)
    blocked: dict[str, str | None] = field(default_factory=dict)
    resubmit: dict[str, bool] = field(default_factory=dict)  # §6 "resubmission requested", cleared when it moves on
    conditions: dict[Any, Any] = field(default_factory=dict)  # id → its row (metric/query parameters)
    condition_milestone: dict[Any, str] = field(default_factory=dict)  # condition id → its milestone's code
    event_labels: dict[Any, str] = field(default_factory=dict)  # event id → "HIRE5 event 1"


def as_uuid(key: Any) -> uuid.UUID:
    return key if isinstance(key, uuid.UUID) else uuid.UUID(str(key))


def _raw(column: Any) -> Any:
    return type_coerce(column, String).label(column.key)


def _cents(column: Any) -> Any:
    """A Money column as its stored integer cents (what the engine works in), no Decimal per row."""
    return type_coerce(column, BigInteger).label(column.key)


def _load(tx: Session) -> list[_Loaded]:
    """Active agreements; their milestones; the conditions of open milestones; pending events."""
    a, m, c, e = Agreement, AgreementMilestone, AgreementCondition, AgreementEvent
    active = a.status == AgreementStatus.ACTIVE
    open_ = m.status.not_in((MilestoneStatus.COMPLETE, MilestoneStatus.CANCELLED))
    loaded: dict[Any, _Loaded] = {}
    conn = tx.connection()  # Core rows: the ORM's result machinery costs more than the reading here
    for row in conn.execute(
        select(_raw(a.id), a.number, a.status, _cents(a.amount), a.client_id, a.center_id, a.start_date)
        .where(active)
        .order_by(a.number)
    ).all():  # fetchall: one call, not one per row
        loaded[row.id] = _Loaded(
            row.id,
            row.client_id,
            row.center_id,
            row.start_date,
            AgreementState(row.number, row.status, int(row.amount)),
        )
    milestones: dict[Any, tuple[_Loaded, MilestoneState]] = {}
    codes: dict[Any, str] = {}
    for row in conn.execute(
        select(
            _raw(m.id),
            _raw(m.agreement_id),
            m.code,
            m.status,
            m.require,
            m.approval,
            m.effective_date,
            m.blocked,
            m.resubmission_requested,
        )
        .join(a, a.id == m.agreement_id)
        .where(active)
        .order_by(m.agreement_id, m.position)
    ).all():
        mid, agreement_id, code, status, require, approval, effective, blocked, resubmit = row  # unpacked: no lookups
        owner = loaded[agreement_id]
        state = MilestoneState(code, status, require, bool(approval), effective)
        owner.state.milestones.append(state)
        owner.milestone_ids[code] = mid
        owner.blocked[code] = blocked
        owner.resubmit[code] = bool(resubmit)
        milestones[mid] = (owner, state)
        codes[mid] = code
    conditions = (
        select(
            _raw(c.id),
            _raw(c.milestone_id),
            _raw(c.target_milestone_id),
            c.kind,
            c.status,
            c.effective_date,
            c.on_date,
            c.lag_days,
            c.op,
            c.target,
            c.measure,
            c.field,
            c.type_code,
            c.reportable_only,
            c.sql,
            c.observed,
        )
        .join(m, m.id == c.milestone_id)
        .join(a, a.id == m.agreement_id)
        .where(active, open_)
        .order_by(c.milestone_id, c.position)
    )
    targets: dict[Any, Decimal] = {}  # a few metric targets on thousands of conditions, made Decimal once
    for row in conn.execute(conditions).all():
        cid, milestone_id, target_id, kind, status, effective, on, lag, op, goal = row[:10]
        owner, state = milestones[milestone_id]
        if goal not in targets:
            targets[goal] = Decimal(goal) if goal else Decimal(0)
        state.conditions.append(
            ConditionState(
                cid,
                kind,
                status,
                effective,
                on,
                codes.get(target_id) if target_id else None,
                lag,
                op or ">=",
                targets[goal],
                row[-1],  # observed
            )
        )
        owner.conditions[cid] = row
        owner.condition_milestone[cid] = state.code
    events = (
        select(_raw(e.id), _raw(e.milestone_id), e.kind, _cents(e.amount), e.status, e.released_on, e.position)
        .join(a, a.id == e.agreement_id)
        .where(active, e.status == EventStatus.PENDING)
        .order_by(e.milestone_id, e.position)
    )
    for eid, milestone_id, kind, amount, status, released_on, position in conn.execute(events).all():
        owner, state = milestones[milestone_id]
        owner.event_labels[eid] = f"{state.code} event {position}"
        state.events.append(EventState(eid, kind, int(amount), status, released_on))
    return list(loaded.values())


def _change_number(tx: Session) -> int:
    return int(tx.scalar(select(RevisionCounter.value).where(RevisionCounter.id == 1)) or 0)


def _nothing_changed(tx: Session, as_of: date) -> bool:
    """True when the last finished run was as of the same date and no record has changed since: every
    condition would judge exactly as it did then (their inputs are tracked records and the date), so
    this run has nothing to do. A mark, an edit, a new impact record or a new day all run in full."""
    last_run = tx.execute(
        select(AgreementRun.revision, AgreementRun.finished_at)
        .where(AgreementRun.dry_run.is_(False), AgreementRun.finished_at.is_not(None), AgreementRun.as_of == as_of)
        .order_by(AgreementRun.finished_at.desc())
        .limit(1)
    ).first()
    if last_run is None:
        return False
    # An imported bundle writes records with the desk's change numbers, not this database's counter.
    imported = tx.scalar(select(func.max(BundleImport.imported_at)))
    if imported is not None and _aware(imported) >= _aware(last_run.finished_at):
        return False
    last = last_run.revision
    newest_finish = tx.scalar(
        select(AgreementRun.as_of)
        .where(AgreementRun.dry_run.is_(False), AgreementRun.finished_at.is_not(None))
        .order_by(AgreementRun.finished_at.desc())
        .limit(1)
    )
    return last is not None and newest_finish == as_of and last == _change_number(tx)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for the run. A full run makes hundreds of thousands of
    short-lived objects (rows, states, changes) that reference counting frees; the collector's passes
    over them cost about a third of a 2,000-agreement run (bench/README.md). Back on afterwards."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def process(
    db: Database,
    *,
    as_of: date | None = None,
    dry_run: bool = False,
    counselor_email: str | uuid.UUID | None = None,
    today: date | None = None,
) -> RunReport:
    """Run §3 for every active agreement as of `as_of` (default today); a later date needs dry_run."""
    run_id = uuid.uuid4()
    with _run_session(db, dry_run) as tx:
        me_id = acting(tx, counselor_email).id
        today = today or today_for(tx)
        as_of = as_of or today
        if as_of > today and not dry_run:
            raise refused(
                f"the as-of date {as_of.isoformat()} is in the future: only a dry run (--dry-run) may look ahead",
                "as_of",
            )
        run = AgreementRun(id=run_id, as_of=as_of, counselor_id=me_id, dry_run=dry_run)
        if not dry_run:
            tx.add(run)  # the run's first write; SQLite already holds the lock
        if not dry_run and _nothing_changed(tx, as_of):
            report = RunReport(run_id, as_of, dry_run, 0, (), (), (), (), (), ())
        else:
            with _collector_paused():
                report = _process(tx, run_id, as_of, dry_run)
        tx.flush()
        run.revision = _change_number(tx)
        run.finished_at = utcnow()
        run.changes, run.completed, run.released = report.changes, len(report.completed), len(report.released)
        flagged = [{"milestone": f.milestone, "reason": f.reason} for f in (*report.blocked, *report.problems)]
        run.problems = json.dumps(flagged) if flagged else None
    if dry_run:  # the dry run's log row, in a transaction of its own (its agreements were left untouched)
        with db.unit_of_work(me_id) as tx:
            tx.add(run)
    log_event(_run_summary(report))
    return report


def _run_summary(report: RunReport) -> str:
    """The log file's line for a run: its as-of date and what it counted."""
    return (
        f"Agreement processing{' (dry run)' if report.dry_run else ''} as of {report.as_of.isoformat()}: "
        f"{report.changes} changes, {len(report.completed)} milestones completed, "
        f"{len(report.awaiting_approval)} awaiting approval, {len(report.released)} payments released, "
        f"{len(report.blocked)} blocked, {len(report.problems)} problems"
    )


def _observer(
    tx: Session, loaded: _Loaded, measures: Measures, as_of: date, dry_run: bool, writes: RunWrites
) -> Callable[[MilestoneState, ConditionState], Observation]:
    def observe(m: MilestoneState, c: ConditionState) -> Observation:
        row = loaded.conditions[c.key]
        if c.kind == ConditionKind.OBJECTIVES:  # the date the last required objective was accepted, if all are
            return Observation(objectives_accepted_on(tx, loaded.milestone_ids[m.code]))
        if c.kind == ConditionKind.METRIC:
            spec = MetricSpec(
                row.id,
                row.measure,
                row.field,
                row.type_code,
                row.reportable_only,
                loaded.client_id,
                loaded.center_id,
                loaded.start,
            )
            return Observation(measures.measure(spec, as_of))
        if not dry_run:
            writes.flush(tx)  # the query sees what this run completed before it
        try:
            value = run_query(
                tx,
                row.sql or "",
                {
                    "client_id": loaded.client_id,
                    "agreement_id": as_uuid(loaded.id),
                    "milestone_id": as_uuid(loaded.milestone_ids[m.code]),
                    "today": as_of,
                },
            )
        except QueryFailed as exc:
            return Observation(error=str(exc))
        return Observation(value)

    return observe


def objectives_accepted_on(tx: Session, milestone_id: Any) -> date | None:
    """§2 `objectives`: when every required objective of the milestone was accepted (None: not yet)."""
    o = AgreementObjective.__table__
    rows = tx.connection().execute(
        select(o.c.required, o.c.status, o.c.reviewed_on).where(o.c.milestone_id == as_uuid(milestone_id))
    )
    return objectives_met([ObjectiveSpec(bool(r.required), r.status, r.reviewed_on) for r in rows])


def _needs_writing(loaded: _Loaded, outcome: Outcome) -> bool:
    if outcome.changes:
        return True
    flags = {f.milestone: f.reason for f in outcome.flags}
    if any(loaded.blocked.get(code) != flags.get(code) for code in loaded.blocked):
        return True
    return any(loaded.conditions[key].observed != seen for key, seen in outcome.observed.items())


def _process(tx: Session, run_id: uuid.UUID, as_of: date, dry_run: bool) -> RunReport:
    measures = Measures(tx)
    writes = RunWrites(run_id, as_of)
    completed: list[str] = []
    waiting: list[str] = []
    released: list[Released] = []
    blocked: list[Flagged] = []
    problems: list[Flagged] = []
    moves: list[Move] = []
    changes = 0
    for loaded in _load(tx):
        state = loaded.state
        number = state.number
        outcome = process_agreement(state, as_of, _observer(tx, loaded, measures, as_of, dry_run, writes))
        for flag in outcome.flags:
            (blocked if flag.blocked else problems).append(Flagged(f"{number}/{flag.milestone}", flag.reason))
        changes += len(outcome.changes)
        states = {m.code: m for m in state.milestones}
        for change in outcome.changes:
            name = f"{number}/{getattr(change, 'milestone', '')}"
            if isinstance(change, MilestoneMoved):
                (completed if change.target == MilestoneStatus.COMPLETE else waiting).append(name)
                why = "; ".join(
                    f"{c.kind}: {c.observed or c.effective_date}"
                    for c in states[change.milestone].conditions
                    if c.status == "complete"
                )
                moves.append(Move(name, change.source, change.target, change.effective_date, why))
            elif isinstance(change, EventReleased):
                released.append(Released(as_uuid(change.event), name, cents_to_decimal(change.amount), change.on))
        if dry_run or not _needs_writing(loaded, outcome):
            continue
        _gather(writes, loaded, outcome)
    writes.flush(tx)
    flow = cash_flow((r.on, int(r.amount * 100)) for r in released)
    return RunReport(
        run_id,
        as_of,
        dry_run,
        changes,
        tuple(completed),
        tuple(waiting),
        tuple(released),
        tuple(blocked),
        tuple(problems),
        tuple(moves),
        tuple((month, cents_to_decimal(c)) for month, c in flow.items()),
    )


def _gather(writes: RunWrites, loaded: _Loaded, outcome: Outcome) -> None:
    """The writes of one agreement's outcome (statuses, dates, history rows naming the run)."""
    aid = loaded.id  # ids as read: written through run_writes.executemany, which takes them so
    flags = {f.milestone: f.reason for f in outcome.flags}
    for code, before in loaded.blocked.items():
        if before != flags.get(code):
            writes.quietly(AgreementMilestone, loaded.milestone_ids[code], blocked=flags.get(code))
    for key, seen in outcome.observed.items():
        if loaded.conditions[key].observed != seen:
            writes.quietly(AgreementCondition, key, observed=seen, observed_at=writes.as_of)
    for change in outcome.changes:
        if isinstance(change, ConditionCompleted):
            row = loaded.conditions[change.condition]
            cid = change.condition
            writes.change(
                AgreementCondition,
                cid,
                {"status": "complete", "effective_date": change.effective_date},
                {"status": row.status, "effective_date": row.effective_date},
            )
            if change.observed:
                writes.quietly(AgreementCondition, cid, observed=change.observed, observed_at=writes.as_of)
            writes.note(
                aid,
                "condition",
                cid,
                loaded.condition_milestone[change.condition],
                "complete",
                row.status,
                "complete",
                change.effective_date,
                change.observed,
            )
        elif isinstance(change, MilestoneMoved):
            mid = loaded.milestone_ids[change.milestone]
            writes.change(
                AgreementMilestone,
                mid,
                {"status": change.target, "effective_date": change.effective_date, "resubmission_requested": False},
                {
                    "status": change.source,
                    "effective_date": None,
                    "resubmission_requested": loaded.resubmit.get(change.milestone, False),
                },
            )
            writes.note(
                aid,
                "milestone",
                mid,
                change.milestone,
                change.target,
                change.source,
                change.target,
                change.effective_date,
                change.reason,
            )
        elif isinstance(change, EventReleased):
            eid = change.event
            writes.change(
                AgreementEvent,
                eid,
                {"status": "released", "released_on": change.on},
                {"status": "pending", "released_on": None},
            )
            writes.note(
                aid, "event", eid, loaded.event_labels[change.event], "release", "pending", "released", change.on
            )
        elif isinstance(change, AgreementCompleted):
            writes.change(Agreement, aid, {"status": "completed"}, {"status": "active"})
            writes.note(aid, "agreement", aid, change.number, "complete", "active", "completed", change.effective_date)


def process_once_today(db: Database, *, counselor_email: str | uuid.UUID | None = None) -> RunReport | None:
    """§3 "at the app's start once a day": a run as of today unless one ran today or nothing is active."""
    with db.reading() as tx:
        today = today_for(tx)
        active = tx.scalar(select(Agreement.id).where(Agreement.status == AgreementStatus.ACTIVE).limit(1))
        ran = tx.scalar(
            select(AgreementRun.id).where(AgreementRun.as_of == today, AgreementRun.dry_run.is_(False)).limit(1)
        )
    if active is None or ran is not None:
        return None
    return process(db, counselor_email=counselor_email, today=today)


__all__ = ["COUNSELOR_KEY", "Flagged", "Move", "Released", "RunReport", "process", "process_once_today"]
