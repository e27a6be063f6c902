"""Helpers for the report tests: build input records and read rendered PDFs back as text.

A module of its own (not conftest) so test files can import it; the name is unique across tests/."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from decimal import Decimal

from pypdf import PdfReader

from neodesk.reports.report_records import ClientReportData, MilestoneRow, SessionRow


def pdf_pages(pdf: bytes) -> list[str]:
    """Text of each page, whitespace collapsed (table cells and wrapped lines come out line by line)."""
    assert pdf.startswith(b"%PDF-"), "not a PDF"
    reader = PdfReader(io.BytesIO(pdf))
    return [re.sub(r"\s+", " ", page.extract_text() or "") for page in reader.pages]


def pdf_text(pdf: bytes) -> str:
    return " ".join(pdf_pages(pdf))


def client(**overrides: object) -> ClientReportData:
    fields: dict[str, object] = {
        "client_no": 1042,
        "name": "Panadería Niño",
        "generated_on": datetime(2025, 3, 1, 14, 5),
        "database_label": "center-db.sqlite3",
        "generated_by": "Ana Pérez",
        "company_status": "B",
        "center": "Downtown SBDC",
        "street": "12 Main St",
        "city": "Springfield",
        "state": "IL",
        "zip": "62701",
        "primary_counselor": "Ana Pérez",
        "full_time_employees": 12,
        "part_time_employees": 3,
        "gross_sales": Decimal("1250000.00"),
        "gross_sales_date": date(2024, 12, 31),
        "export_sales": Decimal("40000.00"),
        "certifications": ("WOSB Certified",),
        "milestones": (),
        "sessions": (),
    }
    fields.update(overrides)
    return ClientReportData(**fields)  # type: ignore[arg-type]


def staff(day: date, new: int, old: int | None, *, part_time: bool = False, **kw: object) -> MilestoneRow:
    code, name = (
        ("change_in_part_time_staff", "Change in Part-Time Staff")
        if part_time
        else ("change_in_full_time_staff", "Change in Full-Time Staff")
    )
    return MilestoneRow(day, code, name, new, old, **kw)  # type: ignore[arg-type]


def sales(day: date, new: str, old: str | None, **kw: object) -> MilestoneRow:
    return MilestoneRow(
        day, "change_in_sales", "Change in Sales", Decimal(new), None if old is None else Decimal(old), **kw
    )  # type: ignore[arg-type]


def plain(day: date, code: str, name: str, **kw: object) -> MilestoneRow:
    return MilestoneRow(day, code, name, **kw)  # type: ignore[arg-type]


def counseling_session(day: date, contact: int, prep: int = 0, **kw: object) -> SessionRow:
    return SessionRow(day, contact, prep, **kw)  # type: ignore[arg-type]
