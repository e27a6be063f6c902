"""The §1 and §4 moves a user makes: Set Ready/Pending, cancel, reopen, restore, suspend, resume,
amend, mark a user condition, hold/unhold/reverse an event, record a payment.

Each is one unit of work that asks the transition table (neodesk.agreements.transitions) first and
raises its refusal as one sentence, so nothing is written when a move is not allowed.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from neodesk.agreements.money import MoneyError, cents_to_decimal, events_over_amount, money_text, parse_money
from neodesk.agreements.statuses import (
    ConditionKind,
    ConditionStatus,
    EventStatus,
    MilestoneStatus,
    PaymentMethod,
)
from neodesk.agreements.transitions import TransitionRefused, decide
from neodesk.models import Agreement, AgreementMilestone, AgreementPayment, Database
from neodesk.services.agreements.common import (
    acting,
    event_label,
    event_of,
    events_total_cents,
    history,
    load_agreement,
    milestone_of,
    paid_of,
    recompute_percentages,
    refused,
    role_of,
    today_for,
    transition_refused,
)

OPEN_MILESTONES = (MilestoneStatus.PENDING, MilestoneStatus.READY, MilestoneStatus.AWAITING_APPROVAL)
UNRELEASED = (EventStatus.PENDING, EventStatus.ON_HOLD)


def _decide(
    kind: str,
    action: str,
    status: str,
    name: str,
    role: str,
    reason: str | None = None,
    facts: dict[str, bool] | None = None,
) -> str:
    try:
        return decide(kind, action, status, name=name, role=role, reason=reason, facts=facts).target
    except TransitionRefused as exc:
        raise transition_refused(exc) from None


def _open(agreement: Agreement) -> None:
    if agreement.status in ("completed", "cancelled"):
        raise refused(f"agreement {agreement.number} is {agreement.status} and cannot be changed", "status")


def _cancel_events(tx: Session, agreement: Agreement, milestone: AgreementMilestone, reason: str | None) -> None:
    for e in milestone.events:
        if e.status in UNRELEASED:
            history(
                tx,
                agreement,
                "event",
                e.id,
                event_label(e),
                "cancel",
                e.status,
                EventStatus.CANCELLED,
                reason=reason,
            )
            e.status = EventStatus.CANCELLED


def milestone_status(
    db: Database,
    number: str,
    codes: list[str],
    action: str,
    *,
    reason: str | None = None,
    counselor_email: str | uuid.UUID | None = None,
) -> list[tuple[str, str]]:
    """set_ready | set_pending | cancel | reopen | restore on milestones of one agreement: (code, new status)."""
    with db.unit_of_work() as tx:
        me = acting(tx, counselor_email)
        agreement = load_agreement(tx, number, for_update=True)
        if action != "restore":
            _open(agreement)
        done = []
        for code in codes:
            m = milestone_of(agreement, code)
            facts = {
                "has_conditions": bool(m.conditions),
                "no_paid_events": not any(e.payments for e in m.events),
                "agreement_not_cancelled": agreement.status != "cancelled",
            }
            target = _decide("milestone", action, m.status, code, role_of(me), reason, facts)
            history(tx, agreement, "milestone", m.id, code, action, m.status, target, reason=reason)
            if action == "cancel":
                _cancel_events(tx, agreement, m, reason)
            elif action == "reopen":
                for e in m.events:
                    if e.status == EventStatus.RELEASED:
                        history(
                            tx,
                            agreement,
                            "event",
                            e.id,
                            event_label(e),
                            "reverse",
                            e.status,
                            EventStatus.REVERSED,
                            reason=reason,
                        )
                        e.status = EventStatus.REVERSED
                for c in m.conditions:  # judged again by the next run
                    c.status, c.effective_date = ConditionStatus.READY, None
                m.effective_date = None
                m.approval_round += 1  # §6: approved again from the start, its earlier approvals kept as history
            elif action == "restore":
                for e in m.events:
                    if e.status == EventStatus.CANCELLED:
                        e.status = EventStatus.PENDING
                recompute_percentages(agreement, int(agreement.amount * 100))
                over = events_over_amount(events_total_cents(agreement), int(agreement.amount * 100))
                if over:
                    raise refused(f"agreement {number}: restoring {code} would make the {over}", "events")
            m.status, m.status_reason = target, reason or m.status_reason
            done.append((code, target))
        return done


def agreement_status(
    db: Database, number: str, action: str, *, reason: str | None = None, counselor_email: str | uuid.UUID | None = None
) -> str:
    """suspend | resume | cancel | activate an agreement: its new status."""
    with db.unit_of_work() as tx:
        me = acting(tx, counselor_email)
        agreement = load_agreement(tx, number, for_update=True)
        target = _decide("agreement", action, agreement.status, f"agreement {number}", role_of(me), reason)
        history(tx, agreement, "agreement", agreement.id, number, action, agreement.status, target, reason=reason)
        if action == "cancel":
            for m in agreement.milestones:
                if m.status in OPEN_MILESTONES:
                    history(
                        tx,
                        agreement,
                        "milestone",
                        m.id,
                        m.code,
                        "cancel",
                        m.status,
                        MilestoneStatus.CANCELLED,
                        reason=reason,
                    )
                    m.status = MilestoneStatus.CANCELLED
                    _cancel_events(tx, agreement, m, reason)
        agreement.status, agreement.status_reason = target, reason or agreement.status_reason
        return target


def amend(
    db: Database,
    number: str,
    *,
    amount: str | None = None,
    end: date | None = None,
    reason: str | None,
    counselor_email: str | uuid.UUID | None = None,
) -> tuple[Decimal, date]:
    """A new amount and/or end date (§1 Amendment): released and paid events keep their amounts."""
    with db.unit_of_work() as tx:
        me = acting(tx, counselor_email)
        agreement = load_agreement(tx, number, for_update=True)
        _decide("agreement", "amend", agreement.status, f"agreement {number}", role_of(me), reason)
        if amount is None and end is None:
            raise refused(f"agreement {number}: amend needs a new amount or end date", "amount")
        changes = []
        if amount is not None:
            try:
                cents = parse_money(amount)
            except MoneyError as exc:
                raise refused(f"agreement {number}: {exc}", "amount") from None
            changes.append(f"amount {money_text(int(agreement.amount * 100))} → {money_text(cents)}")
            recompute_percentages(agreement, cents)
            over = events_over_amount(events_total_cents(agreement), cents)
            if over:
                raise refused(f"agreement {number}: {over}", "amount")
            agreement.amount = cents_to_decimal(cents)
        if end is not None:
            if end < agreement.start_date:
                raise refused(
                    f"agreement {number}: end {end.isoformat()} is before start {agreement.start_date.isoformat()}",
                    "end",
                )
            changes.append(f"end {agreement.end_date.isoformat()} → {end.isoformat()}")
            agreement.end_date = end
        history(
            tx,
            agreement,
            "agreement",
            agreement.id,
            number,
            "amend",
            agreement.status,
            agreement.status,
            reason=f"{reason} ({'; '.join(changes)})",
        )
        return agreement.amount, agreement.end_date


def mark(
    db: Database,
    number: str,
    code: str,
    *,
    position: int | None = None,
    on: date | None = None,
    note: str | None = None,
    counselor_email: str | uuid.UUID | None = None,
) -> date:
    """Mark a user condition done (§2): the date it was met (default today, never later than today)."""
    with db.unit_of_work() as tx:
        me = acting(tx, counselor_email)
        agreement = load_agreement(tx, number, for_update=True)
        _open(agreement)
        m = milestone_of(agreement, code)
        if m.status not in (MilestoneStatus.PENDING, MilestoneStatus.READY):
            raise refused(f"{code} is {m.status}: its conditions cannot be marked", "condition")
        users = [c for c in m.conditions if c.kind == ConditionKind.USER]
        if position is not None:
            chosen = next((c for i, c in enumerate(m.conditions, 1) if i == position), None)
            if chosen is None or chosen.kind != ConditionKind.USER:
                raise refused(f"condition {position} of {code} is not a user condition", "condition")
        elif len(users) == 1:
            chosen = users[0]
        elif not users:
            raise refused(f"{code} has no user condition to mark", "condition")
        else:
            places = ", ".join(str(i) for i, c in enumerate(m.conditions, 1) if c.kind == ConditionKind.USER)
            raise refused(
                f"{code} has {len(users)} user conditions: choose one with --condition ({places})", "condition"
            )
        today = today_for(tx)
        day = on or today
        if day > today:
            raise refused(f"{code}: the date {day.isoformat()} is in the future", "date")
        if chosen.status == ConditionStatus.COMPLETE:
            raise refused(f"the user condition of {code} is already done ({chosen.effective_date})", "condition")
        history(
            tx,
            agreement,
            "condition",
            chosen.id,
            code,
            "mark",
            chosen.status,
            ConditionStatus.COMPLETE,
            effective=day,
            reason=note,
        )
        chosen.status, chosen.effective_date, chosen.marked_by_id, chosen.note = (
            ConditionStatus.COMPLETE,
            day,
            me.id,
            note,
        )
        return day


def event_status(
    db: Database,
    number: str,
    event_ref: str,
    action: str,
    *,
    reason: str | None = None,
    counselor_email: str | uuid.UUID | None = None,
) -> str:
    """hold | unhold | reverse an event (§4): its new status."""
    with db.unit_of_work() as tx:
        me = acting(tx, counselor_email)
        agreement = load_agreement(tx, number, for_update=True)
        event = event_of(agreement, event_ref)
        name = f"event {event_ref} ({event_label(event)})"
        target = _decide("event", action, event.status, name, role_of(me), reason)
        history(tx, agreement, "event", event.id, event_label(event), action, event.status, target, reason=reason)
        event.status, event.status_reason = target, reason
        return target


def pay(
    db: Database,
    number: str,
    event_ref: str,
    *,
    amount: str,
    on: date,
    method: str,
    reference: str | None = None,
    counselor_email: str | uuid.UUID | None = None,
) -> str:
    """Record a payment against a released event (§4): the event's new status."""
    with db.unit_of_work() as tx:
        me = acting(tx, counselor_email)
        agreement = load_agreement(tx, number, for_update=True)
        event = event_of(agreement, event_ref)
        name = f"event {event_ref} ({event_label(event)})"
        if method not in {m.value for m in PaymentMethod}:
            raise refused(
                f"{name}: method {method!r} must be one of {', '.join(m.value for m in PaymentMethod)}", "method"
            )
        try:
            cents = parse_money(amount)
        except MoneyError as exc:
            raise refused(f"{name}: {exc}", "amount") from None
        if cents == 0:
            raise refused(f"{name}: a payment must be more than 0.00", "amount")
        left = int(event.amount * 100) - int(paid_of(event) * 100)
        target = EventStatus.PAID if cents == left else EventStatus.PARTLY_PAID
        try:
            decide("event", "pay", event.status, name=name, role=role_of(me), target=target)
        except TransitionRefused as exc:
            raise transition_refused(exc) from None
        if cents > left:
            raise refused(
                f"{name}: the payment of {money_text(cents)} is more than the {money_text(left)} left", "amount"
            )
        if on > today_for(tx):
            raise refused(f"{name}: the payment date {on.isoformat()} is in the future", "date")
        event.payments.append(
            AgreementPayment(paid_on=on, amount=cents_to_decimal(cents), method=method, reference=reference)
        )
        history(
            tx,
            agreement,
            "payment",
            event.id,
            event_label(event),
            "pay",
            event.status,
            target,
            effective=on,
            reason=f"{money_text(cents)} by {method}" + (f" ({reference})" if reference else ""),
        )
        event.status = target
        return target
