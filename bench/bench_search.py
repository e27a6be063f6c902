"""Type-ahead search latency over 100,000 clients: the app's query vs the same SQL by hand.

    python bench/bench_search.py [--rounds N] [--clients N]

Prefixes: 1 to 4 letters of words taken from real names, cities and contact names in the dataset
(about 50; the words are picked with a fixed seed). Each prefix is searched `rounds` times, the app
and the baseline alternating, after one warm-up pass.

- app: `neodesk.services.clients.search_clients(session, text, active=…, limit=100)` on an open
  session (the cost of the query function itself);
- baseline: the same plan choice (capped match count) and the same SQL, written by hand and run with
  the `sqlite3` module on an open connection, rows fetched;
- list refresh: what the client list does on each search (on its worker thread), through the list's
  own `ClientQuery` (`neodesk.services.client_pages.list_first_page`): a new session, the plan's
  capped match count (once), the first 200-row page (the narrow plan's windowed page, read exactly
  again when short) and, when the page is full, the capped count (at most 1,001), against the same
  statements by hand; also, for comparison, what it did before (the full `count_clients` and a page).

Targets: search function p95 ≤ 15 ms and p95 ≤ 2× the raw-SQL p95; list refresh p95 ≤ 15 ms.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import time
from collections.abc import Callable

from common import (
    BENCH_CLIENTS,
    BENCH_DB,
    Result,
    bench_database,
    format_table,
    percentile,
    save_results,
    time_ms,
)

from neodesk.models import Database
from neodesk.models.search import prefix_upper_bound, words
from neodesk.services.client_list_rows import COUNT_CAP
from neodesk.services.client_pages import BOUND_MARGIN, BOUNDED_FROM, LIST_BROAD_MATCHES, LIST_READS, WINDOW_PER_ROW
from neodesk.services.clients import BROAD_MATCHES, count_clients, search_clients
from neodesk.ui.client_list import PAGE_SIZE, ClientQuery

TARGET_P95_MS = 15.0
TARGET_RATIO = 2.0
LIMIT = 100
WORD_COUNT = 13  # x 4 prefix lengths, less duplicates: about 50 prefixes

# The app's two plans, written by hand (one word: what a counselor types first).
RAW_CAPPED_COUNT = """
SELECT count(*) FROM (SELECT 1 FROM client_search
                      WHERE client_search.term >= ? AND client_search.term < ? LIMIT ?)
"""
RAW_NARROW_PAGE = """
SELECT client.id, client.client_no, client.name, client.company_status, client.city, counselor.name,
       client.last_activity, client.active
FROM client
JOIN (SELECT DISTINCT s.client_id, s.name_sort, s.client_no FROM client_search s
      WHERE s.term >= ? AND s.term < ? {narrow_active}
      ORDER BY s.name_sort, s.client_no LIMIT ? OFFSET ?) page ON page.client_id = client.id
LEFT OUTER JOIN counselor ON counselor.id = client.counselor_id
ORDER BY page.name_sort, page.client_no
"""
RAW_WALK_PAGE = """
SELECT client.id, client.client_no, client.name, client.company_status, client.city, counselor.name,
       client.last_activity, client.active
FROM client LEFT OUTER JOIN counselor ON counselor.id = client.counselor_id
WHERE EXISTS (SELECT 1 FROM client_search s WHERE s.client_id = client.id AND s.term >= ? AND s.term < ?)
      {active}
ORDER BY client.name_sort, client.client_no
LIMIT ? OFFSET ?
"""
# The list's page and count (neodesk.services.client_pages): the narrow page sorts a window of index rows.
RAW_WINDOW_PAGE = """
SELECT client.id, client.client_no, client.name, client.company_status, client.city, counselor.name,
       client.last_activity, client.active
FROM client
JOIN (SELECT DISTINCT w.client_id, w.name_sort, w.client_no
      FROM (SELECT s.client_id, s.name_sort, s.client_no FROM client_search s
            WHERE s.term >= ? AND s.term < ? {narrow_active} {bound}
            ORDER BY s.name_sort, s.client_no LIMIT ?) w
      ORDER BY w.name_sort, w.client_no LIMIT ?) page ON page.client_id = client.id
