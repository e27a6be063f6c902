"""A quick command: `neodesk clients --search x` against a bare Python process running the same query.

    python bench/bench_cli.py [--runs N]

- app: a new process `python -m neodesk --db BENCH clients --search x` (imports, parser, opening the
  database, the search, printing the table), output discarded;
- baseline: a new process `python -c "import sqlite3; …"` running, by hand, the statements
  `search_clients` runs for "x" (the capped match count that picks the plan, then the page of 100)
  and printing the rows.
Measured twice: as this checkout runs (PYTHONDONTWRITEBYTECODE=1: NeoDesk's own modules compiled at
every start) and with a bytecode cache, as an installed app runs. Runs alternate after one untimed
warm-up of each. Also: the app's imports alone (`import neodesk.cli;
build_parser()`), for the notes. Target (issue 14): median ≤ 5× the baseline's.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import BENCH_DB, ROOT, Result, bench_database, format_table, log, percentile, save_results

TARGET_RATIO = 5.0

BARE = f"""
import sqlite3
conn = sqlite3.connect({str(BENCH_DB)!r})
lo, hi = "x", "y"
broad = conn.execute("SELECT count(*) FROM (SELECT 1 FROM client_search WHERE term >= ? AND term < ? LIMIT 8000)",
                     (lo, hi)).fetchone()[0] >= 8000
if broad:
    sql = '''SELECT client.id, client.client_no, client.name, client.company_status, client.city, counselor.name,
                    client.last_activity, client.active
             FROM client LEFT OUTER JOIN counselor ON counselor.id = client.counselor_id
             WHERE EXISTS (SELECT 1 FROM client_search s WHERE s.client_id = client.id AND s.term >= ? AND s.term < ?)
             ORDER BY client.name_sort, client.client_no LIMIT 100'''
else:
    sql = '''SELECT client.id, client.client_no, client.name, client.company_status, client.city, counselor.name,
                    client.last_activity, client.active
             FROM client JOIN (SELECT DISTINCT s.client_id, s.name_sort, s.client_no FROM client_search s
                               WHERE s.term >= ? AND s.term < ? ORDER BY s.name_sort, s.client_no LIMIT 100) page
                  ON page.client_id = client.id
             LEFT OUTER JOIN counselor ON counselor.id = client.counselor_id ORDER BY page.name_sort, page.client_no'''
for row in conn.execute(sql, (lo, hi)):
    print(*row)
"""


def once(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, *args], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - started) * 1000


def run(runs: int) -> list[Result]:
    return [measure(runs, cached=False), measure(runs, cached=True)]


def measure(runs: int, *, cached: bool) -> Result:
    path = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env = {**os.environ, "PYTHONPATH": path}
    if cached:  # as an installed app runs: its modules' bytecode cached (this checkout's environment forbids it)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "neodesk-bench-pyc")
    app = ["-m", "neodesk", "--db", str(BENCH_DB), "clients", "--search", "x"]
    bare = ["-c", BARE]
    imports = ["-c", "from neodesk.cli import build_parser; build_parser()"]
    for command in (app, bare, imports):
        once(command, env)  # warm-up: the OS file cache (and the bytecode cache, when used)
    app_ms, bare_ms, import_ms = [], [], []
    for n in range(runs):
        app_ms.append(once(app, env))
        bare_ms.append(once(bare, env))
        import_ms.append(once(imports, env))
        log(f"  cli run {n + 1}/{runs}{' (bytecode cached)' if cached else ''}")
    median, base = statistics.median(app_ms), statistics.median(bare_ms)
    how = "bytecode cached, as installed" if cached else "no bytecode cache, as checked out"
    return Result(
        f"neodesk clients --search x (new process, {how})",
        f"100k clients, {runs} runs each",
        median,
        percentile(app_ms, 95),
        base,
        f"≤ {TARGET_RATIO:.0f}× bare sqlite3 process",
        median <= TARGET_RATIO * base,
        f"app {min(app_ms):.0f}-{max(app_ms):.0f} ms, bare {min(bare_ms):.0f}-{max(bare_ms):.0f} ms; "
        f"`import neodesk.cli; build_parser()` alone {statistics.median(import_ms):.0f} ms",
        baseline_p95=percentile(bare_ms, 95),
    )


def main(argv: list[str] | None = None) -> list[Result]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each (default 7)")
    args = parser.parse_args(argv)
    bench_database().close()
    results = run(args.runs)
    print(format_table(results))
    save_results("cli", results)
    return results


if __name__ == "__main__":
    main()
