"""Funding sources and centers: a short unique code, a name, active or not (a center also its SBA
location code).

Records refer to both by id, so a code may be corrected; neither is ever deleted.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from neodesk.catalog.nexus import is_location_code
from neodesk.models import Center, Database, FundingSource
from neodesk.services.admin.access import require_admin
from neodesk.services.admin.audit import Saved, log_change, who
from neodesk.services.admin.checks import check_name, clean_text, fold, refuse_if_any
from neodesk.services.changes import Changes, Kind
from neodesk.services.errors import FieldProblem, NotFound

CODE_MAX = 40  # funding source and center codes (the column width)
_REFERENCE_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
Coded = TypeVar("Coded", FundingSource, Center)


@dataclass(frozen=True, slots=True)
class CodedInput:
    """A funding source or a center: a short code, a name, active or not."""

    code: str
    name: str
    active: bool = True
    # Centers only: the SBA location code as typed ("" = none); None leaves the stored one unchanged.
    location_code: str | None = None


def _check_keeps_a_funding_source(tx: Session, row: FundingSource | None, active: bool) -> list[FieldProblem]:
    # Milestones and sessions need a funding source; with none active nobody could log one.
    if active or row is None or not row.active:
        return []
    others = tx.scalar(
        select(func.count())
        .select_from(FundingSource)
        .where(FundingSource.active.is_(True), FundingSource.id != row.id)
    )
    return [] if others else [FieldProblem("active", "At least one funding source must stay active.")]


def _save_coded(tx: Session, model: type[Coded], record_id: uuid.UUID | None, data: CodedInput) -> uuid.UUID:
    """Funding sources and centers share their shape: a unique short code, a name, active."""
    row = tx.get(model, record_id) if record_id is not None else None
    if record_id is not None and row is None:
        raise NotFound("The record was deleted.")
    problems: list[FieldProblem] = []
    code = clean_text(data.code)
    if not code:
        problems.append(FieldProblem("code", f"Code: is required (1 to {CODE_MAX} characters)."))
    elif (row is None or code != row.code) and (len(code) > CODE_MAX or not _REFERENCE_CODE.match(code)):
        problems.append(
            FieldProblem(
                "code", f"Code: use up to {CODE_MAX} letters, digits, '-', '_' or '.', starting with a letter or digit."
            )
        )
    elif any(r.id != record_id and fold(r.code) == fold(code) for r in tx.scalars(select(model))):
        problems.append(FieldProblem("code", f"Code: {code} is already used."))
    name = check_name(problems, "name", "Name", data.name)
    if isinstance(row, FundingSource):
        problems += _check_keeps_a_funding_source(tx, row, data.active)
    location = _check_location_code(problems, data.location_code) if model is Center else None
    refuse_if_any(problems)
    if row is None:
        row = model(code=code, name=name, active=bool(data.active))
        tx.add(row)
    else:
        row.code, row.name, row.active = code, name, bool(data.active)
    if isinstance(row, Center) and data.location_code is not None:
        row.sba_location_code = location
    tx.flush()
    return row.id


def _check_location_code(problems: list[FieldProblem], text: str | None) -> int | None:
    clean = (text or "").strip()
    if not clean:
        return None
    if not (clean.isascii() and clean.isdigit()) or not is_location_code(int(clean)):  # ASCII digits only
        problems.append(
            FieldProblem(
                "location_code",
                "SBA location code: a number from 1 to 9999999 (the SBA gives it to your center), or blank.",
            )
        )
        return None
    return int(clean)


def _changed(actor: str, action: str, kind: Kind, record_id: uuid.UUID) -> Changes:
    log_change(actor, action, kind, record_id)
    return Changes.of(kind, record_id)


def save_funding_source(
    db: Database, actor_id: uuid.UUID | None, record_id: uuid.UUID | None, data: CodedInput
) -> Saved[uuid.UUID]:
    """Add (record_id None) or edit a funding source; its value is the id. Records refer to it by id, so
    correcting a code is safe."""
    with db.unit_of_work(actor_id) as tx:
        actor = who(require_admin(tx, actor_id, "funding sources"))
        saved_id = _save_coded(tx, FundingSource, record_id, data)
    action = "added" if record_id is None else "edited"
    return Saved(saved_id, _changed(actor, action, Kind.FUNDING_SOURCE, saved_id))


def save_center(
    db: Database, actor_id: uuid.UUID | None, record_id: uuid.UUID | None, data: CodedInput
) -> Saved[uuid.UUID]:
    """Add (record_id None) or edit a center; its value is the id."""
    with db.unit_of_work(actor_id) as tx:
        actor = who(require_admin(tx, actor_id, "centers"))
        saved_id = _save_coded(tx, Center, record_id, data)
    action = "added" if record_id is None else "edited"
    return Saved(saved_id, _changed(actor, action, Kind.CENTER, saved_id))


def set_funding_source_active(db: Database, actor_id: uuid.UUID | None, record_id: uuid.UUID, active: bool) -> Changes:
    with db.unit_of_work(actor_id) as tx:
        actor = who(require_admin(tx, actor_id, "funding sources"))
        row = tx.get(FundingSource, record_id)
        if row is None:
            raise NotFound("The funding source was deleted.")
        refuse_if_any(_check_keeps_a_funding_source(tx, row, active))
        row.active = bool(active)
    return _changed(actor, "reactivated" if active else "inactivated", Kind.FUNDING_SOURCE, record_id)


def set_center_active(db: Database, actor_id: uuid.UUID | None, record_id: uuid.UUID, active: bool) -> Changes:
    with db.unit_of_work(actor_id) as tx:
        actor = who(require_admin(tx, actor_id, "centers"))
        row = tx.get(Center, record_id)
        if row is None:
            raise NotFound("The center was deleted.")
        row.active = bool(active)
    return _changed(actor, "reactivated" if active else "inactivated", Kind.CENTER, record_id)
