"""A counseling session entered with 0 contact minutes is refused (it would upload to the SBA as 0.00 hours)."""

from __future__ import annotations

from datetime import date

import pytest
from test_client_sync import TODAY, make_client

from neodesk.models import Database, FundingSource
from neodesk.services.activity import SessionInput, save_counseling_session
from neodesk.services.errors import ValidationFailed
from neodesk.services.reference import current_counselor


@pytest.mark.parametrize("session_type", ["Follow-up", "Initial/New"])
def test_zero_contact_minutes_are_refused_at_the_field(db: Database, session_type: str) -> None:
    client_id = make_client(db)
    with db.reading() as s:
        me = current_counselor(s).id
        fund = s.query(FundingSource.id).scalar()
    entry = SessionInput(
        date=date(2026, 11, 2),
        contact_type="PH",
        counseling_area="Other",
        session_type=session_type,
        contact_minutes="0",
        counselor_ids=(me,),
        funding_source_ids=(fund,),
        require_contact_time=True,  # as the session dialog asks
    )
    with pytest.raises(ValidationFailed) as refused:
        save_counseling_session(db, client_id, entry, counselor_id=me, today=TODAY)
    [problem] = refused.value.problems
    assert problem.key == "contact_minutes"
    assert "at least 1 minute" in problem.message
