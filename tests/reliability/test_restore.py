"""Point 5: `neodesk db restore BACKUP` checks the backup, keeps the current file aside, drops a stale -wal."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from plain_sqlite_checks import client_names, one_sentence


def crashed_copy(database: Path, folder: Path, new_name: str) -> Path:
    """A copy of `database` as a crash leaves it: `new_name` committed, but only in the -wal beside it."""
    folder.mkdir()
    conn = sqlite3.connect(database)
    try:
        conn.execute("PRAGMA wal_autocheckpoint=0")
        conn.execute("UPDATE client SET name = ? WHERE client_no = 1", (new_name,))
        conn.commit()
        target = folder / database.name
        shutil.copyfile(database, target)  # taken while the connection is open: the change is in the -wal only
        shutil.copyfile(database.with_name(database.name + "-wal"), folder / (database.name + "-wal"))
    finally:
        conn.close()
    return target


def test_restore_over_a_stale_wal_does_not_replay_newer_changes(cli, demo_db: Path, tmp_path: Path) -> None:
    backup = tmp_path / "backup.sqlite3"
    assert cli("--db", str(demo_db), "db", "backup", "--out", str(backup)).code == 0
    original = client_names(backup)
    crashed = crashed_copy(demo_db, tmp_path / "crashed", "Changed After The Backup")
    assert client_names(crashed)[0] == "Changed After The Backup"  # the -wal holds it

    result = cli("--db", str(crashed), "db", "restore", str(backup))
    assert result.code == 0, result.err
    assert client_names(crashed) == original  # the stale -wal was not replayed into the restored file
    assert not crashed.with_name(crashed.name + "-wal").exists()
    [aside] = list(crashed.parent.glob("desk-before-restore-*.sqlite3"))
    assert str(aside) in result.out
    assert client_names(aside)[0] == "Changed After The Backup"  # kept aside whole, with its -wal
    assert cli("--db", str(crashed), "db", "check").code == 0


def test_restore_refuses_what_is_not_a_neodesk_backup_and_changes_nothing(cli, demo_db: Path, tmp_path: Path) -> None:
    content = demo_db.read_bytes()
    letter = tmp_path / "letter.sqlite3"
    letter.write_bytes(b"Dear counselor" * 100)
    foreign = tmp_path / "foreign.sqlite3"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE t (x)")
    for bad in (letter, foreign, tmp_path / "missing.sqlite3"):
        result = cli("--db", str(demo_db), "db", "restore", str(bad))
        assert result.code == 1, (bad, result.err)
        assert one_sentence(result.err)
    assert demo_db.read_bytes() == content
    assert not list(demo_db.parent.glob("*before-restore*"))
    assert not list(demo_db.parent.glob(".*"))  # no temporary copy left behind


def test_restore_refuses_a_damaged_backup(cli, demo_db: Path, tmp_path: Path) -> None:
    backup = tmp_path / "backup.sqlite3"
    assert cli("--db", str(demo_db), "db", "backup", "--out", str(backup)).code == 0
    raw = bytearray(backup.read_bytes())
    page = 4096
    for offset in range(3 * page, 3 * page + 200):  # scribble over a b-tree page, keep the header
        raw[offset] = 0xFF
    backup.write_bytes(bytes(raw))
    content = demo_db.read_bytes()
    result = cli("--db", str(demo_db), "db", "restore", str(backup))
    assert result.code == 1
    assert "damaged" in result.err
    assert one_sentence(result.err)
    assert demo_db.read_bytes() == content


def test_restore_refuses_a_backup_from_a_newer_neodesk(cli, demo_db: Path, tmp_path: Path) -> None:
    backup = tmp_path / "backup.sqlite3"
    assert cli("--db", str(demo_db), "db", "backup", "--out", str(backup)).code == 0
    with sqlite3.connect(backup) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    content = demo_db.read_bytes()
    result = cli("--db", str(demo_db), "db", "restore", str(backup))
    assert result.code == 1
    assert "newer NeoDesk" in result.err
    assert demo_db.read_bytes() == content


def test_restore_brings_back_the_backup_and_keeps_the_current_file(cli, demo_db: Path, tmp_path: Path) -> None:
    backup = tmp_path / "backup.sqlite3"
    assert cli("--db", str(demo_db), "db", "backup", "--out", str(backup)).code == 0
    assert cli("--db", str(demo_db), "set", "1", "name=Renamed Later").code == 0
    result = cli("--db", str(demo_db), "db", "restore", str(backup))
    assert result.code == 0, result.err
    assert client_names(demo_db) == client_names(backup)
    [aside] = list(demo_db.parent.glob("desk-before-restore-*.sqlite3"))
    assert client_names(aside)[0] == "Renamed Later"
    assert (demo_db.stat().st_mode & 0o777) == 0o600


def test_restore_of_a_server_database_is_refused(cli, tmp_path: Path) -> None:
    result = cli("--db", "postgresql+psycopg://u:p@127.0.0.1:1/x", "db", "restore", str(tmp_path / "b.sqlite3"))
    assert result.code == 1
    assert "SQLite" in result.err


def test_restore_is_refused_while_another_program_has_the_database_open(cli, demo_db: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    backup = tmp_path / "backup.sqlite3"
    assert cli("--db", str(demo_db), "db", "backup", "--out", str(backup)).code == 0
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
            "c.execute('PRAGMA journal_mode=WAL'); c.execute('SELECT count(*) FROM client').fetchall(); "
            "print('ready', flush=True); sys.stdin.read()",
            str(demo_db),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "ready"
        content = demo_db.read_bytes()
        result = cli("--db", str(demo_db), "db", "restore", str(backup))
        assert result.code == 4
        assert "open in another program" in result.err
        assert demo_db.read_bytes() == content
    finally:
        holder.communicate("", timeout=30)
    assert cli("--db", str(demo_db), "db", "restore", str(backup)).code == 0  # closed: now it may
