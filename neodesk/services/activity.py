"""Counseling sessions and milestones of a client: list, save (validated), delete."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from neodesk.catalog.fields import ACTIVITY_TEXT
from neodesk.catalog.fields import SESSION_PICKLISTS as SESSION_PICKLISTS  # re-exported: the session form reads it
from neodesk.catalog.picklists import PICKLISTS
from neodesk.models import Client, CounselingSession, Counselor, Database, FundingSource, Milestone
from neodesk.services.activity_edits import plain_text, session_edit_values, value_text
from neodesk.services.edit_guard import EditCancelled, check_revision, lock_for_save, merged_edits, with_replanning
from neodesk.services.edit_merge import ConflictResolver, EditBase
from neodesk.services.errors import FieldProblem, NotFound, ValidationFailed
from neodesk.services.reference import Choice, active_codes, picklist_choices
from neodesk.services.settings import load_settings
from neodesk.services.validation import Invalid, check_text_field, parse_count, parse_date

# SESSION_PICKLISTS (catalog): administrators may add values and inactivate them (Admin ▸ Picklists), so
# forms and validation use the database's: counseling_session_choices / active_codes.

SESSION_LABELS = {
    "date": "Date",
    "session_type": "Session type",
    "contact_type": "Contact type",
    "counseling_area": "Counseling area",
    "additional_areas": "Additional areas",
    "contact_minutes": "Contact time (minutes)",
    "prep_minutes": "Prep time (minutes)",
    "travel_minutes": "Travel time (minutes)",
    "counselor_ids": "Counselor(s)",
    "funding_source_ids": "Funding source(s)",
    "subject": "Subject",
    "notes": "Notes",
    "attendees": "Attendees",
    "reportable": "Reportable",
}


def list_milestones(tx: Session, client_id: uuid.UUID) -> list[Milestone]:
    """The client's milestones, newest first (counselors and funding loaded for display)."""
    query = (
        select(Milestone)
        .where(Milestone.client_id == client_id)
        .options(selectinload(Milestone.counselors), selectinload(Milestone.funding_sources))
        .order_by(Milestone.date.desc(), Milestone.created_at.desc())
    )
    return list(tx.scalars(query))


def list_counseling_sessions(tx: Session, client_id: uuid.UUID) -> list[CounselingSession]:
    """The client's counseling sessions, newest first."""
    query = (
        select(CounselingSession)
        .where(CounselingSession.client_id == client_id)
        .options(selectinload(CounselingSession.counselors), selectinload(CounselingSession.funding_sources))
        .order_by(CounselingSession.date.desc(), CounselingSession.created_at.desc())
    )
    return list(tx.scalars(query))


def check_activity_date(
    raw: Any, key: str, label: str, today: date, lock_days: int | None
) -> tuple[date | None, list[FieldProblem]]:
    """Activity dates: required, not in the future, not before the lock period (domain.md)."""
    try:
        value = parse_date(raw)
    except Invalid as exc:
        return None, [FieldProblem(key, f"{label}: {exc}")]
    if value is None:
        return None, [FieldProblem(key, f"{label}: is required.")]
    if value > today:
        return value, [FieldProblem(key, f"{label}: the date cannot be in the future.")]
    if lock_days is not None and value < today - timedelta(days=lock_days):
        earliest = (today - timedelta(days=lock_days)).isoformat()
        return value, [
            FieldProblem(key, f"{label}: records cannot be dated before {earliest} (the {lock_days}-day lock period).")
        ]
    return value, []


@dataclass(frozen=True, slots=True)
class SessionInput:
    """What the counseling-session form (or CLI) submits; validated by validate_session."""

    date: Any
    contact_type: Any
    counseling_area: Any
    session_type: Any = "Follow-up"
    additional_areas: Any = ()
    contact_minutes: Any = 0
    prep_minutes: Any = 0
    travel_minutes: Any = 0
    counselor_ids: tuple[uuid.UUID, ...] = ()
    funding_source_ids: tuple[uuid.UUID, ...] = ()
    subject: str | None = None
    notes: str | None = None
    attendees: Any = 1
    reportable: bool = True
    # The session dialog and the follow-up of New Milestone ask for contact time: 0 minutes is refused
    # there (it uploads to the SBA as 0.00 hours). Sessions built elsewhere keep domain.md's rule
    # (at least 1 minute for an Initial session only).
    require_contact_time: bool = False


