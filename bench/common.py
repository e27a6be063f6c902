"""Shared by the benchmarks: the 100,000-client database, percentiles and the result table.

The dataset is generated once into bench/data/bench.sqlite3 (git-ignored) and reused while it holds
enough clients. It is the demo generator's output (seed 1) plus one hand-built client with 500
milestones and 1,000 counseling sessions for the "open a client" benchmark.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path.insert(0, str(ROOT))  # runnable from a checkout without installing

DATA_DIR = BENCH_DIR / "data"
OUT_DIR = BENCH_DIR / "out"
BENCH_DB = DATA_DIR / "bench.sqlite3"
BENCH_CLIENTS = 100_000
BENCH_SEED = 1
HEAVY_NAME = "Benchmark Heavy Activity LLC"
HEAVY_MILESTONES = 500
HEAVY_SESSIONS = 1_000

# Never let a benchmark touch the user's real data, config or log folders.
os.environ.setdefault("NEODESK_DATA_DIR", str(DATA_DIR / "home"))
# The dataset has several active counselors: without a name the app would wait at "Who is working?"
# (and the CLI refuse to act); the seeded administrator exists in every NeoDesk database.
os.environ.setdefault("NEODESK_COUNSELOR", "admin@localhost")

from sqlalchemy import func, select  # noqa: E402 - after the path and environment set-up above

from neodesk.catalog.milestone_types import VALUE_FIELDS  # noqa: E402
from neodesk.demo import generate_demo  # noqa: E402
from neodesk.demo.generate import demo_references, write_stories  # noqa: E402
from neodesk.demo.records import CORE, ClientStory, DemoRefs  # noqa: E402
from neodesk.demo.story import build_client  # noqa: E402
from neodesk.models import Client, Database, open_database  # noqa: E402


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def bench_database(clients: int = BENCH_CLIENTS) -> Database:
    """The benchmark database, generated (or topped up) to `clients` demo clients plus the heavy client."""
    db = open_database(BENCH_DB)
    with db.reading() as tx:
        have = tx.scalar(select(func.count()).select_from(Client).where(Client.name != HEAVY_NAME)) or 0
    if have < clients:
        log(f"Generating {clients - have:,} demo clients into {BENCH_DB} (once; reused afterwards) …")
        started = time.perf_counter()
        last = [-1]

        def progress(done: int, total: int) -> None:
            percent = 100 * done // max(total, 1)
            if percent // 10 != last[0]:
                last[0] = percent // 10
                log(f"  {percent}%")

        generate_demo(db, clients - have, BENCH_SEED, progress=progress)
        log(f"  done in {time.perf_counter() - started:.0f} s")
    ensure_heavy_client(db)
    return db


def heavy_client_no(db: Database) -> int:
    with db.reading() as tx:
        number = tx.scalar(select(Client.client_no).where(Client.name == HEAVY_NAME))
    if number is None:
        raise LookupError(f"{HEAVY_NAME!r} is not in {db.label}")
    return int(number)


def ensure_heavy_client(db: Database) -> int:
    """The client with 500 milestones and 1,000 sessions (created on first use); returns its number."""
    try:
        return heavy_client_no(db)
    except LookupError:
        pass
    write_stories(db, [heavy_story(demo_references(db), date.today())])
    log(f"Added {HEAVY_NAME!r} ({HEAVY_MILESTONES} milestones, {HEAVY_SESSIONS} sessions)")
    return heavy_client_no(db)


# Value milestones of the heavy client (True: money). The catalog's value table says which client field
# (and date field) each keeps current; jobs retained keeps none.
_HEAVY_SERIES = (
    ("change_in_sales", True),
    ("change_in_full_time_staff", False),
    ("change_in_part_time_staff", False),
    ("change_in_profits", True),
    ("jobs_retained", False),
)


def heavy_story(refs: DemoRefs, today: date) -> ClientStory:
    """A long-served client: a demo client record, with ten years of sessions and milestones."""
    rng = random.Random(500_1000)
    story = build_client(rng, refs, today)
    c = story.client
    client_id = c["id"]
    created = today - timedelta(days=3650)
    created_at = datetime(created.year, created.month, created.day, 15, tzinfo=UTC)
    c.update(
        name=HEAVY_NAME,
        created_at=created_at,
        company_status="B",
        initial_status="B",
        date_established=created - timedelta(days=4000),
        active=True,
        client_type="AC",
    )
    counselor, funding = refs.counselor_ids[0], refs.funding_ids[CORE]
    end = today - timedelta(days=1)
    span = (end - created).days

    sessions, session_links = [], []
    for k in range(HEAVY_SESSIONS):
        day = created + timedelta(days=k * span // HEAVY_SESSIONS)
        stamp = created_at + timedelta(days=(day - created).days, minutes=k % 300)
        session_id = uuid.uuid4()
        sessions.append(
            {
                "id": session_id,
                "client_id": client_id,
                "date": day,
                "session_type": "Initial/New" if k == 0 else "Follow-up",
                "contact_type": "PH",
                "counseling_area": "Managing a Business",
                "additional_areas": frozenset({"Marketing/Sales"}),
                "contact_minutes": 60,
                "prep_minutes": 15,
                "travel_minutes": 0,
                "subject": f"Follow-up {k}",
                "notes": "Reviewed progress on the plan; next steps agreed.",
                "attendees": 1,
                "reportable": True,
                "created_at": stamp,
                "updated_at": stamp,
                "updated_by_id": counselor,
            }
        )
        session_links.append((session_id, (counselor,), (funding,)))

    milestones, milestone_links = [], []
    per_series = HEAVY_MILESTONES // len(_HEAVY_SERIES)
    for code, money in _HEAVY_SERIES:
        kept = VALUE_FIELDS.get(code)
        value = 0
        for k in range(per_series):
            day = created + timedelta(days=1 + k * (span - 1) // per_series)
            new = value + rng.randint(1, 50) * (100_000 if money else 1)
            amount = Decimal(new).scaleb(-2) if money else Decimal(new)
            initial = Decimal(value).scaleb(-2) if money else Decimal(value)
            stamp = created_at + timedelta(days=(day - created).days, hours=1)
            milestone_id = uuid.uuid4()
            milestones.append(
                {
                    "id": milestone_id,
                    "client_id": client_id,
                    "type_code": code,
                    "date": day,
                    "amount": amount,
                    "initial_amount": initial,
                    "origin": "manual",
                    "reportable": True,
                    "created_at": stamp,
                    "updated_at": stamp,
                    "updated_by_id": counselor,
                }
            )
            milestone_links.append((milestone_id, counselor, funding))
            value = new
            if kept is not None:
                c[kept.field] = amount if money else new
        if kept is not None and kept.date_field is not None:
            c[kept.date_field] = day
    c["last_activity"] = max(sessions[-1]["date"], milestones[-1]["date"])
    c["updated_at"] = max(m["updated_at"] for m in milestones)
    return ClientStory(c, sessions, milestones, session_links, milestone_links)


# -- measuring -----------------------------------------------------------------------------------------------
def percentile(values: Iterable[float], p: float) -> float:
    """The p-th percentile (0-100) with linear interpolation between the closest ranks."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def time_ms(call: Callable[[], Any]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


