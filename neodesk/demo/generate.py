"""Writing demo clients fast: SQLAlchemy Core bulk inserts, with the flush hook's bookkeeping done here.

A 100,000-client demo is millions of rows, far too many for the ORM unit of work, so the rows go in
with Core `insert()` executemany in batches. The `before_flush` hook (models/tracking.py) does not run
for Core statements, so this module fills in what it would have: a block of revision numbers reserved
with `allocate_revisions`, `created_at` / `updated_at` / `updated_by_id`, `client_no` continuing after
the highest in the database, `name_sort`, the `client_search` words and `last_activity`.

It writes no audit rows: a bulk load of sample data is not an edit by a counselor (the same reason a
bundle import runs no sync rules), and the audit log would otherwise triple the database.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from neodesk.demo.records import APEX, CDBG, CORE, STATE, STEP, ClientStory, DemoRefs
from neodesk.demo.story import build_client
from neodesk.models import Database
from neodesk.models.activity import (
    CounselingSession,
    Milestone,
    milestone_counselor,
    milestone_funding,
    session_counselor,
    session_funding,
)
from neodesk.models.client import Client, ClientSearchTerm
from neodesk.models.reference import Center, Counselor, FundingSource
from neodesk.models.search import SEARCH_FIELDS, client_terms, fold
from neodesk.models.seed import DEFAULT_FUNDING_CODE
from neodesk.models.tracking import allocate_revisions

Progress = Callable[[int, int], None]

BATCH_CLIENTS = 1_000  # clients per executemany round (and per progress report)
CLIENTS_PER_TRANSACTION = 25_000  # keeps the WAL file small on a big demo; each commit is whole clients
BULK_CACHE_KIB = 256 * 1024  # SQLite page cache during the load (memory is only used as pages are touched)

# Counselors and funding sources the demo adds beside the seeded ones (matched by e-mail / code, so a
# second run reuses them). Order matters: the story picks counselors by position.
DEMO_COUNSELORS: tuple[tuple[str, str], ...] = (
    ("Maria Delgado", "maria.delgado@sbdc.example"),
    ("James Whitfield", "james.whitfield@sbdc.example"),
    ("Linh Tran", "linh.tran@sbdc.example"),
    ("Robert Begay", "robert.begay@sbdc.example"),
    ("Aisha Okafor", "aisha.okafor@sbdc.example"),
    ("Daniel Kowalski", "daniel.kowalski@sbdc.example"),
)
DEMO_FUNDING: tuple[tuple[str, str, str], ...] = (
    (STATE, "STATE", "State matching funds"),
    (APEX, "APEX", "APEX Accelerator (DoD)"),
    (STEP, "STEP", "State Trade Expansion Program"),
    (CDBG, "CDBG", "Community Development Block Grant"),
)


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What a demo run added."""

    clients: int
    sessions: int
    milestones: int
    search_terms: int
    counselors_added: int
    funding_sources_added: int
    first_client_no: int | None
    last_client_no: int | None
    first_revision: int | None
    last_revision: int | None


DEMO_CENTER_CODE = "DEMO"
DEMO_LOCATION_CODE = 9_999_999  # the top of the SBA's range: plainly not a real center's number


