"""What every window and dialog needs to know: the open database and who is signed in."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QThread

from neodesk.services.identity import (
    IdentityRefused,
    IdentityRequired,
    counselor_choices,
    remember_counselor,
    remembered_counselor,
    sign_in,
    sign_in_as,
)
from neodesk.services.passphrase import AdminGate
from neodesk.ui.counselor_chooser import ask_counselor

if TYPE_CHECKING:
    from neodesk.models import Database


class SignInCancelled(LookupError):
    """Nobody was chosen in the CounselorChooser: the app cannot act for anyone."""


class IdentityPending(IdentityRefused):
    """Sign-in needs the user, but the database was opened off the GUI thread (neodesk.ui.start_opener),
    where no dialog may be shown: the window's finish_start calls `ask()` on the GUI thread."""

    def __init__(self, db: Database, refused: IdentityRefused) -> None:
        super().__init__(str(refused))
        self.db = db
        self.refused = refused

    def ask(self) -> AppContext:
        return AppContext.ask_who(self.db, self.refused)


def _on_gui_thread() -> bool:
    app = QCoreApplication.instance()
    return app is None or QThread.currentThread() is app.thread()


@dataclass(frozen=True, slots=True)
class AppContext:
    db: Database
    counselor_id: uuid.UUID  # always someone: for_database resolves or asks, else start-up stops
    counselor_name: str
    is_admin: bool
    # Who proved their administrator passphrase in this run (shared by the replaced copies of the context).
    admin_gate: AdminGate = field(default_factory=AdminGate)

    @classmethod
    def for_database(cls, db: Database) -> AppContext:
        """Who is working (neodesk.services.identity); when that needs the user, the CounselorChooser asks
        (on the GUI thread; elsewhere IdentityPending carries the question to it)."""
        try:
            me = sign_in(db, remembered=remembered_counselor(db.label))
        except IdentityRefused as exc:
            if not _on_gui_thread():
                raise IdentityPending(db, exc) from exc
            return cls.ask_who(db, exc)
        return cls(db, me.id, me.name, me.is_admin)

    @classmethod
    def ask_who(cls, db: Database, refused: IdentityRefused) -> AppContext:
        """The CounselorChooser, saying why it asks; the answer is remembered. GUI thread only."""
        choices = counselor_choices(db)
        if not choices:
            raise refused
        # Several active and none named: the app's own words (the exception's are for the CLI).
        several = isinstance(refused, IdentityRequired)
        reason = "Several counselors work with this database." if several else str(refused)
        email = ask_counselor(None, choices, reason, db.label)
        if email is None:
            raise SignInCancelled(
                f"{refused} Nobody was chosen, so NeoDesk closed without changing anything."
            ) from refused
        me = sign_in_as(db, email)
        remember_counselor(db.label, email)
        return cls(db, me.id, me.name, me.is_admin)
