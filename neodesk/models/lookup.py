"""Finding a client by what a person types: the number shown in the app, or the UUID.

Here, below both the use cases and the report queries, because both look clients up this way
(neodesk.services.clients re-exports it); it raises neodesk.errors.NotFound with the CLI's sentence.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from neodesk.errors import NotFound
from neodesk.models.client import Client


def get_client(tx: Session, ref: str | int | uuid.UUID) -> Client:
    """A client by number (as shown in the app) or UUID."""
    client: Client | None
    if isinstance(ref, uuid.UUID):
        client = tx.get(Client, ref)
    elif isinstance(ref, int) or str(ref).strip().isdigit():
        client = tx.scalars(select(Client).where(Client.client_no == int(ref))).first()
    else:
        try:
            client = tx.get(Client, uuid.UUID(str(ref).strip()))
        except ValueError:
            client = None
    if client is None:
        raise NotFound(f"No client {ref} in this database.")
    return client
