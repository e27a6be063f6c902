"""Shared set-up for the stakeholder packet, e-mail and calendar tests: the issue's grant with a payroll
objective on a ready milestone, and a stakeholder to write to."""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from pypdf import PdfReader, PdfWriter

from neodesk.models import Database
from neodesk.services.agreements import create_agreement
from tests.services.agreement_fixtures import TODAY, add_client, grant, text

PAYROLL: dict[str, Any] = {
    "title": "Payroll evidence",
    "description": "Show that the new jobs are on the payroll.",
    "required": True,
    "questions": [
        {"prompt": "Payroll report for Q3", "kind": "file", "required": True},
        {"prompt": "New hires", "kind": "number", "required": True},
        {"prompt": "All of them full time?", "kind": "yes_no", "required": False},
        {"prompt": "Sector", "kind": "choice", "options": ["Retail", "Manufacturing"], "required": False},
    ],
}
TRAINING: dict[str, Any] = {
    "title": "Training plan",
    "required": False,
    "questions": [
        {"prompt": "Describe the training", "kind": "text", "required": True},
        {"prompt": "Start date", "kind": "date", "required": False},
    ],
}


def packet_grant(db: Database, **over: Any) -> str:
    """AG-1 with HIRE5 ready (a metric and the payroll and training objectives), contact Jane Roe."""
    data = grant(
        add_client(db),
        contact_name="Jane Roe",
        contact_email="jane.roe@fargo.example",
        **over,
    )
    hire = data["milestones"][0]
    hire["due"] = (TODAY + timedelta(days=5)).isoformat()
    hire["objectives"] = [PAYROLL, TRAINING]
    data["milestones"][1]["due"] = (TODAY - timedelta(days=2)).isoformat()
    return create_agreement(db, text(data))


def fill(pdf: bytes, values: Mapping[str, str]) -> bytes:
    """What a PDF reader does when the stakeholder types into the form and saves it."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for page in writer.pages:
        writer.update_page_form_field_values(page, dict(values), auto_regenerate=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