LEFT OUTER JOIN counselor ON counselor.id = client.counselor_id
ORDER BY page.name_sort, page.client_no
"""
RAW_BOUND = """
SELECT name_sort, client_no FROM client {where} ORDER BY name_sort, client_no
LIMIT 1 OFFSET ? * ? * (SELECT max(client_no) FROM client) / ?
"""
RAW_LIST_CAPPED = """
SELECT count(*) FROM (SELECT DISTINCT s.client_no FROM client_search s
                      WHERE s.term >= ? AND s.term < ? {narrow_active} LIMIT ?)
"""
RAW_COUNT = """
SELECT count(*) FROM (SELECT DISTINCT s.client_id, s.name_sort, s.client_no FROM client_search s
                      WHERE s.term >= ? AND s.term < ? {narrow_active})
"""


def pick_prefixes(db: Database, count: int = WORD_COUNT, seed: int = 7) -> list[str]:
    """1-4 letter prefixes of words from real client names, cities and contact names (as typed: mixed case)."""
    rng = random.Random(seed)
    conn = sqlite3.connect(f"file:{BENCH_DB}?mode=ro", uri=True)
    try:
        top = conn.execute("SELECT max(client_no) FROM client").fetchone()[0]
        chosen: list[str] = []
        while len(chosen) < count:
            row = conn.execute(
                "SELECT name, city, contact_last_name FROM client WHERE client_no = ?", (rng.randint(1, top),)
            ).fetchone()
            if not row:
                continue
            candidates = [w for w in row[rng.randrange(3)].split() if len(words(w)) == 1 and len(words(w)[0]) >= 4]
            if candidates:
                chosen.append(rng.choice(candidates))
    finally:
        conn.close()
    prefixes: list[str] = []
    for word in chosen:
        for n in range(1, 5):
            if word[:n] not in prefixes:
                prefixes.append(word[:n])
    return prefixes


def _range(prefix: str) -> tuple[str, str]:
    # The app folds what is typed (lower case, no accents) before the range scan; so does the baseline,
    # with the same helpers, so that both look up the same index range.
    term = words(prefix)[0]
    return term, prefix_upper_bound(term)


def raw_page(
    conn: sqlite3.Connection, prefix: str, active: bool | None, limit: int = LIMIT
) -> list[tuple[object, ...]]:
    """The app's plan choice and query, by hand."""
    lo, hi = _range(prefix)
    broad = conn.execute(RAW_CAPPED_COUNT, (lo, hi, BROAD_MATCHES)).fetchone()[0] >= BROAD_MATCHES
    if broad:
        sql = RAW_WALK_PAGE.format(active="" if active is None else f"AND client.active IS {int(active)}")
    else:
        sql = RAW_NARROW_PAGE.format(narrow_active="" if active is None else f"AND s.active IS {int(active)}")
    return conn.execute(sql, (lo, hi, limit, 0)).fetchall()


