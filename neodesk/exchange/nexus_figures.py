"""The client's figures and standing at a past date, for the counselor part of a Nexus record.

The client record holds current values only; its milestones are the history. The rules:

- **A value at a date** (staff counts, gross sales, profits, export sales): the amount of the newest
  milestone of the value's type dated on or before the date (``amount`` is the new total); when
  there is none, the ``initial_amount`` of the first milestone dated after it (the value before
  that change); when the client has no milestone of that type, the client's current value.
  Milestones on the same date count in the order they were recorded. Every milestone counts here,
  reportable or not: a figure is a fact about the client, the reportable flag is about claiming
  the change as an impact.
- **In business at a date**: the business was established by then (``date_established`` on or before
  it; a client in business with no date counts as established) and was not closed: a client whose
  status now is Temporarily/Permanently Closed or Sold counts as closed from its first closure
  milestone on (with no such milestone, as closed throughout: we cannot tell when).
- **A certification at a date**: the client's picklist holds it now and its certification date is
  blank or on or before the date, or a milestone recording it is dated on or before the date.
- **The reportable business start**: the date of the client's earliest *reportable*
  ``business_start_impact`` milestone; with no such milestone at all, the client's
  ``business_start_impact_date``. A session on or after that date carries it as its reportable
  impact.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from neodesk.catalog.picklists import is_in_business
from neodesk.exchange.nexus_codes import (
    BUSINESS_START_IMPACT,
    CERTIFICATIONS,
    CLOSED_STATUSES,
    CLOSURE_MILESTONES,
    FIGURE_MILESTONES,
    Certification,
)


@dataclass(frozen=True, slots=True)
class MilestoneFact:
    """What the upload needs of one milestone; a client's list is sorted by date, then recording order."""

    type_code: str
    date: date
    amount: Decimal | None
    initial_amount: Decimal | None
    reportable: bool


def value_at(
    client: Mapping[str, Any], milestones: Sequence[MilestoneFact], field: str, day: date, code: str | None = None
) -> Any:
    """The client's ``field`` as it stood on ``day``; ``code`` is the impact-record type that sets it
    (default: the field's type in FIGURE_MILESTONES, the upload's fields)."""
    code = code or FIGURE_MILESTONES[field]
    before: MilestoneFact | None = None
    for m in milestones:
        if m.type_code != code:
            continue
        if m.date <= day:
            before = m
        else:
            return before.amount if before is not None else m.initial_amount
    if before is not None:
        return before.amount
    return client[field]


def in_business_at(client: Mapping[str, Any], milestones: Sequence[MilestoneFact], day: date) -> bool:
    status = client["company_status"]
    established = client["date_established"]
    if established is not None and established > day:
        return False
    if is_in_business(status):
        return True
    if status in CLOSED_STATUSES and established is not None:
        closures = [m.date for m in milestones if m.type_code in CLOSURE_MILESTONES]
        return bool(closures) and day < min(closures)
    return False


def _holds(client: Mapping[str, Any], milestones: Sequence[MilestoneFact], cert: Certification, day: date) -> bool:
    if client[cert.field] == cert.code:
        since = client[cert.date_field]
        if since is None or since <= day:
            return True
    return cert.milestone_type is not None and any(
        m.type_code == cert.milestone_type and m.date <= day for m in milestones
    )


def certifications_at(
    client: Mapping[str, Any], milestones: Sequence[MilestoneFact], day: date
) -> tuple[Certification, ...]:
    """The certifications the client held on ``day``, in the order of CERTIFICATIONS."""
    return tuple(cert for cert in CERTIFICATIONS if _holds(client, milestones, cert, day))


def business_start_date(client: Mapping[str, Any], milestones: Sequence[MilestoneFact]) -> date | None:
    """The date of the client's reportable business start impact, if any (see the module's rules)."""
    impacts = [m for m in milestones if m.type_code == BUSINESS_START_IMPACT]
    if impacts:
        reportable = [m.date for m in impacts if m.reportable]
        return min(reportable) if reportable else None
    started: date | None = client["business_start_impact_date"]
    return started
