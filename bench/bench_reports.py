"""Benchmark of the PDF report engine against plain reportlab, in the same run.

    python bench/bench_reports.py [--runs N] [--clients N]

Cases:
- client report, one client with 300 milestones (notes on a third of them, some success stories);
- impact report over 10,000 clients.

Each case is timed against baselines drawing the same content by hand in a plain `SimpleDocTemplate`
whose frame is the reports' text area (`layout.body_frame`: the same rows per page): the same cell
texts (written out with f-strings; a plain reportlab Paragraph where a cell does not fit one line, as
the reports wrap it), the reports' table style commands and column widths, the impact report's total
line, and for the client report the notes too long for a cell and the success stories printed in full
after the table, as the report prints them (what grows with the data is in both). Left out, as the
app's own extras: the header block, totals and summary tables, the chart, section headings, the page
header and footer, "Page N of M", font fallback. tests/reports/test_bench_baseline.py checks that the
texts are the reports' own. The fair baseline ("paged") lays the table out with the app's own linear
`PagedTable`, as the reports do; "one Table" is a single platypus `Table(rows, colWidths, repeatRows=1)`,
whose split across pages is quadratic in its length (shown for comparison only; it flattered the app).
"Helvetica" is the standard PDF font, "DejaVu" the same embedded TrueType font as the reports (the cost
of printing é, ñ and → that Helvetica cannot). Runs are interleaved; figures are medians of wall time,
with the CPU time ratio beside them. Targets: at most 1.3× the paged DejaVu baseline, and the
10,000-client impact report under 10 s. The client report is also compared with its table alone.
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # runnable from a checkout

from reportlab.lib.pagesizes import LETTER, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table

from neodesk.reports import fonts, layout
from neodesk.reports.client_report import MILESTONE_COLUMNS, render_client_report
from neodesk.reports.impact_report import CLIENT_COLUMNS, render_impact_report
from neodesk.reports.layout import PagedTable
from neodesk.reports.report_records import (
    ClientReportData,
    ImpactReportData,
    MilestoneRow,
    SessionRow,
)
from neodesk.reports.totals import impact_client_row, monthly_series

TARGET_RATIO = 1.3
TARGET_IMPACT_SECONDS = 10.0
FONT_SIZE, LEADING = 8, 10
STAFF = ("change_in_full_time_staff", "Change in Full-Time Staff")
SALES = ("change_in_sales", "Change in Sales")
CERT = ("wosb_certified", "WOSB Certification Obtained")
STORY = ("success_story", "Success Story")


def client_data(milestone_count: int = 300, seed: int = 7) -> ClientReportData:
    """One client with `milestone_count` milestones over ten years, names with accents."""
    rng = random.Random(seed)
    rows = []
    ft, sales = 3, Decimal("150000.00")
    start = date(2015, 1, 1)
    for i in range(milestone_count):
        day = start + timedelta(days=i * 12)
        kind = i % 10
        notes = ""
        if i % 3 == 0:
            notes = "Met with the owner at the café; reviewed the plan. " * rng.randint(1, 4)
        if kind in (0, 1, 2, 3):
            new_ft = max(0, ft + rng.randint(-1, 3))
            rows.append(MilestoneRow(day, *STAFF, new_ft, ft, notes=notes, counselors=("Ana Pérez",)))
            ft = new_ft
        elif kind in (4, 5, 6, 7):
            new_sales = (sales + Decimal(rng.randint(-500000, 2500000)) / 100).quantize(Decimal("0.01"))
            rows.append(MilestoneRow(day, *SALES, new_sales, sales, notes=notes, reportable=i % 17 != 0))
            sales = new_sales
        elif kind == 8:
            rows.append(MilestoneRow(day, *CERT, notes=notes))
        else:
            rows.append(MilestoneRow(day, *STORY, notes="Niño's bakery doubled its output. " * 40))
    sessions = tuple(SessionRow(start + timedelta(days=i * 20), 60, 30, 0) for i in range(120))
    return ClientReportData(
        client_no=1042,
        name="Panadería Niño & Café",
        generated_on=datetime(2025, 3, 1, 9, 30),
        database_label="bench.sqlite3",
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
        milestones=tuple(rows),
        sessions=sessions,
    )


def impact_data(client_count: int = 10_000, seed: int = 11) -> ImpactReportData:
    rng = random.Random(seed)
    date_from, date_to = date(2024, 1, 1), date(2024, 12, 31)
    per_client, rows = [], []
    for i in range(client_count):
        ms = [
            MilestoneRow(date(2024, rng.randint(1, 12), rng.randint(1, 28)), *STAFF, rng.randint(2, 9), 1),
            MilestoneRow(
                date(2024, rng.randint(1, 12), 15),
                *SALES,
                Decimal(rng.randint(100_000, 9_999_999)) / 100,
                Decimal("1000.00"),
            ),
        ]
        if i % 4 == 0:
            ms.append(MilestoneRow(date(2024, rng.randint(1, 12), 3), *CERT))
        per_client.append(ms)
        sessions = [SessionRow(date(2024, 2, 1), rng.randint(30, 120), 15)]
        rows.append(impact_client_row(10_000 + i, f"Client {i} Niño Café Holdings LLC", ms, sessions))
    return ImpactReportData(
        date_from,
        date_to,
        datetime(2025, 1, 2, 9, 0),
        "bench.sqlite3",
        "Ana Pérez",
        clients=tuple(rows),
        monthly=monthly_series(per_client, date_from, date_to),
    )


def _commands(font: str, header_rows: int = 1, numeric_from: int | None = None) -> list[tuple[Any, ...]]:
    """The reports' own table style (grid, header band, padding, alignment), in `font`."""
    bold = fonts.BOLD if font == fonts.BODY else f"{font}-Bold"
    swap = {fonts.BODY: font, fonts.BOLD: bold}
    return [
        (op, *(swap.get(a, a) if isinstance(a, str) else a for a in args))
        for op, *args in layout.table_style(header_rows=header_rows, numeric_from=numeric_from)
    ]


