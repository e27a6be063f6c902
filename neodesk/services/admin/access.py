"""Who may administer: active administrators only, checked inside each use case's own transaction."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from neodesk.models import Counselor, Database


class NotAllowed(PermissionError):
    """The acting counselor may not do this: administration is for active administrators only."""


def require_admin(tx: Session, actor_id: uuid.UUID | None, what: str) -> Counselor:
    """The acting counselor if they are an active administrator; otherwise NotAllowed naming `what`."""
    actor = tx.get(Counselor, actor_id) if actor_id is not None else None
    if actor is None or not actor.is_admin or not actor.active:
        who = "no counselor is signed in" if actor is None else (f"{actor.name} is not an active administrator")
        raise NotAllowed(f"Only administrators can change {what}; {who}.")
    return actor


def is_administrator(db: Database, counselor_id: uuid.UUID | None) -> bool:
    """May this counselor use the administration dialogs (an active administrator)?"""
    if counselor_id is None:
        return False
    with db.reading() as tx:
        counselor = tx.get(Counselor, counselor_id)
        return counselor is not None and counselor.active and counselor.is_admin
