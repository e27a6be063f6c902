"""A client save written through Core (client_save_writes) stores exactly what the ORM path stored.

Each case builds one database, copies it, and runs the same save on both copies with the same clock
and the same new ids: once through the ORM unit of work (the path every save took before issue 14),
once as the app now does. Every column of every row the save touches (the client, its milestones
and their links, the audit rows, the revision counter, the client's search rows) must be equal.
"""

from __future__ import annotations

import itertools
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from neodesk.models import Client, Counselor, Database, FundingSource, open_database
from neodesk.models.database import InactiveCounselor
from neodesk.services import client_save_writes, client_sync
from neodesk.services.activity import SessionInput, save_counseling_session
from neodesk.services.client_sync import save_client_with_sync
from neodesk.services.errors import NotFound
from neodesk.services.reference import current_counselor
from neodesk.sync.deciding import AlwaysNo, AlwaysYes, Answer, Decider, Question

TODAY = date(2026, 11, 24)
START = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)


def _copy(source: Path, target: Path) -> None:
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        with dst:
            src.backup(dst)
    finally:
        src.close()
        dst.close()


def _me(db: Database) -> uuid.UUID:
    with db.reading() as tx:
        return current_counselor(tx).id


def _client(db: Database, with_session: bool = True, **values: str) -> uuid.UUID:
    me = _me(db)
    base = {"name": "Acme Tools", "company_status": "B", "date_established": "2015-01-01", "zip": "78701"}
    cid = save_client_with_sync(db, None, {**base, **values}, counselor_id=me, today=TODAY, decider=AlwaysNo())
    assert cid is not None
    with db.unit_of_work() as tx:  # growth prompts need an established client
        tx.get_one(Client, cid.client_id).created_at = START - timedelta(days=400)
    if with_session:
        with db.unit_of_work() as tx:
            grant = FundingSource(code="GRANT", name="State grant")
            tx.add(grant)
        save_counseling_session(
            db,
            cid.client_id,
            SessionInput(
                date=TODAY - timedelta(days=3),
                contact_type="PH",
                counseling_area="Other",
                contact_minutes=30,
                counselor_ids=(me,),
                funding_source_ids=(grant.id,),
            ),
            counselor_id=me,
            today=TODAY,
        )
    return cid.client_id


def _dump(path: Path, client_id: uuid.UUID, audit_after: int) -> dict[str, list[tuple[Any, ...]]]:
    """Every stored column of what a save of `client_id` writes, as SQLite holds it."""
    conn = sqlite3.connect(path)
    try:
        cid = client_id.hex
        queries = {
            "client": ("SELECT * FROM client WHERE id = ?", (cid,)),
            "milestone": ("SELECT id, * FROM milestone WHERE client_id = ? ORDER BY revision", (cid,)),
            "milestone_counselor": (
                "SELECT l.* FROM milestone_counselor l JOIN milestone m ON m.id = l.milestone_id"
                " WHERE m.client_id = ? ORDER BY m.revision, l.counselor_id",
                (cid,),
            ),
            "milestone_funding_source": (
                "SELECT l.* FROM milestone_funding_source l JOIN milestone m ON m.id = l.milestone_id"
                " WHERE m.client_id = ? ORDER BY m.revision, l.funding_source_id",
                (cid,),
            ),
            "audit_log": ("SELECT * FROM audit_log WHERE id > ? ORDER BY id", (audit_after,)),
            "revision_counter": ("SELECT * FROM revision_counter ORDER BY id", ()),
            "client_search": ("SELECT * FROM client_search WHERE client_id = ? ORDER BY id", (cid,)),
            "tombstone": ("SELECT * FROM tombstone ORDER BY revision", ()),
        }
        return {table: conn.execute(sql, params).fetchall() for table, (sql, params) in queries.items()}
    finally:
        conn.close()


def _last_audit(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0])
    finally:
        conn.close()


