"""The client list's read model: the first page read through sqlite3 (start-up) and through SQLAlchemy
(the list's model) from one SQL text, both the same page as search_clients; or None for the full path."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from neodesk import paths, schema_version
from neodesk.models import Client, Counselor, Database, open_database
from neodesk.models import database as database_module
from neodesk.services.client_list_rows import first_page, sqlite_file
from neodesk.services.client_pages import search_page
from neodesk.services.clients import search_clients


def url(path: Path) -> str:
    return paths.resolve_db_target(path)


def seed_clients(db: Database) -> None:
    """Ties on the sort name, accents, inactive clients, with and without counselor and activity."""
    with db.unit_of_work() as tx:
        counselor = tx.query(Counselor).first()
        names = [
            "Zeta Works",
            "Álvarez Bakery",
            "alvarez bakery",
            "Acme",
            "Acme",
            "Bolt Hardware",
            "Échelle LLC",
            "Mañana Café",
            "acme",
            "Quiet Closed Shop",
        ]
        for n, name in enumerate(names):
            tx.add(
                Client(
                    name=name,
                    city=None if n % 3 == 0 else f"City {n}",
                    zip="78701",
                    company_status="PSB"[n % 3],
                    client_type="AC",
                    active=n not in (5, 9),
                    counselor_id=counselor.id if n % 2 else None,
                    last_activity=date(2024, 1, 1 + n) if n % 4 else None,
                )
            )


def test_first_page_is_what_search_clients_returns(db: Database, db_path: Path) -> None:
    seed_clients(db)
    for limit in (1, 3, 7, 200):
        with db.reading() as tx:
            expected = search_clients(tx, "", active=True, limit=limit)
        assert first_page(url(db_path), limit) == expected
        with db.reading() as tx:
            assert search_page(tx, "", active=True, limit=limit) == expected  # the same SQL text
    assert len(first_page(url(db_path), 200) or []) == 8  # the two inactive clients are left out


def test_first_page_of_an_empty_store(db: Database, db_path: Path) -> None:
    assert first_page(url(db_path), 200) == []


def test_the_constants_are_shared() -> None:
    assert database_module.SCHEMA_HEAD is schema_version.SCHEMA_HEAD
    assert database_module.APPLICATION_ID == schema_version.APPLICATION_ID


def test_a_store_at_another_schema_takes_the_full_path(
    db: Database, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_clients(db)
    monkeypatch.setattr(schema_version, "SCHEMA_HEAD", "9999")  # as a NeoDesk that ships a newer migration
    assert first_page(url(db_path), 200) is None


def test_a_store_behind_the_schema_takes_the_full_path(db: Database, db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0002'")
    conn.close()
    assert first_page(url(db_path), 200) is None


def test_files_that_are_not_neodesk_stores_take_the_full_path(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE alembic_version (version_num TEXT)")
    conn.execute("INSERT INTO alembic_version VALUES (?)", (schema_version.SCHEMA_HEAD,))
    conn.commit()
    conn.close()
    assert first_page(url(other), 200) is None  # application_id 0: not ours

    letter = tmp_path / "letter.sqlite3"
    letter.write_bytes(b"Dear counselor, this is not a database." * 100)
    assert first_page(url(letter), 200) is None

    missing = tmp_path / "missing.sqlite3"
    assert first_page(url(missing), 200) is None
    assert not missing.exists()  # never created by the quick read


def test_only_plain_sqlite_file_urls_qualify(db_path: Path) -> None:
    open_database(db_path).close()
    assert sqlite_file(url(db_path)) == db_path.resolve()
    assert first_page("postgresql://user@localhost/neodesk", 200) is None
    assert first_page("sqlite:///:memory:", 200) is None
    assert first_page(f"sqlite:///{db_path}?mode=ro", 200) is None


def test_the_quick_read_imports_neither_sqlalchemy_nor_qt(db: Database, db_path: Path) -> None:
    code = (
        f"import sys; from neodesk.services.client_list_rows import first_page; first_page({url(db_path)!r}, 200); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'PySide6', 'alembic'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
