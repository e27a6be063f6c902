"""Counselors: name, email, role (counselor or administrator), default funding source, active.

There is always at least one active administrator: the last one cannot be demoted or inactivated.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from neodesk.catalog.field_rules import text_problem
from neodesk.models import Counselor, Database, FundingSource
from neodesk.services.admin.access import require_admin
from neodesk.services.admin.audit import Saved, log_change, who
from neodesk.services.admin.checks import check_name, clean_text, fold, refuse_if_any
from neodesk.services.changes import Changes, Kind
from neodesk.services.errors import FieldProblem, NotFound

ROLES: dict[str, str] = {"counselor": "Counselor", "administrator": "Administrator"}
EMAIL_MAX = 320
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
WHAT = "counselors"


@dataclass(frozen=True, slots=True)
class CounselorInput:
    name: str
    email: str
    role: str = "counselor"
    active: bool = True
    default_funding_source_id: uuid.UUID | None = None


def _active_admins(tx: Session, excluding: uuid.UUID | None) -> int:
    query = (
        select(func.count()).select_from(Counselor).where(Counselor.role == "administrator", Counselor.active.is_(True))
    )
    if excluding is not None:
        query = query.where(Counselor.id != excluding)
    return int(tx.scalar(query) or 0)


def _check_counselor(tx: Session, data: CounselorInput, row: Counselor | None) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    check_name(problems, "name", "Name", data.name)
    email = clean_text(data.email)
    # The seeded administrator's "admin@localhost" predates the rule; keeping an unchanged address is fine.
    unchanged = row is not None and email == row.email
    if not email:
        problems.append(FieldProblem("email", "Email: is required (it identifies the counselor)."))
    elif not unchanged and (len(email) > EMAIL_MAX or not _EMAIL.match(email) or text_problem(email, EMAIL_MAX)):
        problems.append(FieldProblem("email", "Email: enter an email address such as name@example.com."))
    elif any(c.id != (row.id if row else None) and fold(c.email) == fold(email) for c in tx.scalars(select(Counselor))):
        problems.append(FieldProblem("email", f"Email: another counselor already uses {email}."))
    if data.role not in ROLES:
        problems.append(FieldProblem("role", "Role: choose Counselor or Administrator."))
    if data.default_funding_source_id is not None:
        source = tx.get(FundingSource, data.default_funding_source_id)
        kept = row is not None and row.default_funding_source_id == data.default_funding_source_id
        if source is None or (not source.active and not kept):
            problems.append(
                FieldProblem("default_funding_source_id", "Default funding source: choose an active funding source.")
            )
    stays_admin = data.role == "administrator" and data.active
    if row is not None and row.is_admin and row.active and not stays_admin and not _active_admins(tx, row.id):
        key = "active" if not data.active else "role"
        problems.append(
            FieldProblem(
                key, f"{row.name} is the only active administrator; make another counselor an administrator first."
            )
        )
    return problems


def _counselor(tx: Session, counselor_id: uuid.UUID) -> Counselor:
    row = tx.get(Counselor, counselor_id)
    if row is None:
        raise NotFound("The counselor was deleted.")
    return row


def _apply_counselor(tx: Session, row: Counselor, data: CounselorInput) -> None:
    refuse_if_any(_check_counselor(tx, data, row))
    row.name, row.email, row.role = clean_text(data.name), clean_text(data.email), data.role
    row.active, row.default_funding_source_id = bool(data.active), data.default_funding_source_id


def _changed(actor: str, action: str, counselor_id: uuid.UUID) -> Changes:
    log_change(actor, action, Kind.COUNSELOR, counselor_id)
    return Changes.of(Kind.COUNSELOR, counselor_id)


def add_counselor(db: Database, actor_id: uuid.UUID | None, data: CounselorInput) -> Saved[uuid.UUID]:
    """Add a counselor (or administrator); its value is the new id."""
    with db.unit_of_work(actor_id) as tx:
        actor = who(require_admin(tx, actor_id, WHAT))
        refuse_if_any(_check_counselor(tx, data, None))
        row = Counselor(
            name=clean_text(data.name),
            email=clean_text(data.email),
            role=data.role,
            active=bool(data.active),
            default_funding_source_id=data.default_funding_source_id,
        )
        tx.add(row)
        tx.flush()
        new_id = row.id
    return Saved(new_id, _changed(actor, "added", new_id))


def update_counselor(
    db: Database, actor_id: uuid.UUID | None, counselor_id: uuid.UUID, data: CounselorInput
) -> Changes:
    """Edit a counselor; the last active administrator cannot be demoted or inactivated."""
    with db.unit_of_work(actor_id) as tx:
        actor = who(require_admin(tx, actor_id, WHAT))
        _apply_counselor(tx, _counselor(tx, counselor_id), data)
    return _changed(actor, "edited", counselor_id)


def set_counselor_active(db: Database, actor_id: uuid.UUID | None, counselor_id: uuid.UUID, active: bool) -> Changes:
    """Inactivate (no longer offered as a counselor, kept on records) or reactivate a counselor."""
    with db.unit_of_work(actor_id) as tx:
        actor = who(require_admin(tx, actor_id, WHAT))
        row = _counselor(tx, counselor_id)
        _apply_counselor(
            tx, row, CounselorInput(row.name, row.email, row.role, bool(active), row.default_funding_source_id)
        )
    return _changed(actor, "reactivated" if active else "inactivated", counselor_id)
