"""Milestone processing (Tools ▸ Run milestone processing): bring time-dependent client facts up to date.

domain.md: "A Start-up becomes In Business once its Date Established is more than a configurable
period (default 12 months) ago". Nothing else moves a client on as time passes, so a periodic run
promotes every Start-up whose period is over. The test is the one rule M1 uses when a Business
Established milestone is logged (exactly the period ago is still a Start-up), so a client looks the
same whichever way it got there.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from neodesk.log_file import log_event
from neodesk.models import Client, Database
from neodesk.services.changes import Changes, Kind
from neodesk.services.settings import load_settings
from neodesk.sync.values import add_months

START_UP, IN_BUSINESS = "S", "B"
CHUNK = 500  # clients loaded per query when many change at once


@dataclass(frozen=True, slots=True)
class PromotedClient:
    id: uuid.UUID
    client_no: int
    name: str
    date_established: date


@dataclass
class ProcessingResult:
    """What a run changed: the clients moved from Start-up to In Business, by client number."""

    promoted: list[PromotedClient] = field(default_factory=list)
    startup_period_months: int = 12

    @property
    def changed(self) -> int:
        return len(self.promoted)

    @property
    def changes(self) -> Changes:
        """The clients the run moved to In Business (nothing when it moved none)."""
        return Changes.of(Kind.CLIENT, *(p.id for p in self.promoted)) if self.promoted else Changes()


def startup_period_over(established: date, months: int, today: date) -> bool:
    """Whether a Start-up established on `established` counts as In Business on `today`."""
    return add_months(established, months) < today


def run_milestone_processing(
    db: Database, *, counselor_id: uuid.UUID | None, today: date | None = None
) -> ProcessingResult:
    """Promote every Start-up whose Date Established is more than the start-up period ago.

    One unit of work: every promotion is written (with its audit entry and new revision, through
    the normal change tracking) or none. Running it again the same day changes nothing.
    """
    today = today or date.today()
    with db.unit_of_work(counselor_id) as tx:
        months = load_settings(tx).startup_period_months
        candidates = tx.execute(
            select(Client.id, Client.date_established).where(
                Client.company_status == START_UP, Client.date_established.is_not(None), Client.date_established < today
            )
        ).all()
        due = [
            cid
            for cid, established in candidates
            if established is not None and startup_period_over(established, months, today)
        ]
        result = ProcessingResult(startup_period_months=months)
        for start in range(0, len(due), CHUNK):
            clients = tx.scalars(select(Client).where(Client.id.in_(due[start : start + CHUNK])))
            for client in clients:
                client.company_status = IN_BUSINESS
                assert client.date_established is not None
                result.promoted.append(
                    PromotedClient(client.id, client.client_no, client.name, client.date_established)
                )
        tx.flush()
        result.promoted.sort(key=lambda p: p.client_no)
    numbers = ", ".join(str(p.client_no) for p in result.promoted[:50]) + (", …" if result.changed > 50 else "")
    log_event(
        f"Milestone processing as of {today.isoformat()}: Start-ups moved to In Business: {result.changed}"
        + (f" (clients {numbers})" if numbers else "")
    )
    return result
