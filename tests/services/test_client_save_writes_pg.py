"""The Core write of a client save on PostgreSQL (NEODESK_TEST_PG_URL): the row lock, the revision
counter's RETURNING, and the same rows as the ORM path for two twin clients saved side by side."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from neodesk.models import AuditEntry, Base, Client, Database, FundingSource, Milestone, open_database
from neodesk.services import client_save_writes, client_sync
from neodesk.services.activity import SessionInput, save_counseling_session
from neodesk.services.client_sync import save_client_with_sync
from neodesk.services.reference import current_counselor
from neodesk.sync.deciding import AlwaysNo, AlwaysYes, Answer, Question

pytestmark = pytest.mark.postgres

TODAY = date(2026, 11, 24)


@pytest.fixture
def pg() -> Iterator[Database]:
    url = os.environ.get("NEODESK_TEST_PG_URL")
    if not url:
        pytest.skip("NEODESK_TEST_PG_URL not set: no PostgreSQL server to test against")
    db = open_database(url, seed=False)
    with db.engine.begin() as conn:
        Base.metadata.drop_all(conn)
        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    db.close()
    db = open_database(url)
    yield db
    with db.engine.begin() as conn:
        Base.metadata.drop_all(conn)
        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    db.close()


def _me(db: Database) -> uuid.UUID:
    with db.reading() as tx:
        return current_counselor(tx).id


def _client(db: Database, name: str, grant: uuid.UUID) -> uuid.UUID:
    me = _me(db)
    values = {"name": name, "company_status": "B", "date_established": "2015-01-01", "full_time_employees": "3"}
    result = save_client_with_sync(
        db, None, {**values, "gross_sales": "1000"}, counselor_id=me, today=TODAY, decider=AlwaysNo()
    )
    assert result is not None
    with db.unit_of_work() as tx:
        client = tx.get_one(Client, result.client_id)
        client.created_at = client.created_at - timedelta(days=400)
    session = SessionInput(
        date=TODAY - timedelta(days=2),
        contact_type="PH",
        counseling_area="Other",
        contact_minutes=30,
        counselor_ids=(me,),
        funding_source_ids=(grant,),
    )
    save_counseling_session(db, result.client_id, session, counselor_id=me, today=TODAY)
    return result.client_id


_SKIP = {"id", "client_id", "record_id", "name", "name_sort", "client_no", "revision", "created_at", "updated_at", "at"}


def _plain(row: Any) -> dict[str, Any]:
    return {c.key: getattr(row, c.key) for c in row.__table__.columns if c.key not in _SKIP}


def _written(db: Database, client_id: uuid.UUID, audit_after: int) -> dict[str, Any]:
    with db.reading() as tx:
        client = tx.get_one(Client, client_id)
        milestones = tx.scalars(select(Milestone).where(Milestone.client_id == client_id).order_by(Milestone.revision))
        logged = [(_plain(m), [c.id for c in m.counselors], [f.id for f in m.funding_sources]) for m in milestones]
        audit = tx.scalars(
            select(AuditEntry)
            .where(AuditEntry.id > audit_after, AuditEntry.record_id == client_id)
            .order_by(AuditEntry.id)
        )
        revisions = [
            m.revision - client.revision for m in tx.scalars(select(Milestone).where(Milestone.client_id == client_id))
        ]
        return {
            "client": _plain(client),
            "milestones": logged,
            "audit": [_plain(a) for a in audit],
            "revisions": sorted(revisions),
        }


def test_the_core_write_stores_what_the_orm_path_stores_on_postgres(
    pg: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pg.unit_of_work() as tx:
        grant = FundingSource(code="GRANT", name="State grant")
        tx.add(grant)
    orm_client, direct_client = _client(pg, "Twin Orm", grant.id), _client(pg, "Twin Direct", grant.id)
    with pg.reading() as tx:
        mark = int(tx.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1)) or 0)
    me = _me(pg)
    values = {"full_time_employees": "5", "part_time_employees": "2", "gross_sales": "2500.50"}
    with monkeypatch.context() as orm_only:
        orm_only.setattr(client_sync, "writes_directly", lambda *args: False)
        save_client_with_sync(pg, orm_client, values, counselor_id=me, decider=AlwaysYes(), today=TODAY)
    took: list[bool] = []

    def spy(*args: Any) -> bool:
        took.append(client_save_writes.writes_directly(*args))
        return took[-1]

    monkeypatch.setattr(client_sync, "writes_directly", spy)
    result = save_client_with_sync(pg, direct_client, values, counselor_id=me, decider=AlwaysYes(), today=TODAY)
    assert took == [True]
    assert result is not None
    assert len(result.milestone_ids) == 3
    orm, direct = _written(pg, orm_client, mark), _written(pg, direct_client, mark)
    assert direct == orm
    assert direct["revisions"] == [1, 2, 3]
    assert [m[2] for m in direct["milestones"]] == [[grant.id]] * 3
    assert [(a["field"], a["old_value"], a["new_value"]) for a in direct["audit"]] == [
        ("full_time_employees", "3", "5"),
        ("part_time_employees", None, "2"),
        ("gross_sales", "1000.00", "2500.50"),
    ]


class _Meanwhile:
    def __init__(self, act: Any) -> None:
        self.act, self.asked = act, 0

    def decide(self, question: Question) -> Answer:
        self.asked += 1
        if self.asked == 1:
            self.act()
        return Answer.YES


def test_a_save_elsewhere_meanwhile_is_planned_again_on_postgres(pg: Database) -> None:
    with pg.unit_of_work() as tx:
        grant = FundingSource(code="GRANT", name="State grant")
        tx.add(grant)
    cid = _client(pg, "Busy Co", grant.id)
    me = _me(pg)

    def elsewhere() -> None:
        save_client_with_sync(pg, cid, {"gross_sales": "900"}, counselor_id=me, today=TODAY, decider=AlwaysNo())

    decider = _Meanwhile(elsewhere)
    save_client_with_sync(pg, cid, {"full_time_employees": "4"}, counselor_id=me, decider=decider, today=TODAY)
    assert decider.asked == 2
    with pg.reading() as tx:
        client = tx.get_one(Client, cid)
        assert (client.full_time_employees, str(client.gross_sales)) == (4, "900.00")
