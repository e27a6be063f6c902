"""The impact report for a period (screens.md "Reports"): filters, totals, a chart by month, per client.

Totals across clients are the sums of the per-client rows (each computed by `totals.client_totals`),
so the table's bottom line and the totals block always agree.
"""

from __future__ import annotations

import math

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER, landscape
from reportlab.platypus import Flowable, Table, TableStyle

from neodesk.reports import fonts, layout
from neodesk.reports import formatting as fmt
from neodesk.reports.layout import cell, paragraph
from neodesk.reports.report_records import (
    ImpactClientRow,
    ImpactReportData,
    ImpactTotals,
    MonthlyImpact,
    SessionSummary,
)
from neodesk.reports.totals import total_of
from neodesk.reports.wording import EXPORT_INCREASES, GAINS_NOTE, SALES_INCREASES

PAGE = landscape(LETTER)
CHART_HEIGHT = 190
TEXT_WIDTH = PAGE[0] - 2 * layout.MARGIN  # 720 points

CLIENT_COLUMNS: tuple[tuple[str, float], ...] = (
    ("Client #", 52),
    ("Company", 200),
    ("Jobs FT", 48),
    ("Jobs PT", 48),
    ("Sales increase", 92),
    ("Export increase", 92),
    ("Certs", 40),
    ("Starts", 40),
    ("Sessions", 50),
    ("Contact h", 58),
)

# (legend label, ImpactTotals attribute, bar colour): the chart shows counts only, money would dwarf them.
CHART_SERIES: tuple[tuple[str, str, colors.Color], ...] = (
    ("Jobs created", "jobs_created", colors.HexColor("#1F4E79")),
    ("Certifications obtained", "certifications", colors.HexColor("#D98E04")),
    ("Business starts", "business_starts", colors.HexColor("#3A9D5D")),
)


def render_impact_report(data: ImpactReportData) -> bytes:
    """The impact report as PDF bytes: the filters in the header, totals, a chart, a per-client table."""
    clients = sorted(data.clients, key=lambda c: c.client_no)
    totals = total_of(c.totals for c in clients)
    sessions = SessionSummary()
    for c in clients:
        sessions = sessions + c.sessions
    period = f"{fmt.day(data.date_from)} to {fmt.day(data.date_to)}"
    story: list[Flowable] = [
        paragraph("Impact Report", layout.TITLE),
        paragraph(period, layout.SUBTITLE),
        _filters_table(data, period, len(clients)),
        *layout.heading("Totals (reportable records)"),
        _totals_table(totals, sessions),
        paragraph(GAINS_NOTE, layout.NOTE),
        *layout.heading("Impacts by month", keep=CHART_HEIGHT),
        _chart(data.monthly),
        *layout.heading(f"Clients ({len(clients):,})"),
    ]
    if clients:
        story.append(_client_table(clients, totals, sessions))
    else:
        story.append(paragraph("No client has reportable activity matching these filters.", layout.BODY))
    decoration = layout.PageDecoration(
        title="Impact Report",
        subject=period,
        footer=layout.footer_text(fmt.day(data.generated_on), data.generated_by, data.database_label),
    )
    return layout.build_pdf(story, decoration, pagesize=PAGE, title=f"Impact report {period}", author=data.generated_by)


def _filters_table(data: ImpactReportData, period: str, client_count: int) -> Table:
    rows = [
        ["Period", period, "Counselor", data.counselor_filter or "All counselors"],
        ["Funding source", data.funding_filter or "All funding sources", "Clients", fmt.count(client_count)],
    ]
    widths = (100, 260, 100, 260)
    cells = [
        [text if i % 2 == 0 else cell(text, w) for i, (text, w) in enumerate(zip(r, widths, strict=True))] for r in rows
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
    return Table(cells, colWidths=widths, style=style, hAlign="LEFT")


def _totals_table(totals: ImpactTotals, sessions: SessionSummary) -> Table:
    left = [
        ["Jobs created, full-time", fmt.count(totals.jobs_created_full_time)],
        ["Jobs created, part-time", fmt.count(totals.jobs_created_part_time)],
        ["Jobs created, total", fmt.count(totals.jobs_created)],
        [SALES_INCREASES, fmt.money(totals.sales_increase)],
        [EXPORT_INCREASES, fmt.money(totals.export_increase)],
    ]
    right = [
        ["Certifications obtained", fmt.count(totals.certifications)],
        ["Business starts", fmt.count(totals.business_starts)],
        ["Counseling sessions", fmt.count(sessions.sessions)],
        ["Contact hours", fmt.hours(sessions.contact_minutes)],
        ["Preparation hours", fmt.hours(sessions.prep_minutes)],
    ]
    rows = [a + b for a, b in zip(left, right, strict=True)]
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
            ("ALIGN", (1, 0), (1, -1), "RIGHT"),
            ("ALIGN", (3, 0), (3, -1), "RIGHT"),
        ]
    )
    return Table(rows, colWidths=(150, 120, 150, 120), style=style, hAlign="LEFT")


