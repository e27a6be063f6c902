"""What every window and dialog needs to know: the open database and who is signed in."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from neodesk.models import Database
from neodesk.services.reference import current_counselor


@dataclass(frozen=True, slots=True)
class AppContext:
    db: Database
    counselor_id: uuid.UUID | None
    counselor_name: str
    is_admin: bool

    @classmethod
    def for_database(cls, db: Database) -> AppContext:
        """The signed-in counselor per NEODESK_COUNSELOR, else the first active administrator."""
        with db.session() as session:
            counselor = current_counselor(session)
            return cls(db, counselor.id, counselor.name, counselor.is_admin)