def _baseline_pdf(
    header: list[str],
    rows: list[list[object]],
    widths: list[float],
    pagesize: tuple[float, float],
    commands: list[tuple[Any, ...]],
    row_commands: dict[int, list[tuple[Any, ...]]],
    paged: bool = True,
    after: Sequence[Flowable] = (),
) -> bytes:
    """The table alone in a plain SimpleDocTemplate whose frame is the reports' text area (the same
    rows per page); `paged`: through the app's linear PagedTable (the fair baseline), else one
    platypus Table (whose split across pages is quadratic in its length)."""
    x, y, width, height = layout.body_frame(pagesize)
    pad = 6  # SimpleDocTemplate's frame pads its content by 6 points on each side
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=pagesize,
        leftMargin=x - pad,
        rightMargin=pagesize[0] - x - width - pad,
        topMargin=pagesize[1] - y - height - pad,
        bottomMargin=y - pad,
    )
    if paged:
        doc.build([PagedTable(header, rows, widths, commands, row_commands), *after])
    else:
        every = [(op, (0, i + 1), (-1, i + 1), *args) for i, cmds in row_commands.items() for op, *args in cmds]
        doc.build([Table([header, *rows], colWidths=widths, repeatRows=1, style=[*commands, *every]), *after])
    return out.getvalue()


def _cell(text: str, width: float, font: str, style: ParagraphStyle) -> object:
    """A string where it fits on one line, else a (plain reportlab) Paragraph that wraps, as the app
    lays its cells out: the same line breaks, so the same row heights and rows per page."""
    if "\n" not in text and stringWidth(text, font, FONT_SIZE) <= width - 2 * layout.CELL_PADDING:
        return text
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _excerpt(text: str, heading: str) -> str:
    return (text if len(text) <= 160 else text[:160].rstrip() + "…") + f" (full text under “{heading}”)"