def raw_list_refresh(
    conn: sqlite3.Connection, prefix: str, active: bool | None
) -> tuple[int, list[tuple[object, ...]]]:
    """The list's refresh (neodesk.services.client_pages.list_first_page), by hand: the plan once, the
    page (narrow: a window of index rows, first only those up to the sort key where the page should end,
    read exactly when short from a window that did not hold every matching row), the count when full."""
    lo, hi = _range(prefix)
    narrow_active = "" if active is None else f"AND s.active IS {int(active)}"
    word_rows = conn.execute(RAW_CAPPED_COUNT, (lo, hi, LIST_BROAD_MATCHES)).fetchone()[0]
    if word_rows >= LIST_BROAD_MATCHES:
        sql = RAW_WALK_PAGE.format(active="" if active is None else f"AND client.active IS {int(active)}")
        rows = conn.execute(sql, (lo, hi, PAGE_SIZE, 0)).fetchall()
    else:
        window = PAGE_SIZE * WINDOW_PER_ROW
        rows = []
        if word_rows > max(window, BOUNDED_FROM):  # one word: first the rows up to where the page should end
            where = "" if active is None else f"WHERE active IS {int(active)}"
            bound = conn.execute(RAW_BOUND.format(where=where), (BOUND_MARGIN, PAGE_SIZE, word_rows)).fetchone()
            if bound is not None:
                sql = RAW_WINDOW_PAGE.format(
                    narrow_active=narrow_active, bound="AND (s.name_sort, s.client_no) <= (?, ?)"
                )
                rows = conn.execute(sql, (lo, hi, *bound, window, PAGE_SIZE)).fetchall()
        if len(rows) < PAGE_SIZE:
            sql = RAW_WINDOW_PAGE.format(narrow_active=narrow_active, bound="")
            rows = conn.execute(sql, (lo, hi, window, PAGE_SIZE)).fetchall()
        if len(rows) < PAGE_SIZE and word_rows > window:
            sql = RAW_NARROW_PAGE.format(narrow_active=narrow_active)
            rows = conn.execute(sql, (lo, hi, PAGE_SIZE, 0)).fetchall()
    if len(rows) < PAGE_SIZE:
        return len(rows), rows
    sql = RAW_LIST_CAPPED.format(narrow_active=narrow_active)
    return int(conn.execute(sql, (lo, hi, COUNT_CAP + 1)).fetchone()[0]), rows


def raw_count(conn: sqlite3.Connection, prefix: str, active: bool | None) -> int:
    lo, hi = _range(prefix)
    conn.execute(RAW_CAPPED_COUNT, (lo, hi, BROAD_MATCHES)).fetchone()
    sql = RAW_COUNT.format(narrow_active="" if active is None else f"AND s.active IS {int(active)}")
    return int(conn.execute(sql, (lo, hi)).fetchone()[0])


def run(db: Database, rounds: int) -> list[Result]:
    prefixes = pick_prefixes(db)
    conn = sqlite3.connect(f"file:{BENCH_DB}?mode=ro", uri=True, check_same_thread=False)
    results: list[Result] = []
    try:
        for label, active in (("all clients", None), ("active only, as the list", True)):
            with db.reading() as tx:

                def app(prefix: str, tx: object = tx, active: bool | None = active) -> None:
                    search_clients(tx, prefix, active=active, limit=LIMIT)  # type: ignore[arg-type]

                def raw(prefix: str, active: bool | None = active) -> None:
                    raw_page(conn, prefix, active)

                app_ms, raw_ms = _alternate(prefixes, rounds, app, raw)
            result = _result(f"search_clients ({label})", len(prefixes), rounds, app_ms, raw_ms, targets=True)
            result.note += "; p50/p95 by prefix length: " + _by_length(prefixes, rounds, app_ms)
            results.append(result)

            def refresh(prefix: str, active: bool | None = active) -> None:
                with db.reading() as tx:
                    count_clients(tx, prefix, active=active)
                    search_clients(tx, prefix, active=active, limit=LIMIT)

            def raw_refresh(prefix: str, active: bool | None = active) -> None:
                raw_count(conn, prefix, active)
                raw_page(conn, prefix, active)

            app_ms, raw_ms = _alternate(prefixes, rounds, refresh, raw_refresh)
            results.append(
                _result(
                    f"list refresh before: full count + page ({label})",
                    len(prefixes),
                    rounds,
                    app_ms,
                    raw_ms,
                    targets=False,
                )
            )

            def list_refresh(prefix: str, active: bool | None = active) -> None:
                ClientQuery(prefix, active).first_page(db, LIST_READS)

            _check_same_refresh(db, conn, prefixes, active)

            def by_hand(prefix: str, active: bool | None = active) -> None:
                raw_list_refresh(conn, prefix, active)

            app_cpu: list[float] = []
            raw_cpu: list[float] = []
            app_ms, raw_ms = _alternate(prefixes, rounds, list_refresh, by_hand, (app_cpu, raw_cpu))
            result = _result(
                f"list refresh: capped count + page ({label})", len(prefixes), rounds, app_ms, raw_ms, targets=False
            )
            result.target, result.passed = f"p95 ≤ {TARGET_P95_MS:.0f} ms", percentile(app_ms, 95) <= TARGET_P95_MS
            result.note += (
                f"; the list's ClientQuery: count capped at {COUNT_CAP:,} and a {PAGE_SIZE}-row page; CPU time "
                f"p50/p95 app {percentile(app_cpu, 50):.2f}/{percentile(app_cpu, 95):.2f} ms, by hand "
                f"{percentile(raw_cpu, 50):.2f}/{percentile(raw_cpu, 95):.2f} ms (load barely moves it)"
            )
            results.append(result)
    finally:
        conn.close()
    return results


