"""Impact totals: which milestones count toward which measure, as a table, and pure functions over it.

The rules (`IMPACT_RULES`, keyed by milestone type code):

- **Jobs created, full-time / part-time**: for each reportable `change_in_full_time_staff` /
  `change_in_part_time_staff` milestone, the positive part of `amount − initial_amount`. Each
  milestone counts on its own: 10 → 12 → 9 → 11 full-time staff is 2 + 0 + 2 = 4 jobs created
  (a loss is not netted against a later gain, as the SBA counts jobs created per reported event).
- **Sales increase** (`change_in_sales`) and **export increase** (`change_in_exports`): the same
  positive difference, in money.
- **Certifications obtained**: one per certification type per client (a second WOSB milestone for
  the same client is a renewal, not a new certification). Standard types of category
  `certifications`, and user-defined types whose row says `category=certifications`.
- **Business starts**: at most one per client, for the first of `business_established`,
  `bought_business` or `business_start_impact` (a start is usually logged as two of these).

A missing `initial_amount` counts as zero: the app fills it from the client's previous value, and a
blank previous value means nothing was recorded yet (a new business). A missing `amount` contributes
nothing. Only reportable milestones and sessions count (domain.md), whatever the report lists.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from neodesk.catalog.milestone_types import STANDARD_TYPES, TYPES_BY_CODE, Carries, Category
from neodesk.reports.report_records import (
    ZERO_MONEY,
    Amount,
    ImpactClientRow,
    ImpactTotals,
    MilestoneRow,
    MonthlyImpact,
    SessionRow,
    SessionSummary,
)

CENT = Decimal("0.01")


class Measure(StrEnum):
    """An impact measure; the value is the `ImpactTotals` field it adds to."""

    JOBS_CREATED_FULL_TIME = "jobs_created_full_time"
    JOBS_CREATED_PART_TIME = "jobs_created_part_time"
    SALES_INCREASE = "sales_increase"
    EXPORT_INCREASE = "export_increase"
    CERTIFICATIONS = "certifications"
    BUSINESS_STARTS = "business_starts"


MONEY_MEASURES = frozenset({Measure.SALES_INCREASE, Measure.EXPORT_INCREASE})


class Counting(StrEnum):
    POSITIVE_DIFFERENCE = "positive_difference"  # max(0, amount − initial_amount)
    ONCE_PER_CLIENT = "once_per_client"  # 1 for the first milestone of its `once_key` per client


@dataclass(frozen=True, slots=True)
class ImpactRule:
    measure: Measure
    counting: Counting
    once_key: str = ""  # milestones sharing a key count once per client


_BUSINESS_START = "business_start"

IMPACT_RULES: Mapping[str, ImpactRule] = {
    "change_in_full_time_staff": ImpactRule(Measure.JOBS_CREATED_FULL_TIME, Counting.POSITIVE_DIFFERENCE),
    "change_in_part_time_staff": ImpactRule(Measure.JOBS_CREATED_PART_TIME, Counting.POSITIVE_DIFFERENCE),
    "change_in_sales": ImpactRule(Measure.SALES_INCREASE, Counting.POSITIVE_DIFFERENCE),
    "change_in_exports": ImpactRule(Measure.EXPORT_INCREASE, Counting.POSITIVE_DIFFERENCE),
    **{
        code: ImpactRule(Measure.BUSINESS_STARTS, Counting.ONCE_PER_CLIENT, _BUSINESS_START)
        for code in ("business_established", "bought_business", "business_start_impact")
    },
    **{
        t.code: ImpactRule(Measure.CERTIFICATIONS, Counting.ONCE_PER_CLIENT, t.code)
        for t in STANDARD_TYPES
        if t.category is Category.CERTIFICATIONS
    },
}


@dataclass(frozen=True, slots=True)
class Contribution:
    """What one milestone adds to one measure, on the milestone's date."""

    date: date
    measure: Measure
    value: Amount