@dataclass
class Result:
    """One line of the result table (times in milliseconds)."""

    benchmark: str
    size: str
    median: float | None
    p95: float | None
    baseline: float | None
    target: str
    passed: bool | None  # None: no target, or not measured
    note: str = ""
    baseline_p95: float | None = None

    @property
    def ratio(self) -> float | None:
        if self.median is None or not self.baseline:
            return None
        return self.median / self.baseline


def _ms(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if value >= 100 else f"{value:.2f}"


def format_table(results: list[Result]) -> str:
    headers = ("benchmark", "size", "median/p50 ms", "p95 ms", "baseline ms", "ratio", "target", "result")
    rows = [
        (
            r.benchmark,
            r.size,
            _ms(r.median),
            _ms(r.p95),
            _ms(r.baseline) + (f" (p95 {_ms(r.baseline_p95)})" if r.baseline_p95 is not None else ""),
            f"{r.ratio:.2f}×" if r.ratio is not None else "—",
            r.target,
            "n/a" if r.passed is None else "PASS" if r.passed else "FAIL",
        )
        for r in results
    ]
    widths = [max(len(str(row[i])) for row in (headers, *rows)) for i in range(len(headers))]
    lines = [
        "| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |",
        "|" + "|".join("-" * (w + 2) for w in widths) + "|",
    ]
    lines += ["| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) + " |" for row in rows]
    notes = [f"- {r.benchmark}: {r.note}" for r in results if r.note]
    return "\n".join(lines + (["", *notes] if notes else []))


def save_results(name: str, results: list[Result]) -> Path:
    """Also write the figures as JSON under bench/out/ (git-ignored) for the README."""
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / f"{name}.json"
    payload = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "results": [asdict(r) | {"ratio": r.ratio} for r in results],
    }
    path.write_text(json.dumps(payload, indent=2))
    return path