def client_rows(data: ClientReportData, font: str = fonts.BODY) -> list[list[object]]:
    """The milestone table's cells as the client report prints them, written out by hand."""
    style = ParagraphStyle("cell", fontName=font, fontSize=FONT_SIZE, leading=LEADING, textColor=layout.INK)
    widths = [w for _, w in MILESTONE_COLUMNS]
    rows: list[list[object]] = []
    for m in sorted((m for m in data.milestones if m.reportable), key=lambda m: (m.date, m.type_name)):
        if m.amount is None:
            change = diff = ""
        else:
            before: Any = m.initial_amount  # the bench's milestones always have one
            gain = m.amount - before
            sign = "-" if gain < 0 else "+" if gain > 0 else ""
            if isinstance(m.amount, Decimal):
                change, diff = f"${before:,.2f} → ${m.amount:,.2f}", f"{sign}${abs(gain):,.2f}"
            else:
                change, diff = f"{before:,} → {m.amount:,}", f"{sign}{abs(gain):,}"
        story = m.type_code == STORY[0]
        heading = "Success stories" if story else "Notes in full"
        detail, notes = m.detail.strip(), m.notes.strip()
        parts = [_excerpt(detail, heading) if len(detail) > 300 else detail] if detail else []
        if notes:
            parts.append(_excerpt(notes, heading) if story or len(notes) > 300 else notes)
        if m.counselors and m.counselors != (data.primary_counselor,):
            parts.append("Counselor: " + ", ".join(m.counselors))
        notes = "\n".join(parts)
        rows.append(
            [
                m.date.isoformat(),
                _cell(m.type_name, widths[1], font, style),
                _cell(change, widths[2], font, style),
                diff,
                _cell(notes, widths[4], font, style),
            ]
        )
    return rows


def client_notes(data: ClientReportData, font: str = fonts.BODY) -> list[Flowable]:
    """The notes too long for a cell and every success story, printed in full after the table as the
    client report does (a section title, then a title line and the text per milestone)."""
    title = ParagraphStyle(
        "title", parent=layout.HEADING, fontName=fonts.BOLD if font == fonts.BODY else f"{font}-Bold"
    )
    line = ParagraphStyle("line", parent=layout.SUBHEADING, fontName=title.fontName)
    body = ParagraphStyle("body", parent=layout.BODY, fontName=font)
    listed = sorted((m for m in data.milestones if m.reportable), key=lambda m: (m.date, m.type_name))
    long = [m for m in listed if _in_full(m)]
    story: list[Flowable] = []
    for heading, stories in (("Success stories", True), ("Notes in full", False)):
        chosen = [m for m in long if (m.type_code == STORY[0]) == stories]
        if chosen:
            story.append(Paragraph(heading, title))
        for m in chosen:
            story.append(Paragraph(escape(f"{m.date.isoformat()} · {m.type_name}"), line))
            story += [
                Paragraph(escape(t).replace("\n", "<br/>"), body) for t in (m.detail.strip(), m.notes.strip()) if t
            ]
    return story


def _in_full(m: MilestoneRow) -> bool:
    detail, notes = m.detail.strip(), m.notes.strip()
    return len(detail) > 300 or len(notes) > 300 or bool(notes and m.type_code == STORY[0])


def baseline_client(data: ClientReportData, font: str, paged: bool = True, notes: bool = True) -> bytes:
    commands = [*_commands(font), ("ALIGN", (3, 1), (3, -1), "RIGHT")]
    header = [h for h, _ in MILESTONE_COLUMNS]
    rows = client_rows(data, font)
    after = client_notes(data, font) if notes else []
    return _baseline_pdf(header, rows, [w for _, w in MILESTONE_COLUMNS], LETTER, commands, {}, paged, after)


def impact_rows(data: ImpactReportData, font: str = fonts.BODY) -> list[list[object]]:
    """The per-client table's cells as the impact report prints them (a total line last), by hand."""
    style = ParagraphStyle("cell", fontName=font, fontSize=FONT_SIZE, leading=LEADING, textColor=layout.INK)
    name_width = CLIENT_COLUMNS[1][1]
    rows: list[list[object]] = []
    sums: list[Any] = [0, 0, Decimal(0), Decimal(0), 0, 0, 0, 0]
    for c in sorted(data.clients, key=lambda c: c.client_no):
        t, s = c.totals, c.sessions
        values = (
            t.jobs_created_full_time,
            t.jobs_created_part_time,
            t.sales_increase,
            t.export_increase,
            t.certifications,
            t.business_starts,
            s.sessions,
            s.contact_minutes,
        )
        sums = [a + b for a, b in zip(sums, values, strict=True)]
        rows.append([str(c.client_no), _cell(c.name, name_width, font, style), *_impact_figures(values)])
    rows.append(["", "Total", *_impact_figures(sums)])
    return rows


def _impact_figures(values: Sequence[Any]) -> list[str]:
    ft, pt, sales, exports, certs, starts, sessions, minutes = values
    return [
        f"{ft:,}",
        f"{pt:,}",
        f"${sales:,.2f}",
        f"${exports:,.2f}",
        f"{certs:,}",
        f"{starts:,}",
        f"{sessions:,}",
        f"{minutes / 60:,.2f}",
    ]