class _Same:
    """The same clock ticks and the same new ids for both runs of a save."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch

    def reset(self) -> None:
        ticks: Iterator[datetime] = (START + timedelta(milliseconds=n) for n in itertools.count())
        ids: Iterator[uuid.UUID] = (uuid.UUID(int=0xC0FFEE_0000 + n, version=4) for n in itertools.count())

        def now() -> datetime:
            return next(ticks)

        self.monkeypatch.setattr("neodesk.models.tracking.utcnow", now)
        self.monkeypatch.setattr("neodesk.services.client_save_writes.utcnow", now)
        self.monkeypatch.setattr(uuid, "uuid4", lambda: next(ids))


@pytest.fixture
def twin(tmp_path: Path, db: Database, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Run a save on the test database and on a copy of it taking the ORM path; return both dumps."""
    same = _Same(monkeypatch)

    def run(
        client_id: uuid.UUID, values: dict[str, object], decider: Decider, *, expect_direct: bool = True
    ) -> tuple[dict[str, list[tuple[Any, ...]]], dict[str, list[tuple[Any, ...]]]]:
        me = _me(db)
        copy_path = tmp_path / "orm.sqlite3"
        copy_path.unlink(missing_ok=True)
        _copy(db_path, copy_path)
        orm_db = open_database(copy_path)
        mark = _last_audit(db_path)
        try:
            with monkeypatch.context() as orm_only:
                orm_only.setattr(client_sync, "writes_directly", lambda *args: False)
                same.reset()
                save_client_with_sync(orm_db, client_id, values, counselor_id=me, decider=decider, today=TODAY)
        finally:
            orm_db.close()
        took: list[bool] = []
        real = client_save_writes.writes_directly

        def spy(*args: Any) -> bool:
            took.append(real(*args))
            return took[-1]

        with monkeypatch.context() as watched:
            watched.setattr(client_sync, "writes_directly", spy)
            same.reset()
            save_client_with_sync(db, client_id, values, counselor_id=me, decider=decider, today=TODAY)
        assert took == [expect_direct]
        return _dump(copy_path, client_id, mark), _dump(db_path, client_id, mark)

    return run


def _assert_same(orm: dict[str, list[tuple[Any, ...]]], direct: dict[str, list[tuple[Any, ...]]]) -> None:
    for table, rows in orm.items():
        assert direct[table] == rows, table


def test_three_milestones_logged_write_what_the_orm_path_wrote(db: Database, twin: Any) -> None:
    cid = _client(db, full_time_employees="3", part_time_employees="1", gross_sales="1000")
    values = {"full_time_employees": "5", "part_time_employees": "2", "gross_sales": "2500.50", "name": "Acme Tools"}
    orm, direct = twin(cid, values, AlwaysYes())
    _assert_same(orm, direct)
    assert len(direct["milestone"]) == 3
    assert len(direct["milestone_funding_source"]) == 3  # the latest session's source
    assert [row[4:8] for row in direct["audit_log"]] == [
        (cid.hex, "update", "full_time_employees", "3"),
        (cid.hex, "update", "part_time_employees", "1"),
        (cid.hex, "update", "gross_sales", "1000.00"),
        *[(m[0], "create", None, None) for m in direct["milestone"]],
    ]


def test_without_a_session_the_counselors_default_source_is_used(db: Database, twin: Any) -> None:
    cid = _client(db, with_session=False, full_time_employees="3")
    with db.unit_of_work() as tx:
        source = tx.scalars(select(FundingSource).order_by(FundingSource.code.desc())).first()
        assert source is not None
        tx.get_one(Counselor, _me(db)).default_funding_source_id = source.id
    orm, direct = twin(cid, {"full_time_employees": "6"}, AlwaysYes())
    _assert_same(orm, direct)
    assert [row[1] for row in direct["milestone_funding_source"]] == [source.id.hex]


def test_without_any_default_the_first_active_source_is_used(db: Database, twin: Any) -> None:
    cid = _client(db, with_session=False, full_time_employees="3")
    orm, direct = twin(cid, {"full_time_employees": "6"}, AlwaysYes())
    _assert_same(orm, direct)
    assert len(direct["milestone_funding_source"]) == 1


def test_declined_prompts_and_plain_edits_write_what_the_orm_path_wrote(db: Database, twin: Any) -> None:
    cid = _client(db, full_time_employees="3", ownership_gender="M", export_countries="CA")
    values = {
        "full_time_employees": "4",
        "street": "12 Main St",
        "contact_phone": "512-555-0100",
        "ownership_gender": "F",  # a picklist value the client does not hold: checked against the active codes
        "export_countries": "CA,MX",
    }
    orm, direct = twin(cid, values, AlwaysNo())
    _assert_same(orm, direct)
    assert direct["milestone"] == []
    assert [row[6:9] for row in direct["audit_log"]] == [
        ("full_time_employees", "3", "4"),
        ("export_countries", "CA", "CA,MX"),
        ("ownership_gender", "M", "F"),
        ("street", None, "12 Main St"),
        ("contact_phone", None, "512-555-0100"),
    ]