def _ensure_reference_rows(db: Database) -> tuple[DemoRefs, int, int]:
    """The demo's counselors and funding sources (added when missing) and the center clients belong to."""
    with db.unit_of_work() as tx:
        funding = {f.code: f for f in tx.scalars(select(FundingSource))}
        core = funding.get(DEFAULT_FUNDING_CODE) or min(funding.values(), key=lambda f: f.code, default=None)
        if core is None:
            core = FundingSource(code=DEFAULT_FUNDING_CODE, name="SBDC core funding", active=True)
            tx.add(core)
        funding_added = 0
        ids: dict[str, Any] = {}
        for story_code, code, name in DEMO_FUNDING:
            source = funding.get(code)
            if source is None:
                source = FundingSource(code=code, name=name, active=True)
                tx.add(source)
                funding_added += 1
            ids[story_code] = source
        tx.flush()
        existing = {c.email: c for c in tx.scalars(select(Counselor))}
        counselors = []
        for name, email in DEMO_COUNSELORS:
            counselor = existing.get(email)
            if counselor is None:
                counselor = Counselor(
                    name=name, email=email, role="counselor", active=True, default_funding_source_id=core.id
                )
                tx.add(counselor)
            counselors.append(counselor)
        counselors_added = sum(1 for _, email in DEMO_COUNSELORS if email not in existing)
        # A center of its own (the seeded one stays as the administrator left it), with an SBA location
        # code so `neodesk export nexus` can be tried on demo data, which is never uploaded.
        center = tx.scalars(select(Center).where(Center.code == DEMO_CENTER_CODE)).first()
        if center is None:
            center = Center(
                code=DEMO_CENTER_CODE,
                name="Demo Small Business Center",
                active=True,
                sba_location_code=DEMO_LOCATION_CODE,
            )
            tx.add(center)
        tx.flush()
        refs = DemoRefs(
            counselor_ids=tuple(c.id for c in counselors),
            funding_ids={CORE: core.id, **{k: v.id for k, v in ids.items()}},
            center_id=center.id if center else None,
        )
    return refs, counselors_added, funding_added


def _row_template(table: Table) -> dict[str, Any]:
    """Every column a Core executemany must be given, preset to its scalar default (else None).

    Executemany binds the keys of the first row for all rows, so each row carries every column;
    starting from this template keeps that true if a column is added to the model later.
    """
    template: dict[str, Any] = {}
    for column in table.columns:
        if column.server_default is not None or (column.primary_key and column.autoincrement is True):
            continue
        default = column.default
        template[column.name] = default.arg if default is not None and default.is_scalar else None  # type: ignore[attr-defined]
    return template


class _Writer:
    """Inserts batches of client stories; keeps the running totals for the summary."""

    def __init__(self) -> None:
        self.tables = {
            "client": Client.__table__,
            "search": ClientSearchTerm.__table__,
            "session": CounselingSession.__table__,
            "milestone": Milestone.__table__,
        }
        self.templates = {key: _row_template(table) for key, table in self.tables.items()}
        self.sessions = self.milestones = self.terms = self.clients = 0
        self.first_no: int | None = None
        self.last_no: int | None = None
        self.first_revision: int | None = None
        self.last_revision: int | None = None

    def write(self, tx: Session, stories: list[ClientStory]) -> None:
        conn = tx.connection()
        total = sum(1 + len(s.sessions) + len(s.milestones) for s in stories)
        revision = allocate_revisions(tx, total)
        # Read only now: the revision counter update holds the write lock, so no one else numbers clients
        # until we commit (an index lookup, cheap enough to repeat per batch).
        client_no = int(conn.execute(select(func.max(Client.client_no))).scalar() or 0) + 1
        if self.first_revision is None:
            self.first_revision = revision
        if self.first_no is None:
            self.first_no = client_no
        t = self.templates
        clients: list[dict[str, Any]] = []
        terms: list[dict[str, Any]] = []
        sessions: list[dict[str, Any]] = []
        milestones: list[dict[str, Any]] = []
        s_counselors: list[dict[str, Any]] = []
        s_funding: list[dict[str, Any]] = []
        m_counselors: list[dict[str, Any]] = []
        m_funding: list[dict[str, Any]] = []
        for story in stories:
            row = {**t["client"], **story.client, "client_no": client_no, "revision": revision}
            row["name_sort"] = fold(row["name"])[:200]
            clients.append(row)
            client_no += 1
            revision += 1
            client_id = row["id"]
            copies = {"name_sort": row["name_sort"], "client_no": row["client_no"], "active": bool(row["active"])}
            terms.extend(
                {"client_id": client_id, "term": term, **copies}
                for term in sorted(client_terms(row[f] for f in SEARCH_FIELDS))
            )
            for record in story.sessions:
                sessions.append({**t["session"], **record, "revision": revision})
                revision += 1
            for record in story.milestones:
                milestones.append({**t["milestone"], **record, "revision": revision})
                revision += 1
            for session_id, counselor_ids, funding_ids in story.session_links:
                s_counselors.extend({"counseling_session_id": session_id, "counselor_id": c} for c in counselor_ids)
                s_funding.extend({"counseling_session_id": session_id, "funding_source_id": f} for f in funding_ids)
            for milestone_id, counselor_id, funding_id in story.milestone_links:
                m_counselors.append({"milestone_id": milestone_id, "counselor_id": counselor_id})
                m_funding.append({"milestone_id": milestone_id, "funding_source_id": funding_id})
        # Parents before children: foreign keys are checked row by row.
        for table, rows in (
            (self.tables["client"], clients),
            (self.tables["search"], terms),
            (self.tables["session"], sessions),
            (self.tables["milestone"], milestones),
            (session_counselor, s_counselors),
            (session_funding, s_funding),
            (milestone_counselor, m_counselors),
            (milestone_funding, m_funding),
        ):
            if rows:
                conn.execute(insert(table), rows)
        self.clients += len(clients)
        self.sessions += len(sessions)
        self.milestones += len(milestones)
        self.terms += len(terms)
        self.last_no = client_no - 1
        self.last_revision = revision - 1


