"""Scrolling the client list to its end, through the real model, against the same pages by hand.

    python bench/bench_list.py [--runs N]

- app: a `neodesk.ui.client_list.ClientListModel` on the 100,000-client database (offscreen Qt), the
  default query (active clients, by name), its first page read, then `fetchMore` asked and the event
  loop run until the page's rows are inserted, again and again until `canFetchMore` says the end is
  reached. Timed: the whole walk (the sum of the page times) and each page (from `fetchMore` until its
  rows are in the model). Each page is read on the list's worker thread (keyset: after the last row's
  sort key), so the GUI thread's own share is noted separately (the longest time it spent inserting a
  page and handling its signal);
- baseline: the same pages with the `sqlite3` module on an open connection, each page a keyset query
  written by hand (`WHERE active IS 1 AND (name_sort, client_no) > (?, ?) ORDER BY … LIMIT 200`).
The old way (LIMIT/OFFSET on the GUI thread) is timed for one page near the end, for the notes.

Targets (issue 14): the end of ~95,000 active rows reached in ≤ 2 s of fetching, no page over 20 ms.
"""

from __future__ import annotations

import argparse
import gc
import os
import sqlite3
import statistics
import time

from common import BENCH_DB, Result, bench_database, format_table, log, percentile, save_results

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication

from neodesk.models import Database
from neodesk.services.client_pages import LIST_READS
from neodesk.services.clients import search_clients
from neodesk.ui.client_list import PAGE_SIZE, ClientListModel

TARGET_TOTAL_MS = 2000.0
TARGET_PAGE_MS = 20.0

RAW_PAGE = """
SELECT client.id, client.client_no, client.name, client.company_status, client.city, counselor.name,
       client.last_activity, client.active, client.name_sort
FROM client LEFT OUTER JOIN counselor ON counselor.id = client.counselor_id
WHERE client.active IS 1 {after}
ORDER BY client.name_sort, client.client_no LIMIT ?
"""


def walk_model(app: QApplication, db: Database) -> tuple[int, list[float], float]:
    """Rows reached, each page's milliseconds, and the longest GUI-thread insert (ms)."""
    model = ClientListModel(db, LIST_READS)
    model.refresh(wait=True)
    gui_ms = [0.0]
    inserted = [0.0]

    def on_fetched() -> None:
        inserted[0] = time.perf_counter()

    started_insert = [0.0]
    model.rowsAboutToBeInserted.connect(lambda *_: started_insert.__setitem__(0, time.perf_counter()))
    model.fetched.connect(on_fetched)
    waiting = QEventLoop()
    model.fetched.connect(waiting.quit)
    pages: list[float] = []
    try:
        while model.canFetchMore():
            asked = time.perf_counter()
            model.fetchMore()
            if model.fetching:
                waiting.exec()  # the event loop waits (not spinning) until the page is in
            pages.append((inserted[0] - asked) * 1000)
            gui_ms[0] = max(gui_ms[0], (inserted[0] - started_insert[0]) * 1000 if started_insert[0] else 0.0)
        return model.rowCount(), pages, gui_ms[0]
    finally:
        model.shutdown()


def walk_raw(conn: sqlite3.Connection) -> tuple[int, list[float]]:
    pages: list[float] = []
    rows = 0
    key: tuple[str, int] | None = None
    while True:
        started = time.perf_counter()
        if key is None:
            page = conn.execute(RAW_PAGE.format(after=""), (PAGE_SIZE,)).fetchall()
        else:
            page = conn.execute(
                RAW_PAGE.format(after="AND (client.name_sort, client.client_no) > (?, ?)"), (*key, PAGE_SIZE)
            ).fetchall()
        pages.append((time.perf_counter() - started) * 1000)
        rows += len(page)
        if len(page) < PAGE_SIZE:
            return rows, pages[1:]  # the first page is the list's reset, not a fetch
        key = (page[-1][8], page[-1][1])


def run(db: Database, runs: int) -> list[Result]:
    app = QApplication.instance() or QApplication([])
    gc.freeze()  # as MainWindow does once it is complete (neodesk.ui.main_window)
    conn = sqlite3.connect(f"file:{BENCH_DB}?mode=ro", uri=True)
    totals: list[float] = []
    raw_totals: list[float] = []
    all_pages: list[float] = []
    gui: list[float] = []
    reached = raw_reached = 0
    try:
        walk_raw(conn)  # warm-up: page cache
        for n in range(runs):
            reached, pages, gui_ms = walk_model(app, db)
            raw_reached, raw_pages = walk_raw(conn)
            totals.append(sum(pages))
            raw_totals.append(sum(raw_pages))
            all_pages += pages
            gui.append(gui_ms)
            log(
                f"  list run {n + 1}/{runs}: {sum(pages):.0f} ms, {len(pages)} pages, slowest {max(pages):.1f} ms"
                f" (page {pages.index(max(pages)) + 1})"
            )
        with db.reading() as tx:
            started = time.perf_counter()
            search_clients(tx, "", active=True, limit=PAGE_SIZE, offset=reached - PAGE_SIZE)
            offset_ms = (time.perf_counter() - started) * 1000
    finally:
        conn.close()
    if reached != raw_reached:
        raise RuntimeError(f"the model reached {reached} rows, the baseline {raw_reached}")
    total = statistics.median(totals)
    slowest = max(all_pages)
    return [
        Result(
            "client list scrolled to the end (keyset pages on the worker)",
            f"{reached:,} active rows, {runs} runs",
            total,
            percentile(totals, 95),
            statistics.median(raw_totals),
            f"≤ {TARGET_TOTAL_MS:,.0f} ms, no page > {TARGET_PAGE_MS:.0f} ms",
            total <= TARGET_TOTAL_MS and slowest <= TARGET_PAGE_MS,
            f"{len(all_pages) // runs} pages per run; page p50 {percentile(all_pages, 50):.2f} ms, p95 "
            f"{percentile(all_pages, 95):.2f} ms, slowest {slowest:.1f} ms (fetchMore until the rows are in the "
            f"model); GUI thread per page ≤ {max(gui):.1f} ms (inserting); the old OFFSET page at row "
            f"{reached - PAGE_SIZE:,}: {offset_ms:.0f} ms",
            baseline_p95=percentile(raw_totals, 95),
        )
    ]


def main(argv: list[str] | None = None) -> list[Result]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="walks to the end (default 3)")
    args = parser.parse_args(argv)
    db = bench_database()
    try:
        results = run(db, args.runs)
    finally:
        db.close()
    print(format_table(results))
    save_results("list", results)
    return results


if __name__ == "__main__":
    main()
