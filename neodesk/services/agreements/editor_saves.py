"""The AgreementEditor's saves (agreements.md §12): header fields, one milestone, removing a pending
milestone, and the stamp that tells whether the agreement changed since the editor loaded it.

Each save is one unit of work that re-reads the stored stamp first: when someone else changed the
agreement meanwhile the save is refused with a sentence (nothing overwritten) and the editor offers
to reload. Header and milestone saves go through `update_agreement`, so every §1 refusal is the same
sentence the CLI prints.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from neodesk.agreements.statuses import EventStatus
from neodesk.agreements.transitions import edit_refusal
from neodesk.models import Agreement, AgreementCondition, AgreementEvent, AgreementMilestone, Database
from neodesk.services.agreements.common import acting, history, load_agreement, refused
from neodesk.services.agreements.editing import update_agreement
from neodesk.services.agreements.reading import agreement_definition

HEADER_KEYS = ("title", "counterparty", "contact_name", "contact_email", "contact_phone", "notes")


def stamp_in(tx: Session, agreement_id: uuid.UUID) -> str:
    """The highest change number over the agreement and its parts, with how many parts there are."""
    M, C, E = AgreementMilestone, AgreementCondition, AgreementEvent
    top = tx.scalar(select(Agreement.revision).where(Agreement.id == agreement_id)) or 0
    parts = 0
    for query in (
        select(func.max(M.revision), func.count()).where(M.agreement_id == agreement_id),
        select(func.max(C.revision), func.count())
        .join(M, M.id == C.milestone_id)
        .where(M.agreement_id == agreement_id),
        select(func.max(E.revision), func.count()).where(E.agreement_id == agreement_id),
    ):
        high, count = tx.execute(query).one()
        top, parts = max(top, high or 0), parts + count
    return f"{top}:{parts}"


def agreement_stamp(db: Database, number: str) -> str:
    with db.reading() as tx:
        agreement_id = tx.scalar(select(Agreement.id).where(Agreement.number == number))
        return stamp_in(tx, agreement_id) if agreement_id else ""


def stale_refusal(number: str) -> str:
    return f"agreement {number} was changed by someone else since you opened it: reload to see it (nothing saved)"


def check_stamp(tx: Session, agreement: Agreement, expected: str | None) -> None:
    if expected is not None and stamp_in(tx, agreement.id) != expected:
        raise refused(stale_refusal(agreement.number), "revision")


def _base(shown: dict[str, Any]) -> dict[str, Any]:
    keys = ("title", "kind", "client", "amount", "start", "end", "status", *HEADER_KEYS[1:])
    return {key: shown[key] for key in keys}


def save_header(
    db: Database,
    number: str,
    fields: dict[str, str | None],
    *,
    stamp: str,
    counselor_email: str | uuid.UUID | None = None,
) -> str:
    """The editor's header fields (title, counterparty, contacts, notes); the new stamp."""
    unknown = sorted(set(fields) - set(HEADER_KEYS))
    if unknown:
        raise refused(f"agreement {number}: {', '.join(unknown)} cannot be changed here", unknown[0])
    definition = _base(agreement_definition(db, number)) | {k: (v or None) for k, v in fields.items()}
    definition["title"] = definition["title"] or ""
    update_agreement(db, number, json.dumps(definition), counselor_email=counselor_email, expected_stamp=stamp)
    return agreement_stamp(db, number)


def save_milestone(
    db: Database,
    number: str,
    milestone: dict[str, Any],
    *,
    stamp: str,
    counselor_email: str | uuid.UUID | None = None,
) -> str:
    """Add a milestone or change a pending one (its §11 definition); the new stamp.

    The other milestones go along as `show --json` has them (unchanged, so left alone), so that a
    condition of this one may wait for any of them."""
    shown = agreement_definition(db, number)
    others = [m for m in shown["milestones"] if m["code"] != milestone.get("code")]
    at = next((i for i, m in enumerate(shown["milestones"]) if m["code"] == milestone.get("code")), len(others))
    definition = _base(shown) | {"milestones": [*others[:at], milestone, *others[at:]]}
    update_agreement(db, number, json.dumps(definition), counselor_email=counselor_email, expected_stamp=stamp)
    return agreement_stamp(db, number)


def remove_milestone(
    db: Database, number: str, code: str, *, stamp: str, counselor_email: str | uuid.UUID | None = None
) -> str:
    """Remove a pending milestone no other milestone waits for; the new stamp."""
    with db.unit_of_work() as tx:
        acting(tx, counselor_email)
        agreement = load_agreement(tx, number, for_update=True)
        check_stamp(tx, agreement, stamp)
        row = next((m for m in agreement.milestones if m.code == code), None)
        if row is None:
            raise refused(f"agreement {number} has no milestone {code}", "milestone")
        problem = edit_refusal(code, row.status)
        if problem:
            raise refused(problem, "milestone")
        waiting = sorted(m.code for m in agreement.milestones for c in m.conditions if c.target_milestone_id == row.id)
        if waiting:
            raise refused(f"{', '.join(waiting)} waits for {code}: change that condition first", "milestone")
        if any(e.status != EventStatus.PENDING for e in row.events):
            raise refused(f"{code} has an event that is not pending and cannot be removed", "milestone")
        history(tx, agreement, "milestone", row.id, code, "remove", row.status, None)
        agreement.milestones.remove(row)
    return agreement_stamp(db, number)
