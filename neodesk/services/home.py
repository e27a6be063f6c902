"""The Home view's figures for the signed-in counselor: the fiscal year's work, what is due, what is pending.

Definitions (also in the user guide, "The screens ▸ Home"):
- The fiscal year runs from October 1 to September 30 (the SBA's); "fiscal year 2027" starts 2026-10-01.
- Clients counseled, sessions and hours: reportable counseling sessions of the fiscal year the counselor
  took part in (hours are contact + preparation + travel minutes).
- Impact: the reportable milestones of the fiscal year the counselor is credited on, counted by the impact
  report's rules (neodesk.reports.totals: one table for both), so Home equals the impact report filtered
  to this counselor and year.
- Follow-ups due: the counselor's active clients (primary counselor) with no counseling session in the
  last FOLLOW_UP_DAYS days (never counseled: counted from the day the client was created).
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

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session

from neodesk.catalog.milestone_types import Carries, Category
from neodesk.catalog.picklists import label
from neodesk.models import Client, CounselingSession, Database, Milestone, MilestoneType
from neodesk.models.activity import milestone_counselor, session_counselor
from neodesk.reports.data import ImpactTotals, MilestoneRow
from neodesk.reports.totals import IMPACT_RULES, client_totals, total_of

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
    """A client named on Home: number, name, and a few words why (last session, status)."""

    client_id: uuid.UUID
    client_no: int
    name: str
    note: str


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


def _session_figures(session: Session, me: uuid.UUID, year: FiscalYear) -> tuple[int, int, int, int]:
    s = CounselingSession
    mine = select(session_counselor.c.counseling_session_id).where(session_counselor.c.counselor_id == me)
    row = session.execute(
        select(
            func.count(func.distinct(s.client_id)),
            func.count(),
            func.coalesce(func.sum(s.contact_minutes + s.prep_minutes + s.travel_minutes), 0),
            func.coalesce(func.sum(s.contact_minutes), 0),
        ).where(s.reportable.is_(True), s.date.between(year.start, year.end), s.id.in_(mine))
    ).one()
    return int(row[0]), int(row[1]), int(row[2]), int(row[3])


def _impact(session: Session, me: uuid.UUID, year: FiscalYear) -> tuple[ImpactTotals, int]:
    m = Milestone
    mine = select(milestone_counselor.c.milestone_id).where(milestone_counselor.c.counselor_id == me)
    base = [m.reportable.is_(True), m.date.between(year.start, year.end), m.id.in_(mine)]
    count = int(session.execute(select(func.count()).select_from(m).where(*base)).scalar_one())
    # Only the milestones an impact rule counts are read row by row (staff, sales, starts, certifications).
    counted = or_(m.type_code.in_(list(IMPACT_RULES)), MilestoneType.category == Category.CERTIFICATIONS.value)
    per_client: dict[uuid.UUID, list[MilestoneRow]] = defaultdict(list)
    rows = session.execute(
        select(
            m.client_id,
            m.date,
            m.type_code,
            m.amount,
            m.initial_amount,
            MilestoneType.name,
            MilestoneType.category,
            MilestoneType.carries,
        )
        .join(MilestoneType, MilestoneType.code == m.type_code)
        .where(*base, counted)
    )
    for client_id, day, code, amount, initial, name, category, carries in rows:
        kind = Carries(carries) if carries in Carries._value2member_map_ else None
        if kind is Carries.COUNT:
            amount = int(amount) if amount is not None else None
            initial = int(initial) if initial is not None else None
        per_client[client_id].append(
            MilestoneRow(
                date=day,
                type_code=code,
                type_name=name,
                amount=amount,
                initial_amount=initial,
                carries=kind,
                category=Category(category) if category in Category._value2member_map_ else None,
            )
        )
    return total_of(client_totals(rows) for rows in per_client.values()), count


def _followups(session: Session, me: uuid.UUID, today: date) -> tuple[int, tuple[ClientLine, ...]]:
    cutoff = today - timedelta(days=FOLLOW_UP_DAYS)
    last = (
        select(CounselingSession.client_id, func.max(CounselingSession.date).label("last"))
        .join(Client, Client.id == CounselingSession.client_id)
        .where(Client.counselor_id == me)
        .group_by(CounselingSession.client_id)
        .subquery()
    )
    since = func.coalesce(last.c.last, func.date(Client.created_at))
    due = and_(
        Client.counselor_id == me,
        Client.active.is_(True),
        or_(last.c.last < cutoff, and_(last.c.last.is_(None), Client.created_at < _midnight(cutoff))),
    )
    query = select(Client.id, Client.client_no, Client.name, last.c.last).outerjoin(last, last.c.client_id == Client.id)
    count = int(session.execute(select(func.count()).select_from(query.where(due).subquery())).scalar_one())
    listed = session.execute(query.where(due).order_by(since, Client.client_no).limit(LISTED)).all()
    lines = tuple(
        ClientLine(i, no, name, f"last session {d.isoformat()}" if d else "never counseled")
        for i, no, name, d in listed
    )
    return count, lines


def _midnight(day: date) -> datetime:
    from datetime import UTC

    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _milestones_due(session: Session, me: uuid.UUID, year: FiscalYear) -> tuple[int, tuple[ClientLine, ...]]:
    s, m = CounselingSession, Milestone
    counseled = exists().where(s.client_id == Client.id, s.date.between(year.start, year.end))
    logged = exists().where(m.client_id == Client.id, m.date.between(year.start, year.end))
    due = and_(Client.counselor_id == me, Client.active.is_(True), counseled, ~logged)
    count = int(session.execute(select(func.count()).select_from(Client).where(due)).scalar_one())
    listed = session.execute(
        select(Client.id, Client.client_no, Client.name, Client.company_status)
        .where(due)
        .order_by(Client.name_sort)
        .limit(LISTED)
    ).all()
    return count, tuple(ClientLine(i, no, name, label("company_status", st)) for i, no, name, st in listed)


def home_figures(session: Session, counselor_id: uuid.UUID, today: date) -> HomeFigures:
    year = fiscal_year(today)
    counseled, sessions, minutes, contact = _session_figures(session, counselor_id, year)
    impact, milestones = _impact(session, counselor_id, year)
    followups_due, followups = _followups(session, counselor_id, today)
    milestones_due, due_clients = _milestones_due(session, counselor_id, year)
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


def recent_clients(session: Session, client_ids: Sequence[uuid.UUID]) -> tuple[ClientLine, ...]:
    """The remembered clients that still exist, in the order given (most recent first)."""
    if not client_ids:
        return ()
    found = {
        i: (no, name, st)
        for i, no, name, st in session.execute(
            select(Client.id, Client.client_no, Client.name, Client.company_status).where(Client.id.in_(client_ids))
        )
    }
    return tuple(
        ClientLine(i, found[i][0], found[i][1], label("company_status", found[i][2])) for i in client_ids if i in found
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

    with db.session() as session:
        figures = home_figures(session, counselor_id, today or date.today())
        recent = recent_clients(session, recent_ids)
    return HomePage(figures, recent, unexported_count(db))
