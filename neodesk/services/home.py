"""The Home view's figures for the signed-in counselor: the fiscal year's work, what is due, what is pending.

Definitions (also in the user guide, "The screens ▸ Home"):
- The fiscal year runs from October 1 to September 30 (the SBA's); "fiscal year 2027" starts 2026-10-01.
- Clients counseled, sessions and hours: reportable counseling sessions of the fiscal year the counselor
  took part in (hours are contact + preparation + travel minutes).
- Impact: the reportable milestones of the fiscal year the counselor is credited on, counted by the impact
  report's rules (neodesk.reports.totals: one table for both), so Home equals the impact report filtered
  to this counselor and year.
- Follow-ups due: the counselor's active clients (primary counselor) with no contact (a counseling
  session or a milestone) in the last FOLLOW_UP_DAYS days; a client never counseled counts from the day
  it was created.
- Milestones due: the counselor's active clients with a session this fiscal year but no milestone this
  fiscal year.
Each figure is one aggregate query (plus the impact milestones of the year for the counselor); screens
get plain frozen rows.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, and_, case, exists, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from neodesk.catalog.milestone_types import Category
from neodesk.catalog.picklists import label
from neodesk.catalog.short_labels import short_label
from neodesk.models import Client, CounselingSession, Database, Milestone, MilestoneType
from neodesk.models.activity import milestone_counselor, session_counselor

if TYPE_CHECKING:
    # neodesk.reports brings reportlab (~0.2 s): Home's module is imported while the window starts, so the
    # impact rules are imported where they are used, on the worker thread that reads the figures.
    from neodesk.reports.report_records import ImpactTotals

FOLLOW_UP_DAYS = 90
LISTED = 8  # clients named per list; the rest are counted
FISCAL_YEAR_START_MONTH = 10


@dataclass(frozen=True, slots=True)
class FiscalYear:
    number: int  # the year it ends in: FY 2027 = 2026-10-01 … 2027-09-30
    start: date
    end: date

    @property
    def text(self) -> str:
        return (
            f"Fiscal year {self.number} ({self.start:%b} {self.start.day}, {self.start.year} – "
            f"{self.end:%b} {self.end.day}, {self.end.year})"
        )


def fiscal_year(today: date) -> FiscalYear:
    first = today.year if today.month >= FISCAL_YEAR_START_MONTH else today.year - 1
    return FiscalYear(first + 1, date(first, FISCAL_YEAR_START_MONTH, 1), date(first + 1, 9, 30))


@dataclass(frozen=True, slots=True)
class ClientLine:
    """A client named on Home: number, name, and a few words why (last session, status).

    `note` is short, as the list shows a status ("In business"); `full_note` is what the tooltip says
    ("In Business (> 1 year)"), the note itself when there is nothing longer.
    """

    client_id: uuid.UUID
    client_no: int
    name: str
    note: str
    full_note: str = ""

    @property
    def tooltip_note(self) -> str:
        return self.full_note or self.note


@dataclass(frozen=True, slots=True)
class HomeFigures:
    year: FiscalYear
    clients_counseled: int
    sessions: int
    counseling_minutes: int  # contact + prep + travel
    contact_minutes: int
    impact: ImpactTotals
    milestones: int  # reportable milestones of the year credited to the counselor
    followups_due: int
    followups: tuple[ClientLine, ...]
    milestones_due: int
    milestones_due_clients: tuple[ClientLine, ...]

    @property
    def counseling_hours(self) -> float:
        return self.counseling_minutes / 60


def _session_figures(tx: Session, me: uuid.UUID, year: FiscalYear) -> tuple[int, int, int, int]:
    s, link = CounselingSession, session_counselor
    row = tx.execute(
        select(
            func.count(func.distinct(s.client_id)),
            func.count(),
            func.coalesce(func.sum(s.contact_minutes + s.prep_minutes + s.travel_minutes), 0),
            func.coalesce(func.sum(s.contact_minutes), 0),
        )
        .join(link, link.c.counseling_session_id == s.id)
        .where(link.c.counselor_id == me, s.reportable.is_(True), s.date.between(year.start, year.end))
    ).one()
    return int(row[0]), int(row[1]), int(row[2]), int(row[3])


def _impact(tx: Session, me: uuid.UUID, year: FiscalYear) -> tuple[ImpactTotals, int]:
    """The impact report's totals (reports.totals.IMPACT_RULES) for the counselor's year, summed in SQL.

    The rule table decides which type counts toward which measure and how; the database adds up the
    positive differences (money columns hold cents) and lists the distinct (client, type) pairs of the
    once-per-client measures, so a counselor with 30,000 milestones a year is counted in a few queries.
    tests/services/test_home.py checks the result against the impact report on demo data.
    """
    from neodesk.reports.report_records import ImpactTotals
    from neodesk.reports.totals import CENT, IMPACT_RULES, MONEY_MEASURES, Counting, Measure

    m, link = Milestone, milestone_counselor
    base = (link.c.counselor_id == me, m.reportable.is_(True), m.date.between(year.start, year.end))
    mine = select(m.type_code).join(link, link.c.milestone_id == m.id)
    count = int(tx.execute(select(func.count()).select_from(mine.where(*base).subquery())).scalar_one())

    by_difference = {c: r.measure for c, r in IMPACT_RULES.items() if r.counting is Counting.POSITIVE_DIFFERENCE}
    once = {c: (r.measure, r.once_key) for c, r in IMPACT_RULES.items() if r.counting is Counting.ONCE_PER_CLIENT}
    for code in tx.scalars(
        select(MilestoneType.code).where(
            MilestoneType.category == Category.CERTIFICATIONS.value, MilestoneType.code.not_in(list(IMPACT_RULES))
        )
    ):
        once[code] = (Measure.CERTIFICATIONS, code)  # a user-defined certification type counts on its own

    cents: dict[Measure, int] = defaultdict(int)
    gain = type_coerce(m.amount, BigInteger) - func.coalesce(type_coerce(m.initial_amount, BigInteger), 0)
    positive = func.sum(case((gain > 0, gain), else_=0))
    for code, total in tx.execute(
        select(m.type_code, positive)
        .join(link, link.c.milestone_id == m.id)
        .where(*base, m.type_code.in_(list(by_difference)), m.amount.is_not(None))
        .group_by(m.type_code)
    ):
        cents[by_difference[code]] += int(total or 0)
    reached: dict[Measure, set[tuple[uuid.UUID, str]]] = defaultdict(set)
    for client_id, code in tx.execute(
        select(m.client_id, m.type_code)
        .join(link, link.c.milestone_id == m.id)
        .where(*base, m.type_code.in_(list(once)))
        .distinct()
    ):
        measure, key = once[code]
        reached[measure].add((client_id, key))
    values: dict[str, Decimal | int] = {}
    for measure in Measure:
        if measure in MONEY_MEASURES:
            values[measure.value] = (Decimal(cents[measure]) / 100).quantize(CENT)
        elif measure in cents.keys() | reached.keys():
            values[measure.value] = cents[measure] // 100 if measure in cents else len(reached[measure])
        else:
            values[measure.value] = 0
    return ImpactTotals(**values), count  # type: ignore[arg-type]


def _followups(tx: Session, me: uuid.UUID, today: date) -> tuple[int, tuple[ClientLine, ...]]:
    # Client.last_activity (indexed) is the newest session or milestone date, kept by the flush hook.
    cutoff = today - timedelta(days=FOLLOW_UP_DAYS)
    due = and_(
        Client.counselor_id == me,
        Client.active.is_(True),
        or_(Client.last_activity < cutoff, and_(Client.last_activity.is_(None), Client.created_at < _midnight(cutoff))),
    )
    count = int(tx.execute(select(func.count()).select_from(Client).where(due)).scalar_one())
    listed = tx.execute(
        select(Client.id, Client.client_no, Client.name, Client.last_activity)
        .where(due)
        .order_by(Client.last_activity.is_not(None), Client.last_activity, Client.client_no)
        .limit(LISTED)
    ).all()
    lines = tuple(
        ClientLine(i, no, name, f"last contact {d.isoformat()}" if d else "never counseled")
        for i, no, name, d in listed
    )
    return count, lines


def _midnight(day: date) -> datetime:
    from datetime import UTC

    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _milestones_due(tx: Session, me: uuid.UUID, year: FiscalYear) -> tuple[int, tuple[ClientLine, ...]]:
    s, m = CounselingSession, Milestone
    counseled = exists().where(s.client_id == Client.id, s.date.between(year.start, year.end))
    logged = exists().where(m.client_id == Client.id, m.date.between(year.start, year.end))
    due = and_(Client.counselor_id == me, Client.active.is_(True), counseled, ~logged)
    count = int(tx.execute(select(func.count()).select_from(Client).where(due)).scalar_one())
    listed = tx.execute(
        select(Client.id, Client.client_no, Client.name, Client.company_status)
        .where(due)
        .order_by(Client.name_sort)
        .limit(LISTED)
    ).all()
    return count, tuple(_status_line(i, no, name, st) for i, no, name, st in listed)


def home_figures(tx: Session, counselor_id: uuid.UUID, today: date) -> HomeFigures:
    year = fiscal_year(today)
    counseled, sessions, minutes, contact = _session_figures(tx, counselor_id, year)
    impact, milestones = _impact(tx, counselor_id, year)
    followups_due, followups = _followups(tx, counselor_id, today)
    milestones_due, due_clients = _milestones_due(tx, counselor_id, year)
    return HomeFigures(
        year,
        counseled,
        sessions,
        minutes,
        contact,
        impact,
        milestones,
        followups_due,
        followups,
        milestones_due,
        due_clients,
    )


def recent_clients(tx: Session, client_ids: Sequence[uuid.UUID]) -> tuple[ClientLine, ...]:
    """The remembered clients that still exist, in the order given (most recent first)."""
    if not client_ids:
        return ()
    found = {
        i: (no, name, st)
        for i, no, name, st in tx.execute(
            select(Client.id, Client.client_no, Client.name, Client.company_status).where(Client.id.in_(client_ids))
        )
    }
    return tuple(_status_line(i, *found[i]) for i in client_ids if i in found)


def _status_line(client_id: uuid.UUID, client_no: int, name: str, status: str | None) -> ClientLine:
    """A client named with its status: the list's short label, the full one for the tooltip."""
    return ClientLine(
        client_id, client_no, name, short_label("company_status", status), label("company_status", status)
    )


@dataclass(frozen=True, slots=True)
class HomePage:
    """Everything Home shows, read in one go off the GUI thread."""

    figures: HomeFigures
    recent: tuple[ClientLine, ...]
    unexported: int


def load_home(
    db: Database, counselor_id: uuid.UUID, recent_ids: Sequence[uuid.UUID], today: date | None = None
) -> HomePage:
    from neodesk.exchange.bundle_export import unexported_count

    with db.reading() as tx:
        figures = home_figures(tx, counselor_id, today or date.today())
        recent = recent_clients(tx, recent_ids)
    return HomePage(figures, recent, unexported_count(db))
