"""The agreement report and the agreements overview (§7): their data gathered here, rendered by
neodesk.reports.agreement_report into PDF bytes (the caller writes the file whole)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select

from neodesk.models import Agreement, Counselor, Database
from neodesk.reports.agreement_report import (
    OverviewData,
    OverviewRow,
    cash_flow_of,
    render_agreement_report,
    render_agreements_overview,
)
from neodesk.services.agreements.common import acting, today_for
from neodesk.services.agreements.reading import agreement_definition, list_agreements
from neodesk.services.errors import NotFound


def agreement_report(db: Database, number: str, *, counselor_email: str | uuid.UUID | None = None) -> bytes:
    shown = agreement_definition(db, number)
    with db.reading() as tx:
        me = acting(tx, counselor_email)
        return render_agreement_report(
            shown, generated_on=datetime.now(), generated_by=me.name, database_label=db.label
        )


def agreements_overview(
    db: Database, *, counselor: str | None = None, counselor_email: str | uuid.UUID | None = None
) -> bytes:
    """Every agreement (or those whose primary contact is `counselor`, an email), with the cash flow."""
    with db.reading() as tx:
        me = acting(tx, counselor_email)
        today = today_for(tx)
        scope = "the center"
        numbers: set[str] | None = None
        if counselor:
            who = tx.scalars(select(Counselor).where(Counselor.email == counselor)).first()
            if who is None:
                raise NotFound(f"No counselor has the email {counselor}.")
            scope = who.name
            numbers = set(tx.scalars(select(Agreement.number).where(Agreement.primary_contact_id == who.id)))
    rows: list[OverviewRow] = []
    months: dict[str, tuple[Decimal, Decimal]] = {}
    for r in list_agreements(db):
        if numbers is not None and r.number not in numbers:
            continue
        shown = agreement_definition(db, r.number)
        overdue = sum(
            1
            for m in shown["milestones"]
            if m["due"] and date.fromisoformat(m["due"]) < today and m["status"] not in ("complete", "cancelled")
        )
        rows.append(
            OverviewRow(
                r.number,
                r.title,
                f"client {r.client_no}" if r.client_no else "center",
                r.status,
                r.amount,
                r.totals.released,
                r.totals.paid,
                r.progress,
                r.next_due,
                overdue,
            )
        )
        if r.status not in ("cancelled",):
            for month, released, forecast in cash_flow_of(shown):
                before = months.get(month, (Decimal(0), Decimal(0)))
                months[month] = (before[0] + released, before[1] + forecast)
    flow = tuple((m, v[0], v[1]) for m, v in sorted(months.items()))
    return render_agreements_overview(OverviewData(tuple(rows), flow, scope, datetime.now(), me.name, db.label))
