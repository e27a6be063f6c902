"""What every agreement use case shares: refusals, look-ups by number/code/id, the as-of today,
history rows and the amounts of events (percentages recomputed per §4)."""

from __future__ import annotations

import os
import uuid
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from neodesk.agreements.money import cents_to_decimal, percent_amounts
from neodesk.agreements.statuses import LIVE_EVENT_STATUSES, EventStatus
from neodesk.agreements.transitions import TransitionRefused
from neodesk.models import Agreement, AgreementEvent, AgreementHistory, AgreementMilestone, Counselor
from neodesk.models.tracking import COUNSELOR_KEY
from neodesk.services.errors import FieldProblem, NotFound, ValidationFailed
from neodesk.services.reference import current_counselor
from neodesk.services.settings import load_settings


def refused(message: str, key: str = "agreement") -> ValidationFailed:
    """A refusal in one sentence; nothing was written (the unit of work rolls back)."""
    return ValidationFailed([FieldProblem(key, message)])


def transition_refused(exc: TransitionRefused) -> ValidationFailed:
    return refused(str(exc), "status")


def acting(tx: Session, who: str | uuid.UUID | None) -> Counselor:
    """Who acts: a counselor's id (the app), an email, else NEODESK_COUNSELOR; stamps the audit rows."""
    me = tx.get(Counselor, who) if isinstance(who, uuid.UUID) else current_counselor(tx, who)
    if me is None:
        raise NotFound("The signed-in counselor is no longer in this database.")
    tx.info[COUNSELOR_KEY] = me.id
    return me


def role_of(counselor: Counselor) -> str:
    return "administrator" if counselor.is_admin else "counselor"


def today_for(tx: Session) -> date:
    """Today in the center's time zone (setting `time_zone`, IANA name), else the computer's."""
    name = load_settings(tx).time_zone or os.environ.get("NEODESK_TIME_ZONE", "")
    if name:
        try:
            return datetime.now(ZoneInfo(name)).date()
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return date.today()


def load_agreement(tx: Session, number: str, *, for_update: bool = False) -> Agreement:
    query = (
        select(Agreement)
        .where(Agreement.number == number)
        .options(
            selectinload(Agreement.milestones).selectinload(AgreementMilestone.conditions),
            selectinload(Agreement.milestones)
            .selectinload(AgreementMilestone.events)
            .selectinload(AgreementEvent.payments),
        )
    )
    if for_update and tx.get_bind().dialect.name != "sqlite":
        query = query.with_for_update()
    found = tx.scalars(query).first()
    if found is None:
        raise NotFound(f"No agreement {number} in this database.")
    return found


def milestone_of(agreement: Agreement, code: str) -> AgreementMilestone:
    for m in agreement.milestones:
        if m.code == code:
            return m
    raise NotFound(f"Agreement {agreement.number} has no milestone {code}.")


def event_of(agreement: Agreement, ref: str) -> AgreementEvent:
    try:
        wanted = uuid.UUID(str(ref).strip())
    except ValueError:
        raise refused(f"event {ref!r} is not an event id (see agreement show {agreement.number})", "event") from None
    for m in agreement.milestones:
        for e in m.events:
            if e.id == wanted:
                return e
    raise NotFound(f"Agreement {agreement.number} has no event {ref}.")


def event_label(event: AgreementEvent) -> str:
    return f"{event.milestone.code} event {event.position}"


def history(
    tx: Session,
    agreement: Agreement,
    record_type: str,
    record_id: uuid.UUID,
    label: str,
    action: str,
    source: str | None,
    target: str | None,
    *,
    effective: date | None = None,
    reason: str | None = None,
    run_id: uuid.UUID | None = None,
    packet_hash: str | None = None,
) -> None:
    tx.add(
        AgreementHistory(
            agreement_id=agreement.id,
            record_type=record_type,
            record_id=record_id,
            label=label,
            action=action,
            from_status=source,
            to_status=target,
            counselor_id=tx.info.get(COUNSELOR_KEY),
            run_id=run_id,
            effective_date=effective,
            reason=reason,
            packet_hash=packet_hash,
        )
    )


def live_events(agreement: Agreement) -> list[AgreementEvent]:
    """The events that count against the amount, in milestone then event order (the §4 tie order)."""
    return [e for m in agreement.milestones for e in m.events if e.status in LIVE_EVENT_STATUSES]


def paid_of(event: AgreementEvent) -> Decimal:
    return sum((p.amount for p in event.payments), Decimal("0.00"))


def recompute_percentages(agreement: Agreement, amount_cents: int) -> None:
    """Pending percentage events take their §4 share of `amount_cents`; released and paid ones keep theirs."""
    percent_events = [e for e in live_events(agreement) if e.percent is not None]
    shares = percent_amounts(amount_cents, [Decimal(e.percent) for e in percent_events if e.percent])
    for event, cents in zip(percent_events, shares, strict=True):
        if event.status in (EventStatus.PENDING, EventStatus.ON_HOLD):
            new = cents_to_decimal(cents)
            if event.amount != new:
                event.amount = new


def events_total_cents(agreement: Agreement) -> int:
    return sum(int(e.amount * 100) for e in live_events(agreement))
