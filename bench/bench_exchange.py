"""Benchmark of the exchange bundle (issue 6): full export, incremental export, import into PostgreSQL.

    python bench/bench_exchange.py [--runs N] [--inc-runs N] [--pg-url URL] [--only export,incremental,import]
                                   [--one-core]   (CPU 0 only, the sqlite3 CLI too: as taskset -c 0)

Works on a copy of bench/data/bench.sqlite3 (bench/data/exchange-work.sqlite3, made afresh by every
run with the sqlite3 backup API; the original is never written), with the desk key under
bench/data/home (NEODESK_DATA_DIR, set by common.py).

- full export: app = `export_bundle(db, out, everything=True)` (signed zip, CSV members deflated,
  hashed, fsynced, marked exported); baseline = one `/usr/bin/sqlite3 -csv -header` process running,
  for every resource, `.once FILE` + a SELECT of exactly the bundle's columns in the bundle's text
  forms (UUIDs with dashes, money cents as decimal text with printf, booleans true/false, UTC stamps
  with T and Z), in stored order like the app's full export, into plain CSV files (no zip, no hash,
  no signature). The run checks that both hold the same rows in the same order.
  Target: median ≤ 1.5× the baseline median.
- incremental export: after a full export set the watermark, 100 changes (60 client edits and 30
  milestone edits through `unit_of_work`, so revisions are stamped, and 10 deleted sessions, which
  leave tombstones), then `export_bundle(db, out)` is timed; fresh changes every round.
  Target: median ≤ 100 ms.
- import into PostgreSQL: the schema of the bench database is dropped and made again
  (`DROP SCHEMA public CASCADE`, then `open_database(url)` migrates and seeds, untimed), then
  `import_bundle(db, full_bundle, trust=key)` is timed (verification, staging, merge, search words,
  one commit). Baseline: the same fresh schema (`open_database(url, seed=False)`, so the bundle's
  reference rows do not clash with seeded twins), then in one transaction `COPY table (cols) FROM
  STDIN WITH (FORMAT csv, HEADER true)` of the bundle's CSV members into the real tables (psycopg
  `cursor.copy`, bytes fed in 1 MiB pieces), commit. Two columns cannot be copied as the bundle
  writes them and are prepared before the clock starts: money columns are rewritten as integer cents
  (the stored form) and `client.name_sort` (not in the bundle, NOT NULL) is added. The baseline does
  not write the client search words (`client_search`), which the app builds.
  Target: median ≤ 2× the baseline median.

PostgreSQL: --pg-url, else NEODESK_BENCH_PG_URL, else
postgresql+psycopg://neodesk:neodesk@127.0.0.1/neodesk_bench (the database must exist, owned by
the role; everything in its public schema is dropped). Unreachable: that part is skipped with a
message.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import resource as rusage
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from common import (
    BENCH_CLIENTS,
    BENCH_DB,
    DATA_DIR,
    OUT_DIR,
    Result,
    format_table,
    log,
    percentile,
    save_results,
)
from sqlalchemy import create_engine, func, select

from neodesk.exchange import keys
from neodesk.exchange.bundle_export import export_bundle
from neodesk.exchange.bundle_format import RESOURCES, Resource
from neodesk.exchange.bundle_import import import_bundle
from neodesk.models import Client, CounselingSession, Database, Milestone, open_database
from neodesk.models.search import fold

WORK_DB = DATA_DIR / "exchange-work.sqlite3"
WORK_OUT = OUT_DIR / "exchange"
SQLITE_CLI = shutil.which("sqlite3") or "/usr/bin/sqlite3"
DEFAULT_PG_URL = "postgresql+psycopg://neodesk:neodesk@127.0.0.1/neodesk_bench"
TARGET_EXPORT_RATIO = 1.5
TARGET_INCREMENTAL_MS = 100.0
TARGET_IMPORT_RATIO = 2.0
CLIENT_EDITS, MILESTONE_EDITS, DELETIONS = 60, 30, 10


def mib(n: int) -> str:
    return f"{n / (1 << 20):,.1f} MiB"


def median(values: list[float]) -> float:
    return statistics.median(values)


# --- the working copy -------------------------------------------------------------------------------


def make_work_copy(source: Path = BENCH_DB) -> Database:
    """A fresh copy of the bench database (the original is only read)."""
    if not source.exists():
        raise SystemExit(f"{source} is missing: run python bench/run.py --only open once to generate it.")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{WORK_DB}{suffix}").unlink(missing_ok=True)
    log(f"Copying {source} to {WORK_DB.name} …")
    reading = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    target = sqlite3.connect(WORK_DB)
    with target:
        reading.backup(target, pages=1 << 16)
    reading.close()
    target.execute("PRAGMA journal_mode=WAL")
    target.close()
    db = open_database(WORK_DB)
    with db.reading() as tx:
        clients = tx.scalar(select(func.count()).select_from(Client)) or 0
    if clients < BENCH_CLIENTS and source == BENCH_DB:
        raise SystemExit(f"{BENCH_DB} holds {clients:,} clients, fewer than {BENCH_CLIENTS:,}.")
    return db


def _cpu_times() -> tuple[int, int]:
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    return values[3] + values[4], sum(values)  # idle + iowait, all


def quiet_machine(label: str) -> str:
    """How busy the CPUs are just before a measured run (over one second, while this script waits):
    anything above a few percent is other work, noted in the figures."""
    try:
        idle0, all0 = _cpu_times()
        time.sleep(1.0)
        idle1, all1 = _cpu_times()
    except OSError:
        return "?"
    busy = 100 * (1 - (idle1 - idle0) / max(all1 - all0, 1))
    if busy > 10:
        log(f"  note: CPUs {busy:.0f} % busy with other work before {label}")
    return f"{busy:.0f}%"


# --- 1. full export -----------------------------------------------------------------------------------


def _baseline_expr(kind: str, column: str) -> str:
    c = f'"{column}"'
    if kind == "uuid":  # SQLAlchemy stores UUIDs in SQLite as 32 hex digits
        return (
            f"substr({c},1,8)||'-'||substr({c},9,4)||'-'||substr({c},13,4)||'-'||substr({c},17,4)||'-'||substr({c},21)"
        )
    if kind == "money":
        return (
            f"CASE WHEN {c} IS NULL THEN NULL WHEN {c} < 0 THEN printf('-%d.%02d', -{c} / 100, -{c} % 100) "
            f"ELSE printf('%d.%02d', {c} / 100, {c} % 100) END"
        )
    if kind == "bool":
        return f"CASE {c} WHEN 1 THEN 'true' WHEN 0 THEN 'false' END"
    if kind == "datetime":
        return f"replace({c}, ' ', 'T') || 'Z'"
    return c


def baseline_script(folder: Path) -> str:
    lines = [".headers on", ".mode csv"]
    for resource in RESOURCES:
        cols = ", ".join(f'{_baseline_expr(f.kind, f.name)} AS "{f.name}"' for f in resource.fields)
        lines.append(f".once {folder / resource.path}")
        lines.append(f'SELECT {cols} FROM "{resource.name}";')  # stored order, as the app's full export
    return "\n".join(lines) + "\n"


def run_sqlite_cli(db_path: Path, folder: Path) -> float:
    folder.mkdir(parents=True, exist_ok=True)
    script = baseline_script(folder)
    started = time.perf_counter()
    subprocess.run([SQLITE_CLI, "-csv", "-header", str(db_path)], input=script, text=True, check=True)
    return (time.perf_counter() - started) * 1000


def compare_members(bundle: Path, folder: Path) -> str:
    """Whether the baseline's CSV files hold the same rows as the bundle's members (parsed, not bytes:
    the sqlite3 CLI quotes every text with a space in it, Python's csv only where needed)."""
    differ = []
    with zipfile.ZipFile(bundle) as zf:
        for resource in RESOURCES:
            ours = list(csv.reader(io.StringIO(zf.read(resource.path).decode("utf-8"), newline="")))
            theirs = list(csv.reader(io.StringIO((folder / resource.path).read_text("utf-8"), newline="")))
            if ours != theirs and not (ours == [resource.columns] and not theirs):  # no header for no rows
                differ.append(resource.name)
    same = len(RESOURCES) - len(differ)
    return f"same rows in {same}/{len(RESOURCES)} CSV files" + (f" (differ: {', '.join(differ)})" if differ else "")


def _children_cpu_ms() -> float:
    usage = rusage.getrusage(rusage.RUSAGE_CHILDREN)
    return (usage.ru_utime + usage.ru_stime) * 1000


def bench_full_export(db: Database, runs: int, label: str = "") -> tuple[list[Result], Path]:
    """Wall time and CPU time (all threads; the CLI's as a child process) of both, side by side."""
    WORK_OUT.mkdir(parents=True, exist_ok=True)
    out = WORK_OUT / "full.zip"
    app, base, loads = [], [], []
    app_cpu, base_cpu = [], []
    result = None
    for k in range(runs):
        loads.append(quiet_machine(f"full export run {k + 1}"))
        cpu = time.process_time()
        started = time.perf_counter()
        result = export_bundle(db, out, everything=True)
        app.append((time.perf_counter() - started) * 1000)
        app_cpu.append((time.process_time() - cpu) * 1000)
        with db.engine.connect() as conn:  # sqlite3 CLI must see the same file state (WAL checkpointed)
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        cpu = _children_cpu_ms()
        base.append(run_sqlite_cli(WORK_DB, WORK_OUT / "baseline-csv"))
        base_cpu.append(_children_cpu_ms() - cpu)
        log(
            f"  full export run {k + 1}: app {app[-1]:,.0f} ms (CPU {app_cpu[-1]:,.0f}), sqlite3 CLI "
            f"{base[-1]:,.0f} ms (CPU {base_cpu[-1]:,.0f})"
        )
    assert result is not None
    csv_bytes = sum(p.stat().st_size for p in (WORK_OUT / "baseline-csv").glob("*.csv"))
    rows = result.total
    note = (
        f"bundle {mib(out.stat().st_size)} (CSV {mib(csv_bytes)}), {rows:,} rows; app runs "
        + ", ".join(f"{v:,.0f}" for v in app)
        + " ms; sqlite3 CLI runs "
        + ", ".join(f"{v:,.0f}" for v in base)
        + f" ms; {compare_members(out, WORK_OUT / 'baseline-csv')}; other CPU load before runs {', '.join(loads)}"
    )
    m, b = median(app), median(base)
    size = f"{BENCH_CLIENTS // 1000}k clients, {runs} runs"  # the label is in the name
    wall = Result(
        f"full export (export_bundle everything=True){label}",
        size,
        m,
        max(app),
        b,
        f"≤ {TARGET_EXPORT_RATIO}× sqlite3 CLI CSV",
        m / b <= TARGET_EXPORT_RATIO,
        note,
        max(base),
    )
    mc, bc = median(app_cpu), median(base_cpu)
    cpu = Result(
        f"full export CPU time (all threads){label}",
        size,
        mc,
        max(app_cpu),
        bc,
        f"≤ {TARGET_EXPORT_RATIO}× sqlite3 CLI CPU",
        mc / bc <= TARGET_EXPORT_RATIO,
        "app: process_time of this process (reading, CSV lines, deflate thread); CLI: its child CPU time",
        max(base_cpu),
    )
    return [wall, cpu], out


# --- 2. incremental export ----------------------------------------------------------------------------


class Changer:
    """Makes 100 changes a round: client edits, milestone edits and session deletions (tombstones)."""

    def __init__(self, db: Database, seed: int = 6) -> None:
        self.db = db
        self.rng = random.Random(seed)
        with db.reading() as tx:
            self.client_ids = list(tx.scalars(select(Client.id)))
            self.milestone_ids = list(tx.scalars(select(Milestone.id)))
            self.session_ids = list(tx.scalars(select(CounselingSession.id)))
        self.rng.shuffle(self.session_ids)
        self.round = 0

    def change(self) -> None:
        self.round += 1
        tag = f"bench edit {self.round}"
        with self.db.unit_of_work() as s:
            for cid in self.rng.sample(self.client_ids, CLIENT_EDITS):
                s.get_one(Client, cid).notes = tag
            for mid in self.rng.sample(self.milestone_ids, MILESTONE_EDITS):
                s.get_one(Milestone, mid).notes = tag
            for _ in range(DELETIONS):
                s.delete(s.get_one(CounselingSession, self.session_ids.pop()))


def bench_incremental(db: Database, runs: int) -> Result:
    out = WORK_OUT / "incremental.zip"
    changer = Changer(db)
    times, last = [], None
    loads = quiet_machine("incremental export")
    for _ in range(runs):
        changer.change()
        with db.engine.connect() as conn:  # as after a while of editing: the WAL checkpointed
            conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
        started = time.perf_counter()
        last = export_bundle(db, out)
        times.append((time.perf_counter() - started) * 1000)
    assert last is not None
    counts = ", ".join(f"{name} {n:,}" for name, n in last.counts.items() if n)
    note = (
        f"each bundle ≈ {out.stat().st_size / 1024:,.1f} KiB, {last.total:,} rows ({counts}): the 100 changes "
        f"plus the parent clients of the edited milestones, their links and the reference data (whole); "
        f"min {min(times):.1f} ms, max {max(times):.1f} ms; other CPU load before {loads}"
    )
    m = median(times)
    return Result(
        "incremental export (100 changes)",
        f"60 clients, 30 milestones, 10 deletions; {runs} rounds",
        m,
        percentile(times, 95),
        None,
        f"median ≤ {TARGET_INCREMENTAL_MS:.0f} ms",
        m <= TARGET_INCREMENTAL_MS,
        note,
    )


# --- 3. import into PostgreSQL ------------------------------------------------------------------------


def pg_reachable(url: str) -> str | None:
    try:
        engine = create_engine(url)
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
        engine.dispose()
    except Exception as exc:
        return str(exc).splitlines()[0]
    return None


def reset_pg(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()


def _cents(value: str) -> str:
    if not value:
        return value
    whole, _, frac = value.partition(".")
    return str(int(whole + (frac + "00")[:2]))


def copy_inputs(bundle: Path) -> list[tuple[Resource, list[str], bytes]]:
    """The bundle's CSV members as COPY can take them (money as cents, client name_sort added)."""
    prepared = []
    with zipfile.ZipFile(bundle) as zf:
        for resource in RESOURCES:
            data = zf.read(resource.path)
            money = [i for i, f in enumerate(resource.fields) if f.kind == "money"]
            columns = list(resource.columns)
            if money or resource.name == "client":
                name_at = columns.index("name") if resource.name == "client" else -1
                rows = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
                buffer = io.StringIO()
                writer = csv.writer(buffer, lineterminator="\r\n")
                header = next(rows)
                writer.writerow(header + (["name_sort"] if name_at >= 0 else []))
                for row in rows:
                    for i in money:
                        row[i] = _cents(row[i])
                    if name_at >= 0:
                        row.append(fold(row[name_at])[:200])
                    writer.writerow(row)
                data = buffer.getvalue().encode("utf-8")
                if name_at >= 0:
                    columns.append("name_sort")
            prepared.append((resource, columns, data))
    return prepared


def copy_baseline(url: str, prepared: list[tuple[Resource, list[str], bytes]]) -> float:
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        started = time.perf_counter()
        with conn.transaction(), conn.cursor() as cur:
            for resource, columns, data in prepared:
                cols = ", ".join(f'"{c}"' for c in columns)
                with cur.copy(f'COPY "{resource.name}" ({cols}) FROM STDIN WITH (FORMAT csv, HEADER true)') as copy:
                    view = memoryview(data)
                    for at in range(0, len(view), 1 << 20):
                        copy.write(view[at : at + (1 << 20)])
        return (time.perf_counter() - started) * 1000


def bench_import(url: str, bundle: Path, runs: int) -> Result:
    key = keys.export_key(WORK_OUT / "desk-key.pem")
    prepared = copy_inputs(bundle)
    app, base, loads, applied = [], [], [], 0
    for k in range(runs):
        reset_pg(url)
        db = open_database(url)
        loads.append(quiet_machine(f"import run {k + 1}"))
        try:
            started = time.perf_counter()
            result = import_bundle(db, bundle, trust=key)
            app.append((time.perf_counter() - started) * 1000)
            applied = result.total_applied
        finally:
            db.close()
        reset_pg(url)
        open_database(url, seed=False).close()
        base.append(copy_baseline(url, prepared))
        log(f"  import run {k + 1}: app {app[-1]:,.0f} ms, COPY {base[-1]:,.0f} ms")
    rows = sum(data.count(b"\n") - 1 for _, _, data in prepared)
    note = (
        f"{rows:,} rows from a {mib(bundle.stat().st_size)} bundle, {applied:,} applied; app runs "
        + ", ".join(f"{v:,.0f}" for v in app)
        + " ms; COPY runs "
        + ", ".join(f"{v:,.0f}" for v in base)
        + f" ms; other CPU load before runs {', '.join(loads)}"
    )
    m, b = median(app), median(base)
    return Result(
        "import into PostgreSQL (import_bundle)",
        f"{BENCH_CLIENTS // 1000}k clients, {runs} runs",
        m,
        max(app),
        b,
        f"≤ {TARGET_IMPORT_RATIO:.0f}× COPY",
        m / b <= TARGET_IMPORT_RATIO,
        note,
        max(base),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of the full export and the import (median)")
    parser.add_argument("--inc-runs", type=int, default=20, help="rounds of the incremental export")
    parser.add_argument("--pg-url", default=os.environ.get("NEODESK_BENCH_PG_URL", DEFAULT_PG_URL))
    parser.add_argument("--only", default="export,incremental,import")
    parser.add_argument("--source", type=Path, default=BENCH_DB, help="database to copy (default: the bench database)")
    parser.add_argument(
        "--one-core", action="store_true", help="run on CPU 0 only, the sqlite3 CLI too (as `taskset -c 0`)"
    )
    args = parser.parse_args(argv)
    if args.one_core:
        os.sched_setaffinity(0, {0})  # inherited by the sqlite3 CLI child
    chosen = {p.strip() for p in args.only.split(",") if p.strip()}
    results: list[Result] = []
    db = make_work_copy(args.source)
    try:
        full = WORK_OUT / "full.zip"
        if "export" in chosen:
            log("Full export …")
            found, full = bench_full_export(db, args.runs, " (one core)" if args.one_core else "")
            results.extend(found)
        elif chosen & {"incremental", "import"}:
            export_bundle(db, full, everything=True)
        if "incremental" in chosen:
            log("Incremental export …")
            results.append(bench_incremental(db, args.inc_runs))
    finally:
        db.close()
    if "import" in chosen:
        problem = pg_reachable(args.pg_url)
        if problem:
            log(f"Skipping the PostgreSQL import: {args.pg_url} is not reachable ({problem}).")
        else:
            log("Import into PostgreSQL …")
            results.append(bench_import(args.pg_url, full, args.runs))
    print(format_table(results))
    log(f"Figures saved to {save_results('exchange', results)}")
    return 1 if any(r.passed is False for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
