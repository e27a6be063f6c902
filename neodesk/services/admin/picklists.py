"""Picklist values: add, relabel, inactivate, reactivate (domain.md: "Administrators may add…").

A value's code never changes once added; an inactive value stays on old records and is no longer offered.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from neodesk.catalog.field_rules import text_problem
from neodesk.catalog.fields import CLIENT_FIELDS
from neodesk.catalog.nexus import NEXUS_PICKLISTS
from neodesk.catalog.picklists import PICKLISTS
from neodesk.models import Database, PicklistValue
from neodesk.services.admin.access import require_admin
from neodesk.services.admin.audit import Saved, log_change, who
from neodesk.services.admin.checks import check_name, clean_text, fold, refuse_if_any
from neodesk.services.changes import Changes, Kind
from neodesk.services.errors import FieldProblem, NotFound, ValidationFailed

PICKLIST_CODE_MAX = 120
WHAT = "picklists"

# Picklists that are the SBA upload schema's enumerations: a value added here could not be uploaded.
SCHEMA_PICKLISTS: frozenset[str] = frozenset(NEXUS_PICKLISTS)

# Values the app's own rules write or test for; inactivating one would make the rules write values the
# editors then refuse. picklist -> {code: why}.
PROTECTED_VALUES: dict[str, dict[str, str]] = {
    "company_status": dict.fromkeys(("P", "S", "B", "PC"), "the in-business rules and the milestone rules use it"),
    "client_type": {"AC": "new clients get it", "IC": "inactivated clients get it"},
    "international_trade": dict.fromkeys(("None", "Exporter", "Importer/Exporter"), "the export rules use it"),
    "session_type": {"Follow-up": "follow-up sessions get it", "Initial/New": "the session rules use it"},
}


def picklist_labels() -> dict[str, str]:
    """Picklist name -> what a counselor calls it (the label of the field that uses it)."""
    named = {
        "session_type": "Session type",
        "contact_type": "Contact type",
        "counseling_area": "Counseling area",
        "country": "Country",
        "race": "Race",
    }
    for spec in CLIENT_FIELDS:
        if spec.picklist and spec.picklist not in named:
            named[spec.picklist] = spec.label
    return {name: named.get(name, name.replace("_", " ").capitalize()) for name in PICKLISTS}


def _picklist_value(tx: Session, picklist: str, code: str) -> PicklistValue:
    found = tx.scalars(
        select(PicklistValue).where(PicklistValue.picklist == picklist, PicklistValue.code == code)
    ).first()
    if found is None:
        raise NotFound(f"The picklist {picklist} has no value {code}.")
    return found


def _check_label(tx: Session, picklist: str, raw: Any, problems: list[FieldProblem], *, own: str | None) -> str:
    label = check_name(problems, "label", "Label", raw)
    if label:
        rows = tx.scalars(select(PicklistValue).where(PicklistValue.picklist == picklist))
        if any(r.code != own and fold(r.label) == fold(label) for r in rows):
            problems.append(FieldProblem("label", f"Label: this picklist already has a value labelled {label}."))
    return label


def _changed(actor: str, action: str, picklist: str, code: str, row_id: uuid.UUID) -> Changes:
    log_change(actor, action, Kind.PICKLIST, f"{picklist}/{code}")
    return Changes.of(Kind.PICKLIST, row_id)


def add_picklist_value(
    db: Database, actor_id: uuid.UUID | None, picklist: str, code: str | None, label: str
) -> Saved[str]:
    """Add a value to a picklist; a blank code takes the label (as the spec's label-coded lists do).

    Its value is the code, which never changes afterwards.
    """
    with db.unit_of_work(actor_id) as tx:
        actor = who(require_admin(tx, actor_id, WHAT))
        if picklist not in PICKLISTS:
            raise NotFound(f"There is no picklist {picklist}.")
        problems: list[FieldProblem] = []
        if picklist in SCHEMA_PICKLISTS:
            problems.append(
                FieldProblem(
                    "picklist",
                    f"{picklist_labels()[picklist]}: its values are fixed by the "
                    "SBA upload schema, so no value can be added.",
                )
            )
            refuse_if_any(problems)
        clean_label = _check_label(tx, picklist, label, problems, own=None)
        clean_code = clean_text(code) or clean_label
        if len(clean_code) > PICKLIST_CODE_MAX:
            problems.append(FieldProblem("code", f"Code: must be at most {PICKLIST_CODE_MAX} characters."))
        elif (problem := text_problem(clean_code, PICKLIST_CODE_MAX)) is not None:
            problems.append(FieldProblem("code", f"Code: {problem}"))
        elif clean_code:
            existing = tx.scalars(select(PicklistValue.code).where(PicklistValue.picklist == picklist))
            if any(fold(c) == fold(clean_code) for c in existing):
                problems.append(FieldProblem("code", f"Code: this picklist already has the code {clean_code}."))
        refuse_if_any(problems)
        order = tx.scalar(select(func.max(PicklistValue.sort_order)).where(PicklistValue.picklist == picklist)) or 0
        row = PicklistValue(
            picklist=picklist, code=clean_code, label=clean_label, active=True, sort_order=order + 1, standard=False
        )
        tx.add(row)
        tx.flush()
        row_id = row.id
    return Saved(clean_code, _changed(actor, "added", picklist, clean_code, row_id))


def relabel_picklist_value(db: Database, actor_id: uuid.UUID | None, picklist: str, code: str, label: str) -> Changes:
    """Change how a value is shown; records keep its code."""
    with db.unit_of_work(actor_id) as tx:
        actor = who(require_admin(tx, actor_id, WHAT))
        row = _picklist_value(tx, picklist, code)
        problems: list[FieldProblem] = []
        clean = _check_label(tx, picklist, label, problems, own=code)
        refuse_if_any(problems)
        row.label = clean
        row_id = row.id
    return _changed(actor, "relabelled", picklist, code, row_id)


def set_picklist_value_active(
    db: Database, actor_id: uuid.UUID | None, picklist: str, code: str, active: bool
) -> Changes:
    """Inactivate (kept on old records, no longer offered) or reactivate a value."""
    with db.unit_of_work(actor_id) as tx:
        actor = who(require_admin(tx, actor_id, WHAT))
        row = _picklist_value(tx, picklist, code)
        why = PROTECTED_VALUES.get(picklist, {}).get(code)
        if not active and why:
            raise ValidationFailed([FieldProblem("active", f"{row.label}: cannot be inactivated because {why}.")])
        row.active = bool(active)
        row_id = row.id
    return _changed(actor, "reactivated" if active else "inactivated", picklist, code, row_id)
