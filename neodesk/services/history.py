"""A client's history for the History tab: who changed which field from what to what, and when.

Read from the audit rows the flush hook writes (neodesk/models/tracking.py) for the client itself and
for its milestones and counseling sessions, newest first, with labels instead of codes: field labels
from the catalog, picklist labels, counselor and center names, milestone type names. Screens get plain
frozen rows, a page at a time (a client with thousands of changes opens without reading them all).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, false, or_, select
from sqlalchemy.orm import Session

from neodesk.catalog.fields import ACTIVITY_TEXT, FIELDS_BY_KEY, SESSION_PICKLISTS, Kind
from neodesk.models import (
    Center,
    CounselingSession,
    Counselor,
    Database,
    FundingSource,
    Milestone,
    MilestoneType,
)
from neodesk.models.tracking import AuditEntry, Tombstone
from neodesk.services.reference import picklist_choices

PAGE = 200  # rows per page: the tab asks for more as the counselor scrolls

ACTIONS = {"create": "Created", "update": "Changed", "delete": "Deleted"}
RECORD_TYPES = {"client": "Client", "milestone": "Milestone", "counseling_session": "Counseling session"}

# Milestone and session columns in the counselor's words (client fields come from the catalog).
ACTIVITY_LABELS: dict[str, str] = {
    "client_id": "Client",
    "type_code": "Milestone type",
    "date": "Date",
    "amount": "Amount",
    "initial_amount": "Initial amount",
    "reportable": "Reportable",
    "attribution_date": "Attribution date",
    "origin": "Origin",
    "session_type": "Session type",
    "contact_type": "Contact type",
    "counseling_area": "Counseling area",
    "additional_areas": "Additional areas",
    "contact_minutes": "Contact minutes",
    "prep_minutes": "Prep minutes",
    "travel_minutes": "Travel minutes",
    "attendees": "Attendees",
    "counselors": "Counselors",
    "funding_sources": "Funding sources",
}


@dataclass(frozen=True, slots=True)
class HistoryRow:
    at: datetime
    who: str  # the counselor's name ("" when the change came from no one signed in, e.g. an import)
    record: str  # "Client", "Milestone: Change in Sales, 2026-12-03", "Counseling session, 2026-11-02"
    action: str  # Created | Changed | Deleted
    field: str  # the field's label ("" for a whole record created or deleted)
    old: str
    new: str  # on a Created milestone or session: its key values as stored now ("Amount: … · Type: … · Date: …")


class _Labels:
    """Codes and ids → the words the counselor reads, loaded once per page."""

    def __init__(self, tx: Session) -> None:
        self.picklists = {name: {c.code: c.label for c in choices} for name, choices in picklist_choices(tx).items()}
        self.counselors = {str(i): n for i, n in tx.execute(select(Counselor.id, Counselor.name))}
        self.centers = {str(i): n for i, n in tx.execute(select(Center.id, Center.name))}
        self.types = dict(tx.execute(select(MilestoneType.code, MilestoneType.name)).all())
        self.funding = {
            str(i): f"{c} {n}".strip()
            for i, c, n in tx.execute(select(FundingSource.id, FundingSource.code, FundingSource.name))
        }

    def field(self, record_type: str, key: str | None) -> str:
        if key is None:
            return ""
        if record_type == "client" and key in FIELDS_BY_KEY:
            return FIELDS_BY_KEY[key].label
        text = ACTIVITY_TEXT.get((record_type, key))
        if text is not None:
            return text.label
        return ACTIVITY_LABELS.get(key, key.replace("_", " ").capitalize())

    def _pick(self, picklist: str, code: str) -> str:
        return self.picklists.get(picklist, {}).get(code, code)

    def value(self, record_type: str, key: str | None, text: str | None) -> str:
        if text is None or text == "" or key is None:
            return ""
        spec = FIELDS_BY_KEY.get(key) if record_type == "client" else None
        if key in ("counselor_id", "counselors"):
            return ", ".join(self.counselors.get(part, part) for part in text.split(","))
        if key == "center_id":
            return self.centers.get(text, text)
        if key == "funding_sources":
            return ", ".join(self.funding.get(part, part) for part in text.split(","))
        if key == "type_code":
            return self.types.get(text, text)
        if spec is not None and spec.picklist:
            if spec.kind is Kind.CODE_SET:
                return ", ".join(self._pick(spec.picklist, part) for part in text.split(","))
            return self._pick(spec.picklist, text)
        if record_type == "counseling_session" and key in SESSION_PICKLISTS:
            picklist = SESSION_PICKLISTS[key]
            return ", ".join(self._pick(picklist, part) for part in text.split(","))
        if (spec is not None and spec.kind is Kind.BOOL) or text in ("True", "False"):
            return {"True": "Yes", "False": "No"}.get(text, text)
        if (spec is not None and spec.kind in (Kind.MONEY, Kind.SIGNED_MONEY)) or key in ("amount", "initial_amount"):
            try:
                return f"${float(text):,.2f}"
            except ValueError:
                return text
        return text


def _activity_records(tx: Session, client_id: uuid.UUID) -> dict[uuid.UUID, tuple[str, str]]:
    """The client's milestones and sessions, stored or deleted: id → (record type, description)."""
    records: dict[uuid.UUID, tuple[str, str]] = {}
    milestones = tx.execute(
        select(Milestone.id, Milestone.date, MilestoneType.name, Milestone.type_code)
        .outerjoin(MilestoneType, MilestoneType.code == Milestone.type_code)
        .where(Milestone.client_id == client_id)
    )
    for record_id, day, name, code in milestones:
        records[record_id] = ("milestone", f"Milestone: {name or code}, {day.isoformat()}")
    sessions = tx.execute(
        select(CounselingSession.id, CounselingSession.date).where(CounselingSession.client_id == client_id)
    )
    for record_id, day in sessions:
        records[record_id] = ("counseling_session", f"Counseling session, {day.isoformat()}")
    # Deleted ones: their delete rows keep the fields they had (tracking.py), the client among them.
    # Through the tombstones (few) and the audit log's record index: no scan of the whole audit log.
    deleted = tx.execute(
        select(AuditEntry.record_id, AuditEntry.record_type)
        .join(Tombstone, Tombstone.id == AuditEntry.record_id)
        .where(
            Tombstone.record_type.in_(("milestone", "counseling_session")),
            AuditEntry.action == "delete",
            AuditEntry.field == "client_id",
            AuditEntry.old_value == str(client_id),
        )
    ).all()
    if deleted:
        ids = [r for r, _ in deleted]
        facts: dict[uuid.UUID, dict[str | None, str | None]] = {}
        for record_id, field, old in tx.execute(
            select(AuditEntry.record_id, AuditEntry.field, AuditEntry.old_value).where(
                AuditEntry.record_id.in_(ids),
                AuditEntry.action == "delete",
                AuditEntry.field.in_(("date", "type_code")),
            )
        ):
            facts.setdefault(record_id, {})[field] = old
        types = dict(tx.execute(select(MilestoneType.code, MilestoneType.name)).all())
        for record_id, record_type in deleted:
            fact = facts.get(record_id, {})
            when = fact.get("date") or "?"
            if record_type == "milestone":
                code = fact.get("type_code") or ""
                records[record_id] = (record_type, f"Milestone: {types.get(code, code)}, {when}")
            else:
                records[record_id] = (record_type, f"Counseling session, {when}")
    return records