def _check_same_refresh(db: Database, conn: sqlite3.Connection, prefixes: list[str], active: bool | None) -> None:
    """The baseline must read what the app reads: the same count and rows for every prefix."""
    for prefix in prefixes:
        total, rows = ClientQuery(prefix, active).first_page(db, LIST_READS)
        raw_total, raw_rows = raw_list_refresh(conn, prefix, active)
        if (total, [r[0] for r in rows]) != (raw_total, [r[0] for r in raw_rows]):
            raise SystemExit(f"list refresh: the app and the baseline differ for {prefix!r}")


def _alternate(
    prefixes: list[str],
    rounds: int,
    app: Callable[[str], None],
    raw: Callable[[str], None],
    cpu: tuple[list[float], list[float]] | None = None,
) -> tuple[list[float], list[float]]:
    """Wall milliseconds of each call, app and baseline alternating; `cpu`: also their CPU times (ms)."""
    for prefix in prefixes:  # warm-up: page cache, statement caches
        app(prefix)
        raw(prefix)
    app_ms: list[float] = []
    raw_ms: list[float] = []
    app_cpu, raw_cpu = cpu if cpu is not None else (None, None)
    for _ in range(rounds):
        for prefix in prefixes:
            for call, wall, cpu_ms in ((app, app_ms, app_cpu), (raw, raw_ms, raw_cpu)):
                started = time.process_time()
                wall.append(time_ms(lambda p=prefix, call=call: call(p)))  # type: ignore[misc]
                if cpu_ms is not None:
                    cpu_ms.append((time.process_time() - started) * 1000)
    return app_ms, raw_ms


def _by_length(prefixes: list[str], rounds: int, app_ms: list[float]) -> str:
    """Where the time goes: one-letter prefixes match half the clients, four letters a few hundred."""
    by_length: dict[int, list[float]] = {}
    for i, ms in enumerate(app_ms):
        by_length.setdefault(len(prefixes[i % len(prefixes)]), []).append(ms)
    return ", ".join(
        f"{n} letter{'s' if n > 1 else ''} {percentile(v, 50):.0f}/{percentile(v, 95):.0f} ms"
        for n, v in sorted(by_length.items())
    )


def _result(
    name: str, n_prefixes: int, rounds: int, app_ms: list[float], raw_ms: list[float], *, targets: bool
) -> Result:
    p50, p95 = percentile(app_ms, 50), percentile(app_ms, 95)
    raw50, raw95 = percentile(raw_ms, 50), percentile(raw_ms, 95)
    size = f"{BENCH_CLIENTS // 1000}k clients, {n_prefixes} prefixes × {rounds}"
    if targets:
        passed = p95 <= TARGET_P95_MS and p95 <= TARGET_RATIO * raw95
        target = f"p95 ≤ {TARGET_P95_MS:.0f} ms and ≤ {TARGET_RATIO:.0f}× raw p95"
        note = f"p95 ratio {p95 / raw95:.2f}×; slowest prefix {max(app_ms):.1f} ms (raw {max(raw_ms):.1f} ms)"
    else:
        passed, target, note = None, "—", f"p95 ratio {p95 / raw95:.2f}×; slowest {max(app_ms):.1f} ms"
    return Result(name, size, p50, p95, raw50, target, passed, note, baseline_p95=raw95)


def main(argv: list[str] | None = None) -> list[Result]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="searches per prefix (default 5)")
    parser.add_argument("--clients", type=int, default=BENCH_CLIENTS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    db = bench_database(args.clients)
    try:
        results = run(db, args.rounds)
    finally:
        db.close()
    print(format_table(results))
    save_results("search", results)
    return results


if __name__ == "__main__":
    main()