def _held_codes(value: Any) -> set[str]:
    if value is None:
        return set()
    if isinstance(value, str):
        return {value}
    return {str(v) for v in value}


def counseling_session_choices(tx: Session, current: Mapping[str, Any] | None = None) -> dict[str, list[Choice]]:
    """What the session form offers, per session field (SESSION_PICKLISTS): the picklist's active values
    in the database's order with their labels, plus the values `current` (the session being edited)
    holds even if since inactivated (flagged inactive; a code no longer listed is offered as itself).
    """
    lists = picklist_choices(tx, set(SESSION_PICKLISTS.values()))
    current = current or {}
    out: dict[str, list[Choice]] = {}
    for key, picklist in SESSION_PICKLISTS.items():
        held = _held_codes(current.get(key))
        values = [c for c in lists.get(picklist, []) if c.active or c.code in held]
        listed = {c.code for c in values}
        values += [Choice(code, code, False) for code in sorted(held - listed)]
        out[key] = values
    return out


def allowed_session_codes(
    allowed: Mapping[str, Set[str]], current: Mapping[str, Any] | None = None
) -> dict[str, set[str]]:
    """Per session field, the codes validation accepts: the picklist's `allowed` (active) codes plus what
    `current` (the stored session, or nothing for a new one) already holds."""
    current = current or {}
    return {
        key: set(allowed.get(picklist, ())) | _held_codes(current.get(key))
        for key, picklist in SESSION_PICKLISTS.items()
    }


def _catalog_codes() -> dict[str, set[str]]:
    return {name: set(PICKLISTS[name]) for name in set(SESSION_PICKLISTS.values())}


