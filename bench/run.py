"""Run the NeoDesk benchmarks and print one table (see bench/README.md).

    python bench/run.py [--only start,search,open,editor,list,cli,save]

Generates bench/data/bench.sqlite3 (100,000 demo clients) on first use, then runs each benchmark
with its baseline. Figures are also written as JSON under bench/out/. The report and exchange
benchmarks (bench_reports.py, bench_exchange.py) are separate: run them on their own. The load
average before and after is printed: other work on the machine slows app and baseline alike, the
ratios less than the times.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_cli
import bench_editor
import bench_list
import bench_open_client
import bench_save
import bench_search
import bench_start
from common import Result, bench_database, format_table, log, save_results

from neodesk.models import Database

BENCHMARKS = {
    "start": lambda: bench_start.run(7),
    "search": lambda: _with_db(lambda db: bench_search.run(db, 5)),
    "open": lambda: _with_db(lambda db: bench_open_client.run(db, 30)),
    "editor": lambda: bench_editor.run(5, 10),
    "list": lambda: _with_db(lambda db: bench_list.run(db, 3)),
    "cli": lambda: bench_cli.run(7),
    "save": lambda: bench_save.run(30),
}


def _with_db(measure: Callable[[Database], list[Result]]) -> list[Result]:
    db = bench_database()
    try:
        return measure(db)
    finally:
        db.close()


def _load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--only", default=",".join(BENCHMARKS), help=f"comma-separated subset of {', '.join(BENCHMARKS)} (default: all)"
    )
    args = parser.parse_args(argv)
    chosen = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark {unknown[0]!r}; choose from {', '.join(BENCHMARKS)}")
    bench_database().close()  # generate the dataset up front, outside every timing
    log(f"Load average before: {_load()}")
    results: list[Result] = []
    for name in chosen:
        log(f"Running {name} …")
        results.extend(BENCHMARKS[name]())
    print(format_table(results))
    print(f"\nLoad average (1, 5, 15 min) after the run: {_load()}")
    log(f"Figures saved to {save_results('all', results)}")
    return 1 if any(r.passed is False for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
