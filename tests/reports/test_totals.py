"""The impact rules of neodesk.reports.totals, checked against figures worked out by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from report_inputs import counseling_session, plain, sales, staff

from neodesk.catalog.milestone_types import STANDARD_TYPES, Carries, Category
from neodesk.reports.report_records import ImpactTotals, MilestoneRow
from neodesk.reports.totals import (
    IMPACT_RULES,
    Counting,
    Measure,
    client_totals,
    difference,
    impact_client_row,
    monthly_series,
    months_between,
    session_summary,
    total_of,
    type_summaries,
)

D = date(2024, 3, 1)


def test_jobs_created_count_each_gain_and_ignore_losses() -> None:
    rows = [staff(D, 12, 10), staff(date(2024, 4, 1), 9, 12), staff(date(2024, 5, 1), 11, 9)]
    totals = client_totals(rows)
    assert totals.jobs_created_full_time == 4  # +2, loss of 3 ignored, +2
    assert totals.jobs_created_part_time == 0


def test_part_time_staff_feed_part_time_jobs() -> None:
    totals = client_totals([staff(D, 5, 2, part_time=True)])
    assert (totals.jobs_created_full_time, totals.jobs_created_part_time, totals.jobs_created) == (0, 3, 3)


def test_sales_increase_is_exact_decimal() -> None:
    rows = [sales(D, "100.10", "0.00"), sales(date(2024, 4, 1), "100.30", "100.10")]
    totals = client_totals(rows)
    assert totals.sales_increase == Decimal("100.30")
    assert isinstance(totals.sales_increase, Decimal)


def test_export_increase_and_blank_initial_counts_from_zero() -> None:
    row = MilestoneRow(D, "change_in_exports", "Change in Exports", Decimal("5000.00"), None)
    assert client_totals([row]).export_increase == Decimal("5000.00")


def test_certifications_count_once_per_type_per_client() -> None:
    rows = [
        plain(D, "wosb_certified", "WOSB"),
        plain(date(2025, 3, 1), "wosb_certified", "WOSB"),  # renewal
        plain(D, "cert_8a", "8(a)"),
    ]
    assert client_totals(rows).certifications == 2


def test_user_defined_certification_type_counts_when_its_category_says_so() -> None:
    row = MilestoneRow(D, "iso_9001", "ISO 9001 Certified", category=Category.CERTIFICATIONS)
    assert client_totals([row]).certifications == 1
    assert client_totals([MilestoneRow(D, "iso_9001", "ISO 9001 Certified")]).certifications == 0


def test_business_start_counts_once_per_client() -> None:
    rows = [plain(D, "business_established", "BE"), plain(D, "business_start_impact", "BSI")]
    assert client_totals(rows).business_starts == 1
    assert client_totals([plain(D, "bought_business", "BB")]).business_starts == 1


def test_non_reportable_milestones_do_not_count() -> None:
    rows = [staff(D, 20, 10, reportable=False), plain(D, "cert_8a", "8(a)", reportable=False)]
    assert client_totals(rows) == ImpactTotals()


def test_every_certification_type_of_the_catalog_has_a_rule() -> None:
    certs = [t.code for t in STANDARD_TYPES if t.category is Category.CERTIFICATIONS]
    assert len(certs) == 10
    for code in certs:
        rule = IMPACT_RULES[code]
        assert (rule.measure, rule.counting) == (Measure.CERTIFICATIONS, Counting.ONCE_PER_CLIENT)


@pytest.mark.parametrize(
    ("code", "measure"),
    [
        ("change_in_full_time_staff", Measure.JOBS_CREATED_FULL_TIME),
        ("change_in_part_time_staff", Measure.JOBS_CREATED_PART_TIME),
        ("change_in_sales", Measure.SALES_INCREASE),
        ("change_in_exports", Measure.EXPORT_INCREASE),
    ],
)
def test_value_rules_use_the_positive_difference(code: str, measure: Measure) -> None:
    assert IMPACT_RULES[code].measure is measure
    assert IMPACT_RULES[code].counting is Counting.POSITIVE_DIFFERENCE


def test_profits_and_retained_jobs_are_not_impacts() -> None:
    for code in ("change_in_profits", "jobs_retained", "sales_retained", "success_story"):
        assert code not in IMPACT_RULES


def test_difference_keeps_counts_int_and_money_decimal() -> None:
    assert difference(staff(D, 12, 10)) == 2
    assert isinstance(difference(staff(D, 12, 10)), int)
    assert difference(sales(D, "10.00", "12.50")) == Decimal("-2.50")
    assert difference(plain(D, "wosb_certified", "WOSB")) is None
    # A count that came back from SQL NUMERIC as a Decimal still reads as an integer.
    counted = MilestoneRow(D, "change_in_full_time_staff", "FT", Decimal("7"), Decimal("4"))
    assert difference(counted) == 3
    assert isinstance(difference(counted), int)


def test_standalone_values_have_no_change() -> None:
    award = MilestoneRow(D, "government_contract_award", "Award", Decimal("270900.00"))
    score = MilestoneRow(D, "nist_800_171_assessed", "SPRS", -203)
    assert difference(award) is None
    assert difference(score) is None
    assert type_summaries([award, score])[0].net_change is None


def test_difference_refuses_float_amounts() -> None:
    with pytest.raises(TypeError, match="float"):
        difference(MilestoneRow(D, "change_in_sales", "Sales", 0.3, 0.1))  # type: ignore[arg-type]


def test_user_defined_money_type_carries_from_the_row() -> None:
    row = MilestoneRow(D, "grant_won", "Grant Won", Decimal("500.00"), Decimal("0.00"), carries=Carries.MONEY)
    assert difference(row) == Decimal("500.00")


def test_session_summary_counts_reportable_sessions_only() -> None:
    summary = session_summary(
        [counseling_session(D, 90, 30), counseling_session(D, 45, 15), counseling_session(D, 600, 60, reportable=False)]
    )
    assert (summary.sessions, summary.contact_minutes, summary.prep_minutes) == (2, 135, 45)


def test_type_summaries_group_reportable_milestones_in_catalog_order() -> None:
    rows = [sales(D, "10.00", "5.00"), staff(D, 3, 1), staff(D, 4, 3), sales(D, "1.00", "0", reportable=False)]
    summaries = type_summaries(rows)
    assert [(s.type_code, s.count, s.net_change) for s in summaries] == [
        ("change_in_full_time_staff", 2, 3),
        ("change_in_sales", 1, Decimal("5.00")),
    ]


def test_months_between_spans_year_end() -> None:
    assert months_between(date(2024, 11, 15), date(2025, 2, 1)) == [
        date(2024, 11, 1),
        date(2024, 12, 1),
        date(2025, 1, 1),
        date(2025, 2, 1),
    ]


def test_monthly_series_has_every_month_and_drops_outside_dates() -> None:
    client_a = [staff(date(2024, 2, 5), 5, 3), plain(date(2024, 2, 9), "cert_8a", "8(a)")]
    client_b = [staff(date(2024, 2, 20), 2, 1), staff(date(2023, 12, 31), 9, 1)]  # second is before the period
    series = monthly_series([client_a, client_b], date(2024, 1, 1), date(2024, 4, 30))
    assert [m.month for m in series] == [date(2024, m, 1) for m in (1, 2, 3, 4)]
    assert series[0].totals == ImpactTotals()
    assert series[1].totals.jobs_created == 3
    assert series[1].totals.certifications == 1
    assert total_of(m.totals for m in series).jobs_created == 3


def test_impact_client_row_combines_totals_and_sessions() -> None:
    row = impact_client_row(7, "Café", [staff(D, 3, 1)], [counseling_session(D, 60, 10)])
    assert (row.client_no, row.totals.jobs_created, row.sessions.contact_minutes) == (7, 2, 60)


def test_total_of_adds_money_exactly() -> None:
    parts = [ImpactTotals(sales_increase=Decimal("0.10")) for _ in range(3)]
    assert total_of(parts).sales_increase == Decimal("0.30")
