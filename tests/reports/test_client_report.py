"""The client milestone report, read back from the PDF with pypdf."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from pypdf import PdfReader
from report_inputs import client, pdf_pages, pdf_text, plain, sales, staff

from neodesk.reports import render_client_report
from neodesk.reports.client_report import MILESTONE_COLUMNS, NOTES_IN_TABLE
from neodesk.reports.report_records import ClientReportData

TABLE_HEADER = " ".join(h for h, _ in MILESTONE_COLUMNS)


def test_header_shows_the_client_and_its_current_figures(sample_client: ClientReportData) -> None:
    text = pdf_text(render_client_report(sample_client))
    for expected in (
        "Panadería Niño",
        "Client #1042",
        "In Business (> 1 year)",
        "12 Main St",
        "Springfield, IL 62701",
        "Primary counselor Ana Pérez",
        "Full-time employees 12",
        "Part-time employees 3",
        "$1,250,000.00 (as of 2024-12-31)",
        "Export sales $40,000.00",
        "WOSB Certified",
        "Downtown SBDC",
    ):
        assert expected in text, expected


def test_milestones_show_initial_new_and_difference_in_date_order(sample_client: ClientReportData) -> None:
    text = pdf_text(render_client_report(sample_client))
    assert "2024-01-10 Change in Full-Time Staff 10 → 12 +2" in text
    assert "2024-02-10 Change in Full-Time Staff 12 → 9 -3" in text
    assert "2024-04-10 Change in Sales $1,000,000.00 → $1,250,000.00 +$250,000.00" in text
    assert "$38,749.50 → $40,000.00 +$1,250.50" in text
    table = text[text.index("Milestones (9)") : text.index("Impact totals")]
    dates = re.findall(r"\b(20\d\d-\d\d-\d\d) (?:Change|WOSB|Business|Success)", table)
    assert dates == sorted(dates)
    assert len(dates) == 9


def test_totals_follow_the_rules(sample_client: ClientReportData) -> None:
    text = pdf_text(render_client_report(sample_client))
    for expected in (
        "Jobs created, full-time 2",  # +2, and the loss of 3 is not netted
        "Jobs created, part-time 3",
        "Jobs created, total 5",
        "Sales increases (gains only) $250,000.00",  # the non-reportable +$750,000.00 is left out
        "Export increases (gains only) $1,250.50",
        "Certifications obtained 1",
        "Business starts 1",  # Business Established + Business Start Impact = one start
    ):
        assert expected in text, expected


def test_counseling_summary_counts_reportable_sessions(sample_client: ClientReportData) -> None:
    text = pdf_text(render_client_report(sample_client))
    assert "Sessions 2" in text
    assert "Contact hours 2.25" in text  # 90 + 45 minutes; the 600-minute non-reportable one is left out
    assert "Preparation hours 0.75" in text
    assert "First session 2024-01-02" in text


def test_every_page_says_which_database_and_counselor_and_when(sample_client: ClientReportData) -> None:
    pages = pdf_pages(render_client_report(sample_client))
    for number, page in enumerate(pages, start=1):
        assert "Generated 2025-03-01 14:05 by Ana Pérez" in page
        assert "Database: center-db.sqlite3" in page
        assert f"Page {number} of {len(pages)}" in page


def test_non_reportable_records_are_left_out_by_default(sample_client: ClientReportData) -> None:
    text = pdf_text(render_client_report(sample_client))
    assert "Unverified claim" not in text
    assert "$2,000,000.00" not in text
    assert "not reportable" not in text
    assert "Records listed Reportable only" in text


def test_include_all_lists_non_reportable_records_marked(sample_client: ClientReportData) -> None:
    text = pdf_text(render_client_report(sample_client, include_all=True))
    assert "Change in Sales (not reportable)" in text
    assert "Unverified claim" in text
    assert "$1,250,000.00 → $2,000,000.00 +$750,000.00" in text
    assert "Records listed All (non-reportable marked)" in text
    assert "1 non-reportable session(s) are not counted" in text
    # Totals still count reportable records only.
    assert "Sales increases (gains only) $250,000.00" in text


def test_success_story_is_printed_in_full(sample_client: ClientReportData) -> None:
    text = pdf_text(render_client_report(sample_client))
    assert "Success stories" in text
    assert "THE END OF THE STORY." in text
    assert text.count("The bakery opened a second shop and hired locals.") >= 30


def test_long_note_wraps_in_the_table_and_is_printed_in_full_after_it() -> None:
    medium = "Reviewed the cash flow forecast with the owner and her accountant in detail. " * 3
    long = "Word " * (NOTES_IN_TABLE // 5 + 100) + "LAST-WORD"
    data = client(
        milestones=(staff(date(2024, 1, 1), 5, 4, notes=medium.strip()), staff(date(2024, 2, 1), 6, 5, notes=long))
    )
    text = pdf_text(render_client_report(data))
    assert medium.strip() in text  # wrapped over several lines of the cell, every word kept
    assert "Notes in full" in text
    assert "LAST-WORD" in text


def test_very_long_detail_does_not_break_the_table_and_is_kept_in_full() -> None:
    countries = ", ".join(f"Country {i}" for i in range(1500)) + ", LAST-COUNTRY"
    row = plain(date(2024, 1, 1), "entered_new_foreign_markets", "Entered New Foreign Markets", detail=countries)
    pages = pdf_pages(render_client_report(client(milestones=(row,))))
    text = " ".join(pages)
    assert "Country 0, Country 1" in pages[0]  # the excerpt in the table
    assert "LAST-COUNTRY" in text
    assert "Country 1499" in text


def test_long_client_spans_pages_with_the_table_header_repeated() -> None:
    start = date(2010, 1, 1)
    milestones = tuple(
        staff(start + timedelta(days=7 * i), i + 2, i + 1, notes=f"Visit {i}: payroll reviewed and plans made.")
        for i in range(300)
    )
    pdf = render_client_report(client(milestones=milestones))
    pages = pdf_pages(pdf)
    assert len(pages) >= 3
    assert f"Page 1 of {len(pages)}" in pages[0]
    assert pages[1].count(TABLE_HEADER) == 1, "the column headings start page 2 again"
    assert "Milestones (300)" in pages[0]
    assert "Jobs created, full-time 300" in " ".join(pages)
    # Every milestone made it into the PDF exactly once.
    assert sum(p.count("Visit ") for p in pages) == 300


def test_unicode_names_render(sample_client: ClientReportData) -> None:
    data = replace(
        sample_client,
        name="Crème Brûlée Niño 李记面馆",
        primary_counselor="José Muñoz",
        milestones=(
            *sample_client.milestones,
            plain(date(2024, 9, 1), "cert_8a", "8(a) Certification Obtained", counselors=("王小明",)),
        ),
    )
    pdf = render_client_report(data)
    text = pdf_text(pdf)
    assert "Crème Brûlée Niño" in text
    assert "José Muñoz" in text
    assert "李记面馆" in text  # the CID font's UniGB-UCS2 encoding extracts back to Unicode
    assert "王小明" in text
    fonts_used = _font_names(pdf)
    assert any("DejaVuSans" in f for f in fonts_used)
    assert "/STSong-Light" in fonts_used


def test_client_without_records_still_renders() -> None:
    text = pdf_text(render_client_report(client(full_time_employees=None, gross_sales=None)))
    assert "No milestones recorded." in text
    assert "Sessions 0" in text
    assert "Full-time employees —" in text


def test_pdf_metadata_names_the_report() -> None:
    reader = PdfReader(io.BytesIO(render_client_report(client())))
    assert reader.metadata is not None
    assert reader.metadata.title == "Client milestone report: #1042 Panadería Niño"
    assert reader.metadata.author == "Ana Pérez"


def test_float_money_is_refused() -> None:
    bad = client(milestones=(sales(date(2024, 1, 1), "1.00", "0.50"),), gross_sales=1250.0)
    with pytest.raises(TypeError, match="float"):
        render_client_report(bad)


def test_user_defined_types_render_with_their_values() -> None:
    from neodesk.catalog.milestone_types import Carries
    from neodesk.reports.report_records import MilestoneRow

    row = MilestoneRow(
        date(2024, 1, 1),
        "grant_won",
        "Grant Won",
        Decimal("5000.00"),
        Decimal("0.00"),
        carries=Carries.MONEY,
        detail="State innovation grant",
    )
    text = pdf_text(render_client_report(client(milestones=(row,))))
    assert "Grant Won $0.00 → $5,000.00 +$5,000.00 State innovation grant" in text


def test_standalone_values_show_the_value_without_a_change() -> None:
    award = plain(
        date(2024, 1, 1),
        "government_contract_award",
        "Government Contract Award",
        amount=Decimal("270900.00"),
        detail="County Public Works",
    )
    text = pdf_text(render_client_report(client(milestones=(award,))))
    assert "2024-01-01 Government Contract Award $270,900.00 County Public Works" in text
    assert "→" not in text.split("Milestones (1)")[1].split("Impact totals")[0].replace("Initial → New", "")


def _font_names(pdf: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(pdf))
    names: set[str] = set()
    for page in reader.pages:
        resources = page["/Resources"]
        for font in resources.get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def test_totals_say_what_they_add_up(sample_client: ClientReportData) -> None:
    """Issue 13: "Sales increase $75,000" beside "net change +$25,874.45" looked like a contradiction;
    each figure now says what it is."""
    text = " ".join(pdf_text(render_client_report(sample_client)).split())
    assert "Sales increases (gains only)" in text
    assert "Net change (gains − declines)" in text
    assert "a decline is not subtracted" in text
