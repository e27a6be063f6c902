"""From a real (fresh, migrated) database to report input records, and on to the PDF."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from report_inputs import pdf_text
from sqlalchemy import select

from neodesk.models import (
    Center,
    Client,
    CounselingSession,
    Counselor,
    Database,
    FundingSource,
    Milestone,
)
from neodesk.reports import render_client_report, render_impact_report
from neodesk.reports.queries import client_report_data, impact_report_data
from neodesk.reports.report_records import ImpactTotals, SessionSummary
from neodesk.services.errors import NotFound


@pytest.fixture
def filled(db: Database) -> Database:
    """Two clients; Ana (SBDC) and Bo (VBOC) share the work, one record is not reportable."""
    with db.unit_of_work() as s:
        sbdc = s.scalars(select(FundingSource).where(FundingSource.code == "SBDC")).one()
        vboc = FundingSource(code="VBOC", name="Veterans Business Outreach")
        ana = Counselor(name="Ana Pérez", email="ana@example.org")
        bo = Counselor(name="Bo 李", email="bo@example.org")
        center = s.scalars(select(Center)).first()
        s.add_all([vboc, ana, bo])
        s.flush()
        cafe = Client(
            name="Café Niño",
            company_status="B",
            city="Springfield",
            state="IL",
            zip="62701",
            full_time_employees=12,
            gross_sales=Decimal("1250.00"),
            ownership_gender="W",
            hubzone="C",
            counselor_id=ana.id,
            center_id=center.id if center else None,
        )
        other = Client(name="Other Co", company_status="S", counselor_id=bo.id)
        s.add_all([cafe, other])
        s.flush()

        def milestone(
            client: Client,
            day: date,
            code: str,
            amount: str | None,
            initial: str | None,
            who: Counselor,
            funding: FundingSource,
            reportable: bool = True,
        ) -> None:
            s.add(
                Milestone(
                    client_id=client.id,
                    date=day,
                    type_code=code,
                    amount=None if amount is None else Decimal(amount),
                    initial_amount=None if initial is None else Decimal(initial),
                    reportable=reportable,
                    counselors=[who],
                    funding_sources=[funding],
                )
            )

        milestone(cafe, date(2024, 2, 1), "change_in_full_time_staff", "12", "10", ana, sbdc)
        milestone(cafe, date(2024, 3, 1), "change_in_sales", "1250.00", "1000.00", ana, sbdc)
        milestone(cafe, date(2024, 4, 1), "wosb_certified", None, None, bo, vboc)
        milestone(cafe, date(2024, 5, 1), "change_in_sales", "9000.00", "1250.00", ana, sbdc, reportable=False)
        milestone(other, date(2024, 6, 1), "change_in_part_time_staff", "4", "1", bo, vboc)
        milestone(other, date(2023, 6, 1), "change_in_part_time_staff", "9", "4", bo, vboc)  # before the period
        for client, who, funding, minutes in ((cafe, ana, sbdc, 90), (cafe, ana, sbdc, 30), (other, bo, vboc, 60)):
            s.add(
                CounselingSession(
                    client_id=client.id,
                    date=date(2024, 2, 2),
                    contact_type="PH",
                    counseling_area="Business Plan",
                    contact_minutes=minutes,
                    prep_minutes=15,
                    counselors=[who],
                    funding_sources=[funding],
                )
            )
    return db


def test_client_report_data_reads_the_client_and_its_records(filled: Database) -> None:
    with filled.reading() as s:
        cafe_no = s.scalars(select(Client.client_no).where(Client.name == "Café Niño")).one()
        data = client_report_data(s, cafe_no, generated_by="Ana Pérez")
    assert data.name == "Café Niño"
    assert data.primary_counselor == "Ana Pérez"
    assert data.database_label == str(filled.path)
    assert data.certifications == ("Woman-Owned (WOSB) Certified", "HUBZone Certified")
    assert [m.type_code for m in data.milestones] == [
        "change_in_full_time_staff",
        "change_in_sales",
        "wosb_certified",
        "change_in_sales",
    ]
    staff = data.milestones[0]
    assert (staff.amount, staff.initial_amount) == (12, 10)
    assert isinstance(staff.amount, int)  # counts come back as int even from the cents column
    assert data.milestones[1].amount == Decimal("1250.00")
    assert data.milestones[2].counselors == ("Bo 李",)
    assert [m.reportable for m in data.milestones] == [True, True, True, False]
    assert [s.contact_minutes for s in data.sessions] == [90, 30]

    text = pdf_text(render_client_report(data))
    assert "Sales increases (gains only) $250.00" in text
    assert "Jobs created, full-time 2" in text
    assert f"Database: {filled.path}" in text


def test_client_report_data_by_uuid_and_unknown_client(filled: Database) -> None:
    with filled.reading() as s:
        cafe_id = s.scalars(select(Client.id).where(Client.name == "Café Niño")).one()
        assert client_report_data(s, cafe_id).name == "Café Niño"
        with pytest.raises(NotFound):
            client_report_data(s, 99999)


def test_impact_report_data_all_clients(filled: Database) -> None:
    with filled.reading() as s:
        data = impact_report_data(s, date(2024, 1, 1), date(2024, 12, 31), generated_by="Ana Pérez")
    assert [c.name for c in data.clients] == ["Café Niño", "Other Co"]
    cafe, other = data.clients
    assert cafe.totals.jobs_created_full_time == 2
    assert cafe.totals.sales_increase == Decimal("250.00")  # the non-reportable +7,750 is left out
    assert cafe.totals.certifications == 1
    assert (cafe.sessions.sessions, cafe.sessions.contact_minutes, cafe.sessions.prep_minutes) == (2, 120, 30)
    assert other.totals.jobs_created_part_time == 3  # the 2023 milestone is outside the period
    assert len(data.monthly) == 12
    assert data.monthly[1].totals.jobs_created == 2
    assert (data.counselor_filter, data.funding_filter) == (None, None)
    text = pdf_text(render_impact_report(data))
    assert "Jobs created, total 5" in text
    assert "Counseling sessions 3" in text


def test_impact_report_data_filters_by_counselor_and_funding(filled: Database) -> None:
    with filled.reading() as s:
        by_bo = impact_report_data(s, date(2024, 1, 1), date(2024, 12, 31), counselor_email="BO@example.org")
        by_sbdc = impact_report_data(s, date(2024, 1, 1), date(2024, 12, 31), funding_code="SBDC")
    assert by_bo.counselor_filter == "Bo 李 (bo@example.org)"
    assert [(c.name, c.totals.certifications, c.totals.jobs_created) for c in by_bo.clients] == [
        ("Café Niño", 1, 0),
        ("Other Co", 0, 3),
    ]
    assert by_sbdc.funding_filter == "SBDC — SBDC core funding"
    assert [c.name for c in by_sbdc.clients] == ["Café Niño"]
    assert by_sbdc.clients[0].totals.certifications == 0  # the WOSB milestone was funded by VBOC
    assert "Funding source SBDC — SBDC core funding" in pdf_text(render_impact_report(by_sbdc))


def test_impact_report_data_refuses_unknown_filters(filled: Database) -> None:
    with filled.reading() as s:
        with pytest.raises(NotFound, match=r"nobody@example\.org"):
            impact_report_data(s, date(2024, 1, 1), date(2024, 12, 31), counselor_email="nobody@example.org")
        with pytest.raises(NotFound, match="NOPE"):
            impact_report_data(s, date(2024, 1, 1), date(2024, 12, 31), funding_code="NOPE")


def test_impact_report_data_lists_clients_with_sessions_only_or_milestones_only(filled: Database) -> None:
    """Clients come from either query (numbers and names read with the rows); the months are what
    `monthly_series` makes of the same milestones."""
    with filled.unit_of_work() as s:
        talk = Client(name="Talk Only Ltd", company_status="S")
        deeds = Client(name="Deeds Only Inc", company_status="B")
        s.add_all([talk, deeds])
        s.flush()
        s.add(
            CounselingSession(
                client_id=talk.id,
                date=date(2024, 9, 9),
                contact_type="PH",
                counseling_area="Business Plan",
                contact_minutes=45,
            )
        )
        s.add(Milestone(client_id=deeds.id, date=date(2024, 9, 9), type_code="business_start_impact"))
        s.add(Milestone(client_id=deeds.id, date=date(2024, 9, 10), type_code="business_established"))
    with filled.reading() as s:
        numbers = {row.name: row.client_no for row in s.execute(select(Client.name, Client.client_no))}
        data = impact_report_data(s, date(2024, 1, 1), date(2024, 12, 31))
    assert [c.client_no for c in data.clients] == sorted(c.client_no for c in data.clients)
    by_name = {c.name: c for c in data.clients}
    assert set(by_name) == {"Café Niño", "Other Co", "Talk Only Ltd", "Deeds Only Inc"}
    assert by_name["Talk Only Ltd"].client_no == numbers["Talk Only Ltd"]
    assert by_name["Talk Only Ltd"].totals == ImpactTotals()
    assert (by_name["Talk Only Ltd"].sessions.sessions, by_name["Talk Only Ltd"].sessions.contact_minutes) == (1, 45)
    assert by_name["Deeds Only Inc"].totals.business_starts == 1  # two start milestones, one start
    assert by_name["Deeds Only Inc"].sessions == SessionSummary()
    assert data.monthly[8].totals.business_starts == 1
    assert sum(m.totals.jobs_created for m in data.monthly) == sum(c.totals.jobs_created for c in data.clients)
