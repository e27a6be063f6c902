"""The impact and client reports print exactly what they printed before issue 14's speed work.

Fixed datasets (accents, a CJK name, names and notes that wrap, success stories, non-reportable
rows, several pages) are rendered and read back page by page; the text must equal the recorded
output in `golden/`. Speed work may change how a page is laid out internally, never what it says or
on which page. After a deliberate change of a report's content, regenerate the files with
`python tests/reports/test_report_output_stable.py` and review the diff.
"""

from __future__ import annotations

import io
import random
import sys
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from pypdf import PdfReader

from neodesk.reports import render_client_report, render_impact_report
from neodesk.reports.report_records import (
    ClientReportData,
    ImpactReportData,
    MilestoneRow,
    SessionRow,
)
from neodesk.reports.totals import impact_client_row, monthly_series

GOLDEN = Path(__file__).with_name("golden")
FROM, TO = date(2024, 1, 1), date(2024, 12, 31)
STAFF = ("change_in_full_time_staff", "Change in Full-Time Staff")
PART = ("change_in_part_time_staff", "Change in Part-Time Staff")
SALES = ("change_in_sales", "Change in Sales")
EXPORTS = ("change_in_exports", "Change in Exports")
CERT = ("wosb_certified", "WOSB Certification Obtained")
START = ("business_start_impact", "Business Start Impact")
STORY = ("success_story", "Success Story")
NAMES = (
    "Panadería Niño & Café",
    "李记面馆",
    "Crème Brûlée Bistro",
    "Acme Tool & Die Manufacturing Cooperative of Greater Springfield and Shelbyville Counties",
    "Ωmega Labs",
    "O'Brien <Plumbing> & Sons",
)


def impact_data(client_count: int = 140, seed: int = 3) -> ImpactReportData:
    """Clients over a year: staff, sales, exports, certifications, starts, sessions; some names wrap."""
    rng = random.Random(seed)
    rows, per_client = [], []
    for i in range(client_count):
        ms = [
            MilestoneRow(date(2024, rng.randint(1, 12), rng.randint(1, 28)), *STAFF, rng.randint(0, 9), 3),
            MilestoneRow(date(2024, rng.randint(1, 12), 15), *SALES, Decimal(rng.randint(0, 999_999)) / 100, None),
        ]
        if i % 3 == 0:
            ms.append(MilestoneRow(date(2024, rng.randint(1, 12), 2), *PART, rng.randint(1, 4), 1))
        if i % 4 == 0:
            ms.append(MilestoneRow(date(2024, rng.randint(1, 12), 3), *CERT))
        if i % 7 == 0:
            ms.append(MilestoneRow(date(2024, 5, 5), *EXPORTS, Decimal("1234.56"), Decimal("1000.00")))
            ms.append(MilestoneRow(date(2024, 5, 6), *START))
        if i % 11 == 0:
            ms.append(MilestoneRow(date(2024, 6, 6), *STAFF, 40, 2, reportable=False))
        per_client.append(ms)
        sessions = [SessionRow(date(2024, 2, 1), rng.randint(0, 181), 15) for _ in range(i % 3)]
        name = f"{NAMES[i % len(NAMES)]} {i}"
        rows.append(impact_client_row(500 - i, name, ms, sessions))
    return ImpactReportData(
        FROM,
        TO,
        datetime(2025, 1, 2, 9, 0),
        "golden.sqlite3",
        "Ana Pérez",
        counselor_filter="Ana Pérez (ana@example.org)",
        clients=tuple(rows),
        monthly=monthly_series(per_client, FROM, TO),
    )


def client_data(milestone_count: int = 90, seed: int = 5) -> ClientReportData:
    """One client with notes short and long, success stories, other counselors, non-reportable rows."""
    rng = random.Random(seed)
    rows = []
    ft, sales = 3, Decimal("150000.00")
    for i in range(milestone_count):
        day = date(2019, 1, 1) + timedelta(days=i * 19)
        kind = i % 9
        notes = "" if i % 3 else "Met the owner at the café; reviewed the plan → next steps. " * rng.randint(1, 6)
        others = ("Ana Pérez", "Bo Li") if i % 5 == 0 else ("Ana Pérez",)
        if kind < 3:
            new_ft = max(0, ft + rng.randint(-2, 3))
            rows.append(MilestoneRow(day, *STAFF, new_ft, ft, notes=notes, counselors=others))
            ft = new_ft
        elif kind < 6:
            new_sales = (sales + Decimal(rng.randint(-900_000, 2_500_000)) / 100).quantize(Decimal("0.01"))
            rows.append(MilestoneRow(day, *SALES, new_sales, sales, notes=notes, reportable=i % 13 != 0))
            sales = new_sales
        elif kind == 6:
            rows.append(MilestoneRow(day, *CERT, detail="Certified by the SBA (李记).", notes=notes))
        elif kind == 7:
            rows.append(MilestoneRow(day, *START, notes=notes))
        else:
            rows.append(MilestoneRow(day, *STORY, notes="Niño's bakery doubled its output. " * (5 + i % 30)))
    sessions = tuple(
        SessionRow(date(2019, 2, 1) + timedelta(days=i * 23), 60 + i, 30, 5 * (i % 2), reportable=i % 9 != 0)
        for i in range(70)
    )
    return ClientReportData(
        client_no=1042,
        name="Panadería Niño & Café",
        generated_on=datetime(2025, 3, 1, 9, 30),
        database_label="golden.sqlite3",
        generated_by="Ana Pérez",
        company_status="B",
        street="12 Main St",
        city="Springfield",
        state="IL",
        zip="62701",
        primary_counselor="Ana Pérez",
        full_time_employees=ft,
        part_time_employees=2,
        gross_sales=sales,
        gross_sales_date=date(2025, 1, 31),
        export_sales=Decimal("40000.00"),
        certifications=("WOSB Certified",),
        milestones=tuple(rows),
        sessions=sessions,
    )


def pages_text(pdf: bytes) -> str:
    """Each page's extracted text under a "=== page N ===" line (line breaks kept: they follow the layout)."""
    reader = PdfReader(io.BytesIO(pdf))
    return "".join(f"=== page {n} ===\n{page.extract_text()}\n" for n, page in enumerate(reader.pages, 1))


def rendered() -> dict[str, str]:
    return {
        "impact-report.txt": pages_text(render_impact_report(impact_data())),
        "client-report.txt": pages_text(render_client_report(client_data())),
        "client-report-all.txt": pages_text(render_client_report(client_data(), include_all=True)),
    }


def test_reports_print_what_they_printed_before() -> None:
    for name, text in rendered().items():
        expected = (GOLDEN / name).read_text(encoding="utf-8")
        assert text.count("=== page ") == expected.count("=== page "), f"{name}: page count changed"
        assert text == expected, f"{name}: the report's text changed"


def test_the_datasets_span_pages_and_wrap() -> None:
    impact = (GOLDEN / "impact-report.txt").read_text(encoding="utf-8")
    client = (GOLDEN / "client-report.txt").read_text(encoding="utf-8")
    assert impact.count("=== page ") >= 5
    assert client.count("=== page ") >= 5
    assert "李记面馆" in impact
    assert "Total" in impact
    assert "Success stories" in client
    assert "Notes in full" in client


if __name__ == "__main__":  # regenerate the recorded output after a deliberate change
    GOLDEN.mkdir(exist_ok=True)
    for name, text in rendered().items():
        (GOLDEN / name).write_text(text, encoding="utf-8")
        print(f"wrote {GOLDEN / name}", file=sys.stderr)
