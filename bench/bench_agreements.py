"""Benchmark of agreement processing (issue 11): a full run and a run with nothing to do.

    python bench/bench_agreements.py [--runs N] [--agreements N]

Works on copies of bench/data/bench.sqlite3 (100,000 demo clients; never written) made with the
sqlite3 backup API, into which 2,000 active agreements × 10 milestones are written with Core inserts
(untimed): per agreement, milestones 1, 4, 7, 10 wait for a date (most past, some ahead), 2, 5, 8
for a metric (count of the client's reportable "change in full-time staff" impact records since the
agreement's start ≥ 1, 2 or 50), 3, 6, 9 for the milestone before them (a lag of 0–30 days): chains,
dates and metrics over the impact records. Each milestone carries a 1,000.00 disbursement.

- full run: app = `neodesk.services.agreements.process(db, as_of=D)` (one transaction: engine to a
  fixed point, history rows, audit rows, revisions). Baseline = a hand-written pass through
  `sqlite3` computing the same completions and doing the same writes: one SELECT of the ready
  conditions, one SELECT with a correlated COUNT per metric condition (on the client/date index),
  the chains resolved to a fixed point in Python, then executemany UPDATEs of the conditions,
  milestones and events (status, date, change number, updated_at/_by), each metric condition's
  observed value, and executemany INSERTs of a history row per change naming the run and an audit
  row per changed field and per history row (the app's bookkeeping, models/tracking.py). The run
  checks both complete the same milestones and write as many history and audit rows. Target:
  median ≤ 2× baseline.
- nothing to do: `process` again right after a full run, same as-of date, nothing changed since
  (the run sees that from the change counter and its log). Target: median ≤ 200 ms.
- nothing to do, re-judged: the same after an unrelated change (the change counter bumped), so
  every open condition is evaluated again and none is met. No target; reported.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from common import BENCH_DB, DATA_DIR, Result, bench_database, format_table, log, save_results
from sqlalchemy import insert, select

from neodesk.models import (
    Agreement,
    AgreementCondition,
    AgreementEvent,
    AgreementMilestone,
    Client,
    Database,
    open_database,
)
from neodesk.services.agreements import process

AS_OF = date.today()
WORK = DATA_DIR / "agreements-work.sqlite3"
STAFF = "change_in_full_time_staff"


def _copy(target: Path, source_path: Path = BENCH_DB) -> None:
    target.unlink(missing_ok=True)
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    source, dest = sqlite3.connect(source_path), sqlite3.connect(target)
    try:
        source.backup(dest)
    finally:
        source.close()
        dest.close()


def _agreements(db: Database, count: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    now = datetime.now(UTC)
    base = {"created_at": now, "updated_at": now, "revision": 0}
    start = AS_OF - timedelta(days=720)
    with db.reading() as tx:
        clients = list(tx.scalars(select(Client.id).order_by(Client.client_no).limit(20_000)))
    picks = rng.sample(clients, count)
    rows: dict[str, list[dict[str, object]]] = {"a": [], "m": [], "c": [], "e": []}
    for n, client_id in enumerate(picks, 1):
        aid = uuid.uuid4()
        rows["a"].append(
            {
                **base,
                "id": aid,
                "number": f"BENCH-{n:05d}",
                "title": "Bench grant",
                "kind": "grant",
                "client_id": client_id,
                "amount": Decimal("10000.00"),
                "start_date": start,
                "end_date": AS_OF + timedelta(days=365),
                "status": "active",
            }
        )
        previous = None
        for i in range(10):
            mid = uuid.uuid4()
            rows["m"].append(
                {
                    **base,
                    "id": mid,
                    "agreement_id": aid,
                    "code": f"M{i + 1}",
                    "description": "",
                    "financial": True,
                    "require": "all",
                    "status": "ready",
                    "position": i + 1,
                }
            )
            cond = {
                **base,
                "id": uuid.uuid4(),
                "milestone_id": mid,
                "position": 1,
                "status": "ready",
                "lag_days": 0,
                "reportable_only": True,
                "on_date": None,
                "target_milestone_id": None,
                "measure": None,
                "type_code": None,
                "op": None,
                "target": None,
            }
            if i % 3 == 0:
                cond.update(kind="date", on_date=AS_OF + timedelta(days=rng.choice([-400, -200, -30, -1, 0, 30])))
            elif i % 3 == 1:
                goal = str(rng.choice([1, 2, 50]))
                cond.update(kind="metric", measure="count", type_code=STAFF, op=">=", target=goal)
            else:
                cond.update(kind="milestone", target_milestone_id=previous, lag_days=rng.randint(0, 30))
            rows["c"].append(cond)
            rows["e"].append(
                {
                    **base,
                    "id": uuid.uuid4(),
                    "milestone_id": mid,
                    "agreement_id": aid,
                    "position": 1,
                    "kind": "disbursement",
                    "amount": Decimal("1000.00"),
                    "status": "pending",
                }
            )
            previous = mid
    with db.unit_of_work() as tx:
        for key, table in (
            ("a", Agreement),
            ("m", AgreementMilestone),
            ("c", AgreementCondition),
            ("e", AgreementEvent),
        ):
            tx.execute(insert(table), rows[key])


def _completed(path: Path) -> tuple[set[str], int, int, int]:
    """The completed milestones, and how many history, audit rows and completed agreements there are."""
    with sqlite3.connect(path) as conn:
        done = {r[0] for r in conn.execute("SELECT id FROM agreement_milestone WHERE status = 'complete'")}
        counts = [
            conn.execute(sql).fetchone()[0]
            for sql in (
                "SELECT count(*) FROM agreement_history",
                "SELECT count(*) FROM audit_log",
                "SELECT count(*) FROM agreement WHERE status = 'completed'",
            )
        ]
    return done, counts[0], counts[1], counts[2]


def baseline(path: Path) -> float:
    conn = sqlite3.connect(path, isolation_level=None)
    today = AS_OF.isoformat()
    started = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    rows = conn.execute(
        "SELECT c.id, c.kind, c.on_date, c.target_milestone_id, c.lag_days, m.id, m.agreement_id, m.code "
        "FROM agreement_condition c JOIN agreement_milestone m ON m.id = c.milestone_id "
        "JOIN agreement a ON a.id = m.agreement_id "
        "WHERE a.status = 'active' AND m.status = 'ready' AND c.status = 'ready'"
    ).fetchall()
    counts = {
        cid: (seen, goal)
        for cid, seen, goal in conn.execute(
            "SELECT c.id, (SELECT count(*) FROM milestone x WHERE x.client_id = a.client_id "
            "AND x.type_code = c.type_code AND x.date >= a.start_date AND x.date <= ? AND x.reportable = 1), "
            "CAST(c.target AS INTEGER) FROM agreement_condition c "
            "JOIN agreement_milestone m ON m.id = c.milestone_id JOIN agreement a ON a.id = m.agreement_id "
            "WHERE c.kind = 'metric' AND c.status = 'ready' AND m.status = 'ready' AND a.status = 'active'",
            (today,),
        )
    }
    done: dict[str, str] = dict(
        conn.execute("SELECT id, effective_date FROM agreement_milestone WHERE status = 'complete'").fetchall()
    )
    pending = {r[5]: r for r in rows}
    changed = True
    while changed:
        changed = False
        for mid, (cid, kind, on, target, lag, *_rest) in list(pending.items()):
            effective = None
            if kind == "date" and on <= today:
                effective = on
            elif kind == "metric" and counts[cid][0] >= counts[cid][1]:
                effective = today
            elif kind == "milestone" and target in done:
                when = (date.fromisoformat(done[target]) + timedelta(days=lag)).isoformat()
                effective = when if when <= today else None
            if effective:
                done[mid] = effective
                del pending[mid]
                changed = True
    finished = [(done[r[5]], r) for r in rows if r[5] in done]
    events = dict(
        conn.execute(
            "SELECT e.milestone_id, e.id FROM agreement_event e JOIN agreement a ON a.id = e.agreement_id "
            "WHERE a.status = 'active' AND e.status = 'pending'"
        ).fetchall()
    )
    # The same bookkeeping the app does (models/tracking.py): a change number per record, updated_at and
    # _by, an audit row per changed field, a history row per change naming the run (and its "create" audit
    # row), what each metric condition observed.
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    who = conn.execute("SELECT id FROM counselor ORDER BY created_at LIMIT 1").fetchone()[0]
    run = uuid.uuid4().hex
    per_agreement: dict[str, list[str]] = {}
    for r in rows:
        per_agreement.setdefault(r[6], []).append(r[5])
    completed = [aid for aid, mids in per_agreement.items() if all(m in done for m in mids)]
    count = 6 * len(finished) + 2 * len(completed)  # an update and a history row each
    revision = conn.execute("SELECT value FROM revision_counter WHERE id = 1").fetchone()[0] + 1
    conn.execute("UPDATE revision_counter SET value = value + ? WHERE id = 1", (count,))
    cond, mile, event, history, audit, agreements = [], [], [], [], [], []
    for aid in completed:
        effective = max(done[m] for m in per_agreement[aid])
        agreements.append(("completed", revision, now, who, aid))
        audit.append((now, who, "agreement", aid, "update", "status", "active", "completed"))
        hid = uuid.uuid4().hex
        history.append(
            (
                hid,
                aid,
                "agreement",
                aid,
                "",
                "complete",
                "active",
                "completed",
                who,
                run,
                effective,
                now,
                now,
                now,
                who,
                revision + 1,
            )
        )
        audit.append((now, who, "agreement_history", hid, "create", None, None, None))
        revision += 2
    for effective, (cid, _kind, _on, _t, _lag, mid, aid, code) in finished:
        eid = events[mid]
        cond.append(("complete", effective, revision, now, who, cid))
        mile.append(("complete", effective, revision + 1, now, who, mid))
        event.append(("released", effective, revision + 2, now, who, eid))
        revision += 3
        for rtype, rid, label, source, target in (
            ("condition", cid, code, "ready", "complete"),
            ("milestone", mid, code, "ready", "complete"),
            ("event", eid, f"{code} event 1", "pending", "released"),
        ):
            hid = uuid.uuid4().hex
            history.append(
                (hid, aid, rtype, rid, label, target, source, target, who, run, effective, now, now, now, who, revision)
            )
            revision += 1
            audit.append((now, who, "agreement_history", hid, "create", None, None, None))
        for rtype, rid, field, old, new in (
            ("agreement_condition", cid, "status", "ready", "complete"),
            ("agreement_condition", cid, "effective_date", None, effective),
            ("agreement_milestone", mid, "status", "ready", "complete"),
            ("agreement_milestone", mid, "effective_date", None, effective),
            ("agreement_event", eid, "status", "pending", "released"),
            ("agreement_event", eid, "released_on", None, effective),
        ):
            audit.append((now, who, rtype, rid, "update", field, old, new))
    bookkept = "updated_at = ?, updated_by_id = ? WHERE id = ?"
    conn.executemany(f"UPDATE agreement_condition SET status = ?, effective_date = ?, revision = ?, {bookkept}", cond)
    conn.executemany(f"UPDATE agreement_milestone SET status = ?, effective_date = ?, revision = ?, {bookkept}", mile)
    conn.executemany(f"UPDATE agreement_event SET status = ?, released_on = ?, revision = ?, {bookkept}", event)
    conn.executemany(f"UPDATE agreement SET status = ?, revision = ?, {bookkept}", agreements)
    conn.executemany(
        "UPDATE agreement_condition SET observed = ?, observed_at = ? WHERE id = ?",
        [(f"{seen} of {goal}", today, cid) for cid, (seen, goal) in counts.items()],
    )
    conn.executemany(
        "INSERT INTO agreement_history (id, agreement_id, record_type, record_id, label, action, from_status, "
        "to_status, counselor_id, run_id, effective_date, recorded_at, created_at, updated_at, updated_by_id, "
        "revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        history,
    )
    conn.executemany(
        "INSERT INTO audit_log (at, counselor_id, record_type, record_id, action, field, old_value, new_value) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        audit,
    )
    conn.execute("COMMIT")
    elapsed = (time.perf_counter() - started) * 1000
    conn.close()
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--agreements", type=int, default=2_000)
    args = parser.parse_args(argv)
    bench_database().close()
    app_ms, base_ms, idle_ms, full_idle_ms = [], [], [], []
    for run in range(args.runs):
        log(f"run {run + 1}/{args.runs}: preparing copies …")
        _copy(WORK)
        db = open_database(WORK)
        _agreements(db, args.agreements)
        db.close()
        base_copy = WORK.with_name("agreements-base.sqlite3")
        _copy(base_copy, WORK)
        base_ms.append(baseline(base_copy))
        db = open_database(WORK)
        started = time.perf_counter()
        report = process(db, as_of=AS_OF)
        app_ms.append((time.perf_counter() - started) * 1000)
        for _ in range(3):
            started = time.perf_counter()
            again = process(db, as_of=AS_OF)
            idle_ms.append((time.perf_counter() - started) * 1000)
            assert again.changes == 0
        for _ in range(3):  # an unrelated change since: every open condition is judged again
            with db.engine.begin() as conn:
                conn.exec_driver_sql("UPDATE revision_counter SET value = value + 1 WHERE id = 1")
            started = time.perf_counter()
            again = process(db, as_of=AS_OF)
            full_idle_ms.append((time.perf_counter() - started) * 1000)
            assert again.changes == 0
        db.close()
        app_done, base_done = _completed(WORK), _completed(base_copy)
        same = app_done == base_done
        log(
            f"  app {app_ms[-1]:.0f} ms ({len(report.completed)} completed), baseline {base_ms[-1]:.0f} ms, "
            f"same completions and as many history/audit rows: {same} (app {app_done[1:]}, baseline {base_done[1:]})"
        )
        if not same:
            log("  the app and the baseline disagree: not a valid measurement")
            return 2
    app, base, idle = statistics.median(app_ms), statistics.median(base_ms), statistics.median(idle_ms)
    size = f"{args.agreements:,} agreements × 10 milestones, 100k clients"
    results = [
        Result(
            "agreement processing: full run",
            size,
            app,
            max(app_ms),
            base,
            "≤ 2× hand-written SQL pass",
            app <= 2 * base,
            f"{args.runs} runs on fresh copies",
        ),
        Result(
            "agreement processing: nothing to do, re-judged",
            size,
            statistics.median(full_idle_ms),
            max(full_idle_ms),
            None,
            "—",
            None,
            "an unrelated record changed since the last run, so every open condition is evaluated again",
        ),
        Result(
            "agreement processing: nothing to do",
            size,
            idle,
            max(idle_ms),
            None,
            "≤ 200 ms",
            idle <= 200,
            f"{len(idle_ms)} runs",
        ),
    ]
    print(format_table(results))
    save_results("agreements", results)
    return 0 if all(r.passed is not False for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
