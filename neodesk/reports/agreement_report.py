"""The agreement report and the agreements overview (agreements.md §7) as PDF, with the cash flow by month.

Rendering only, from plain data: the agreement as `agreement show --json` gives it (a dict of
strings), and overview rows built by the agreement services. Money arrives as decimal strings and is
summed as Decimal; the chart's bar heights are the only floats.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER, landscape
from reportlab.platypus import Flowable, Table, TableStyle

from neodesk.reports import fonts, layout
from neodesk.reports import formatting as fmt
from neodesk.reports.agreement_sections import approvals_section, history_who, objectives_section
from neodesk.reports.layout import cell, paragraph

PAGE = landscape(LETTER)
TEXT_WIDTH = PAGE[0] - 2 * layout.MARGIN
CHART_HEIGHT = 190
SERIES = (("Released or paid", colors.HexColor("#1F4E79")), ("Forecast (pending)", colors.HexColor("#D98E04")))
DONE = {"released", "partly_paid", "paid"}
FORECAST = {"pending", "on_hold"}


@dataclass(frozen=True, slots=True)
class OverviewRow:
    number: str
    title: str
    client: str
    status: str
    amount: Decimal
    released: Decimal
    paid: Decimal
    progress: str
    next_due: date | None
    overdue: int  # open milestones past their due date


@dataclass(frozen=True, slots=True)
class OverviewData:
    rows: tuple[OverviewRow, ...]
    cash_flow: tuple[tuple[str, Decimal, Decimal], ...]  # month, released, forecast
    scope: str  # "the center" or a counselor's name
    generated_on: datetime
    generated_by: str
    database_label: str


def cash_flow_of(agreement: Mapping[str, Any]) -> list[tuple[str, Decimal, Decimal]]:
    """(month, released, forecast) of one agreement: released events by release date, pending ones by
    their scheduled date, else their milestone's due date, else the agreement's end."""
    months: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for m in agreement["milestones"]:
        for e in m["events"]:
            if e["status"] in DONE and e.get("released_on"):
                months[e["released_on"][:7]][0] += Decimal(e["amount"])
            elif e["status"] in FORECAST:
                when = e.get("scheduled") or m.get("due") or agreement["end"]
                months[when[:7]][1] += Decimal(e["amount"])
    return [(k, v[0], v[1]) for k, v in sorted(months.items())]


def _step(peak: float) -> float:
    if peak <= 0:
        return 1
    raw = peak / 5
    magnitude: float = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)


def cash_flow_chart(flow: Sequence[tuple[str, Decimal, Decimal]]) -> Flowable:
    if not flow:
        return paragraph("No events to chart.", layout.BODY)
    drawing = Drawing(TEXT_WIDTH, CHART_HEIGHT)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 60, 40, TEXT_WIDTH - 220, 140
    chart.data = [[float(r) for _, r, _ in flow], [float(f) for _, _, f in flow]]
    chart.categoryAxis.categoryNames = [month for month, _, _ in flow]
    labels = chart.categoryAxis.labels
    labels.fontName, labels.fontSize = fonts.BODY, 6.5
    labels.angle, labels.boxAnchor = (30, "ne") if len(flow) > 8 else (0, "n")
    peak = max(max(series) for series in chart.data)
    step = _step(peak)
    chart.valueAxis.valueMin, chart.valueAxis.valueStep = 0, step
    chart.valueAxis.valueMax = max(step, math.ceil(peak / step) * step)
    chart.valueAxis.labels.fontName, chart.valueAxis.labels.fontSize = fonts.BODY, 6.5
    chart.valueAxis.labelTextFormat = lambda v: f"${v:,.0f}"
    chart.valueAxis.visibleGrid, chart.valueAxis.gridStrokeColor = True, layout.RULE
    for i, (_, colour) in enumerate(SERIES):
        chart.bars[i].fillColor, chart.bars[i].strokeColor = colour, None
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y, legend.alignment = TEXT_WIDTH - 140, 160, "right"
    legend.fontName, legend.fontSize = fonts.BODY, 7.5
    legend.colorNamePairs = [(colour, name) for name, colour in SERIES]
    drawing.add(legend)
    return drawing


def _money(text: str | None) -> str:
    return fmt.money(Decimal(text)) if text not in (None, "") else fmt.BLANK


def _grid(rows: list[list[Any]], widths: Sequence[float], numeric_from: int | None = None) -> Table:
    body = [
        [cell(str(v) if v is not None else "", w, bold=(i == 0)) for v, w in zip(row, widths, strict=True)]
        for i, row in enumerate(rows)
    ]
    return Table(
        body,
        colWidths=widths,
        repeatRows=1,
        style=TableStyle(layout.table_style(numeric_from=numeric_from)),
        hAlign="LEFT",
    )


def render_agreement_report(
    agreement: Mapping[str, Any], *, generated_on: datetime, generated_by: str, database_label: str
) -> bytes:
    """One agreement: header, totals, milestones with conditions and observed values, events and
    payments, objectives with their answers, approvals, the cash flow by month, history."""
    a = agreement
    client = f"Client {a['client']}" if a["client"] else "The center"
    story: list[Flowable] = [
        paragraph(f"Agreement {a['number']}", layout.TITLE),
        paragraph(a["title"], layout.SUBTITLE),
        _grid(
            [
                ["Kind", "Party", "Counterparty", "Period", "Status", "Primary contact"],
                [
                    a["kind"],
                    client,
                    a.get("counterparty") or "",
                    f"{a['start']} – {a['end']}",
                    a["status"],
                    a.get("primary_contact") or "",
                ],
            ],
            (90, 90, 150, 150, 80, 160),
        ),
        *layout.heading("Totals"),
        _grid(
            [
                ["Amount", "Released", "Paid", "Remaining"],
                [_money(a["amount"]), _money(a["released"]), _money(a["paid"]), _money(a["remaining"])],
            ],
            (120, 120, 120, 120),
            numeric_from=0,
        ),
        *layout.heading("Milestones"),
    ]
    rows: list[list[Any]] = [["Code", "Description", "Status", "Due", "Effective", "Conditions"]]
    for m in a["milestones"]:
        conditions = "; ".join(
            f"{c['kind']} {c['status']}" + (f" ({c['observed']})" if c.get("observed") else "") for c in m["conditions"]
        )
        status = m["status"] + (f" — {m['blocked']}" if m.get("blocked") else "")
        rows.append([m["code"], m["description"], status, m["due"] or "", m["effective_date"] or "", conditions])
    story.append(
        _grid(rows, (60, 190, 110, 65, 65, 230)) if len(rows) > 1 else paragraph("No milestones.", layout.BODY)
    )
    story += layout.heading("Events and payments")
    events: list[list[Any]] = [["Milestone", "Kind", "Amount", "Status", "Released", "Paid", "Payments"]]
    for m in a["milestones"]:
        for e in m["events"]:
            payments = "; ".join(f"{p['date']} {_money(p['amount'])} {p['method']}" for p in e.get("payments", []))
            events.append(
                [
                    m["code"],
                    e["kind"],
                    _money(e["amount"]),
                    e["status"],
                    e.get("released_on") or "",
                    _money(e["paid"]),
                    payments,
                ]
            )
    story.append(
        _grid(events, (60, 80, 90, 70, 70, 90, 260)) if len(events) > 1 else paragraph("No events.", layout.BODY)
    )
    story += objectives_section(a, _grid)
    story += approvals_section(a, _grid)
    story += [*layout.heading("Cash flow by month", keep=CHART_HEIGHT), cash_flow_chart(cash_flow_of(a))]
    story += layout.heading("History")
    history = [["Recorded", "Record", "Change", "Who", "Effective", "Reason"]]
    history += [
        [
            h["at"][:16].replace("T", " "),
            h["label"],
            f"{h['action']}: {h['from'] or ''} → {h['to'] or ''}",
            history_who(h),
            h["effective_date"] or "",
            h["reason"] or "",
        ]
        for h in a["history"]
    ]
    story.append(_grid(history, (90, 90, 170, 130, 70, 170)))
    decoration = layout.PageDecoration(
        title=f"Agreement {a['number']}",
        subject=a["title"],
        footer=layout.footer_text(fmt.day(generated_on), generated_by, database_label),
    )
    return layout.build_pdf(story, decoration, pagesize=PAGE, title=f"Agreement {a['number']}", author=generated_by)


def render_agreements_overview(data: OverviewData) -> bytes:
    """Progress per agreement, overdue milestones, and the cash-flow forecast by month as a chart."""
    rows: list[list[Any]] = [
        ["Number", "Title", "Party", "Status", "Amount", "Released", "Paid", "Progress", "Next due", "Overdue"]
    ]
    rows += [
        [
            r.number,
            r.title,
            r.client,
            r.status,
            fmt.money(r.amount),
            fmt.money(r.released),
            fmt.money(r.paid),
            r.progress,
            r.next_due.isoformat() if r.next_due else "",
            r.overdue or "",
        ]
        for r in data.rows
    ]
    story: list[Flowable] = [
        paragraph("Agreements overview", layout.TITLE),
        paragraph(f"Agreements of {data.scope}", layout.SUBTITLE),
        *layout.heading("Cash flow by month (released and forecast)", keep=CHART_HEIGHT),
        cash_flow_chart(data.cash_flow),
        *layout.heading(f"Agreements ({len(data.rows)})"),
        _grid(rows, (75, 130, 60, 65, 70, 70, 70, 80, 60, 40))
        if data.rows
        else paragraph("No agreements.", layout.BODY),
    ]
    decoration = layout.PageDecoration(
        title="Agreements overview",
        subject=data.scope,
        footer=layout.footer_text(fmt.day(data.generated_on), data.generated_by, data.database_label),
    )
    return layout.build_pdf(story, decoration, pagesize=PAGE, title="Agreements overview", author=data.generated_by)
