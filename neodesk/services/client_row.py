"""One line of the client list (no SQLAlchemy): shared by search_clients and the start-up's quick read."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # not imported at run time: the start-up reads the list before it needs uuid
    import uuid
    from datetime import date


class ClientRow(NamedTuple):
    """One line of the client list."""

    id: uuid.UUID
    client_no: int
    name: str
    company_status: str
    city: str | None
    counselor: str | None
    last_activity: date | None
    active: bool
