"""One line of the client list (no SQLAlchemy): shared by search_clients and the start-up's quick read."""

from __future__ import annotations

import uuid
from datetime import date
from typing import NamedTuple


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
