"""From the database to the report input records of `data` (SQLAlchemy 2.0 `select()`, read only).

The only module of `neodesk.reports` that knows the models. The impact query reads plain columns
rather than ORM objects, so a 10,000-client period costs a few flat queries, not object loading.

Attribution for the impact report: a milestone or session counts for a counselor or funding source
when that counselor / funding source is linked to the record itself (its `counselors` /
`funding_sources`), not when it is the client's primary counselor: the record says who did the work
and who paid for it.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from neodesk.catalog.certifications import CERTIFICATION_FIELDS, certified_types
from neodesk.catalog.milestone_types import Carries, Category
from neodesk.catalog.picklists import label
from neodesk.errors import NotFound
from neodesk.models import Center, Client, CounselingSession, Counselor, FundingSource, Milestone, MilestoneType
from neodesk.models.activity import milestone_counselor, milestone_funding, session_counselor, session_funding
from neodesk.models.lookup import get_client
from neodesk.reports.report_records import (
    ClientReportData,
    ImpactClientRow,
    ImpactReportData,
    MilestoneRow,
    SessionRow,
    SessionSummary,
)
from neodesk.reports.totals import client_contributions, monthly_from_contributions, sum_contributions

# Client picklist values that are certifications the header lists, field by field in the client's
# field order (the catalog's certification table).
CERTIFIED_VALUES: dict[str, frozenset[str]] = {key: frozenset(certified_types(key)) for key in CERTIFICATION_FIELDS}


def database_label(tx: Session) -> str:
    """How reports name the database: the file for SQLite, else the URL without its password."""
    url = tx.get_bind().engine.url
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return url.database
    return url.render_as_string(hide_password=True)


def client_report_data(
    tx: Session,
    client_id: uuid.UUID | int | str,
    *,
    generated_by: str = "",
    database: str | None = None,
    generated_on: date | None = None,
) -> ClientReportData:
    """Everything the client milestone report shows, for a client number or UUID.

    Every milestone and session is loaded, reportable or not: the renderer leaves out the
    non-reportable ones unless asked for all. Raises `NotFound` for an unknown client.
    """
    client = get_client(tx, client_id)
    center = tx.get(Center, client.center_id) if client.center_id else None
    milestones = tx.scalars(
        select(Milestone)
        .where(Milestone.client_id == client.id)
        .options(selectinload(Milestone.counselors))
        .order_by(Milestone.date)
    ).all()
    # The summary needs eight columns of each session: no ORM objects (a client may have 1,000
    # sessions, each with ids to parse and a JSON list of further areas that the report never shows).
    sessions = tx.execute(
        select(
            CounselingSession.date,
            CounselingSession.contact_minutes,
            CounselingSession.prep_minutes,
            CounselingSession.travel_minutes,
            CounselingSession.reportable,
            CounselingSession.session_type,
            CounselingSession.contact_type,
            CounselingSession.counseling_area,
        )
        .where(CounselingSession.client_id == client.id)
        .order_by(CounselingSession.date)
    ).all()
    certifications = tuple(
        _certification_label(picklist, code)
        for picklist, codes in CERTIFIED_VALUES.items()
        if (code := getattr(client, picklist)) in codes
    )
    return ClientReportData(
        client_no=client.client_no,
        name=client.name,
        generated_on=generated_on or datetime.now().replace(second=0, microsecond=0),
        database_label=database or database_label(tx),
        generated_by=generated_by,
        company_status=client.company_status or "",
        center=center.name if center else "",
        street=client.street or "",
        city=client.city or "",
        state=client.state or "",
        zip=client.zip or "",
        primary_counselor=client.counselor.name if client.counselor else "",
        full_time_employees=client.full_time_employees,
        part_time_employees=client.part_time_employees,
        gross_sales=client.gross_sales,
        gross_sales_date=client.gross_sales_date,
        export_sales=client.export_sales,
        certifications=certifications,
        milestones=tuple(_milestone_row(m, m.type, tuple(c.name for c in m.counselors)) for m in milestones),
        sessions=tuple(
            SessionRow(
                date=day,
                contact_minutes=contact or 0,
                prep_minutes=prep or 0,
                travel_minutes=travel or 0,
                reportable=reportable,
                session_type=session_type,
                contact_type=contact_type,
                counseling_area=area,
            )
            for day, contact, prep, travel, reportable, session_type, contact_type, area in sessions
        ),
    )


def impact_report_data(
    tx: Session,
    date_from: date,
    date_to: date,
    counselor_email: str | None = None,
    funding_code: str | None = None,
    *,
    generated_by: str = "",
    database: str | None = None,
    generated_on: date | None = None,
) -> ImpactReportData:
    """The impact report's figures: reportable milestones and sessions dated in the period,
    optionally only those linked to one counselor (by email) and/or one funding source (by code).

    Raises `NotFound` for an unknown counselor email or funding code.
    """
    counselor = (
        _one(
            tx,
            select(Counselor).where(func.lower(Counselor.email) == counselor_email.lower()),
            f"No counselor with email {counselor_email} in this database.",
        )
        if counselor_email
        else None
    )
    funding = (
        _one(
            tx,
            select(FundingSource).where(FundingSource.code == funding_code),
            f"No funding source with code {funding_code} in this database.",
        )
        if funding_code
        else None
    )

    # Plain columns, the client's number and name joined in: no ORM objects, no UUID parsing, no
    # second round of queries for names (issue 14: 35,000 clients read in a second or two).
    milestone_query = (
        select(
            Client.client_no,
            Client.name,
            Milestone.date,
            Milestone.type_code,
            Milestone.amount,
            Milestone.initial_amount,
            MilestoneType.name,
            MilestoneType.category,
            MilestoneType.carries,
        )
        .join(Client, Client.id == Milestone.client_id)
        .join(MilestoneType, MilestoneType.code == Milestone.type_code)
        .where(Milestone.reportable.is_(True), Milestone.date.between(date_from, date_to))
    )
    session_query = (
        select(
            Client.client_no,
            Client.name,
            func.count(),
            func.sum(CounselingSession.contact_minutes),
            func.sum(CounselingSession.prep_minutes),
            func.sum(CounselingSession.travel_minutes),
        )
        .join(Client, Client.id == CounselingSession.client_id)
        .where(CounselingSession.reportable.is_(True), CounselingSession.date.between(date_from, date_to))
        .group_by(Client.id, Client.client_no, Client.name)
    )
    if counselor is not None:
        milestone_query = milestone_query.where(
            Milestone.id.in_(
                select(milestone_counselor.c.milestone_id).where(milestone_counselor.c.counselor_id == counselor.id)
            )
        )
        session_query = session_query.where(
            CounselingSession.id.in_(
                select(session_counselor.c.counseling_session_id).where(
                    session_counselor.c.counselor_id == counselor.id
                )
            )
        )
    if funding is not None:
        milestone_query = milestone_query.where(
            Milestone.id.in_(
                select(milestone_funding.c.milestone_id).where(milestone_funding.c.funding_source_id == funding.id)
            )
        )
        session_query = session_query.where(
            CounselingSession.id.in_(
                select(session_funding.c.counseling_session_id).where(session_funding.c.funding_source_id == funding.id)
            )
        )

    names: dict[int, str] = {}
    per_client: dict[int, list[MilestoneRow]] = defaultdict(list)
    kinds: dict[tuple[str | None, str | None], tuple[Carries | None, Category | None]] = {}
    for client_no, client_name, day, code, amount, initial, name, category, carries in tx.execute(milestone_query):
        names[client_no] = client_name
        kind = kinds.get((carries, category))
        if kind is None:
            kind = kinds[carries, category] = (_enum(Carries, carries), _enum(Category, category))
        per_client[client_no].append(
            MilestoneRow(
                date=day,
                type_code=code,
                type_name=name,
                amount=_amount(amount, carries),
                initial_amount=_amount(initial, carries),
                carries=kind[0],
                category=kind[1],
            )
        )
    session_totals: dict[int, tuple[int, int, int, int]] = {}
    for client_no, client_name, count, contact, prep, travel in tx.execute(session_query):
        names[client_no] = client_name
        session_totals[client_no] = (int(count), int(contact or 0), int(prep or 0), int(travel or 0))

    # Each client's contributions are worked out once, for its line and for the chart's months.
    contributions = {client_no: list(client_contributions(rows)) for client_no, rows in per_client.items()}
    rows = [
        ImpactClientRow(
            client_no,
            names[client_no],
            sum_contributions(contributions.get(client_no, ())),
            SessionSummary(*session_totals.get(client_no, (0, 0, 0, 0))),
        )
        for client_no in sorted(names)
    ]
    return ImpactReportData(
        date_from=date_from,
        date_to=date_to,
        generated_on=generated_on or datetime.now().replace(second=0, microsecond=0),
        database_label=database or database_label(tx),
        generated_by=generated_by,
        counselor_filter=f"{counselor.name} ({counselor.email})" if counselor else None,
        funding_filter=f"{funding.code} — {funding.name}" if funding else None,
        clients=tuple(rows),
        monthly=monthly_from_contributions(contributions.values(), date_from, date_to),
    )


def _certification_label(picklist: str, code: str) -> str:
    text = label(picklist, code)
    return "HUBZone Certified" if picklist == "hubzone" else text


def _enum(kind: type[StrEnum], value: str | None) -> Any:
    try:
        return kind(value) if value else None
    except ValueError:  # a value written by a newer version: format by the value's type instead
        return None


def _amount(value: Decimal | None, carries: str | None) -> Decimal | int | None:
    """Money columns hold counts too (as n.00): counts go back to int so they read "12", not "12.00"."""
    if value is not None and carries == Carries.COUNT and value == value.to_integral_value():
        return int(value)
    return value


def _milestone_row(m: Milestone, kind: MilestoneType | None, counselors: tuple[str, ...]) -> MilestoneRow:
    carries = kind.carries if kind else None
    return MilestoneRow(
        date=m.date,
        type_code=m.type_code,
        type_name=kind.name if kind else m.type_code,
        amount=_amount(m.amount, carries),
        initial_amount=_amount(m.initial_amount, carries),
        detail=m.detail or "",
        notes=m.notes or "",
        reportable=m.reportable,
        counselors=counselors,
        carries=_enum(Carries, carries),
        category=_enum(Category, kind.category if kind else None),
    )


def _one(tx: Session, query: Select[Any], message: str) -> Any:
    found = tx.scalars(query).first()
    if found is None:
        raise NotFound(message)
    return found
