"""Writing a client's milestone report to a PDF file the desktop app can open and print.

The desktop app keeps the reports it makes under ``<data dir>/reports/``: a viewer may hold a file
open (Windows locks it), so each run gets its own name instead of overwriting the last one.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path

from neodesk import files, paths
from neodesk.models import Database
from neodesk.private_files import private_folder
from neodesk.reports import render_client_report
from neodesk.reports.queries import client_report_data

REPORTS_FOLDER = "reports"


def reports_dir() -> Path:
    return paths.data_dir() / REPORTS_FOLDER


def write_pdf(out: Path, pdf: bytes) -> Path:
    """Write `pdf` to `out` whole or not at all (a viewer must never open half a file)."""
    return files.write_atomic(out, pdf)


def write_client_report(
    db: Database, client_id: uuid.UUID | int | str, *, include_all: bool = False, generated_by: str = "",
    folder: Path | None = None, now: datetime | None = None,
) -> Path:
    """Render the client milestone report (reportable records only unless `include_all`) to a new file.

    Raises NotFound for a client that no longer exists.
    """
    with db.session() as session:
        data = client_report_data(session, client_id, generated_by=generated_by, database=db.label)
    pdf = render_client_report(data, include_all=include_all)
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
