"""Opening a big client in the real client editor: its record, then its Milestones and Counseling tabs shown.

    python bench/bench_editor.py [--runs N]

What the counselor waits for when picking the client with 500 milestones and 1,000 counseling sessions
(bench/README.md): `ClientEditor.load_client` (the record, both tabs' rows), then the Milestones tab
made current and painted, then the Counseling tab made current and painted. Measured in a main window
built by `neodesk.ui.build_main_window` (offscreen), two ways:
- fresh: a new process opens the client once (what the first pick after a start costs: first
  queries, first layout of the tables);
- warm: in one process, a small client and the big client alternately, `runs` times each.
Baseline: the same rows read by hand through `sqlite3` (bench_open_client.open_by_hand), in the
same process. Target: median ≤ 50 ms, fresh and warm.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys

from common import (
    BENCH_CLIENTS,
    HEAVY_MILESTONES,
    HEAVY_SESSIONS,
    ROOT,
    Result,
    bench_database,
    format_table,
    log,
    percentile,
    save_results,
)

TARGET_MS = 50.0

CHILD = r"""
import sqlite3, sys, time
sys.path.insert(0, sys.argv[2])
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from common import BENCH_DB, HEAVY_NAME
from bench_open_client import open_by_hand
from neodesk.models import open_database
from neodesk.ui import build_main_window
from neodesk.ui.client_editor import TAB_MILESTONES, TAB_SESSIONS, TAB_PROFILE

runs = int(sys.argv[1])
db = open_database(BENCH_DB)
conn = sqlite3.connect(f"file:{BENCH_DB}?mode=ro", uri=True)
heavy_no, heavy_id = conn.execute("SELECT client_no, id FROM client WHERE name = ?", (HEAVY_NAME,)).fetchone()
import uuid
heavy = uuid.UUID(heavy_id)
small = uuid.UUID(conn.execute("SELECT id FROM client WHERE client_no = 1").fetchone()[0])
window = build_main_window(db)
window.resize(1280, 800)
window.show()
while not window.is_complete or window.client_editor.client_id is None:
    app.processEvents()
app.processEvents()
editor = window.client_editor
window.show_editor()  # Home is in front at start; a hidden editor's tables never paint

from PySide6.QtCore import QEvent, QObject

class PaintSpy(QObject):
    painted = False

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            PaintSpy.painted = True
        return False

spy = PaintSpy()
for tab in (editor.milestones, editor.sessions):
    tab.view.viewport().installEventFilter(spy)

def shown(tab):
    # The tab made current, its events processed until its table has painted its rows (one frame).
    PaintSpy.painted = False
    editor.tabs.setCurrentIndex(tab)
    while not PaintSpy.painted:
        app.processEvents()

cpu = []  # the GUI thread's CPU time of each opening (load barely moves it)

def open_heavy():
    started, used = time.perf_counter(), time.thread_time()
    editor.load_client(heavy)
    shown(TAB_MILESTONES)
    shown(TAB_SESSIONS)
    cpu.append((time.thread_time() - used) * 1000)
    return (time.perf_counter() - started) * 1000

def open_small():
    editor.tabs.setCurrentIndex(TAB_PROFILE)
    editor.load_client(small)
    app.processEvents()

open_small()
first = open_heavy()
assert editor.milestones.model.rowCount() == 500 and editor.sessions.model.rowCount() == 1000
warm, raw = [], []
for _ in range(runs):
    open_small()
    warm.append(open_heavy())
    started = time.perf_counter()
    open_by_hand(conn, heavy_no)
    raw.append((time.perf_counter() - started) * 1000)
print("CPU", " ".join(f"{c:.3f}" for c in cpu), flush=True)
print("RESULT", first, " ".join(f"{w:.3f}" for w in warm), "|", " ".join(f"{r:.3f}" for r in raw), flush=True)
"""


def run_child(runs: int) -> tuple[float, list[float], list[float], list[float]]:
    """One child: the first opening (ms), the warm ones, the baseline's, and the GUI thread's CPU time
    of each opening (the first one first)."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
    }
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(runs), str(ROOT / "bench")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    line = next((line for line in done.stdout.splitlines() if line.startswith("RESULT")), None)
    if line is None:
        raise RuntimeError(f"the editor child failed:\n{done.stderr[-2000:]}")
    head, raw = line[len("RESULT ") :].split("|")
    first, *warm = (float(x) for x in head.split())
    cpu = next(line for line in done.stdout.splitlines() if line.startswith("CPU"))
    return first, warm, [float(x) for x in raw.split()], [float(x) for x in cpu.split()[1:]]


def run(fresh_runs: int, warm_runs: int) -> list[Result]:
    fresh: list[float] = []
    warm: list[float] = []
    raw: list[float] = []
    fresh_cpu: list[float] = []
    warm_cpu: list[float] = []
    for n in range(fresh_runs):
        first, warm_ms, raw_ms, cpu_ms = run_child(warm_runs if n == 0 else 1)
        fresh.append(first)
        fresh_cpu.append(cpu_ms[0])
        warm += warm_ms if n == 0 else []
        warm_cpu += cpu_ms[1:] if n == 0 else []
        raw += raw_ms
        log(f"  editor run {n + 1}/{fresh_runs}")
    size = f"{HEAVY_MILESTONES} milestones, {HEAVY_SESSIONS:,} sessions, {BENCH_CLIENTS // 1000}k clients"
    raw_ms = statistics.median(raw)
    return [
        Result(
            "open big client in the editor, tabs shown (fresh process)",
            f"{size}, {fresh_runs} processes",
            statistics.median(fresh),
            percentile(fresh, 95),
            raw_ms,
            f"median ≤ {TARGET_MS:.0f} ms",
            statistics.median(fresh) <= TARGET_MS,
            f"fresh {min(fresh):.1f}-{max(fresh):.1f} ms; GUI thread CPU median {statistics.median(fresh_cpu):.1f} ms",
            baseline_p95=percentile(raw, 95),
        ),
        Result(
            "open big client in the editor, tabs shown (warm)",
            f"{size}, {warm_runs} runs",
            statistics.median(warm),
            percentile(warm, 95),
            raw_ms,
            f"median ≤ {TARGET_MS:.0f} ms",
            statistics.median(warm) <= TARGET_MS,
            f"GUI thread CPU median {statistics.median(warm_cpu):.1f} ms; "
            "baseline: the same rows by hand through sqlite3",
            baseline_p95=percentile(raw, 95),
        ),
    ]


def main(argv: list[str] | None = None) -> list[Result]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="warm openings (default 10)")
    parser.add_argument("--fresh", type=int, default=5, help="fresh processes (default 5)")
    args = parser.parse_args(argv)
    bench_database().close()
    results = run(args.fresh, args.runs)
    print(format_table(results))
    save_results("editor", results)
    return results


if __name__ == "__main__":
    main()