@contextmanager
def _big_page_cache(tx: Session) -> Iterator[None]:
    """On SQLite, a page cache big enough for the bulk load, restored afterwards.

    Rows keyed by random UUIDs land all over each index; with the default 2 MB cache SQLite spills
    dirty pages to the WAL mid-transaction and writes the same pages again and again.
    """
    conn = tx.connection()
    if conn.dialect.name != "sqlite":
        yield
        return
    previous = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size={int(previous or -2000)}")


def _batches(total: int, size: int) -> Iterable[int]:
    while total > 0:
        yield min(size, total)
        total -= size


def demo_references(db: Database) -> DemoRefs:
    """The demo's counselors, funding sources and center (added when missing), for hand-built stories."""
    return _ensure_reference_rows(db)[0]


def write_stories(db: Database, stories: Sequence[ClientStory]) -> None:
    """Write hand-built client stories (benchmarks, tests) in one transaction, bookkept like the demo's."""
    with db.unit_of_work() as tx, _big_page_cache(tx):
        _Writer().write(tx, list(stories))


def generate_demo(
    db: Database,
    clients: int,
    seed: int,
    *,
    progress: Progress | None = None,
    today: date | None = None,
) -> DemoSummary:
    """Add `clients` realistic sample clients with their counseling sessions and milestones.

    The same `seed` and `today` give the same clients (names, places, amounts, dates) on any database;
    only record ids and client numbers depend on what is already there, so running it again adds
    more clients, numbered after the existing ones (use another seed for different ones).
    `progress(done, total)` is called after each batch; an exception raised from it stops the run,
    leaving the clients of the transactions already committed (each holds whole clients only).
    """
    if clients < 0:
        raise ValueError("The number of demo clients must be zero or more.")
    today = today or date.today()
    refs, counselors_added, funding_added = _ensure_reference_rows(db)
    rng = random.Random(seed)
    writer = _Writer()
    if progress:
        progress(0, clients)
    done = 0
    for chunk in _batches(clients, CLIENTS_PER_TRANSACTION):
        with db.unit_of_work() as tx, _big_page_cache(tx):
            for size in _batches(chunk, BATCH_CLIENTS):
                stories = [build_client(rng, refs, today) for _ in range(size)]
                writer.write(tx, stories)
                done += size
                if progress:
                    progress(done, clients)
    return DemoSummary(
        clients=writer.clients,
        sessions=writer.sessions,
        milestones=writer.milestones,
        search_terms=writer.terms,
        counselors_added=counselors_added,
        funding_sources_added=funding_added,
        first_client_no=writer.first_no,
        last_client_no=writer.last_no,
        first_revision=writer.first_revision,
        last_revision=writer.last_revision,
    )
