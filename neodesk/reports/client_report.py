"""The client milestone report (screens.md "Reports"): header, milestones, totals, counseling summary.

Long notes wrap inside the milestone table up to `NOTES_IN_TABLE` characters; longer notes and every
success story are printed in full after the tables, as ordinary paragraphs, because a table row
cannot break across pages and a success story may be longer than a page.
"""

from __future__ import annotations

from reportlab.lib.pagesizes import LETTER
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from neodesk.catalog.picklists import label
from neodesk.reports import fonts, layout
from neodesk.reports import formatting as fmt
from neodesk.reports.layout import cell, paragraph
from neodesk.reports.report_records import ClientReportData, MilestoneRow
from neodesk.reports.totals import (
    carries_of,
    client_totals,
    difference,
    session_summary,
    tracks_change,
    type_summaries,
)
from neodesk.reports.wording import EXPORT_INCREASES, INCREASES_NOTE, NET_CHANGE, SALES_INCREASES

# (heading, width in points); the widths add up to Letter's 540-point text width.
MILESTONE_COLUMNS: tuple[tuple[str, float], ...] = (
    ("Date", 54),
    ("Milestone", 114),
    ("Initial → New", 130),
    ("Change", 62),
    ("Details and notes", 180),
)
# A table row cannot break across pages: a note or detail longer than NOTES_IN_TABLE characters shows
# its first EXCERPT characters in the table and is printed in full after the tables.
NOTES_IN_TABLE = 300
EXCERPT = 160
SUCCESS_STORY = "success_story"


def render_client_report(data: ClientReportData, *, include_all: bool = False) -> bytes:
    """The client milestone report as PDF bytes.

    By default only reportable milestones and sessions are listed; `include_all` lists the others
    too, marked "not reportable". Totals and the counseling summary always count reportable records
    only (domain.md: only reportable records count in reports).
    """
    milestones = sorted(
        (m for m in data.milestones if include_all or m.reportable), key=lambda m: (m.date, m.type_name)
    )
    story: list[Flowable] = [
        paragraph(data.name, layout.TITLE),
        paragraph(f"Client #{data.client_no}", layout.SUBTITLE),
        _header_table(data, include_all),
        *layout.heading(f"Milestones ({len(milestones)})"),
    ]
    long_notes: list[MilestoneRow] = []
    if milestones:
        story.append(_milestone_table(milestones, data.primary_counselor, long_notes))
    else:
        story.append(paragraph("No milestones recorded.", layout.BODY))
    story += _totals(data)
    story += _counseling(data, include_all)
    story += _full_notes(long_notes)
    decoration = layout.PageDecoration(
        title="Client Milestone Report",
        subject=f"#{data.client_no} {data.name}",
        footer=layout.footer_text(fmt.day(data.generated_on), data.generated_by, data.database_label),
    )
    return layout.build_pdf(
        story,
        decoration,
        pagesize=LETTER,
        title=f"Client milestone report: #{data.client_no} {data.name}",
        author=data.generated_by,
    )


def _address(data: ClientReportData) -> str:
    city_line = " ".join(p for p in (f"{data.city}," if data.city else "", data.state, data.zip) if p)
    return "\n".join(p for p in (data.street, city_line.rstrip(",")) if p) or fmt.BLANK


def _header_table(data: ClientReportData, include_all: bool) -> Table:
    sales = fmt.money(data.gross_sales)
    if data.gross_sales is not None and data.gross_sales_date is not None:
        sales += f" (as of {fmt.day(data.gross_sales_date)})"
    pairs = [
        ("Status", label("company_status", data.company_status) or fmt.BLANK, "Center", data.center or fmt.BLANK),
        ("Address", _address(data), "Primary counselor", data.primary_counselor or fmt.BLANK),
        (
            "Full-time employees",
            fmt.count(data.full_time_employees),
            "Part-time employees",
            fmt.count(data.part_time_employees),
        ),
        ("Gross sales", sales, "Export sales", fmt.money(data.export_sales)),
        (
            "Certifications",
            ", ".join(data.certifications) or "None recorded",
            "Records listed",
            "All (non-reportable marked)" if include_all else "Reportable only",
        ),
    ]
    widths = (100, 170, 100, 170)
    # Labels (even columns) are short fixed English: plain strings, so the table's label style applies.
    rows = [
        [text if i % 2 == 0 else cell(text, w) for i, (text, w) in enumerate(zip(p, widths, strict=True))]
        for p in pairs
    ]
    style = TableStyle(
        [
            *layout.table_style(header_rows=0),
            *[
                cmd
                for col in (0, 2)
                for cmd in (
                    ("FONT", (col, 0), (col, -1), fonts.BOLD, layout.CELL.fontSize, layout.CELL.leading),
                    ("TEXTCOLOR", (col, 0), (col, -1), layout.MUTED),
                )
            ],
        ]
    )
    return Table(rows, colWidths=widths, style=style, hAlign="LEFT")


def _excerpt(text: str, heading: str) -> str:
    short = text if len(text) <= EXCERPT else text[:EXCERPT].rstrip() + "…"
    return f"{short} (full text under “{heading}”)"