@dataclass(frozen=True, slots=True)
class TypeSummary:
    """Reportable milestones of one type: how many, and the sum of their changes (new − initial)."""

    type_code: str
    type_name: str
    count: int
    net_change: Amount | None  # None for types that carry no number


def rule_for(row: MilestoneRow) -> ImpactRule | None:
    """The rule a milestone falls under; user-defined certification types count as certifications."""
    rule = IMPACT_RULES.get(row.type_code)
    if rule is None and row.category is Category.CERTIFICATIONS:
        rule = ImpactRule(Measure.CERTIFICATIONS, Counting.ONCE_PER_CLIENT, row.type_code)
    return rule


def carries_of(row: MilestoneRow) -> Carries:
    """What the row's value is: the row says so, else the catalog, else guessed from the value's type."""
    if row.carries is not None:
        return row.carries
    spec = TYPES_BY_CODE.get(row.type_code)
    if spec is not None:
        return spec.carries
    value = row.amount if row.amount is not None else row.initial_amount
    if isinstance(value, int):
        return Carries.COUNT
    if isinstance(value, Decimal):
        return Carries.SIGNED_MONEY
    return Carries.NONE


def tracks_change(row: MilestoneRow) -> bool:
    """Whether the amount is a new total replacing a previous value (staff, sales …), as opposed to a
    value standing alone (an award amount, an SPRS score, jobs retained): only the first has a change.

    Standard types say so by mirroring a client field; user-defined ones by having an initial amount.
    """
    spec = TYPES_BY_CODE.get(row.type_code)
    if spec is not None:
        return spec.client_field is not None
    return row.initial_amount is not None


def difference(row: MilestoneRow) -> Amount | None:
    """`amount − initial_amount` (initial blank = 0); None when the row carries no number or its
    amount is not a new total (see `tracks_change`)."""
    if row.amount is None or carries_of(row) in (Carries.NONE, Carries.TEXT) or not tracks_change(row):
        return None
    initial = row.initial_amount if row.initial_amount is not None else 0
    if isinstance(row.amount, float) or isinstance(initial, float):
        # Decimal(float) would carry the binary artifacts into the totals.
        raise TypeError(f"milestone {row.type_code} on {row.date}: amounts must be Decimal or int, not float")
    diff = row.amount - initial
    if carries_of(row) is Carries.COUNT:
        return int(diff)
    return Decimal(diff).quantize(CENT)


def client_contributions(milestones: Iterable[MilestoneRow]) -> Iterator[Contribution]:
    """The contributions of ONE client's reportable milestones, in date order.

    "Once per client" rules need every milestone of the client at hand, so callers must not split a
    client's milestones across calls.
    """
    seen_keys: set[str] = set()
    for row in sorted((m for m in milestones if m.reportable), key=lambda m: m.date):
        rule = rule_for(row)
        if rule is None:
            continue
        if rule.counting is Counting.ONCE_PER_CLIENT:
            if rule.once_key in seen_keys:
                continue
            seen_keys.add(rule.once_key)
            yield Contribution(row.date, rule.measure, 1)
            continue
        diff = difference(row)
        if diff is not None and diff > 0:
            yield Contribution(row.date, rule.measure, diff)


def sum_contributions(contributions: Iterable[Contribution]) -> ImpactTotals:
    """Add contributions up into one `ImpactTotals` (money stays Decimal, counts int)."""
    sums: dict[Measure, Amount] = defaultdict(int)
    for c in contributions:
        sums[c.measure] += c.value
    if not sums:
        return _NOTHING  # most clients of a period have sessions only
    values: dict[str, Amount] = {}
    for measure, field, money in _FIELDS:
        total = sums.get(measure, 0)
        values[field] = Decimal(total).quantize(CENT) if money else int(total)
    return ImpactTotals(**values)  # type: ignore[arg-type]


# (measure, ImpactTotals field, is money) worked out once: enum lookups per client added up (issue 14).
_FIELDS: tuple[tuple[Measure, str, bool], ...] = tuple((m, m.value, m in MONEY_MEASURES) for m in Measure)
_NOTHING = ImpactTotals()


