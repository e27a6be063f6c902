"""The store: schema from migrations, SQLite settings, change numbers, tombstones, audit, refusals."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import func, inspect, select
from sqlalchemy.exc import StatementError

from neodesk.models import (
    AuditEntry,
    Client,
    Database,
    DatabaseTooNew,
    Milestone,
    MilestoneType,
    NotANeoDeskDatabase,
    PicklistValue,
    Tombstone,
    open_database,
)
from neodesk.models import database as database_module
from neodesk.models.base import Base
from neodesk.models.database import APPLICATION_ID, alembic_config
from neodesk.models.reference import Center


def test_fresh_database_is_migrated_to_head_with_every_table(db: Database) -> None:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    with db.engine.connect() as conn:
        version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        tables = set(inspect(conn).get_table_names())
    assert version == head
    assert set(Base.metadata.tables) <= tables


def test_sqlite_pragmas(db: Database) -> None:
    with db.engine.connect() as conn:
        pragma = {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout", "application_id")
        }
    assert pragma == {
        "journal_mode": "wal",
        "synchronous": 2,
        "foreign_keys": 1,
        "busy_timeout": 10000,
        "application_id": APPLICATION_ID,
    }


def test_seed_has_every_standard_type_and_is_idempotent(db_path: Path) -> None:
    first = open_database(db_path)
    with first.reading() as s:
        types = set(s.scalars(select(MilestoneType.code)))
        values = s.scalar(select(func.count()).select_from(PicklistValue))
    first.close()
    again = open_database(db_path)
    with again.reading() as s:
        assert s.scalar(select(func.count()).select_from(PicklistValue)) == values
    again.close()
    assert {"business_established", "change_in_sales", "dib_ready", "sam_registered", "success_story"} <= types
    assert len(types) == 42


def test_foreign_keys_are_enforced(db: Database) -> None:
    import uuid

    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), db.unit_of_work() as s:
        s.add(Milestone(client_id=uuid.uuid4(), type_code="change_in_sales", date=date(2026, 1, 1)))


def test_revisions_increase_on_every_insert_and_update(db: Database) -> None:
    with db.unit_of_work() as s:
        a, b = Client(name="Alpha"), Client(name="Beta")
        s.add_all([a, b])
    assert a.revision != b.revision
    first = max(a.revision, b.revision)
    with db.unit_of_work() as s:
        s.get_one(Client, a.id).city = "Austin"
    with db.reading() as s:
        updated = s.get_one(Client, a.id)
        assert updated.revision > first
        assert {a.client_no, b.client_no} == {1, 2}


def test_bookkeeping_columns_do_not_bump_the_revision(db: Database) -> None:
    with db.unit_of_work() as s:
        client = Client(name="Gamma")
        s.add(client)
    with db.unit_of_work() as s:
        s.get_one(Client, client.id).last_activity = date(2026, 1, 1)
    with db.reading() as s:
        assert s.get_one(Client, client.id).revision == client.revision


def test_delete_leaves_a_tombstone_with_a_new_revision(db: Database) -> None:
    with db.unit_of_work() as s:
        client = Client(name="Delta")
        s.add(client)
        s.flush()
        m = Milestone(client_id=client.id, type_code="business_expansion", date=date(2026, 1, 5))
        s.add(m)
    with db.unit_of_work() as s:
        s.delete(s.get_one(Milestone, m.id))
    with db.reading() as s:
        stone = s.get_one(Tombstone, m.id)
        assert stone.record_type == "milestone"
        assert stone.revision > m.revision
        assert s.get(Milestone, m.id) is None


def test_audit_records_field_old_and_new_and_who(db: Database) -> None:
    from neodesk.services.reference import current_counselor

    with db.reading() as s:
        me = current_counselor(s).id
    with db.unit_of_work(me) as s:
        client = Client(name="Echo", gross_sales=Decimal("100"))
        s.add(client)
    with db.unit_of_work(me) as s:
        s.get_one(Client, client.id).gross_sales = Decimal("250.5")
    with db.reading() as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.record_id == client.id).order_by(AuditEntry.id)).all()
        assert [(r.action, r.field, r.old_value, r.new_value) for r in rows] == [
            ("create", None, None, None),
            ("update", "gross_sales", "100.00", "250.50"),
        ]
        assert all(r.counselor_id == me for r in rows)
        assert s.get_one(Client, client.id).updated_by_id == me


def test_money_is_exact(db: Database) -> None:
    with db.unit_of_work() as s:
        s.add_all([Client(name=f"Cents {i}", gross_sales=Decimal("0.10")) for i in range(3)])
    with db.reading() as s:
        total = sum(s.scalars(select(Client.gross_sales)), Decimal(0))
    assert total == Decimal("0.30")
    with pytest.raises(StatementError, match="float"), db.unit_of_work() as s:
        s.add(Client(name="Float", gross_sales=0.1))


def test_code_sets_compare_as_sets(db: Database) -> None:
    with db.unit_of_work() as s:
        client = Client(name="Foxtrot", export_countries={"MX", "CA"})
        s.add(client)
    with db.unit_of_work() as s:
        s.get_one(Client, client.id).export_countries = frozenset({"CA", "MX"})
    with db.reading() as s:
        assert s.get_one(Client, client.id).export_countries == {"CA", "MX"}
        assert s.get_one(Client, client.id).revision == client.revision  # same set: no edit


def test_refuses_a_file_that_is_not_neodesk(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (x)")
    with pytest.raises(NotANeoDeskDatabase):
        open_database(other)


def test_refuses_a_database_from_a_newer_version(db_path: Path) -> None:
    open_database(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    with pytest.raises(DatabaseTooNew):
        open_database(db_path)


def test_a_failing_migration_leaves_the_database_as_it_was(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    db = open_database(db_path)
    with db.unit_of_work() as s:
        s.add(Client(name="Keep me"))
    db.close()
    scripts = tmp_path / "migrations"
    shutil.copytree(database_module.MIGRATIONS, scripts)
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    (scripts / "versions" / "9999_broken.py").write_text(
        "import sqlalchemy as sa\nfrom alembic import op\n"
        f"revision = '9999'\ndown_revision = '{head}'\nbranch_labels = None\ndepends_on = None\n"
        "def upgrade():\n"
        "    op.create_table('half_done', sa.Column('id', sa.Integer, primary_key=True))\n"
        "    with op.batch_alter_table('client') as b:\n"
        "        b.add_column(sa.Column('extra', sa.Text))\n"
        "    raise RuntimeError('boom')\n"
        "def downgrade():\n    pass\n"
    )
    monkeypatch.setattr(database_module, "MIGRATIONS", scripts)
    monkeypatch.setattr(database_module, "SCHEMA_HEAD", "9999")  # as a NeoDesk that ships 9999 would
    with pytest.raises(RuntimeError, match="boom"):
        open_database(db_path)
    with sqlite3.connect(db_path) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        columns = {r[1] for r in conn.execute("PRAGMA table_info(client)")}
        version = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        names = [r[0] for r in conn.execute("SELECT name FROM client")]
    assert "half_done" not in tables
    assert "extra" not in columns
    assert version == head
    assert names == ["Keep me"]
    assert list((data_dir / "backups").glob(f"*before-upgrade-{head}*.sqlite3")), "a backup precedes the upgrade"


@pytest.mark.postgres
def test_postgres_url_opens_migrates_and_writes() -> None:
    import os

    url = os.environ.get("NEODESK_TEST_PG_URL")
    if not url:
        pytest.skip("NEODESK_TEST_PG_URL not set: no PostgreSQL server to test against")
    db = open_database(url)
    try:
        with db.unit_of_work() as s:
            client = Client(name="Server client", gross_sales=Decimal("12.34"), export_countries={"CA"})
            s.add(client)
        with db.reading() as s:
            stored = s.get_one(Client, client.id)
            assert stored.gross_sales == Decimal("12.34")
            assert stored.export_countries == {"CA"}
            assert stored.revision > 0
    finally:
        with db.engine.begin() as conn:
            Base.metadata.drop_all(conn)
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        db.close()


def test_upgrade_from_0001_keeps_clients_and_backfills_search_rows(db_path: Path) -> None:
    from alembic import command
    from sqlalchemy import text

    from neodesk.models.database import create_store_engine
    from neodesk.services.clients import search_clients

    engine = create_store_engine(f"sqlite:///{db_path}")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")  # as NeoDesk 0001 wrote it
        conn.execute(
            text(
                "INSERT INTO client (id, client_no, name, name_sort, client_type, company_status, verified_in_business,"
                " dib_ready, gib_ready, government_contracting, active, online_business, employee_owned, created_at,"
                " updated_at, revision) VALUES ('0123456789abcdef0123456789abcdef', 7, 'Old Bakery', 'old bakery',"
                " 'AC',"
                " 'B', 0, 0, 0, 0, 1, 0, 0, '2024-01-01', '2024-01-01', 5)"
            )
        )
        cid = "'0123456789abcdef0123456789abcdef'"
        conn.execute(text(f"INSERT INTO client_search (client_id, term) VALUES ({cid}, 'old'), ({cid}, 'bakery')"))
    engine.dispose()
    db = open_database(db_path)
    with db.reading() as s:
        assert [(r.client_no, r.name) for r in search_clients(s, "bak")] == [(7, "Old Bakery")]
        assert [r.client_no for r in search_clients(s, "bak", active=True)] == [7]
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT name_sort, client_no, active FROM client_search").fetchall()
    assert set(rows) == {("old bakery", 7, 1)}
    db.close()


def test_upgrade_to_0005_takes_a_numeric_center_code_as_the_sba_location_code(db_path: Path) -> None:
    from alembic import command
    from sqlalchemy import text

    from neodesk.models.database import create_store_engine

    engine = create_store_engine(f"sqlite:///{db_path}")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004")
        conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        for number, (code, name) in enumerate((("MAIN", "Main"), ("0815", "Numbered"), ("99999999", "Too big"))):
            conn.execute(
                text(
                    "INSERT INTO center (id, name, code, active, created_at, updated_at, revision) "
                    "VALUES (:id, :name, :code, 1, '2024-01-01', '2024-01-01', 1)"
                ),
                {"id": f"{number:032x}", "name": name, "code": code},
            )
    engine.dispose()
    db = open_database(db_path)
    with db.reading() as s:
        found = {c.code: c.sba_location_code for c in s.scalars(select(Center))}
    db.close()
    assert found == {"MAIN": None, "0815": 815, "99999999": None}


def test_models_match_the_migrations(db: Database) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_schema_head_constant_matches_the_migration_scripts() -> None:
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == database_module.SCHEMA_HEAD


def test_seeding_is_skipped_while_the_catalog_is_unchanged(db_path: Path) -> None:
    from neodesk.models.reference import Setting
    from neodesk.models.seed import SEED_MARKER, catalog_fingerprint

    first = open_database(db_path)
    with first.unit_of_work() as s:
        s.delete(s.scalars(select(MilestoneType).where(MilestoneType.code == "success_story")).one())
    first.close()
    again = open_database(db_path)  # marker unchanged: nothing re-added
    with again.unit_of_work() as s:
        assert s.scalars(select(MilestoneType).where(MilestoneType.code == "success_story")).first() is None
        s.get_one(Setting, SEED_MARKER).value = "older-release"
    again.close()
    upgraded = open_database(db_path)  # a release with another catalog tops up what is missing
    with upgraded.reading() as s:
        assert s.scalars(select(MilestoneType).where(MilestoneType.code == "success_story")).first() is not None
        assert s.get_one(Setting, SEED_MARKER).value == catalog_fingerprint()
    upgraded.close()
