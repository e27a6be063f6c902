"""`neodesk clients` on a current SQLite file lists through sqlite3 (no SQLAlchemy), byte for byte as before.

The quick path (neodesk.services.client_list_rows.read_search_page) and the full path (open_database,
search_clients) must print the same bytes and return the same status for every option; anything the
quick path cannot vouch for (another schema, not a NeoDesk file, a server, a read-only file) goes the
full way.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from neodesk import schema_version
from neodesk.cli import run
from neodesk.demo.generate import generate_demo
from neodesk.models import Client, Database
from neodesk.services import client_list_rows

OPTIONS = [
    [],
    ["--json"],
    ["--search", "a"],
    ["--search", "a", "--json"],
    ["--search", "la"],
    ["--search", "b c"],
    ["--search", "Café Ñandú", "--json"],
    ["--search", "jose"],
    ["--search", "zzzq"],
    ["--search", "  "],
    ["--search", "a", "--limit", "7"],
    ["--limit", "0", "--json"],
    ["--limit", "3"],
    ["--limit", "-1", "--search", "m"],
]


@pytest.fixture
def listed(db: Database, db_path: Path) -> Path:
    """Demo clients (some inactive, some without a counselor or city) and one accented name."""
    generate_demo(db, 60, seed=3)
    with db.unit_of_work() as tx:
        tx.add(Client(name="Café Ñandú", city=None, company_status="P", active=False))
    with db.reading() as tx:
        assert tx.query(Client).filter(Client.active.is_(False)).count() > 0
    return db_path


def _cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = run(args)
    out = capsys.readouterr()
    return status, out.out, out.err


@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: " ".join(o) or "plain")
def test_the_quick_listing_prints_what_the_full_path_prints(
    listed: Path, options: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--db", str(listed), "clients", *options]
    answers: list[object] = []
    real = client_list_rows.read_search_page

    def spy(url: str, text: str, limit: int) -> list[client_list_rows.StoredRow] | None:
        answers.append(real(url, text, limit))
        return answers[-1]  # type: ignore[return-value]

    monkeypatch.setattr(client_list_rows, "read_search_page", spy)
    quick = _cli(args, capsys)
    assert len(answers) == 1
    assert answers[0] is not None
    monkeypatch.setattr(client_list_rows, "read_search_page", lambda *a: None)  # as for a server database
    full = _cli(args, capsys)
    assert quick == full
    assert quick[0] == 0
    assert quick[2] == ""
    if "zzzq" not in options and "0" not in options:
        assert quick[1].count("\n") > 1  # something was listed


@pytest.mark.parametrize("search", ["a", "b c", "la m"])
def test_the_broad_plan_prints_the_same_too(
    listed: Path, search: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """With few clients every search is narrow: a cap of 1 makes the same searches walk the name index."""
    from neodesk.services import clients

    monkeypatch.setattr(client_list_rows, "BROAD_MATCHES", 1)
    monkeypatch.setattr(clients, "BROAD_MATCHES", 1)
    args = ["--db", str(listed), "clients", "--search", search, "--json"]
    quick = _cli(args, capsys)
    monkeypatch.setattr(client_list_rows, "read_search_page", lambda *a: None)
    assert _cli(args, capsys) == quick
    assert quick[1].count('"client_no"') > 1


def test_the_quick_listing_answers_for_a_current_file(listed: Path) -> None:
    url = f"sqlite:///{listed}"
    assert client_list_rows.read_search_page(url, "a", 5) is not None
    inactive = [r for r in client_list_rows.search_rows(url, "", 2**62) or [] if not r.active]
    assert inactive  # every client, as search_clients lists them (not the window's active-only page)


def test_the_command_imports_no_sqlalchemy_on_a_current_file(listed: Path) -> None:
    code = (
        "import sys\nfrom neodesk.cli import main\n"
        f"status = main(['--db', {str(listed)!r}, 'clients', '--search', 'a'])\n"
        "print(status, [m for m in ('sqlalchemy', 'alembic', 'reportlab', 'neodesk.models') if m in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip().splitlines()[-1] == "0 []"


def _set_version(path: Path, version: str) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = ?", (version,))
    conn.close()


def test_another_schema_revision_takes_the_full_path(listed: Path) -> None:
    _set_version(listed, "0006")
    assert client_list_rows.read_search_page(f"sqlite:///{listed}", "a", 5) is None
    _set_version(listed, schema_version.SCHEMA_HEAD)
    assert client_list_rows.read_search_page(f"sqlite:///{listed}", "a", 5) is not None


def test_what_the_quick_path_cannot_vouch_for_takes_the_full_path(listed: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    not_a_database = tmp_path / "notes.sqlite3"
    not_a_database.write_text("not a database\n", encoding="utf-8")
    for url in (
        f"sqlite:///{other}",  # not a NeoDesk file (no application_id)
        f"sqlite:///{not_a_database}",
        f"sqlite:///{tmp_path / 'missing.sqlite3'}",  # opening creates it
        "sqlite:///:memory:",
        "postgresql+psycopg://neodesk@127.0.0.1/nothing",
    ):
        assert client_list_rows.read_search_page(url, "a", 5) is None, url
    if os.geteuid() != 0:  # root may write anyway
        listed.chmod(0o400)
        try:
            assert client_list_rows.read_search_page(f"sqlite:///{listed}", "a", 5) is None
        finally:
            listed.chmod(0o600)


@pytest.mark.parametrize("limit", ["99999999999999999999999", "x"])
def test_a_limit_the_quick_path_cannot_take_says_the_same_sentence(
    listed: Path, limit: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["--db", str(listed), "clients", "--limit", limit]
    quick = _cli(args, capsys)
    monkeypatch.setattr(client_list_rows, "read_search_page", lambda *a: None)
    assert _cli(args, capsys) == quick
    assert quick[0] in (1, 2)
    assert quick[2].startswith(("neodesk: ", "usage: "))
    assert "Traceback" not in quick[2]


def test_a_file_that_is_not_a_database_says_the_same_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "notes.sqlite3"
    bad.write_text("not a database\n", encoding="utf-8")
    quick = _cli(["--db", str(bad), "clients", "--search", "a"], capsys)
    monkeypatch.setattr(client_list_rows, "read_search_page", lambda *a: None)
    assert _cli(["--db", str(bad), "clients", "--search", "a"], capsys) == quick
    assert quick[0] != 0
    assert quick[2].startswith("neodesk: cannot open the database")


def test_a_bug_in_the_quick_listing_is_logged_with_its_stack_and_exit_70(
    listed: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(url: str, text: str, limit: int) -> list[client_list_rows.StoredRow] | None:
        raise RuntimeError("kaboom in the quick listing")

    monkeypatch.setattr(client_list_rows, "read_search_page", broken)
    status, out, err = _cli(["--db", str(listed), "clients"], capsys)
    assert status == 70
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
    assert "kaboom in the quick listing" in (data_dir / "logs" / "neodesk.log").read_text(encoding="utf-8")
