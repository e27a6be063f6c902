"""Home figures: the signed-in counselor's fiscal year, by hand on a small database and against the demo."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from neodesk.demo import generate_demo
from neodesk.models import Client, CounselingSession, Counselor, Database, Milestone
from neodesk.reports.queries import impact_report_data
from neodesk.reports.totals import total_of
from neodesk.services.home import fiscal_year, home_figures, load_home, recent_clients
from neodesk.services.reference import current_counselor

TODAY = date(2026, 12, 3)  # fiscal year 2027: 2026-10-01 … 2027-09-30


def test_fiscal_year_starts_on_october_first() -> None:
    assert fiscal_year(date(2026, 9, 30)).start == date(2025, 10, 1)
    assert fiscal_year(date(2026, 10, 1)).start == date(2026, 10, 1)
    assert fiscal_year(TODAY).number == 2027
    assert fiscal_year(TODAY).end == date(2027, 9, 30)


def _client(s, me: Counselor, name: str, *, created_days_ago: int = 400, active: bool = True) -> Client:  # type: ignore[no-untyped-def]
    client = Client(
        name=name,
        client_type="C",
        company_status="B",
        counselor_id=me.id,
        active=active,
        date_established=date(2015, 1, 1),
    )
    s.add(client)
    s.flush()
    client.created_at = datetime.now(UTC) - timedelta(days=created_days_ago)
    return client


def _session(
    s,
    client: Client,
    me: Counselor,
    day: date,
    contact: int,
    prep: int = 0,
    travel: int = 0,  # type: ignore[no-untyped-def]
    reportable: bool = True,
) -> None:
    s.add(
        CounselingSession(
            client_id=client.id,
            date=day,
            contact_type="PH",
            counseling_area="Other",
            contact_minutes=contact,
            prep_minutes=prep,
            travel_minutes=travel,
            reportable=reportable,
            counselors=[me],
        )
    )


def _milestone(
    s,
    client: Client,
    me: Counselor,
    code: str,
    day: date,
    amount: str | None = None,  # type: ignore[no-untyped-def]
    initial: str | None = None,
) -> None:
    s.add(
        Milestone(
            client_id=client.id,
            type_code=code,
            date=day,
            counselors=[me],
            amount=Decimal(amount) if amount else None,
            initial_amount=Decimal(initial) if initial else None,
        )
    )


def test_figures_equal_the_hand_computed_sums(db: Database) -> None:
    with db.unit_of_work() as s:
        me = current_counselor(s)
        other = Counselor(name="Other Person", email="other@example.org", role="counselor")
        s.add(other)
        a = _client(s, me, "Alpha Bakery")
        b = _client(s, me, "Beta Tools")
        c = _client(s, me, "Gamma Quiet")  # never counseled, created long ago: follow-up due
        _client(s, me, "Delta New", created_days_ago=5)  # never counseled but new: not due yet
        _client(s, me, "Epsilon Gone", active=False)  # inactive: never due
        d = _client(s, other, "Zeta Theirs")
        f = _client(s, me, "Foxtrot Waiting")
        _session(s, f, me, date(2026, 5, 1), 30)  # last fiscal year, over 90 days ago: follow-up due
        _session(s, a, me, date(2026, 11, 2), 60, prep=15)
        _session(s, a, me, date(2026, 10, 1), 30, travel=30)  # first day of the fiscal year
        _session(s, b, me, date(2026, 6, 1), 45)  # last fiscal year: not counted
        _session(s, b, me, date(2026, 11, 20), 20, reportable=False)  # not reportable: not counted, but a contact
        _session(s, d, other, date(2026, 11, 1), 90)  # someone else's
        _milestone(s, a, me, "change_in_full_time_staff", date(2026, 11, 2), "5", "2")  # +3 jobs
        _milestone(s, a, me, "change_in_part_time_staff", date(2026, 11, 2), "1", "4")  # a loss: 0
        _milestone(s, b, me, "change_in_sales", date(2026, 10, 15), "150000", "100000")  # +50,000
        _milestone(s, b, me, "wosb_certified", date(2026, 10, 15))
        _milestone(s, b, me, "change_in_sales", date(2026, 9, 30), "100000", "10000")  # last year
        _milestone(s, d, other, "change_in_sales", date(2026, 11, 1), "999999", "0")  # someone else's
        me_id = me.id
        ids = {"a": a.id, "b": b.id, "c": c.id, "f": f.id}
    with db.reading() as s:
        figures = home_figures(s, me_id, TODAY)
    assert figures.clients_counseled == 1  # A only (B's session this year is not reportable)
    assert figures.sessions == 2
    assert figures.counseling_minutes == 60 + 15 + 30 + 30
    assert figures.contact_minutes == 90
    assert figures.impact.jobs_created == 3
    assert figures.impact.sales_increase == Decimal("50000.00")
    assert figures.impact.certifications == 1
    assert figures.milestones == 4
    assert figures.followups_due == 2  # C (never, created 400 days ago), F (last session 2026-05-01)
    assert [line.client_id for line in figures.followups] == [ids["c"], ids["f"]]
    assert figures.followups[1].note == "last contact 2026-05-01"
    assert figures.milestones_due == 0  # A has a milestone this year; B's only session this year counts
    with db.reading() as s:
        assert [r.name for r in recent_clients(s, [ids["c"], uuid.uuid4(), ids["a"]])] == [
            "Gamma Quiet",
            "Alpha Bakery",
        ]


def test_milestones_due_are_counseled_clients_without_a_milestone_this_year(db: Database) -> None:
    with db.unit_of_work() as s:
        me = current_counselor(s)
        a = _client(s, me, "Alpha Bakery")
        _session(s, a, me, date(2026, 11, 2), 60)
        _milestone(s, a, me, "change_in_sales", date(2026, 9, 1), "10", "5")  # last year's
        me_id, a_id = me.id, a.id
    with db.reading() as s:
        figures = home_figures(s, me_id, TODAY)
    assert figures.milestones_due == 1
    assert figures.milestones_due_clients[0].client_id == a_id


def test_home_equals_the_impact_report_for_the_counselor_on_demo_data(db: Database) -> None:
    generate_demo(db, 60, seed=5, today=TODAY)
    year = fiscal_year(TODAY)
    with db.reading() as s:
        counselors = s.execute(select(Counselor.id, Counselor.email)).all()
        checked = 0
        for counselor_id, email in counselors:
            figures = home_figures(s, counselor_id, TODAY)
            report = impact_report_data(s, year.start, year.end, email)
            assert figures.impact == total_of(c.totals for c in report.clients), email
            assert figures.sessions == sum(c.sessions.sessions for c in report.clients)
            assert figures.counseling_minutes == sum(
                c.sessions.contact_minutes + c.sessions.prep_minutes + c.sessions.travel_minutes for c in report.clients
            )
            checked += figures.sessions > 0
    assert checked > 0
    page = load_home(db, counselors[0][0], [], today=TODAY)
    assert page.unexported > 0
