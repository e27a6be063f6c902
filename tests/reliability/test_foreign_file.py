"""Point 13: a file that is not NeoDesk's is refused without being changed (no WAL switch, no -wal/-shm)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from plain_sqlite_checks import one_sentence


def foreign_database(path: Path) -> Path:
    with sqlite3.connect(path) as conn:  # rollback journal, as most programs leave their files
        conn.execute("CREATE TABLE recipe (name TEXT)")
        conn.execute("INSERT INTO recipe VALUES ('bread')")
    conn.close()
    return path


@pytest.mark.parametrize("command", [["clients"], ["set", "new", "name=X"], ["db", "check"], ["db", "backup"]])
def test_a_foreign_sqlite_file_is_refused_unchanged(cli, tmp_path: Path, command: list[str]) -> None:
    foreign = foreign_database(tmp_path / "recipes.sqlite3")
    content = foreign.read_bytes()
    result = cli("--db", str(foreign), *command)
    assert result.code in (1, 3)
    assert one_sentence(result.err)
    assert "not a NeoDesk database" in result.err
    assert foreign.read_bytes() == content  # byte for byte: not even switched to WAL
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("recipes")) == ["recipes.sqlite3"]


def test_a_foreign_file_with_another_application_id_is_refused_unchanged(cli, tmp_path: Path) -> None:
    foreign = tmp_path / "other.sqlite3"
    with sqlite3.connect(foreign) as conn:
        conn.execute("PRAGMA application_id = 1234")
    conn.close()
    content = foreign.read_bytes()
    assert cli("--db", str(foreign), "clients").code == 1
    assert foreign.read_bytes() == content
    assert not foreign.with_name("other.sqlite3-wal").exists()
    assert not foreign.with_name("other.sqlite3-shm").exists()


def test_a_file_that_is_no_database_is_refused_unchanged(cli, tmp_path: Path) -> None:
    letter = tmp_path / "letter.sqlite3"
    letter.write_bytes(b"Dear counselor, " * 100)
    result = cli("--db", str(letter), "clients")
    assert result.code == 1
    assert one_sentence(result.err)
    assert letter.read_bytes() == b"Dear counselor, " * 100
    assert sorted(p.name for p in tmp_path.iterdir() if "letter" in p.name) == ["letter.sqlite3"]


def test_an_empty_file_becomes_a_new_neodesk_database(cli, tmp_path: Path) -> None:
    empty = tmp_path / "new.sqlite3"
    empty.touch()
    assert cli("--db", str(empty), "clients").code == 0
    assert cli("--db", str(empty), "db", "check").code == 0


def test_the_default_database_is_named_by_its_file(cli, data_dir: Path) -> None:
    """Without --db the sentence names the file in the data folder, not "(default)": the user must find it."""
    data_dir.mkdir(parents=True, exist_ok=True)
    default = data_dir / "neodesk.sqlite3"
    with sqlite3.connect(default) as conn:
        conn.execute("CREATE TABLE notes (text TEXT)")
    conn.close()
    result = cli("clients")
    assert result.code == 1, result.err
    assert f"cannot open the database {default}:" in result.err
    assert "(default)" not in result.err
