"""The impact report: filters, totals across clients, chart, per-client table."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from report_inputs import counseling_session, pdf_pages, pdf_text, plain, sales, staff

from neodesk.reports import render_impact_report
from neodesk.reports.impact_report import CLIENT_COLUMNS, _nice_step
from neodesk.reports.report_records import ImpactReportData, MonthlyImpact
from neodesk.reports.totals import impact_client_row, monthly_series

FROM, TO = date(2024, 1, 1), date(2024, 12, 31)
TABLE_HEADER = " ".join(h for h, _ in CLIENT_COLUMNS)


def _report(clients_milestones: dict[tuple[int, str], list], **kw: object) -> ImpactReportData:
    rows = [
        impact_client_row(no, name, ms, [counseling_session(FROM, 60, 30)])
        for (no, name), ms in clients_milestones.items()
    ]
    fields: dict[str, object] = {
        "date_from": FROM,
        "date_to": TO,
        "generated_on": datetime(2025, 1, 2, 9, 0),
        "database_label": "center-db",
        "generated_by": "Ana Pérez",
        "clients": tuple(rows),
        "monthly": monthly_series(clients_milestones.values(), FROM, TO),
    }
    fields.update(kw)
    return ImpactReportData(**fields)  # type: ignore[arg-type]


@pytest.fixture
def three_clients() -> ImpactReportData:
    return _report(
        {
            (3, "Crème Brûlée Niño"): [staff(date(2024, 2, 1), 5, 2), sales(date(2024, 2, 9), "1500.25", "1000.00")],
            (1, "Alpha LLC"): [
                staff(date(2024, 3, 1), 4, 1, part_time=True),
                plain(date(2024, 3, 2), "cert_8a", "8(a)"),
            ],
            (2, "李记面馆"): [
                plain(date(2024, 6, 1), "business_start_impact", "BSI"),
                sales(date(2024, 6, 5), "999.75", "0.00"),
                staff(date(2024, 7, 1), 30, 1, reportable=False),
            ],
        },
        counselor_filter="Ana Pérez (ana@example.org)",
        funding_filter="SBDC — Small Business Development Center",
    )


def test_header_shows_period_and_filters(three_clients: ImpactReportData) -> None:
    first = pdf_pages(render_impact_report(three_clients))[0]
    assert "Impact Report" in first
    assert "Period 2024-01-01 to 2024-12-31" in first
    assert "Counselor Ana Pérez (ana@example.org)" in first
    assert "Funding source SBDC — Small Business Development Center" in first
    assert "Database: center-db" in first


def test_unfiltered_report_says_so(three_clients: ImpactReportData) -> None:
    from dataclasses import replace

    text = pdf_text(render_impact_report(replace(three_clients, counselor_filter=None, funding_filter=None)))
    assert "Counselor All counselors" in text
    assert "Funding source All funding sources" in text


def test_totals_across_clients(three_clients: ImpactReportData) -> None:
    text = pdf_text(render_impact_report(three_clients))
    for expected in (
        "Jobs created, full-time 3",
        "Jobs created, part-time 3",
        "Jobs created, total 6",
        "Sales increases (gains only) $1,500.00",  # 500.25 + 999.75, exact
        "Export increases (gains only) $0.00",
        "Certifications obtained 1",
        "Business starts 1",
        "Counseling sessions 3",
        "Contact hours 3.00",
    ):
        assert expected in text, expected


def test_per_client_table_sorted_by_number_with_total_line(three_clients: ImpactReportData) -> None:
    text = pdf_text(render_impact_report(three_clients))
    assert TABLE_HEADER in text
    assert "1 Alpha LLC 0 3 $0.00 $0.00 1 0 1 1.00" in text
    assert "2 李记面馆 0 0 $999.75 $0.00 0 1 1 1.00" in text
    assert "3 Crème Brûlée Niño 3 0 $500.25 $0.00 0 0 1 1.00" in text
    assert text.index("1 Alpha LLC") < text.index("2 李记面馆") < text.index("3 Crème Brûlée Niño")
    assert "Total 3 3 $1,500.00 $0.00 1 1 3 3.00" in text


def test_chart_labels_the_months(three_clients: ImpactReportData) -> None:
    text = pdf_text(render_impact_report(three_clients))
    assert "Jan 2024" in text
    assert "Dec 2024" in text
    assert "Jobs created" in text
    assert "Business starts" in text


def test_chart_with_only_empty_months_does_not_crash() -> None:
    data = _report({(1, "Quiet Co"): []})
    assert all(m.totals.jobs_created == 0 for m in data.monthly)
    text = pdf_text(render_impact_report(data))
    assert "Jan 2024" in text
    assert "-0.01" not in text  # reportlab's own scale for all-zero data is not used


def test_report_without_clients_or_months() -> None:
    data = ImpactReportData(FROM, TO, datetime(2025, 1, 2), "center-db", "Ana Pérez")
    text = pdf_text(render_impact_report(data))
    assert "No client has reportable activity" in text
    assert "The period has no months to chart." in text
    assert "Jobs created, total 0" in text


def test_long_period_chart_renders() -> None:
    months = tuple(MonthlyImpact(date(2015 + i // 12, i % 12 + 1, 1)) for i in range(120))
    data = ImpactReportData(date(2015, 1, 1), date(2024, 12, 31), datetime(2025, 1, 2), "db", "Ana", monthly=months)
    assert "Jan 2015" in pdf_text(render_impact_report(data))


def test_many_clients_span_pages_with_header_repeated() -> None:
    per_client = {(i, f"Client {i}"): [sales(date(2024, 5, 1), "10.10", "10.00")] for i in range(1, 401)}
    pages = pdf_pages(render_impact_report(_report(per_client)))
    assert len(pages) >= 5
    assert all(TABLE_HEADER in p for p in pages[1:]), "every page of the client table starts with its header"
    text = " ".join(pages)
    assert sum(1 for i in range(1, 401) if f" {i} Client {i} " in text) == 400
    assert "Sales increases (gains only) $40.00" in text  # 400 × $0.10, no float drift
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]


@pytest.mark.parametrize(("peak", "step"), [(0, 1), (6, 1), (7, 2), (40, 10), (95, 20), (1000, 200)])
def test_axis_steps_are_round(peak: int, step: int) -> None:
    assert _nice_step(peak) == step


def test_money_in_rows_must_be_decimal() -> None:
    from neodesk.reports.report_records import ImpactClientRow, ImpactTotals

    row = ImpactClientRow(1, "Bad", ImpactTotals(sales_increase=12.5))  # type: ignore[arg-type]
    data = ImpactReportData(FROM, TO, datetime(2025, 1, 2), "db", "Ana", clients=(row,))
    with pytest.raises(TypeError):
        render_impact_report(data)
    assert Decimal("12.50") == ImpactTotals(sales_increase=Decimal("12.5")).sales_increase
