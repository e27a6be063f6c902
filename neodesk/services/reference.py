"""Reference lookups: who is signed in, picklist choices, funding sources, milestone types."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from neodesk.models import Center, CounselingSession, Counselor, FundingSource, MilestoneType, PicklistValue
from neodesk.models.activity import session_funding
from neodesk.services.identity import resolve_counselor


@dataclass(frozen=True, slots=True)
class Choice:
    code: str
    label: str
    active: bool


def current_counselor(tx: Session, email: str | None = None) -> Counselor:
    """The signed-in counselor (see neodesk.services.identity: the one place that decides)."""
    return resolve_counselor(tx, email)


def picklist_choices(tx: Session, picklists: Iterable[str] | None = None) -> dict[str, list[Choice]]:
    """Every picklist's values (or only those of `picklists`) in display order, inactive ones included (flagged)."""
    # Plain columns, not ORM objects: every client save validates against these ~500 rows.
    v = PicklistValue
    query = select(v.picklist, v.code, v.label, v.active).order_by(v.picklist, v.sort_order, v.label)
    if picklists is not None:
        query = query.where(v.picklist.in_(list(picklists)))
    out: dict[str, list[Choice]] = defaultdict(list)
    for picklist, code, label, active in tx.execute(query):
        out[picklist].append(Choice(code, label, active))
    return dict(out)


def active_codes(tx: Session) -> dict[str, set[str]]:
    """Codes that may be chosen for new values, per picklist."""
    out: dict[str, set[str]] = {}
    for picklist, code, active in tx.execute(select(PicklistValue.picklist, PicklistValue.code, PicklistValue.active)):
        codes = out.setdefault(picklist, set())
        if active:
            codes.add(code)
    return out


def funding_sources(tx: Session, *, active_only: bool = True) -> list[FundingSource]:
    query = select(FundingSource).order_by(FundingSource.code)
    if active_only:
        query = query.where(FundingSource.active.is_(True))
    return list(tx.scalars(query))


def counselors(tx: Session, *, active_only: bool = True) -> list[Counselor]:
    query = select(Counselor).order_by(Counselor.name)
    if active_only:
        query = query.where(Counselor.active.is_(True))
    return list(tx.scalars(query))


def centers(tx: Session) -> list[Center]:
    return list(tx.scalars(select(Center).order_by(Center.name)))


def milestone_types(tx: Session, *, active_only: bool = False) -> list[MilestoneType]:
    query = select(MilestoneType).order_by(MilestoneType.sort_order, MilestoneType.name)
    if active_only:
        query = query.where(MilestoneType.active.is_(True))
    return list(tx.scalars(query))


def default_funding_source_id(tx: Session, client_id: uuid.UUID | None, counselor: Counselor) -> uuid.UUID | None:
    """Spec default: the funding source of the client's most recent session, else the counselor's default."""
    # Plain columns, not ORM objects: every save that logs a milestone asks this.
    if client_id is not None:
        latest = tx.scalars(
            select(CounselingSession.id)
            .where(CounselingSession.client_id == client_id)
            .order_by(CounselingSession.date.desc(), CounselingSession.created_at.desc())
            .limit(1)
        ).first()
        if latest is not None:
            # The same FROM and WHERE as the relationship's lazy load, so the same "first" source.
            first_source = tx.scalars(
                select(FundingSource.id)
                .where(
                    session_funding.c.counseling_session_id == latest,
                    FundingSource.id == session_funding.c.funding_source_id,
                )
                .limit(1)
            ).first()
            if first_source is not None:
                return first_source
    if counselor.default_funding_source_id is not None:
        return counselor.default_funding_source_id
    return tx.scalars(select(FundingSource.id).where(FundingSource.active.is_(True)).limit(1)).first()