def client_totals(milestones: Iterable[MilestoneRow]) -> ImpactTotals:
    """The impact totals of one client's reportable milestones."""
    return sum_contributions(client_contributions(milestones))


def total_of(items: Iterable[ImpactTotals]) -> ImpactTotals:
    """Sum of several clients' (or months') totals."""
    result = ImpactTotals()
    for t in items:
        result = result + t
    return result


def session_summary(sessions: Iterable[SessionRow]) -> SessionSummary:
    """Count and minutes of the reportable sessions."""
    count = contact = prep = travel = 0
    for s in sessions:
        if not s.reportable:
            continue
        count += 1
        contact += s.contact_minutes
        prep += s.prep_minutes
        travel += s.travel_minutes
    return SessionSummary(count, contact, prep, travel)


def type_summaries(milestones: Iterable[MilestoneRow]) -> list[TypeSummary]:
    """Reportable milestones grouped by type, in catalog order then by name for user-defined types."""
    counts: dict[str, int] = defaultdict(int)
    changes: dict[str, Amount | None] = {}
    names: dict[str, str] = {}
    for row in milestones:
        if not row.reportable:
            continue
        counts[row.type_code] += 1
        names.setdefault(row.type_code, row.type_name)
        diff = difference(row)
        if diff is not None:
            previous = changes.get(row.type_code)
            changes[row.type_code] = diff if previous is None else previous + diff
        else:
            changes.setdefault(row.type_code, None)
    order = {t.code: i for i, t in enumerate(STANDARD_TYPES)}
    codes = sorted(counts, key=lambda c: (order.get(c, len(order)), names[c]))
    return [TypeSummary(c, names[c], counts[c], changes[c]) for c in codes]


def month_start(d: date) -> date:
    return d.replace(day=1)


def months_between(date_from: date, date_to: date) -> list[date]:
    """First days of every month from `date_from`'s month to `date_to`'s month, inclusive."""
    months: list[date] = []
    current = month_start(date_from)
    while current <= date_to:
        months.append(current)
        if current.year == date.max.year and current.month == 12:
            break  # December 9999: there is no next month to stop at
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


def monthly_series(
    clients_milestones: Iterable[Sequence[MilestoneRow]], date_from: date, date_to: date
) -> tuple[MonthlyImpact, ...]:
    """Impacts per calendar month of the period, every month present (zero when nothing happened).

    `clients_milestones` holds one sequence per client (see `client_contributions`); contributions
    dated outside the period are left out.
    """
    return monthly_from_contributions(
        (client_contributions(milestones) for milestones in clients_milestones), date_from, date_to
    )


def monthly_from_contributions(
    clients_contributions: Iterable[Iterable[Contribution]], date_from: date, date_to: date
) -> tuple[MonthlyImpact, ...]:
    """`monthly_series` from each client's contributions already worked out (by `client_contributions`,
    one client at a time), for callers that also total them per client."""
    per_month: dict[date, list[Contribution]] = {m: [] for m in months_between(date_from, date_to)}
    for contributions in clients_contributions:
        for c in contributions:
            if date_from <= c.date <= date_to:
                per_month[month_start(c.date)].append(c)
    return tuple(MonthlyImpact(m, sum_contributions(cs)) for m, cs in per_month.items())


def impact_client_row(
    client_no: int, name: str, milestones: Iterable[MilestoneRow], sessions: Iterable[SessionRow]
) -> ImpactClientRow:
    """One client's line of the impact report, computed with the rules above."""
    return ImpactClientRow(client_no, name, client_totals(milestones), session_summary(sessions))


__all__ = [
    "IMPACT_RULES",
    "ZERO_MONEY",
    "Contribution",
    "Counting",
    "ImpactRule",
    "Measure",
    "TypeSummary",
    "client_contributions",
    "client_totals",
    "difference",
    "impact_client_row",
    "monthly_from_contributions",
    "monthly_series",
    "months_between",
    "session_summary",
    "sum_contributions",
    "total_of",
    "tracks_change",
    "type_summaries",
]
