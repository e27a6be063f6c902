"""What the client editor shows: the choices of its picklist fields and one client's stored values.

The editor calls these (one unit of work each) and keeps only the plain values they return; its save
is neodesk.services.client_sync.save_client_with_sync.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from neodesk.models import Database
from neodesk.services.clients import client_values, get_client
from neodesk.services.edit_merge import EditBase
from neodesk.services.reference import Choice, centers, counselors, picklist_choices


@dataclass(frozen=True, slots=True)
class ClientForm:
    """A stored client as the editor loads it."""

    client_id: uuid.UUID
    client_no: int
    name: str
    values: Mapping[str, Any]  # every field by key (client_values)
    base: EditBase  # the revision and values a save merges against


def profile_choices(db: Database) -> dict[str, tuple[Choice, ...]]:
    """Every picklist's values, plus the counselors and centers a client may name (inactive ones flagged)."""
    with db.reading() as tx:
        choices = {name: tuple(values) for name, values in picklist_choices(tx).items()}
        choices["counselor_id"] = tuple(Choice(str(c.id), c.name, c.active) for c in counselors(tx, active_only=False))
        choices["center_id"] = tuple(Choice(str(c.id), c.name, c.active) for c in centers(tx))
    return choices


def load_client_form(db: Database, client_id: uuid.UUID) -> ClientForm:
    """One client's stored values. Raises NotFound when it was deleted."""
    with db.reading() as tx:
        client = get_client(tx, client_id)
        values = client_values(client)
        return ClientForm(
            client.id, client.client_no, client.name, MappingProxyType(values), EditBase(client.revision, values)
        )
