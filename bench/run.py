"""Run every NeoDesk benchmark, each with its baseline in the same run, and print one table.

    python bench/run.py [--only start,search,open,editor,list,cli,save,reports,exchange]

Generates bench/data/bench.sqlite3 (100,000 demo clients) on first use. Each benchmark runs as its own
script in a new process (`python bench/bench_<name>.py …`, so none inherits another's Qt application,
caches or frozen heap), writes its figures to bench/out/<name>.json as usual, and this script reads
them back into one table (written to bench/out/all.json too). `exchange` is the full export against
the sqlite3 CLI, wall and CPU time, run twice: on every core and on one (`--one-core`); its
incremental export and PostgreSQL import stay with `bench_exchange.py` itself. `bench_reports.py`
prints its table instead of writing JSON: its lines are read from its output (its JSON is preferred
if it writes one). The exit status is 1 when any target fails, or a benchmark ended without figures.
The load average before and after is printed: other work on the machine slows app and baseline
alike, the ratios less than the times.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BENCH_DIR, OUT_DIR, Result, bench_database, format_table, log, save_results


class Benchmark(NamedTuple):
    """A benchmark script, its arguments, the JSON (bench/out/<figures>.json) it writes, and for one
    that prints its figures instead, how to read them from its output."""

    script: str
    args: tuple[str, ...]
    figures: str
    printed: Callable[[str], list[Result]] | None = None


# bench_reports.py's printed lines: case, four medians in seconds (one Table/DejaVu, paged/Helvetica,
# paged/DejaVu, neodesk), two ratios (× one Table, × paged/DejaVu), and its verdict.
_REPORT_LINE = re.compile(
    r"^(?P<case>\S.*?)\s+(?P<one>[\d.]+)s\s+(?P<helvetica>[\d.]+)s\s+(?P<paged>[\d.]+)s\s+(?P<app>[\d.]+)s"
    r"\s+[\d.]+×\s+[\d.]+×\s+(?P<verdict>\S.*)$"
)
REPORT_TARGET = "≤ 1.3× the fair baseline (paged table, same font)"


def parse_report_lines(output: str) -> list[Result]:
    """bench_reports.py's printed cases as rows (medians in ms; baseline: the fair paged/DejaVu one)."""
    results = []
    for line in output.splitlines():
        match = _REPORT_LINE.match(line.strip())
        if match is None:
            continue
        seconds: dict[str, float] = {
            k: float(v) * 1000 for k, v in match.groupdict().items() if k not in ("case", "verdict")
        }
        verdict = match["verdict"]
        note = (
            f"one platypus Table {seconds['one']:,.0f} ms, paged/Helvetica {seconds['helvetica']:,.0f} ms; "
            f"bench_reports.py says {verdict!r}"
        )
        target = REPORT_TARGET + (f", {verdict.split('(', 1)[1].rstrip(')')}" if "(" in verdict else "")
        passed = verdict.split()[0].lower() == "ok"
        results.append(Result(match["case"], "—", seconds["app"], None, seconds["paged"], target, passed, note))
    return results


# Every benchmark of issue 14, in the order of the table; a name may run its script more than once.
BENCHMARKS: dict[str, tuple[Benchmark, ...]] = {
    "start": (Benchmark("bench_start.py", ("--runs", "7"), "start"),),
    "search": (Benchmark("bench_search.py", ("--rounds", "5"), "search"),),
    "open": (Benchmark("bench_open_client.py", ("--runs", "30"), "open_client"),),
    "editor": (Benchmark("bench_editor.py", ("--fresh", "5", "--runs", "10"), "editor"),),
    "list": (Benchmark("bench_list.py", ("--runs", "3"), "list"),),
    "cli": (Benchmark("bench_cli.py", ("--runs", "7"), "cli"),),
    "save": (Benchmark("bench_save.py", ("--runs", "30"), "save"),),
    "reports": (Benchmark("bench_reports.py", ("--runs", "5"), "reports", parse_report_lines),),
    "exchange": (
        Benchmark("bench_exchange.py", ("--only", "export", "--runs", "3"), "exchange"),
        Benchmark("bench_exchange.py", ("--only", "export", "--runs", "3", "--one-core"), "exchange"),
    ),
}


def run_benchmark(bench: Benchmark) -> list[Result]:
    """Run one script in a new process and read its figures; a row saying what went wrong if there are none."""
    command = [sys.executable, str(BENCH_DIR / bench.script), *bench.args]
    label = " ".join([bench.script, *bench.args])
    log(f"Running {label} …")
    started = time.time()
    child = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False)  # its progress: on stderr
    sys.stderr.write(child.stdout)  # its own table, as it printed it
    results = read_figures(OUT_DIR / f"{bench.figures}.json", started)
    if results is None and bench.printed is not None:
        results = bench.printed(child.stdout)
    if not results:
        return [Result(label, "—", None, None, None, "figures", False, f"exit status {child.returncode}, no figures")]
    if child.returncode not in (0, 1):  # 1: a target missed, which its rows say
        results.append(Result(label, "—", None, None, None, "exit status 0 or 1", False, f"{child.returncode}"))
    return results


def read_figures(path: Path, since: float) -> list[Result] | None:
    """The results a benchmark saved (common.save_results) after `since`, or None."""
    try:
        if path.stat().st_mtime < since:
            return None  # an earlier run's figures
        payload = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    fields = {f.name for f in dataclasses.fields(Result)}
    return [Result(**{k: v for k, v in row.items() if k in fields}) for row in payload.get("results", [])]


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
    log(f"Load average before: {_load()} ({os.cpu_count()} CPUs)")
    results: list[Result] = []
    for name in chosen:
        for bench in BENCHMARKS[name]:
            results.extend(run_benchmark(bench))
    print(format_table(results))
    print(f"\nLoad average (1, 5, 15 min) after the run: {_load()}")
    log(f"Figures saved to {save_results('all', results)}")
    return 1 if any(r.passed is False for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