def baseline_impact(data: ImpactReportData, font: str, paged: bool = True) -> bytes:
    rows = impact_rows(data, font)
    bold = fonts.BOLD if font == fonts.BODY else f"{font}-Bold"
    total = [("FONT", bold, FONT_SIZE, LEADING), ("BACKGROUND", layout.TOTAL_FILL), ("LINEABOVE", 0.75, layout.ACCENT)]
    header = [h for h, _ in CLIENT_COLUMNS]
    widths = [w for _, w in CLIENT_COLUMNS]
    commands = _commands(font, numeric_from=2)
    return _baseline_pdf(header, rows, widths, landscape(LETTER), commands, {len(rows) - 1: total}, paged)


def median_seconds(fns: list[Callable[[], bytes]], runs: int) -> list[tuple[float, float]]:
    """Median wall and CPU time (`time.process_time`, which load barely moves) of each function;
    runs are interleaved (a, b, c, a, b, c …) so that a busy machine slows every contender alike
    instead of whichever happened to run then."""
    times: list[list[tuple[float, float]]] = [[] for _ in fns]
    for _ in range(runs):
        for fn, bucket in zip(fns, times, strict=True):
            t0, c0 = time.perf_counter(), time.process_time()
            fn()
            bucket.append((time.perf_counter() - t0, time.process_time() - c0))
    return [(statistics.median(w for w, _ in b), statistics.median(c for _, c in b)) for b in times]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median is printed)")
    parser.add_argument("--clients", type=int, default=10_000, help="clients in the impact report")
    args = parser.parse_args()

    fonts.register()  # once per process in the app too; not part of any one report's time
    client, impact = client_data(), impact_data(args.clients)
    cases: list[tuple[Any, ...]] = [
        (
            "client report, 300 milestones",
            args.runs,
            lambda: render_client_report(client),
            lambda font, paged: lambda: baseline_client(client, font, paged),
            None,
            ("the table alone (no notes in full)", lambda: baseline_client(client, fonts.BODY, notes=False)),
        ),
        (
            f"impact report, {args.clients:,} clients",
            max(1, args.runs - 2),
            lambda: render_impact_report(impact),
            lambda font, paged: lambda: baseline_impact(impact, font, paged),
            TARGET_IMPACT_SECONDS,
            None,
        ),
    ]
    print(
        f"{'case':<34} {'one Table/DejaVu':>17} {'paged/Helvetica':>16} {'paged/DejaVu':>13} {'neodesk':>9} "
        f"{'× one Table':>12} {'× paged/DejaVu':>15} {'CPU ×':>6}  verdict"
    )
    failed = False
    notes: list[str] = []
    for name, runs, ours, baseline, limit, other in cases:
        # Warm up once: first-use costs (font subsets tables, imports) belong to no single report.
        ours()
        contenders = [baseline(fonts.BODY, False), baseline("Helvetica", True), baseline(fonts.BODY, True), ours]
        if other is not None:
            contenders.append(other[1])
        (one, _), (helv, _), (dejavu, dejavu_cpu), (mine, mine_cpu), *rest = median_seconds(contenders, runs)
        ratio_one, ratio_d, ratio_cpu = mine / one, mine / dejavu, mine_cpu / dejavu_cpu
        ok = ratio_d <= TARGET_RATIO and (limit is None or mine < limit)
        failed |= not ok
        verdict = "ok" if ok else "MISSED"
        if limit is not None:
            verdict += f" (limit {limit:.0f} s)"
        print(
            f"{name:<34} {one:>16.3f}s {helv:>15.3f}s {dejavu:>12.3f}s {mine:>8.3f}s {ratio_one:>11.2f}× "
            f"{ratio_d:>14.2f}× {ratio_cpu:>5.2f}×  {verdict}"
        )
        if other is not None and rest:
            (alone, alone_cpu), *_ = rest
            notes.append(
                f"{name}: against {other[0]}: {alone:.3f}s, {mine / alone:.2f}× (CPU {mine_cpu / alone_cpu:.2f}×)"
            )
    print(
        f"(median of {args.runs} runs for the client report, {max(1, args.runs - 2)} for the impact report; "
        f"target ≤ {TARGET_RATIO}× the fair baseline: the same linear paged table, same font)"
    )
    for line in notes:
        print(line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
