"""What every window and dialog needs to know: the open database and who is signed in."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from neodesk.models import Database
from neodesk.services.identity import (
    IdentityRefused,
    IdentityRequired,
    active_choices,
    find_active,
    remember_counselor,
    remembered_counselor,
    resolve_counselor,
)
from neodesk.services.passphrase import AdminGate


class SignInCancelled(LookupError):
    """Nobody was chosen in the CounselorChooser: the app cannot act for anyone."""


@dataclass(frozen=True, slots=True)
class AppContext:
    db: Database
    counselor_id: uuid.UUID | None
    counselor_name: str
    is_admin: bool
    # Who proved their administrator passphrase in this run (shared by the replaced copies of the context).
    admin_gate: AdminGate = field(default_factory=AdminGate)

    @classmethod
    def for_database(cls, db: Database) -> AppContext:
        """Who is working (neodesk.services.identity); when that needs the user, the CounselorChooser asks."""
        with db.session() as session:
            try:
                counselor = resolve_counselor(session, remembered=remembered_counselor(db.label))
            except IdentityRefused as exc:
                choices = active_choices(session)
                if not choices:
                    raise
                from neodesk.ui.counselor_chooser import ask_counselor

                # Several active and none named: the app's own words (the exception's are for the CLI).
                several = isinstance(exc, IdentityRequired)
                reason = "Several counselors work with this database." if several else str(exc)
                email = ask_counselor(None, choices, reason, db.label)
                if email is None:
                    raise SignInCancelled(
                        f"{exc} Nobody was chosen, so NeoDesk closed without changing anything."
                    ) from exc
                counselor = find_active(session, email)
                remember_counselor(db.label, email)
            return cls(db, counselor.id, counselor.name, counselor.is_admin)