def _created_values(tx: Session, client_id: uuid.UUID, labels: _Labels) -> dict[uuid.UUID, str]:
    """Each stored milestone's and session's key values as they are now: id → "Amount: … · Type: … · Date: …".

    A create audit row names no fields (tracking.py writes fields only on change and delete), so the
    Created row shows what the record holds today; a deleted record has its delete row instead.
    """
    values: dict[uuid.UUID, str] = {}
    milestones = tx.execute(
        select(Milestone.id, Milestone.type_code, Milestone.date, Milestone.amount).where(
            Milestone.client_id == client_id
        )
    )
    for record_id, code, day, amount in milestones:
        # What the Record column does not already say comes first: a narrow column cuts the end.
        parts = [f"Type: {labels.types.get(code, code)}", f"Date: {day.isoformat()}"]
        if amount is not None:
            parts.insert(0, f"Amount: {labels.value('milestone', 'amount', str(amount))}")
        values[record_id] = " · ".join(parts)
    sessions = tx.execute(
        select(
            CounselingSession.id,
            CounselingSession.date,
            CounselingSession.contact_type,
            CounselingSession.contact_minutes,
        ).where(CounselingSession.client_id == client_id)
    )
    for record_id, day, contact_type, minutes in sessions:
        contact = labels.value("counseling_session", "contact_type", contact_type)
        values[record_id] = f"Contact type: {contact} · Contact minutes: {minutes} · Date: {day.isoformat()}"
    return values


def client_history(tx: Session, client_id: uuid.UUID, *, offset: int = 0, limit: int = PAGE) -> list[HistoryRow]:
    """One page of the client's history, newest first (its milestones' and sessions' changes included)."""
    records = _activity_records(tx, client_id)
    wanted = or_(
        and_(AuditEntry.record_type == "client", AuditEntry.record_id == client_id),
        AuditEntry.record_id.in_(list(records)) if records else false(),
    )
    rows = tx.execute(
        select(
            AuditEntry.at,
            AuditEntry.counselor_id,
            AuditEntry.record_type,
            AuditEntry.record_id,
            AuditEntry.action,
            AuditEntry.field,
            AuditEntry.old_value,
            AuditEntry.new_value,
        )
        .where(wanted)
        # A deleted record's fields are listed under the one delete row; "client_id" says nothing new.
        .where(or_(AuditEntry.action != "delete", AuditEntry.field.is_(None), AuditEntry.field != "client_id"))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset(offset)
        .limit(limit)
    ).all()
    labels = _Labels(tx)
    created = (
        _created_values(tx, client_id, labels)
        if any(action == "create" and record_type != "client" for _, _, record_type, _, action, *_ in rows)
        else {}
    )
    out: list[HistoryRow] = []
    for at, who, record_type, record_id, action, field, old, new in rows:
        record = "Client" if record_type == "client" else records.get(record_id, (record_type, record_type))[1]
        shown_new = labels.value(record_type, field, new)
        if action == "create" and field is None and not shown_new:
            shown_new = created.get(record_id, "")  # nothing recorded on create: the record's values now
        out.append(
            HistoryRow(
                at=at,
                who=labels.counselors.get(str(who), "") if who is not None else "",
                record=record,
                action=ACTIONS.get(action, action),
                field=labels.field(record_type, field),
                old=labels.value(record_type, field, old),
                new=shown_new,
            )
        )
    return out


def history_page(db: Database, client_id: uuid.UUID, offset: int = 0, limit: int = PAGE) -> list[HistoryRow]:
    """client_history in its own read-only unit, for screens."""
    with db.reading() as tx:
        return client_history(tx, client_id, offset=offset, limit=limit)