def test_an_inactive_picklist_value_is_refused_unless_the_client_holds_it(db: Database) -> None:
    from neodesk.models import PicklistValue
    from neodesk.services.errors import ValidationFailed

    cid = _client(db, full_time_employees="3", ownership_gender="M")
    with db.unit_of_work() as tx:
        for code in ("M", "F"):
            row = tx.scalars(
                select(PicklistValue).where(PicklistValue.picklist == "ownership_gender", PicklistValue.code == code)
            ).one()
            row.active = False
    me = _me(db)
    kept = save_client_with_sync(
        db, cid, {"ownership_gender": "M", "full_time_employees": "4"}, counselor_id=me, decider=AlwaysNo(), today=TODAY
    )
    assert kept is not None
    with pytest.raises(ValidationFailed, match="Company Ownership Gender"):
        save_client_with_sync(db, cid, {"ownership_gender": "F"}, counselor_id=me, decider=AlwaysNo(), today=TODAY)


def test_a_newer_last_activity_is_kept(db: Database, twin: Any) -> None:
    cid = _client(db, full_time_employees="3")
    with db.unit_of_work() as tx:
        tx.get_one(Client, cid).last_activity = TODAY + timedelta(days=30)
    orm, direct = twin(cid, {"full_time_employees": "8"}, AlwaysYes())
    _assert_same(orm, direct)
    with db.reading() as tx:
        assert tx.get_one(Client, cid).last_activity == TODAY + timedelta(days=30)


def test_a_search_word_change_keeps_the_orm_path(db: Database, twin: Any) -> None:
    cid = _client(db, full_time_employees="3", city="Austin")
    orm, direct = twin(cid, {"full_time_employees": "5", "city": "Dallas"}, AlwaysYes(), expect_direct=False)
    _assert_same(orm, direct)
    assert any(row[2] == "dallas" for row in direct["client_search"])


class _Meanwhile:
    """Answers Yes after `act` ran while the first prompt was open (another desk at work)."""

    def __init__(self, act: Any) -> None:
        self.act, self.asked = act, 0

    def decide(self, question: Question) -> Answer:
        self.asked += 1
        if self.asked == 1:
            self.act()
        return Answer.YES


def test_a_save_elsewhere_meanwhile_is_not_overwritten(db: Database) -> None:
    """The edit guard: the planned revision moved, so the save is planned again and keeps both edits."""
    cid = _client(db, full_time_employees="3", gross_sales="100")
    me = _me(db)

    def elsewhere() -> None:
        save_client_with_sync(db, cid, {"gross_sales": "900"}, counselor_id=me, today=TODAY, decider=AlwaysNo())

    decider = _Meanwhile(elsewhere)
    result = save_client_with_sync(db, cid, {"full_time_employees": "4"}, counselor_id=me, decider=decider, today=TODAY)
    assert result is not None
    assert decider.asked == 2  # planned (and asked) again against the newer client
    with db.reading() as tx:
        client = tx.get_one(Client, cid)
        assert (client.full_time_employees, str(client.gross_sales)) == (4, "900.00")


def test_a_client_deleted_meanwhile_writes_nothing(db: Database) -> None:
    cid = _client(db, full_time_employees="3")
    me = _me(db)

    def delete() -> None:
        with db.unit_of_work(me) as tx:
            tx.delete(tx.get_one(Client, cid))

    mark = _last_audit(Path(str(db.path)))
    with pytest.raises(NotFound):
        save_client_with_sync(
            db, cid, {"full_time_employees": "4"}, counselor_id=me, decider=_Meanwhile(delete), today=TODAY
        )
    rows = _dump(Path(str(db.path)), cid, mark)
    assert rows["milestone"] == []
    assert [row[5] for row in rows["audit_log"]] == ["delete"] * len(rows["audit_log"])


def test_an_inactive_counselor_writes_nothing(db: Database) -> None:
    cid = _client(db, full_time_employees="3")
    me = _me(db)

    def inactivate() -> None:
        with db.unit_of_work() as tx:
            tx.get_one(Counselor, me).active = False

    before = _dump(Path(str(db.path)), cid, 0)
    with pytest.raises(InactiveCounselor, match="is inactive and cannot act; nothing was saved"):
        save_client_with_sync(
            db, cid, {"full_time_employees": "4"}, counselor_id=me, decider=_Meanwhile(inactivate), today=TODAY
        )
    after = _dump(Path(str(db.path)), cid, 0)
    assert after["client"] == before["client"]
    assert after["milestone"] == before["milestone"]


def test_a_read_only_database_refuses_the_save(db: Database) -> None:
    from neodesk.models.database import ReadOnlyDatabase

    cid = _client(db, full_time_employees="3")
    before = _dump(Path(str(db.path)), cid, 0)
    db.read_only_reason = "another NeoDesk has it open"
    with pytest.raises(ReadOnlyDatabase, match="open read-only"):
        save_client_with_sync(
            db, cid, {"full_time_employees": "4"}, counselor_id=_me(db), decider=AlwaysYes(), today=TODAY
        )
    db.read_only_reason = None
    assert _dump(Path(str(db.path)), cid, 0) == before
