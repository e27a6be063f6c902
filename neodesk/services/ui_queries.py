"""Read-only queries the desktop app needs beyond the other services (no Qt).

Kept apart from clients.py/activity.py so the UI work does not collide with edits there; candidates to
move into those modules once they settle.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from neodesk.models import CounselingSession, Counselor
from neodesk.services.errors import NotFound


def new_client_values(counselor_id: uuid.UUID | None) -> dict[str, Any]:
    """What a blank New Client form shows: the same defaults plan_client_save assumes for a new client."""
    return {"client_type": "AC", "company_status": "P", "active": True, "counselor_id": counselor_id}


def get_counseling_session(session: Session, session_id: uuid.UUID) -> CounselingSession:
    """One counseling session with its counselors and funding sources loaded (for the edit dialog)."""
    record = session.scalars(
        select(CounselingSession)
        .where(CounselingSession.id == session_id)
        .options(selectinload(CounselingSession.counselors), selectinload(CounselingSession.funding_sources))
    ).first()
    if record is None:
        raise NotFound("The counseling session was deleted.")
    return record


def signed_in(session: Session, counselor_id: uuid.UUID | None) -> tuple[str, bool] | None:
    """The signed-in counselor's name and whether they are an administrator (None if the record is gone)."""
    counselor = session.get(Counselor, counselor_id) if counselor_id is not None else None
    if counselor is None:
        return None
    return counselor.name, counselor.active and counselor.is_admin
