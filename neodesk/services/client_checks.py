"""Checks when a client is created: a duplicate of an existing client, and the center it belongs to.

- Duplicates (issue 13, defect 12): a second "Adams Supply" was created without a word. The check is a
  query returning plain rows; what to do about them is the counselor's decision, asked through the small
  :class:`DuplicateDecider` interface (a dialog in the app, ``--allow-duplicate`` in the CLI).
- The center (defect 11): a new client belongs to the signed-in counselor's center, shown in the form;
  a center without an SBA location code is worth a warning, since its sessions cannot be uploaded.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from neodesk.catalog.fields import NEW_CLIENT_DEFAULTS
from neodesk.models import Center, Client, Database
from neodesk.models.search import fold

# Fields whose match makes two clients "the same", with the words the warning uses.
DUPLICATE_KEYS: Mapping[str, str] = {"name": "same name", "uei": "same UEI", "contact_email": "same e-mail"}


@dataclass(frozen=True, slots=True)
class DuplicateRow:
    """An existing client that looks like the one being saved, and why."""

    client_id: uuid.UUID
    client_no: int
    name: str
    reason: str  # "same name", "same UEI, same e-mail"

    @property
    def sentence(self) -> str:
        return f"Client {self.client_no}, {self.name}, has the {self.reason.replace(', ', ' and the ')}."


class DuplicateDecider(Protocol):
    """Asked once per save that found duplicates: True saves anyway; False writes nothing."""

    def save_anyway(self, duplicates: Sequence[DuplicateRow]) -> bool: ...


def duplicate_check_needed(is_new: bool, changes: Mapping[str, Any]) -> bool:
    return is_new or any(key in changes for key in DUPLICATE_KEYS)


def find_duplicates(tx: Session, values: Mapping[str, Any], exclude: uuid.UUID | None = None) -> list[DuplicateRow]:
    """Clients with the same name (case and accents ignored), UEI or contact e-mail; at most 5."""
    name = str(values.get("name") or "").strip()
    uei = str(values.get("uei") or "").strip().upper()
    email = str(values.get("contact_email") or "").strip().lower()
    tests = []
    if name:
        tests.append(Client.name_sort == fold(name)[:200])
    if uei:
        tests.append(Client.uei == uei)
    if email:
        tests.append(func.lower(Client.contact_email) == email)
    if not tests:
        return []
    query = select(Client.id, Client.client_no, Client.name, Client.name_sort, Client.uei, Client.contact_email)
    query = query.where(or_(*tests)).order_by(Client.client_no).limit(5)
    if exclude is not None:
        query = query.where(Client.id != exclude)
    rows = []
    for cid, number, found_name, name_sort, found_uei, found_email in tx.execute(query):
        reasons = [
            DUPLICATE_KEYS["name"] if name and name_sort == fold(name)[:200] else "",
            DUPLICATE_KEYS["uei"] if uei and found_uei == uei else "",
            DUPLICATE_KEYS["contact_email"] if email and (found_email or "").lower() == email else "",
        ]
        rows.append(DuplicateRow(cid, number, found_name, ", ".join(r for r in reasons if r)))
    return rows


def default_center_id(tx: Session, counselor_id: uuid.UUID | None) -> uuid.UUID | None:
    """The signed-in counselor's center: where their newest client is, else the first active center
    that has an SBA location code, else the first center."""
    if counselor_id is not None:
        found = tx.scalars(
            select(Client.center_id)
            .where(Client.counselor_id == counselor_id, Client.center_id.is_not(None))
            .order_by(Client.created_at.desc())
            .limit(1)
        ).first()
        if found is not None:
            return found
    return tx.scalars(
        select(Center.id).order_by(Center.active.desc(), Center.sba_location_code.is_(None), Center.created_at).limit(1)
    ).first()


def new_client_defaults(db: Database, counselor_id: uuid.UUID | None) -> dict[str, Any]:
    """What a blank New Client form shows, the center included (so the form shows what will be saved)."""
    with db.reading() as tx:
        center = default_center_id(tx, counselor_id)
    return {**NEW_CLIENT_DEFAULTS, "counselor_id": counselor_id, "center_id": center}


def center_warnings(tx: Session, center_id: uuid.UUID | None) -> list[str]:
    """A non-blocking warning when the client's center cannot appear in the SBA upload."""
    center = tx.get(Center, center_id) if center_id is not None else None
    if center is None or center.sba_location_code is not None:
        return []
    return [
        f"The center \u201c{center.name}\u201d has no SBA location code: this client's counseling sessions "
        "are left out of the SBA upload until an administrator enters one (Admin ▸ Centers)."
    ]