def _nice_step(peak: int) -> int:
    """An axis step of 1, 2 or 5 × 10ⁿ giving at most about six gridlines."""
    if peak <= 6:
        return 1
    raw = peak / 6
    magnitude: int = 10 ** math.floor(math.log10(raw))  # raw > 1: a whole power of ten
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)


def _chart(monthly: tuple[MonthlyImpact, ...]) -> Flowable:
    if not monthly:
        return paragraph("The period has no months to chart.", layout.BODY)
    drawing = Drawing(TEXT_WIDTH, CHART_HEIGHT)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 36, 40, TEXT_WIDTH - 200, 140
    # Floats for bar heights only: the figures printed in the tables come from the exact values.
    chart.data = [[float(getattr(m.totals, attr)) for m in monthly] for _, attr, _ in CHART_SERIES]
    every = max(1, math.ceil(len(monthly) / 24))  # keep month labels legible on long periods
    chart.categoryAxis.categoryNames = [
        fmt.month_label(m.month) if i % every == 0 else "" for i, m in enumerate(monthly)
    ]
    labels = chart.categoryAxis.labels
    labels.fontName, labels.fontSize = fonts.BODY, 6.5
    labels.angle, labels.boxAnchor, labels.dy = (30, "ne", -2) if len(monthly) > 8 else (0, "n", -2)
    peak = max((max(series, default=0) for series in chart.data), default=0)
    step = _nice_step(int(peak))
    value_axis = chart.valueAxis
    # A fixed 0-based axis: with every month empty, reportlab would otherwise invent a -0.01..0.01 scale.
    value_axis.valueMin, value_axis.valueStep = 0, step
    value_axis.valueMax = max(step, math.ceil(peak / step) * step)
    value_axis.labels.fontName, value_axis.labels.fontSize = fonts.BODY, 6.5
    value_axis.labelTextFormat = "%d"
    value_axis.visibleGrid, value_axis.gridStrokeColor = True, layout.RULE
    chart.groupSpacing = 4 if len(monthly) <= 24 else 1
    chart.barSpacing = 0.5
    for i, (_, _, colour) in enumerate(CHART_SERIES):
        chart.bars[i].fillColor, chart.bars[i].strokeColor = colour, None
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y, legend.alignment = TEXT_WIDTH - 150, 160, "right"
    legend.fontName, legend.fontSize, legend.dx, legend.dy = fonts.BODY, 7.5, 8, 8
    legend.colorNamePairs = [(colour, name) for name, _, colour in CHART_SERIES]
    drawing.add(legend)
    return drawing


def _client_table(clients: list[ImpactClientRow], totals: ImpactTotals, sessions: SessionSummary) -> layout.PagedTable:
    widths = [w for _, w in CLIENT_COLUMNS]
    name_width = widths[1]
    rows: list[list[object]] = []
    for c in clients:
        t = c.totals
        rows.append(
            [
                str(c.client_no),
                cell(c.name, name_width),
                fmt.count(t.jobs_created_full_time),
                fmt.count(t.jobs_created_part_time),
                fmt.money(t.sales_increase),
                fmt.money(t.export_increase),
                fmt.count(t.certifications),
                fmt.count(t.business_starts),
                fmt.count(c.sessions.sessions),
                fmt.hours(c.sessions.contact_minutes),
            ]
        )
    rows.append(
        [
            "",
            "Total",
            fmt.count(totals.jobs_created_full_time),
            fmt.count(totals.jobs_created_part_time),
            fmt.money(totals.sales_increase),
            fmt.money(totals.export_increase),
            fmt.count(totals.certifications),
            fmt.count(totals.business_starts),
            fmt.count(sessions.sessions),
            fmt.hours(sessions.contact_minutes),
        ]
    )
    total_row = [
        ("FONT", fonts.BOLD, layout.CELL.fontSize, layout.CELL.leading),
        ("BACKGROUND", layout.TOTAL_FILL),
        ("LINEABOVE", 0.75, layout.ACCENT),
    ]
    commands = layout.table_style(header_rows=1, numeric_from=2)
    return layout.PagedTable([h for h, _ in CLIENT_COLUMNS], rows, widths, commands, {len(rows) - 1: total_row})
