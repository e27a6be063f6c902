"""Who is working: the one place the signed-in counselor is resolved, for the app and the CLI alike.

interfaces.md: `NEODESK_COUNSELOR` (email) names who is working. Without it, the only active
counselor is the one; with several, the app asks (and remembers the answer for this computer user,
per database) and the CLI refuses. An unknown or inactive counselor cannot act. Nobody is ever
signed in "as the first administrator" by default any more.
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from neodesk import files, paths
from neodesk.models import Counselor, Database

log = logging.getLogger(__name__)

ENV_COUNSELOR = "NEODESK_COUNSELOR"
REMEMBERED_FILE = "counselor.json"


class IdentityRefused(LookupError):
    """Nobody may act: the name given is unknown or inactive, or the database has no active counselor."""


class IdentityRequired(IdentityRefused):
    """Several counselors are active and nobody said who is working."""


@dataclass(frozen=True, slots=True)
class CounselorChoice:
    """One active counselor, as the chooser lists them."""

    email: str
    name: str
    is_admin: bool


def active_choices(tx: Session) -> list[CounselorChoice]:
    query = select(Counselor).where(Counselor.active.is_(True)).order_by(Counselor.name, Counselor.email)
    return [CounselorChoice(c.email, c.name, c.is_admin) for c in tx.scalars(query)]


def find_active(tx: Session, email: str) -> Counselor:
    """The active counselor with this email; IdentityRefused (one sentence) for an unknown or inactive one."""
    found = tx.scalars(select(Counselor).where(Counselor.email == email.strip())).first()
    if found is None:
        raise IdentityRefused(f"No counselor has the email {email.strip()}; nothing was done.")
    if not found.active:
        raise IdentityRefused(
            f"{found.name} ({found.email}) is inactive and cannot act; an administrator can make them active again."
        )
    return found


def resolve_counselor(tx: Session, email: str | None = None, *, remembered: str | None = None) -> Counselor:
    """The counselor who is working.

    `email` (else NEODESK_COUNSELOR) names them; without a name the only active counselor is the one,
    else `remembered` (the app's stored answer) if it still names an active counselor; otherwise
    IdentityRequired. Unknown or inactive names raise IdentityRefused.
    """
    email = email or os.environ.get(ENV_COUNSELOR) or None
    if email:
        return find_active(tx, email)
    active = list(tx.scalars(select(Counselor).where(Counselor.active.is_(True)).limit(2)))
    if not active:
        raise IdentityRefused("The database has no active counselor; nobody can act.")
    if len(active) == 1:
        return active[0]
    if remembered:
        try:
            return find_active(tx, remembered)
        except IdentityRefused:
            log.info("The remembered counselor %s can no longer act; asking again", remembered)
    raise IdentityRequired(f"Several counselors are active; set {ENV_COUNSELOR} to your email to say who is working.")


# -- the app's remembered answer (per computer user: a small owner-only file in the config folder) -----------------
@dataclass(frozen=True, slots=True)
class SignedIn:
    """Who is working, as the main window's status bar and Admin menu show it."""

    name: str
    is_admin: bool  # an active administrator


def signed_in(db: Database, counselor_id: uuid.UUID | None) -> SignedIn | None:
    """The signed-in counselor as stored now (an administrator may have renamed them or changed their
    role); None when the record is gone."""
    with db.reading() as tx:
        counselor = tx.get(Counselor, counselor_id) if counselor_id is not None else None
        if counselor is None:
            return None
        return SignedIn(counselor.name, counselor.active and counselor.is_admin)


def _remembered_path() -> Path:
    return paths.config_dir() / REMEMBERED_FILE


def _read_remembered() -> dict[str, str]:
    try:
        data = json.loads(_remembered_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def remembered_counselor(database_label: str) -> str | None:
    """The email this computer user chose for this database last time (None if never asked)."""
    return _read_remembered().get(database_label)


def remember_counselor(database_label: str, email: str) -> None:
    """Keep the answer for the next start; a failure to write it only means asking again."""
    known = _read_remembered()
    known[database_label] = email
    target = _remembered_path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        files.write_atomic(target, json.dumps(known, indent=2, sort_keys=True).encode("utf-8"))
        target.chmod(0o600)
    except OSError as exc:
        log.warning("Could not remember the counselor in %s: %s", target, exc)


# -- the app's sign-in (one unit of work each; the window keeps the plain WhoIsWorking) --------------------------------
@dataclass(frozen=True, slots=True)
class WhoIsWorking:
    """Who is working, as the app keeps it."""

    id: uuid.UUID
    name: str
    is_admin: bool


def _working(counselor: Counselor) -> WhoIsWorking:
    return WhoIsWorking(counselor.id, counselor.name, counselor.is_admin)


def sign_in(db: Database, *, remembered: str | None = None) -> WhoIsWorking:
    """resolve_counselor for the app: IdentityRefused / IdentityRequired when the user must be asked."""
    with db.reading() as tx:
        return _working(resolve_counselor(tx, remembered=remembered))


def sign_in_as(db: Database, email: str) -> WhoIsWorking:
    """The active counselor the user chose; IdentityRefused if they can no longer act."""
    with db.reading() as tx:
        return _working(find_active(tx, email))


def counselor_choices(db: Database) -> list[CounselorChoice]:
    """The active counselors, as the chooser lists them."""
    with db.reading() as tx:
        return active_choices(tx)