def _details(row: MilestoneRow, primary_counselor: str, long_notes: list[MilestoneRow]) -> str:
    """The "Details and notes" cell; rows whose text is too long for a cell go to `long_notes`."""
    detail, notes = row.detail.strip(), row.notes.strip()
    heading = "Success stories" if row.type_code == SUCCESS_STORY else "Notes in full"
    too_long = len(detail) > NOTES_IN_TABLE or len(notes) > NOTES_IN_TABLE
    if too_long or (notes and row.type_code == SUCCESS_STORY):
        long_notes.append(row)
    parts = []
    if detail:
        parts.append(_excerpt(detail, heading) if len(detail) > NOTES_IN_TABLE else detail)
    if notes:
        in_full = len(notes) <= NOTES_IN_TABLE and row.type_code != SUCCESS_STORY
        parts.append(notes if in_full else _excerpt(notes, heading))
    if row.counselors and tuple(row.counselors) != (primary_counselor,):
        parts.append("Counselor: " + ", ".join(row.counselors))
    return "\n".join(parts)


def _milestone_table(
    milestones: list[MilestoneRow], primary_counselor: str, long_notes: list[MilestoneRow]
) -> layout.PagedTable:
    widths = [w for _, w in MILESTONE_COLUMNS]
    rows: list[list[object]] = []
    muted: dict[int, list[layout.RowCommand]] = {}
    for row in milestones:
        carries = carries_of(row)
        name = row.type_name
        if not row.reportable:
            name += " (not reportable)"
            muted[len(rows)] = [("TEXTCOLOR", layout.MUTED)]
        rows.append(
            [
                fmt.day(row.date),
                cell(name, widths[1]),
                cell(
                    fmt.change(row.initial_amount, row.amount, carries)
                    if tracks_change(row)
                    else fmt.amount(row.amount, carries),
                    widths[2],
                ),
                "" if (diff := difference(row)) is None else fmt.amount(diff, carries, signed=True),
                cell(_details(row, primary_counselor, long_notes), widths[4]),
            ]
        )
    commands = [*layout.table_style(header_rows=1), ("ALIGN", (3, 1), (3, -1), "RIGHT")]
    # The column headings are printed again at the top of every page the table spans.
    return layout.PagedTable([h for h, _ in MILESTONE_COLUMNS], rows, widths, commands, muted)


def _totals(data: ClientReportData) -> list[Flowable]:
    totals = client_totals(data.milestones)
    rows = [
        ["Jobs created, full-time", fmt.count(totals.jobs_created_full_time)],
        ["Jobs created, part-time", fmt.count(totals.jobs_created_part_time)],
        ["Jobs created, total", fmt.count(totals.jobs_created)],
        [SALES_INCREASES, fmt.money(totals.sales_increase)],
        [EXPORT_INCREASES, fmt.money(totals.export_increase)],
        ["Certifications obtained", fmt.count(totals.certifications)],
        ["Business starts", fmt.count(totals.business_starts)],
    ]
    story: list[Flowable] = [
        *layout.heading("Impact totals (reportable milestones)"),
        Table(
            rows,
            colWidths=(160, 110),
            style=[*layout.key_value_table_style().getCommands(), ("ALIGN", (1, 0), (1, -1), "RIGHT")],
            hAlign="LEFT",
        ),
        paragraph(INCREASES_NOTE, layout.NOTE),
    ]
    summaries = type_summaries(data.milestones)
    if summaries:
        type_rows: list[list[object]] = [["Milestone type", "Count", NET_CHANGE]]
        for s in summaries:
            carries = carries_of(next(m for m in data.milestones if m.type_code == s.type_code))
            type_rows.append(
                [cell(s.type_name, 230), fmt.count(s.count), fmt.amount(s.net_change, carries, signed=True)]
            )
        story += [
            *layout.heading("Reportable milestones by type"),
            Table(
                type_rows,
                colWidths=(230, 50, 140),
                repeatRows=1,
                hAlign="LEFT",
                style=layout.table_style(header_rows=1, numeric_from=1),
            ),
        ]
    return story


def _counseling(data: ClientReportData, include_all: bool) -> list[Flowable]:
    summary = session_summary(data.sessions)
    reportable_dates = [s.date for s in data.sessions if s.reportable]
    rows = [
        ["Sessions", fmt.count(summary.sessions)],
        ["Contact hours", fmt.hours(summary.contact_minutes)],
        ["Preparation hours", fmt.hours(summary.prep_minutes)],
        ["Travel hours", fmt.hours(summary.travel_minutes)],
        ["First session", fmt.day(min(reportable_dates, default=None))],
        ["Latest session", fmt.day(max(reportable_dates, default=None))],
    ]
    story: list[Flowable] = [
        *layout.heading("Counseling summary (reportable sessions)"),
        Table(
            rows,
            colWidths=(160, 110),
            style=[*layout.key_value_table_style().getCommands(), ("ALIGN", (1, 0), (1, -1), "RIGHT")],
            hAlign="LEFT",
        ),
        paragraph(INCREASES_NOTE, layout.NOTE),
    ]
    left_out = sum(1 for s in data.sessions if not s.reportable)
    if left_out and include_all:
        story.append(paragraph(f"{left_out} non-reportable session(s) are not counted above.", layout.NOTE))
    return story


def _full_notes(rows: list[MilestoneRow]) -> list[Flowable]:
    story: list[Flowable] = []
    for title, wanted in (("Success stories", True), ("Notes in full", False)):
        chosen = [r for r in rows if (r.type_code == SUCCESS_STORY) == wanted]
        if not chosen:
            continue
        story += layout.heading(title)
        for r in chosen:
            marker = "" if r.reportable else " (not reportable)"
            story += layout.subheading(f"{fmt.day(r.date)} · {r.type_name}{marker}")
            story += [paragraph(text, layout.BODY) for text in (r.detail.strip(), r.notes.strip()) if text]
            story.append(Spacer(0, 4))
    return story
