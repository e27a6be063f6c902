"""Writing the PDF reports (a client's milestone report, the impact report) to files the app opens and prints.

Without a chosen file the desktop app keeps the reports it makes under ``<data dir>/reports/``: a
viewer may hold a file open (Windows locks it), so each run gets its own name instead of overwriting
the last one. With a chosen file (the print options, Reports ▸ Impact report…) the file is written
whole or not at all.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from neodesk import files, paths
from neodesk.models import Client, Database
from neodesk.private_files import private_folder
from neodesk.reports import render_client_report, render_impact_report
from neodesk.reports.queries import client_report_data, impact_report_data
from neodesk.services.reference import Choice, counselors, funding_sources

REPORTS_FOLDER = "reports"


def reports_dir() -> Path:
    return paths.data_dir() / REPORTS_FOLDER


def write_pdf(out: Path, pdf: bytes) -> Path:
    """Write `pdf` to `out` whole or not at all (a viewer must never open half a file)."""
    return files.write_atomic(out, pdf)


def write_client_report(
    db: Database,
    client_id: uuid.UUID | int | str,
    *,
    include_all: bool = False,
    generated_by: str = "",
    folder: Path | None = None,
    now: datetime | None = None,
    out: Path | None = None,
) -> Path:
    """Render the client milestone report (reportable records only unless `include_all`) to `out`, or
    to a new file in `folder` (the reports folder by default).

    Raises NotFound for a client that no longer exists.
    """
    with db.reading() as tx:
        data = client_report_data(tx, client_id, generated_by=generated_by, database=db.label)
    pdf = render_client_report(data, include_all=include_all)
    if out is not None:
        return write_pdf(out, pdf)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    suffix = "-all" if include_all else ""
    if folder is None:
        folder = private_folder(reports_dir())  # the reports hold clients' data: owner-only, like the database
    out = folder / f"client-{data.client_no}-milestones-{stamp}{suffix}.pdf"
    counter = 2
    while out.exists():  # two runs in one second
        out = folder / f"client-{data.client_no}-milestones-{stamp}{suffix}-{counter}.pdf"
        counter += 1
    return write_pdf(out, pdf)


@dataclass(frozen=True, slots=True)
class ImpactFilters:
    """What the impact report can be narrowed to: counselors (by e-mail) and funding sources (by code)."""

    counselors: tuple[Choice, ...]
    funding_sources: tuple[Choice, ...]


def impact_filters(db: Database) -> ImpactFilters:
    with db.reading() as tx:
        people = tuple(Choice(c.email, c.name, c.active) for c in counselors(tx, active_only=False))
        funds = tuple(Choice(f.code, f"{f.code} — {f.name}", f.active) for f in funding_sources(tx, active_only=False))
    return ImpactFilters(people, funds)


def client_report_name(db: Database, client_id: uuid.UUID, today: date | None = None) -> str:
    """A file name for the client's report: ``client-12-milestones-2026-12-03.pdf``."""
    with db.reading() as tx:
        client = tx.get(Client, client_id)
        number = client.client_no if client is not None else "new"
    return f"client-{number}-milestones-{(today or date.today()).isoformat()}.pdf"


def impact_report_name(date_from: date, date_to: date) -> str:
    return f"impact-{date_from.isoformat()}-to-{date_to.isoformat()}.pdf"


def write_impact_report(
    db: Database,
    date_from: date,
    date_to: date,
    out: Path,
    *,
    counselor_email: str | None = None,
    funding_code: str | None = None,
    generated_by: str = "",
) -> Path:
    """Render the impact report of a period (narrowed to a counselor and/or a funding source) to `out`."""
    with db.reading() as tx:
        data = impact_report_data(
            tx, date_from, date_to, counselor_email, funding_code, generated_by=generated_by, database=db.label
        )
    return write_pdf(out, render_impact_report(data))
