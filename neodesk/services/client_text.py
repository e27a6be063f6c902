"""A client record as the app shows it: field labels with picklist labels and people's names.

``neodesk client N`` (without ``--json``) printed codes and ids ("Company Status: B", "Primary
counselor: e1cac0aa-…"); it now prints what the Profile shows. ``--json`` keeps the codes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from neodesk.catalog.fields import CLIENT_FIELDS, Kind
from neodesk.catalog.picklists import label
from neodesk.services.reference import Choice, centers, counselors, picklist_choices


@dataclass(frozen=True, slots=True)
class ShownField:
    label: str
    text: str


def display_text(kind: Kind, value: Any, choices: Sequence[Choice] | None, picklist: str | None) -> str:
    """One value as the Profile shows it."""
    if value is None or value == "" or value == ():
        return ""
    named = {c.code: c.label for c in choices or ()}
    if kind in (Kind.PICKLIST, Kind.REFERENCE):
        code = str(value)
        return named.get(code) or (label(picklist, code) if picklist else code)
    if kind is Kind.CODE_SET:
        codes = sorted(value) if isinstance(value, (set, frozenset)) else list(value)
        return ", ".join(named.get(c) or (label(picklist, c) if picklist else c) for c in codes)
    if kind is Kind.BOOL:
        return "yes" if value else "no"
    if kind in (Kind.MONEY, Kind.SIGNED_MONEY) and isinstance(value, Decimal | int):
        return f"{value:,.2f}"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def client_text_rows(tx: Session, values: Mapping[str, Any]) -> list[ShownField]:
    """Every client field (domain.md order) as label and shown text."""
    choices: dict[str, Sequence[Choice]] = dict(picklist_choices(tx))
    choices["counselor_id"] = [Choice(str(c.id), c.name, c.active) for c in counselors(tx, active_only=False)]
    choices["center_id"] = [Choice(str(c.id), c.name, True) for c in centers(tx)]
    rows = []
    for spec in CLIENT_FIELDS:
        if spec.key not in values:
            continue
        picklist = spec.picklist or (spec.key if spec.kind in (Kind.PICKLIST, Kind.CODE_SET) else None)
        shown = choices.get(spec.picklist or spec.key)
        rows.append(ShownField(spec.label, display_text(spec.kind, values[spec.key], shown, picklist)))
    return rows
