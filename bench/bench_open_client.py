"""Opening a big client: its record, 500 milestones and 1,000 sessions, in a 100,000-client database.

    python bench/bench_open_client.py [--runs N]

- app: what the client editor does on opening a client: a new session, then
  `neodesk.services.clients.get_client(session, client_no)` (the ORM record the Profile tab edits),
  `neodesk.services.activity_rows.milestone_rows` and `session_rows` (the two tabs' rows with their
  counselor names);
- baseline: the same rows with the `sqlite3` module on an open connection: the client row, the
  milestones with their type, the sessions, and the two counselor link tables joined to counselor
  names, fetched as tuples.

Target: median ≤ 50 ms for the app.
"""

from __future__ import annotations

import argparse
import sqlite3

from common import (
    BENCH_CLIENTS,
    BENCH_DB,
    HEAVY_MILESTONES,
    HEAVY_SESSIONS,
    Result,
    bench_database,
    format_table,
    heavy_client_no,
    percentile,
    save_results,
    time_ms,
)

from neodesk.models import Database
from neodesk.services.activity_rows import counseling_session_rows, milestone_rows
from neodesk.services.clients import get_client

TARGET_MS = 50.0

RAW = (
    "SELECT * FROM client WHERE client_no = ?",
    "SELECT m.*, t.name FROM milestone m JOIN milestone_type t ON t.code = m.type_code "
    "WHERE m.client_id = ? ORDER BY m.date DESC, m.created_at DESC",
    "SELECT l.milestone_id, c.name FROM milestone_counselor l JOIN counselor c ON c.id = l.counselor_id "
    "WHERE l.milestone_id IN (SELECT id FROM milestone WHERE client_id = ?)",
    "SELECT * FROM counseling_session WHERE client_id = ? ORDER BY date DESC, created_at DESC",
    "SELECT l.counseling_session_id, c.name FROM session_counselor l JOIN counselor c ON c.id = l.counselor_id "
    "WHERE l.counseling_session_id IN (SELECT id FROM counseling_session WHERE client_id = ?)",
)


def open_with_services(db: Database, client_no: int) -> tuple[int, int]:
    with db.reading() as tx:
        client = get_client(tx, client_no)
        milestones = milestone_rows(tx, client.id)
        sessions = counseling_session_rows(tx, client.id)
        return len(milestones), len(sessions)


def open_by_hand(conn: sqlite3.Connection, client_no: int) -> tuple[int, int]:
    cursor = conn.execute(RAW[0], (client_no,))
    client = cursor.fetchone()
    client_id = client[[d[0] for d in cursor.description].index("id")]
    counts = [len(conn.execute(sql, (client_id,)).fetchall()) for sql in RAW[1:]]
    return counts[0], counts[2]


def run(db: Database, runs: int) -> list[Result]:
    client_no = heavy_client_no(db)
    conn = sqlite3.connect(f"file:{BENCH_DB}?mode=ro", uri=True)
    try:
        loaded = open_with_services(db, client_no)
        by_hand = open_by_hand(conn, client_no)
        if loaded != (HEAVY_MILESTONES, HEAVY_SESSIONS) or by_hand != loaded:
            raise RuntimeError(
                f"expected {HEAVY_MILESTONES} milestones and {HEAVY_SESSIONS} sessions, "
                f"the services loaded {loaded}, SQL {by_hand}"
            )
        app_ms: list[float] = []
        raw_ms: list[float] = []
        for _ in range(runs):
            app_ms.append(time_ms(lambda: open_with_services(db, client_no)))
            raw_ms.append(time_ms(lambda: open_by_hand(conn, client_no)))
    finally:
        conn.close()
    median, p95 = percentile(app_ms, 50), percentile(app_ms, 95)
    return [
        Result(
            "open client: get_client + milestone_rows + session_rows",
            f"{HEAVY_MILESTONES} milestones, {HEAVY_SESSIONS:,} sessions, "
            f"{BENCH_CLIENTS // 1000}k clients, {runs} runs",
            median,
            p95,
            percentile(raw_ms, 50),
            f"median ≤ {TARGET_MS:.0f} ms",
            median <= TARGET_MS,
            f"app p95 {p95:.1f} ms, raw p95 {percentile(raw_ms, 95):.1f} ms",
            baseline_p95=percentile(raw_ms, 95),
        )
    ]


def main(argv: list[str] | None = None) -> list[Result]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="timed openings (default 30)")
    parser.add_argument("--clients", type=int, default=BENCH_CLIENTS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    db = bench_database(args.clients)
    try:
        results = run(db, args.runs)
    finally:
        db.close()
    print(format_table(results))
    save_results("open_client", results)
    return results


if __name__ == "__main__":
    main()
