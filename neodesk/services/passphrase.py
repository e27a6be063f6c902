"""Administrator passphrases: set, check, and asked once per run before administrator actions.

interfaces.md: where an administrator has set a passphrase, administrator actions ask for it once
per run. It is stored as an Argon2id hash (argon2-cffi, memory-hard) in `counselor.passphrase_hash`,
never in a bundle. The app and the CLI ask in their own way (a dialog; NEODESK_ADMIN_PASSPHRASE or
a terminal) and hand the answer to an AdminGate, which remembers for the rest of the run who proved it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from neodesk.models import Counselor, Database
from neodesk.services.admin.access import require_admin
from neodesk.services.admin.audit import log_change, who
from neodesk.services.changes import Changes, Kind
from neodesk.services.errors import FieldProblem, NotFound, ValidationFailed

ENV_ADMIN_PASSPHRASE = "NEODESK_ADMIN_PASSPHRASE"
MIN_LENGTH = 8
MAX_LENGTH = 200
WRONG = "That is not the administrator passphrase; nothing was changed."

_HASHER = PasswordHasher()  # argon2-cffi's defaults: Argon2id with its recommended memory and time cost


def hash_passphrase(passphrase: str) -> str:
    return _HASHER.hash(passphrase)


def verify_passphrase(stored: str, passphrase: str) -> bool:
    try:
        return _HASHER.verify(stored, passphrase)
    except (VerificationError, InvalidHashError):
        return False


def check_new_passphrase(passphrase: str) -> None:
    """The rules for a new passphrase, refused in one sentence at the field."""
    if len(passphrase) < MIN_LENGTH or len(passphrase) > MAX_LENGTH:
        raise ValidationFailed(
            [
                FieldProblem(
                    "passphrase", f"Passphrase: use {MIN_LENGTH} to {MAX_LENGTH} characters; nothing was changed."
                )
            ]
        )
    if passphrase != passphrase.strip():
        raise ValidationFailed(
            [FieldProblem("passphrase", "Passphrase: no spaces at its start or end; nothing was changed.")]
        )


def set_passphrase(
    db: Database, actor_id: uuid.UUID | None, counselor_id: uuid.UUID, passphrase: str | None
) -> Changes:
    """Set (or, with None, remove) an administrator's passphrase; only administrators may."""
    if passphrase is not None:
        check_new_passphrase(passphrase)
    with db.unit_of_work(actor_id) as tx:
        actor = who(require_admin(tx, actor_id, "passphrases"))
        person = tx.get(Counselor, counselor_id)
        if person is None:
            raise NotFound("That counselor no longer exists.")
        if not person.is_admin:
            raise ValidationFailed(
                [
                    FieldProblem(
                        "passphrase",
                        f"{person.name} is not an administrator; a passphrase guards administrator actions.",
                    )
                ]
            )
        person.passphrase_hash = hash_passphrase(passphrase) if passphrase is not None else None
    # That it changed, never the passphrase or its hash.
    log_change(
        actor,
        "set the passphrase of" if passphrase is not None else "removed the passphrase of",
        Kind.COUNSELOR,
        counselor_id,
    )
    return Changes.of(Kind.COUNSELOR, counselor_id)


def has_passphrase(db: Database, counselor_id: uuid.UUID) -> bool:
    with db.reading() as tx:
        person = tx.get(Counselor, counselor_id)
        return person is not None and person.passphrase_hash is not None


@dataclass
class AdminGate:
    """Who proved their administrator passphrase during this run (a run: one app window, one command)."""

    _proved: set[uuid.UUID] = field(default_factory=set)

    def needs_passphrase(self, db: Database, counselor_id: uuid.UUID) -> bool:
        return counselor_id not in self._proved and has_passphrase(db, counselor_id)

    def unlock(self, db: Database, counselor_id: uuid.UUID, passphrase: str) -> bool:
        """True (and remembered for the run) when the passphrase is the counselor's, or none is set."""
        with db.reading() as tx:
            person = tx.get(Counselor, counselor_id)
            stored = person.passphrase_hash if person is not None else None
        if stored is not None and not verify_passphrase(stored, passphrase):
            return False
        self._proved.add(counselor_id)
        return True

    def proved(self, counselor_id: uuid.UUID) -> None:
        """The counselor just chose a new passphrase: do not ask them for it again this run."""
        self._proved.add(counselor_id)
