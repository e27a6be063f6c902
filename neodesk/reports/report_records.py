"""What a report is drawn from: plain frozen records, filled by `queries` (or by tests and benchmarks).

The renderers never touch the database: they get one of the `*ReportData` records below and return PDF
bytes. Money is always `Decimal` (never float: `formatting.money` refuses floats), counts are `int`
(a `Decimal` with no fraction is accepted too, as SQL NUMERIC columns hand counts back that way).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from neodesk.catalog.milestone_types import Carries, Category

ZERO_MONEY = Decimal("0.00")

Amount = Decimal | int


@dataclass(frozen=True, slots=True)
class MilestoneRow:
    """One milestone as the report shows it.

    `amount` is the client's new total and `initial_amount` the value before (milestones.md); the
    report shows `initial → amount` and their difference. `carries` and `category` may be left None
    for the standard types (they are looked up in the catalog by `type_code`); user-defined types pass
    them so that their values are formatted and counted correctly.
    """

    date: date
    type_code: str
    type_name: str
    amount: Amount | None = None
    initial_amount: Amount | None = None
    detail: str = ""
    notes: str = ""
    reportable: bool = True
    counselors: tuple[str, ...] = ()
    carries: Carries | None = None
    category: Category | None = None


@dataclass(frozen=True, slots=True)
class SessionRow:
    """One counseling session; only the minutes and `reportable` feed the summary."""

    date: date
    contact_minutes: int = 0
    prep_minutes: int = 0
    travel_minutes: int = 0
    reportable: bool = True
    session_type: str = ""
    contact_type: str = ""
    counseling_area: str = ""
    counselors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ClientReportData:
    """Everything the client milestone report shows.

    `generated_on` may be a `datetime` (the time is then printed too). `database_label` and
    `generated_by` say which database and which counselor produced the report; both are printed on
    every page. `certifications` are the client's current certification labels (WOSB, 8(a) …).
    """

    client_no: int
    name: str
    generated_on: date
    database_label: str
    generated_by: str
    company_status: str = ""  # picklist code, shown with its label
    center: str = ""
    street: str = ""
    city: str = ""
    state: str = ""
    zip: str = ""
    primary_counselor: str = ""
    full_time_employees: int | None = None
    part_time_employees: int | None = None
    gross_sales: Decimal | None = None
    gross_sales_date: date | None = None
    export_sales: Decimal | None = None
    certifications: tuple[str, ...] = ()
    milestones: tuple[MilestoneRow, ...] = ()
    sessions: tuple[SessionRow, ...] = ()


@dataclass(frozen=True, slots=True)
class ImpactTotals:
    """The impact measures of `totals.IMPACT_RULES`, for one client, one month or a whole report."""

    jobs_created_full_time: int = 0
    jobs_created_part_time: int = 0
    sales_increase: Decimal = ZERO_MONEY
    export_increase: Decimal = ZERO_MONEY
    certifications: int = 0
    business_starts: int = 0

    @property
    def jobs_created(self) -> int:
        return self.jobs_created_full_time + self.jobs_created_part_time

    def __add__(self, other: ImpactTotals) -> ImpactTotals:
        return ImpactTotals(
            self.jobs_created_full_time + other.jobs_created_full_time,
            self.jobs_created_part_time + other.jobs_created_part_time,
            self.sales_increase + other.sales_increase,
            self.export_increase + other.export_increase,
            self.certifications + other.certifications,
            self.business_starts + other.business_starts,
        )


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """Counseling sessions counted and their minutes (hours are derived when formatting)."""

    sessions: int = 0
    contact_minutes: int = 0
    prep_minutes: int = 0
    travel_minutes: int = 0

    def __add__(self, other: SessionSummary) -> SessionSummary:
        return SessionSummary(
            self.sessions + other.sessions,
            self.contact_minutes + other.contact_minutes,
            self.prep_minutes + other.prep_minutes,
            self.travel_minutes + other.travel_minutes,
        )


@dataclass(frozen=True, slots=True)
class ImpactClientRow:
    """One line of the impact report's per-client table (see `totals.impact_client_row`)."""

    client_no: int
    name: str
    totals: ImpactTotals = field(default_factory=ImpactTotals)
    sessions: SessionSummary = field(default_factory=SessionSummary)


@dataclass(frozen=True, slots=True)
class MonthlyImpact:
    """The impacts dated in one calendar month; `month` is the first day of that month."""

    month: date
    totals: ImpactTotals = field(default_factory=ImpactTotals)


@dataclass(frozen=True, slots=True)
class ImpactReportData:
    """Everything the impact report shows.

    `counselor_filter` and `funding_filter` are the labels of the filters applied (None: not
    filtered); they are printed in the header. `monthly` should hold every month of the period, empty
    ones included (`totals.monthly_series` builds it that way), so the chart has a bar slot per month.
    """

    date_from: date
    date_to: date
    generated_on: date
    database_label: str
    generated_by: str
    counselor_filter: str | None = None
    funding_filter: str | None = None
    clients: tuple[ImpactClientRow, ...] = ()
    monthly: tuple[MonthlyImpact, ...] = ()
