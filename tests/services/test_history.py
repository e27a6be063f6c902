"""The client's History rows: audit rows in the counselor's words, newest first."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from neodesk.models import Database, FundingSource, Milestone
from neodesk.services.activity import SessionInput, delete_counseling_session, save_counseling_session
from neodesk.services.client_sync import save_client_with_sync
from neodesk.services.history import client_history
from neodesk.services.reference import current_counselor
from neodesk.sync.deciding import AlwaysNo, AlwaysYes

TODAY = date(2026, 11, 24)


def test_a_saved_change_shows_old_new_and_who_with_labels(db: Database) -> None:
    with db.reading() as s:
        me = current_counselor(s)
        me_id, me_name = me.id, me.name
    created = save_client_with_sync(
        db, None, {"name": "Acme", "company_status": "P"}, counselor_id=me_id, today=TODAY, decider=AlwaysNo()
    )
    save_client_with_sync(
        db,
        created.client_id,
        {"company_status": "S", "date_established": "2026-11-01", "business_type": "Retail Trade"},
        counselor_id=me_id,
        decider=AlwaysNo(),
        today=TODAY,
    )
    with db.reading() as s:
        rows = client_history(s, created.client_id)
    changes = {r.field: r for r in rows if r.record == "Client" and r.action == "Changed"}
    status = changes["Company Status"]
    assert (status.old, status.new, status.who) == ("Pre-venture/Nascent", "Start-up (in business < 1 year)", me_name)
    assert changes["Date Company Established"].new == "2026-11-01"
    assert rows[-1].action == "Created"
    assert rows[-1].record == "Client"
    assert rows == sorted(rows, key=lambda r: r.at, reverse=True)


def test_milestones_and_sessions_created_and_deleted_are_in_the_history(db: Database) -> None:
    with db.reading() as s:
        me_id = current_counselor(s).id
    with db.unit_of_work() as s:
        grant = FundingSource(code="GRANT", name="State grant")
        s.add(grant)
    created = save_client_with_sync(
        db,
        None,
        {"name": "Acme", "company_status": "S", "date_established": "2026-11-01"},
        counselor_id=me_id,
        decider=AlwaysYes(),
        today=TODAY,
    )
    assert created is not None
    client_id = created.client_id
    entry = SessionInput(
        date="2026-11-20",
        contact_type="PH",
        counseling_area="Business Plan",
        contact_minutes=30,
        counselor_ids=(me_id,),
        funding_source_ids=(grant.id,),
    )
    session_id = save_counseling_session(db, client_id, entry, counselor_id=me_id, today=TODAY)
    delete_counseling_session(db, session_id, counselor_id=me_id)
    with db.reading() as s:
        rows = client_history(s, client_id)
    records = {(r.record, r.action) for r in rows}
    assert ("Counseling session, 2026-11-20", "Created") in records
    assert ("Counseling session, 2026-11-20", "Deleted") in records
    deleted_fields = {r.field: r.old for r in rows if r.action == "Deleted" and r.field}
    assert deleted_fields["Contact minutes"] == "30"
    assert deleted_fields["Contact type"] != "PH"  # the picklist label, not the code
    assert any(r.record.startswith("Milestone: ") and r.action == "Created" for r in rows)
    assert rows[0].record == "Counseling session, 2026-11-20"
    assert rows[0].action == "Deleted"


def test_history_pages(db: Database) -> None:
    with db.reading() as s:
        me_id = current_counselor(s).id
    created = save_client_with_sync(
        db, None, {"name": "Acme", "company_status": "P"}, counselor_id=me_id, today=TODAY, decider=AlwaysNo()
    )
    for n in range(5):
        save_client_with_sync(
            db, created.client_id, {"city": f"Town {n}"}, counselor_id=me_id, today=TODAY, decider=AlwaysNo()
        )
    with db.reading() as s:
        first = client_history(s, created.client_id, limit=3)
        rest = client_history(s, created.client_id, offset=3, limit=100)
    assert len(first) == 3
    assert first[0].new == "Town 4"
    assert len(first) + len(rest) == len({*first, *rest})


def test_a_created_milestone_or_session_shows_its_values_as_stored_now(db: Database) -> None:
    with db.reading() as s:
        me_id = current_counselor(s).id
    created = save_client_with_sync(
        db,
        None,
        {"name": "Acme", "company_status": "B", "date_established": "2015-03-01", "gross_sales": "100000"},
        counselor_id=me_id,
        today=TODAY,
        decider=AlwaysNo(),
    )
    client_id = created.client_id
    with db.unit_of_work() as s:
        grant = FundingSource(code="GRANT", name="State grant")
        s.add(grant)
        s.flush()
        grant_id = grant.id
    entry = SessionInput(
        date="2026-11-20",
        contact_type="PH",
        counseling_area="Business Plan",
        contact_minutes=45,
        counselor_ids=(me_id,),
        funding_source_ids=(grant_id,),
    )
    save_counseling_session(db, client_id, entry, counselor_id=me_id, today=TODAY)
    with db.unit_of_work() as s:
        s.add(
            Milestone(
                client_id=client_id,
                type_code="change_in_sales",
                date=TODAY,
                amount=Decimal("250000"),
                origin="manual",
                reportable=True,
            )
        )
    with db.reading() as s:
        rows = client_history(s, client_id)
    made = {r.record: r for r in rows if r.action == "Created"}
    session_row = made["Counseling session, 2026-11-20"]
    assert session_row.new.startswith("Contact type: ")
    assert "PH" not in session_row.new  # the picklist label
    assert session_row.new.endswith(" · Contact minutes: 45 · Date: 2026-11-20")
    [milestone_row] = [r for r in made.values() if r.record.startswith("Milestone: Change in Sales")]
    assert milestone_row.new == "Amount: $250,000.00 · Type: Change in Sales · Date: 2026-11-24"
