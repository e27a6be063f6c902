"""The bookkeeping a client save writes (audit rows, revisions, links) stays exactly what it was.

Issue 14 made the save cheaper (audit rows in one executemany, one database session per save, plain
column lookups); these pin what was written before, row for row, so a faster save is the same save.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from neodesk.models import AuditEntry, Client, Database, FundingSource, Milestone
from neodesk.models.tracking import RevisionCounter
from neodesk.services.activity import SessionInput, save_counseling_session
from neodesk.services.client_sync import save_client_with_sync
from neodesk.services.reference import current_counselor
from neodesk.sync.deciding import AlwaysNo, AlwaysYes, Answer

TODAY = date(2026, 11, 24)


def audit_rows(db: Database, since: int) -> list[tuple[Any, ...]]:
    """Audit rows after id `since`, in order, with the record ids replaced by their record types' order."""
    with db.reading() as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.id > since).order_by(AuditEntry.id)).all()
        ats = {r.at for r in rows}
        return [(r.record_type, r.action, r.field, r.old_value, r.new_value, r.counselor_id, len(ats)) for r in rows]


def last_audit_id(db: Database) -> int:
    with db.reading() as s:
        return int(s.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1)) or 0)


def revision(db: Database) -> int:
    with db.reading() as s:
        return int(s.get_one(RevisionCounter, 1).value)


def test_a_save_logging_three_milestones_writes_the_same_bookkeeping(db: Database) -> None:
    with db.reading() as s:
        me = current_counselor(s).id
        funds = list(s.scalars(select(FundingSource.id).order_by(FundingSource.code)))
    created = save_client_with_sync(
        db,
        None,
        {
            "name": "Acme",
            "company_status": "B",
            "date_established": "2015-01-01",
            "full_time_employees": "3",
            "part_time_employees": "1",
            "gross_sales": "1000",
        },
        counselor_id=me,
        today=TODAY,
        decider=AlwaysNo(),
    )
    cid = created.client_id
    with db.unit_of_work() as s:  # growth prompts need an established client
        client = s.get_one(Client, cid)
        client.created_at = client.created_at.replace(year=2025)
    save_counseling_session(
        db,
        cid,
        SessionInput(
            date=date(2026, 11, 20),
            contact_type="PH",
            counseling_area="Business Plan",
            session_type="Initial/New",
            contact_minutes=45,
            counselor_ids=(me,),
            funding_source_ids=(funds[-1],),
        ),
        counselor_id=me,
        today=TODAY,
    )
    since, rev = last_audit_id(db), revision(db)
    result = save_client_with_sync(
        db,
        cid,
        {"gross_sales": "2500.50", "full_time_employees": "5", "part_time_employees": "2"},
        counselor_id=me,
        decider=AlwaysYes(),
        today=TODAY,
    )
    assert result is not None
    assert len(result.milestone_ids) == 3
    rows = audit_rows(db, since)
    assert [r[:5] for r in rows] == [
        ("client", "update", "full_time_employees", "3", "5"),
        ("client", "update", "part_time_employees", "1", "2"),
        ("client", "update", "gross_sales", "1000.00", "2500.50"),
        ("milestone", "create", None, None, None),
        ("milestone", "create", None, None, None),
        ("milestone", "create", None, None, None),
    ]  # the client's last activity is kept in step but not audited (an untracked column)
    assert {r[5] for r in rows} == {me}
    assert rows[0][6] == 2  # two flushes: the client's change, then the milestones
    assert revision(db) == rev + 4  # the client, then three milestones
    with db.reading() as s:
        logged = s.scalars(select(Milestone).where(Milestone.id.in_(result.milestone_ids))).all()
        assert sorted(m.revision for m in logged) == [rev + 2, rev + 3, rev + 4]
        assert {tuple(f.id for f in m.funding_sources) for m in logged} == {(funds[-1],)}
        assert {tuple(c.id for c in m.counselors) for m in logged} == {(me,)}
        client = s.get_one(Client, cid)
        assert (client.revision, client.last_activity, client.gross_sales) == (rev + 1, TODAY, Decimal("2500.50"))


def test_deleting_writes_a_tombstone_and_one_delete_row(db: Database) -> None:
    with db.reading() as s:
        me = current_counselor(s).id
    cid = save_client_with_sync(
        db, None, {"name": "Gone Co", "company_status": "P"}, counselor_id=me, today=TODAY, decider=AlwaysNo()
    ).client_id
    since = last_audit_id(db)
    with db.unit_of_work(me) as s:
        s.delete(s.get_one(Client, cid))
    rows = audit_rows(db, since)
    assert [r[:5] for r in rows][-1] == ("client", "delete", None, None, None)
    assert all(r[5] == me for r in rows)
    with db.reading() as s:
        from neodesk.models.tracking import Tombstone

        assert s.get(Tombstone, cid) is not None
    assert isinstance(cid, uuid.UUID)


class EditsElsewhereThenYes:
    """Answers Yes, after another writer has changed the client while the first prompt was open."""

    def __init__(self, db: Database, client_id: uuid.UUID, me: uuid.UUID) -> None:
        self.db, self.client_id, self.me = db, client_id, me
        self.asked = 0

    def decide(self, question: object) -> Answer:
        self.asked += 1
        if self.asked == 1:
            save_client_with_sync(
                self.db, self.client_id, {"city": "Waco"}, counselor_id=self.me, today=TODAY, decider=AlwaysNo()
            )
        return Answer.YES


def test_no_transaction_is_held_while_a_prompt_waits(db: Database) -> None:
    """No lock is held while a prompt waits: a write made meanwhile goes through, and the save is
    planned again against it (edit_guard), keeping both changes."""
    with db.reading() as s:
        me = current_counselor(s).id
    values = {"name": "Acme", "company_status": "B", "date_established": "2015-01-01", "full_time_employees": "3"}
    cid = save_client_with_sync(db, None, values, counselor_id=me, today=TODAY, decider=AlwaysNo()).client_id
    with db.unit_of_work() as s:
        client = s.get_one(Client, cid)
        client.created_at = client.created_at.replace(year=2025)
    decider = EditsElsewhereThenYes(db, cid, me)
    save_client_with_sync(db, cid, {"full_time_employees": "5"}, counselor_id=me, decider=decider, today=TODAY)
    assert decider.asked == 2  # asked again after the re-plan
    with db.reading() as s:
        client = s.get_one(Client, cid)
        assert (client.city, client.full_time_employees) == ("Waco", 5)
        assert len(s.scalars(select(Milestone).where(Milestone.client_id == cid)).all()) == 1


def test_the_reading_begins_deferred_and_only_the_writing_takes_the_write_lock(db: Database) -> None:
    from sqlalchemy import event

    with db.reading() as s:
        me = current_counselor(s).id
    cid = save_client_with_sync(
        db, None, {"name": "Acme", "company_status": "P"}, counselor_id=me, today=TODAY, decider=AlwaysNo()
    ).client_id
    begins: list[str] = []

    def record(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        if statement.startswith("BEGIN"):
            begins.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        save_client_with_sync(db, cid, {"city": "Waco"}, counselor_id=me, decider=AlwaysYes(), today=TODAY)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    # Reading begins deferred (no lock while questions wait); only the final write takes the lock.
    assert begins[-1] == "BEGIN IMMEDIATE"
    assert set(begins[:-1]) == {"BEGIN"}
