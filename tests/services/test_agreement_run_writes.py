"""The run's fast writer (run_writes.executemany: the driver's executemany with the types' own bind
processors) writes exactly what SQLAlchemy's Core executemany writes: on random agreements, a run
through each leaves the same statuses, dates, revisions, history and audit rows."""

from __future__ import annotations

import random
import sqlite3
import uuid
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from neodesk.models import Database, open_database
from neodesk.services.agreements import create_agreement, process, run_writes
from tests.services.agreement_fixtures import START, TODAY, add_client, add_hires, text


def _core(tx: Session, statement: Any, rows: list[Any], keys: Sequence[str] | None = None) -> None:
    """SQLAlchemy's own executemany, the ids the run read as stored text made UUIDs for it (rows given
    as tuples with their `keys` made dicts)."""
    if rows:
        dicts = rows if keys is None else [dict(zip(keys, row, strict=True)) for row in rows]
        tx.execute(statement, [{k: _uuid(v) for k, v in row.items()} for row in dicts])


def _uuid(value: Any) -> Any:
    return uuid.UUID(value) if isinstance(value, str) and len(value) == 32 and value.isalnum() else value


def _random_agreement(rng: random.Random, n: int, client: int) -> dict[str, Any]:
    milestones: list[dict[str, Any]] = []
    for i in range(rng.randint(1, 6)):
        kind = rng.choice(["date", "metric", "milestone", "user"] if i else ["date", "metric", "user"])
        if kind == "date":
            condition: dict[str, Any] = {
                "kind": "date",
                "date": (TODAY - timedelta(days=rng.randint(-20, 90))).isoformat(),
            }
        elif kind == "metric":
            condition = {
                "kind": "metric",
                "measure": rng.choice(["increase", "value"]),
                "field": "full_time_employees",
                "op": ">=",
                "target": rng.randint(1, 9),
            }
        elif kind == "milestone":
            condition = {"kind": "milestone", "milestone": f"M{rng.randint(0, i - 1)}", "lag_days": rng.randint(0, 30)}
        else:
            condition = {"kind": "user"}
        milestones.append(
            {
                "code": f"M{i}",
                "status": "ready",
                "conditions": [condition],
                "events": [{"kind": "disbursement", "split": True}] * rng.randint(0, 2),
            }
        )
    return {
        "number": f"AG-{n}",
        "title": "Random grant",
        "kind": "grant",
        "client": client,
        "amount": f"{rng.randint(1_000, 90_000)}.{rng.randint(0, 99):02d}",
        "start": START.isoformat(),
        "end": (TODAY + timedelta(days=200)).isoformat(),
        "status": "active",
        "milestones": milestones,
    }


def _dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    queries = {
        "agreement": "SELECT id, status, revision FROM agreement ORDER BY id",
        "milestone": "SELECT id, status, effective_date, blocked, revision, updated_by_id "
        "FROM agreement_milestone ORDER BY id",
        "condition": "SELECT id, status, effective_date, observed, observed_at, revision "
        "FROM agreement_condition ORDER BY id",
        "event": "SELECT id, status, released_on, amount, revision FROM agreement_event ORDER BY id",
        "history": "SELECT agreement_id, record_type, record_id, label, action, from_status, to_status, "
        "effective_date, reason, revision, counselor_id FROM agreement_history ORDER BY revision",
        "audit": "SELECT record_type, record_id, action, field, old_value, new_value, counselor_id FROM audit_log "
        "WHERE record_type != 'agreement_history' ORDER BY id",
        "audit_history": "SELECT count(*) FROM audit_log WHERE record_type = 'agreement_history' AND action = 'create'",
    }
    with sqlite3.connect(path) as conn:
        return {name: conn.execute(sql).fetchall() for name, sql in queries.items()}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_fast_writer_writes_what_core_writes(
    db: Database, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    rng = random.Random(seed)
    client = add_client(db)
    for n in range(1, 9):
        create_agreement(db, text(_random_agreement(rng, n, client)))
    add_hires(db, client, 3, 3 + rng.randint(1, 8), START + timedelta(days=3))
    db.close()
    copy = tmp_path / "core.sqlite3"
    with sqlite3.connect(db_path) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    fast = open_database(db_path)
    first = process(fast)
    fast.close()
    monkeypatch.setattr(run_writes, "executemany", _core)
    core = open_database(copy)
    second = process(core)
    core.close()
    assert first.completed == second.completed
    assert first.changes == second.changes
    fast_rows, core_rows = _dump(db_path), _dump(copy)
    assert fast_rows["history"], "the run wrote nothing to compare"
    assert fast_rows == core_rows