def validate_counseling_session(
    data: SessionInput,
    today: date,
    lock_days: int | None,
    allowed: Mapping[str, Set[str]] | None = None,
    current: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Check a session form; `lock_days` None skips the lock period (an old record keeping its date).

    `allowed` maps picklist names to the codes that may be chosen (active_codes of the database; the
    built-in lists when omitted); `current` is the stored session being edited, whose values stay valid
    even if since inactivated.
    """
    codes = allowed_session_codes(_catalog_codes() if allowed is None else allowed, current)
    problems: list[FieldProblem] = []
    day, date_problems = check_activity_date(data.date, "date", "Date", today, lock_days)
    problems += date_problems
    out: dict[str, Any] = {"date": day}
    for key in ("session_type", "contact_type", "counseling_area"):
        value = getattr(data, key)
        if not value:
            problems.append(FieldProblem(key, f"{SESSION_LABELS[key]}: is required."))
        elif value not in codes[key]:
            problems.append(FieldProblem(key, f"{SESSION_LABELS[key]}: '{value}' is not one of the allowed values."))
        out[key] = value
    areas = frozenset(data.additional_areas or ())
    if bad := sorted(areas - codes["additional_areas"]):
        problems.append(
            FieldProblem(
                "additional_areas", f"Additional areas: '{bad[0]}' is not one of the allowed counseling areas."
            )
        )
    out["additional_areas"] = areas or None
    for key, low in (("contact_minutes", 0), ("prep_minutes", 0), ("travel_minutes", 0), ("attendees", 1)):
        try:
            value = parse_count(getattr(data, key), low=low)
        except Invalid as exc:
            problems.append(FieldProblem(key, f"{SESSION_LABELS[key]}: {exc}"))
            continue
        out[key] = value if value is not None else (1 if key == "attendees" else 0)
    needs_time = data.require_contact_time or data.session_type == "Initial/New"
    if needs_time and "contact_minutes" in out and out["contact_minutes"] < 1:
        what = "an Initial session" if data.session_type == "Initial/New" else "a counseling session"
        problems.append(FieldProblem("contact_minutes", f"Contact time (minutes): {what} needs at least 1 minute."))
    if not data.counselor_ids:
        problems.append(FieldProblem("counselor_ids", "Counselor(s): choose at least one counselor."))
    if not data.funding_source_ids:
        problems.append(FieldProblem("funding_source_ids", "Funding source(s): choose at least one funding source."))
    for key in ("subject", "notes"):
        out[key], text_problems = check_text_field(ACTIVITY_TEXT["counseling_session", key], getattr(data, key))
        problems += text_problems
    if problems:
        raise ValidationFailed(problems)
    out.update(reportable=bool(data.reportable))
    return out


def build_counseling_session(
    tx: Session,
    client_id: uuid.UUID,
    values: dict[str, Any],
    counselor_ids: Iterable[uuid.UUID] | None,
    funding_source_ids: Iterable[uuid.UUID] | None,
    existing: CounselingSession | None = None,
) -> CounselingSession:
    """Create or update a session row in `session` (the caller's unit of work commits it); None keeps the
    stored counselors / funding sources."""
    record = existing or CounselingSession(client_id=client_id)
    for key, value in values.items():
        setattr(record, key, value)
    if counselor_ids is not None:
        record.counselors = [tx.get_one(Counselor, cid) for cid in counselor_ids]
    if funding_source_ids is not None:
        record.funding_sources = [tx.get_one(FundingSource, fid) for fid in funding_source_ids]
    if existing is None:
        tx.add(record)
    return record


def save_counseling_session(
    db: Database,
    client_id: uuid.UUID,
    data: SessionInput,
    *,
    counselor_id: uuid.UUID | None,
    session_id: uuid.UUID | None = None,
    today: date | None = None,
    base: EditBase | None = None,
    resolver: ConflictResolver | None = None,
) -> uuid.UUID | None:
    """Validate and write one counseling session; raises ValidationFailed with nothing written.

    `base` is what the edit dialog loaded: when the session was saved elsewhere since, fields only the
    other side changed stay theirs and fields both changed go to `resolver` (None: cancelled, nothing
    written).
    """
    day = today or date.today()
    try:
        return with_replanning(
            lambda: _save_session(db, client_id, data, counselor_id, session_id, day, base, resolver)
        )
    except EditCancelled:
        return None


def _save_session(
    db: Database,
    client_id: uuid.UUID,
    data: SessionInput,
    counselor_id: uuid.UUID | None,
    session_id: uuid.UUID | None,
    today: date,
    base: EditBase | None,
    resolver: ConflictResolver | None,
) -> uuid.UUID:
    with db.reading() as tx:
        if tx.get(Client, client_id) is None:
            raise NotFound("The client was deleted.")
        existing = tx.get(CounselingSession, session_id) if session_id else None
        if session_id and existing is None:
            raise NotFound("The counseling session was deleted.")
        # The lock period guards new records; an old session keeps its date when edited.
        check_lock = existing is None or parse_date(data.date) != existing.date
        current = {key: getattr(existing, key) for key in SESSION_PICKLISTS} if existing is not None else None
        values = validate_counseling_session(
            data, today, load_settings(tx).lock_days if check_lock else None, active_codes(tx), current
        )
        values.update(
            counselor_ids=frozenset(data.counselor_ids), funding_source_ids=frozenset(data.funding_source_ids)
        )
        stored = session_edit_values(existing) if existing is not None else None
        revision = existing.revision if existing is not None else None
        # Names for the conflict dialog are read only when another editor saved since the base.
        describe = value_text(tx) if base is not None and base.revision != revision else plain_text
    if stored is not None and base is not None and base.revision != revision:
        values, _ = merged_edits(base, stored, values, SESSION_LABELS.__getitem__, describe, resolver)
    with db.unit_of_work(counselor_id) as tx:
        record = None
        if session_id is not None:
            record = lock_for_save(tx, CounselingSession, session_id)
            if record is None:
                raise NotFound("The counseling session was deleted.")
            check_revision(record, revision)  # saved elsewhere since this plan: plan again
        people = values.pop("counselor_ids", None)
        funds = values.pop("funding_source_ids", None)
        record = build_counseling_session(tx, client_id, values, people, funds, record)
        tx.flush()
        return record.id


def delete_counseling_session(db: Database, session_id: uuid.UUID, *, counselor_id: uuid.UUID | None) -> None:
    with db.unit_of_work(counselor_id) as tx:
        record = tx.get(CounselingSession, session_id)
        if record is None:
            raise NotFound("The counseling session was already deleted.")
        tx.delete(record)


def delete_milestone(db: Database, milestone_id: uuid.UUID, *, counselor_id: uuid.UUID | None) -> None:
    """Delete a milestone; the client is not changed (sync-rules.md) and a tombstone is left."""
    with db.unit_of_work(counselor_id) as tx:
        record = tx.get(Milestone, milestone_id)
        if record is None:
            raise NotFound("The milestone was already deleted.")
        tx.delete(record)


def milestone_change(m: Milestone) -> Decimal | None:
    """new − initial, where both are known."""
    if m.amount is None or m.initial_amount is None:
        return None
    return m.amount - m.initial_amount
