"""A client save that logs three milestones: the service against the same statements by hand.

    python bench/bench_save.py [--runs N]

Works on a copy of the benchmark database (bench/data/save-work.sqlite3, made once with the sqlite3
backup API; the saves and their replays only add to it).

- app: `neodesk.services.client_sync.save_client_with_sync` for an active client whose gross sales,
  full-time and part-time staff all go up, with every sync prompt answered Yes: validation, the
  client → milestone rules, one transaction writing the client and three milestones (revisions,
  audit entries, counselor and funding links). A different client each run.
- baseline: the statements that save sent to SQLite (recorded through SQLAlchemy's
  `before_cursor_execute`, with its BEGIN / COMMIT / ROLLBACK), run again by hand through the
  `sqlite3` module on an open connection right after it, the ids of the new rows replaced by fresh
  ones (so the INSERTs insert).
Target (issue 14): median ≤ 2× the baseline.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import statistics
import time
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from common import BENCH_DB, DATA_DIR, Result, bench_database, format_table, log, percentile, save_results
from sqlalchemy import event

from neodesk.models import Database, open_database
from neodesk.schema_version import SCHEMA_HEAD
from neodesk.services.client_sync import save_client_with_sync
from neodesk.services.clients import client_values, get_client
from neodesk.services.reference import current_counselor
from neodesk.sync.deciding import Answer, Question

WORK_DB = DATA_DIR / "save-work.sqlite3"
TARGET_RATIO = 2.0
_INSERT = re.compile(r"INSERT INTO (\w+) \(([^)]*)\)")


class Yes:
    def decide(self, question: Question) -> Answer:
        return Answer.YES


def _schema(path: Path) -> str | None:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def work_database() -> Database:
    if WORK_DB.exists() and _schema(WORK_DB) != SCHEMA_HEAD:
        # Made from an older dataset: copy it again rather than migrate (and back up) a scratch copy.
        log(f"{WORK_DB} is not at schema {SCHEMA_HEAD}: copying it again")
        for stale in (WORK_DB, WORK_DB.with_name(WORK_DB.name + "-wal"), WORK_DB.with_name(WORK_DB.name + "-shm")):
            stale.unlink(missing_ok=True)
    if not WORK_DB.exists():
        log(f"Copying {BENCH_DB} to {WORK_DB} (once) …")
        source, target = sqlite3.connect(BENCH_DB), sqlite3.connect(WORK_DB)
        with target:
            source.backup(target)
        source.close()
        target.close()
    return open_database(WORK_DB)


class Recorder:
    """The statements an engine sends, with transaction ends, while `on` is set."""

    def __init__(self, db: Database) -> None:
        self.on = False
        self.sent: list[tuple[str, Any, bool]] = []
        event.listen(db.engine, "before_cursor_execute", self._statement)
        event.listen(db.engine, "commit", lambda conn: self._end("COMMIT"))
        event.listen(db.engine, "rollback", lambda conn: self._end("ROLLBACK"))

    def _statement(self, conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool) -> None:
        if self.on:
            # With RETURNING, SQLAlchemy sends "many" rows one at a time: go by what the cursor gets.
            many = bool(params) and isinstance(params, list) and isinstance(params[0], tuple | list)
            self.sent.append((statement, params, many))

    def _end(self, what: str) -> None:
        if self.on:
            self.sent.append((what, (), False))


def replay(conn: sqlite3.Connection, sent: list[tuple[str, Any, bool]]) -> tuple[float, float]:
    """Milliseconds (wall, CPU) to run `sent` again, new rows' ids replaced."""
    new_ids: dict[str, str] = {}
    for statement, params, many in sent:
        found = _INSERT.match(statement)
        if found:
            columns = [c.strip().strip('"') for c in found.group(2).split(",")]
            if "id" in columns:
                for row in params if many else [params]:
                    old = row[columns.index("id")]
                    if isinstance(old, str):
                        new_ids[old] = uuid.uuid4().hex
    prepared = []
    for statement, params, many in sent:
        if many:
            prepared.append(
                (
                    statement,
                    [tuple(new_ids.get(p, p) if isinstance(p, str) else p for p in row) for row in params],
                    True,
                )
            )
        else:
            prepared.append((statement, tuple(new_ids.get(p, p) if isinstance(p, str) else p for p in params), False))
    started, cpu = time.perf_counter(), time.process_time()
    for statement, params, many in prepared:
        if statement == "COMMIT":
            conn.commit() if conn.in_transaction else None
        elif statement == "ROLLBACK":
            conn.rollback() if conn.in_transaction else None
        elif many:
            conn.executemany(statement, params)
        else:
            conn.execute(statement, params).fetchall()
    return (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000


def edits(db: Database, client_no: int, step: int) -> tuple[uuid.UUID, int, dict[str, Any]]:
    with db.reading() as tx:
        client = get_client(tx, client_no)
        values = client_values(client)
        client_id, revision = client.id, client.revision
    values.pop("created_at", None)
    values["gross_sales"] = (values.get("gross_sales") or Decimal(0)) + Decimal(1000 + step)
    values["full_time_employees"] = (values.get("full_time_employees") or 0) + 1
    values["part_time_employees"] = (values.get("part_time_employees") or 0) + 1
    return client_id, revision, values


def warm_cache(path: Path) -> None:
    """Read the work copy once, so the OS has it cached: the replay runs right after the save on the
    pages the save just read, and a cold disk read would otherwise be charged to the app alone."""
    with open(path, "rb") as fh:
        while fh.read(1 << 24):
            pass


def run(runs: int) -> list[Result]:
    db = work_database()
    recorder = Recorder(db)
    warm_cache(WORK_DB)
    conn = sqlite3.connect(WORK_DB, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "busy_timeout=10000"):
        conn.execute(f"PRAGMA {pragma}")  # as the app's connections (neodesk.models.database)
    app_ms: list[float] = []
    raw_ms: list[float] = []
    app_cpu: list[float] = []
    raw_cpu: list[float] = []
    statements = 0
    try:
        with db.reading() as tx:
            me = current_counselor(tx).id
            top = tx.connection().exec_driver_sql("SELECT max(client_no) FROM client").scalar_one()
        client_no = int(top) // 2
        warm = 3
        while len(app_ms) < runs + warm:
            client_no += 7
            try:
                client_id, planned, values = edits(db, client_no, len(app_ms))
            except LookupError:
                continue
            recorder.sent.clear()
            recorder.on = True
            started, cpu = time.perf_counter(), time.process_time()
            try:
                result = save_client_with_sync(
                    db, client_id, values, counselor_id=me, decider=Yes(), today=date.today()
                )
            except Exception:
                recorder.on = False
                continue
            elapsed = (time.perf_counter() - started) * 1000
            elapsed_cpu = (time.process_time() - cpu) * 1000
            recorder.on = False
            if result is None or len(result.milestone_ids) != 3:
                continue
            # The save's UPDATE of the client checks the revision it planned against (the edit guard);
            # put that revision back (untimed) so the replayed UPDATE finds and writes the row as the save did.
            conn.execute("UPDATE client SET revision = ? WHERE id = ?", (planned, client_id.hex))
            raw, raw_c = replay(conn, recorder.sent)
            statements = sum(1 for s, _, _ in recorder.sent if s not in ("COMMIT", "ROLLBACK"))
            app_ms.append(elapsed)
            raw_ms.append(raw)
            app_cpu.append(elapsed_cpu)
            raw_cpu.append(raw_c)
    finally:
        conn.close()
        db.close()
    app_ms, raw_ms = app_ms[warm:], raw_ms[warm:]
    median, base = statistics.median(app_ms), statistics.median(raw_ms)
    # CPU time (process_time: the Python, the SQLite library; not the waits on the disk's fsync),
    # which the machine's load moves far less than wall time.
    cpu, base_cpu = statistics.median(app_cpu[warm:]), statistics.median(raw_cpu[warm:])
    log(f"  save: {runs} runs, app {median:.1f} ms, by hand {base:.1f} ms; CPU {cpu:.2f} vs {base_cpu:.2f} ms")
    return [
        Result(
            "client save logging three milestones (save_client_with_sync)",
            f"100k clients, {runs} runs",
            median,
            percentile(app_ms, 95),
            base,
            f"≤ {TARGET_RATIO:.0f}× the same statements by hand",
            median <= TARGET_RATIO * base,
            f"{statements} statements (BEGIN included) per save; app {min(app_ms):.1f}-{max(app_ms):.1f} ms; "
            f"CPU time app {cpu:.2f} ms, by hand {base_cpu:.2f} ms ({cpu / base_cpu:.2f}×)",
            baseline_p95=percentile(raw_ms, 95),
        )
    ]


def main(argv: list[str] | None = None) -> list[Result]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="saves (default 30)")
    args = parser.parse_args(argv)
    bench_database().close()
    results = run(args.runs)
    print(format_table(results))
    save_results("save", results)
    return results


if __name__ == "__main__":
    main()
