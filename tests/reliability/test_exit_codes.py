"""Point 11: every failure is one sentence and a meaningful exit status (1, 2, 3, 4; 70 only for a bug)."""

from __future__ import annotations

import errno
import os
import sqlite3
import sys
import threading
from pathlib import Path

import pytest
from plain_sqlite_checks import client_names, one_sentence
from sqlalchemy.exc import OperationalError

from neodesk.services import failures
from neodesk.services.failures import describe


def test_a_too_large_number_is_refused(cli, demo_db: Path) -> None:
    result = cli("--db", str(demo_db), "set", "1", "full_time_employees=99999999999999999999999")
    assert result.code == 1
    assert "Traceback" not in result.err
    assert cli("--db", str(demo_db), "clients", "--limit", "99999999999999999999999").code == 1


def test_an_argument_that_is_not_utf8_is_refused(cli, demo_db: Path) -> None:
    bad = b"name=Caf\xe9".decode(sys.getfilesystemencoding(), "surrogateescape")
    before = client_names(demo_db)
    result = cli("--db", str(demo_db), "set", "1", bad)
    assert result.code == 1
    assert one_sentence(result.err)
    assert "UTF-8" in result.err
    assert client_names(demo_db) == before


def test_a_period_ending_in_december_9999_is_reported(cli, demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "impact.pdf"
    result = cli(
        "--db", str(demo_db), "report", "impact", "--from", "9999-12-01", "--to", "9999-12-31", "--out", str(out)
    )
    assert result.code == 0, result.err
    assert out.read_bytes().startswith(b"%PDF")
    assert (
        cli(
            "--db", str(demo_db), "report", "impact", "--from", "2026-01-01", "--to", "10000-01-01", "--out", str(out)
        ).code
        == 2
    )


def test_an_unknown_counselor_is_refused(cli, demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEODESK_COUNSELOR", "nobody@example.org")
    result = cli("--db", str(demo_db), "set", "1", "city=Austin")
    assert result.code == 1
    assert one_sentence(result.err)


def test_a_missing_postgresql_driver_is_exit_4_with_what_to_install(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg now fails as if not installed
    result = cli("--db", "postgresql+psycopg://u:secret@127.0.0.1:1/x", "clients")
    assert result.code == 4
    assert one_sentence(result.err)
    assert "the PostgreSQL driver is not installed: pip install 'neodesk[postgres]'" in result.err
    assert "secret" not in result.err


def test_a_busy_database_is_exit_4(cli, demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from neodesk.models import database

    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 50)
    holder = sqlite3.connect(demo_db, isolation_level=None)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("UPDATE client SET city = 'Held' WHERE client_no = 1")
    try:
        result = cli("--db", str(demo_db), "set", "2", "city=Austin")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.code == 4
    assert "busy" in result.err
    assert "Traceback" not in result.err


def test_disk_full_inside_sqlite_says_disk_full_and_writes_nothing(
    cli, demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from neodesk.models import database

    original = database._sqlite_on_connect

    def tiny_disk(dbapi_conn, record) -> None:
        original(dbapi_conn, record)
        pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
        dbapi_conn.execute(f"PRAGMA max_page_count={pages}")  # not one page more: the disk is "full"

    monkeypatch.setattr(database, "_sqlite_on_connect", tiny_disk)
    before = client_names(demo_db)
    result = cli("--db", str(demo_db), "demo", "--clients", "40")  # one transaction, many new pages
    assert result.code == 4, result.err
    assert "disk full" in result.err
    assert "I/O" not in result.err
    assert "Traceback" not in result.err
    assert client_names(demo_db) == before  # nothing partial


def test_a_bug_is_logged_with_its_stack_and_exit_70(
    cli, demo_db: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from neodesk.cli import records

    def broken(args, db) -> int:
        raise RuntimeError("kaboom in a handler")

    monkeypatch.setattr(records, "list_clients_cmd", broken)
    monkeypatch.setattr(records, "list_clients_quick", lambda args: None)  # the handler behind open_database
    result = cli("--db", str(demo_db), "clients")
    assert result.code == 70
    assert one_sentence(result.err)
    assert "Traceback" not in result.err
    log = data_dir / "logs" / "neodesk.log"
    assert str(log) in result.err
    text = log.read_text(encoding="utf-8")
    assert "kaboom in a handler" in text
    assert "Traceback" in text
    assert (log.stat().st_mode & 0o777) == 0o600


def test_read_only_database_is_exit_4_by_injection(cli, demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root, for whom chmod stops no write: the SQLite error is injected where a handler runs.
    from neodesk.cli import edits

    def read_only(args, db) -> int:
        orig = sqlite3.OperationalError("attempt to write a readonly database")
        orig.sqlite_errorcode = 8  # type: ignore[attr-defined]  # SQLITE_READONLY
        raise OperationalError("UPDATE client …", {}, orig)

    monkeypatch.setattr(edits, "set_cmd", read_only)
    result = cli("--db", str(demo_db), "set", "1", "city=Austin")
    assert result.code == 4
    assert one_sentence(result.err)
    assert "read-only" in result.err


def test_read_only_mount_is_exit_4(cli, demo_db: Path, tmp_path: Path) -> None:
    from reliability_mounts import remount_read_only, tmpfs

    with tmpfs(tmp_path / "ro", 2048) as folder:
        copy = folder / "desk.sqlite3"
        copy.write_bytes(demo_db.read_bytes())
        remount_read_only(folder)
        result = cli("--db", str(copy), "set", "1", "city=Austin")
        assert result.code == 4, result.err
        assert one_sentence(result.err)
        assert "read-only" in result.err
        out = cli("--db", str(demo_db), "report", "milestones", "1", "--out", str(folder / "r.pdf"))
        assert out.code == 4
        assert "read-only" in out.err


@pytest.mark.parametrize(
    ("error", "code", "words"),
    [
        (OSError(errno.ENOSPC, "No space left on device", "/x/out.zip"), 4, "disk full"),
        (OSError(errno.EROFS, "Read-only file system", "/x"), 4, "read-only"),
        (PermissionError(errno.EACCES, "Permission denied", "/x"), 4, "permission denied"),
        (IsADirectoryError(errno.EISDIR, "Is a directory", "/x"), 1, "is a folder"),
        (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"), 1, "UTF-8"),
        (ModuleNotFoundError("No module named 'psycopg2'", name="psycopg2"), 4, "driver is not installed"),
        (RuntimeError("?"), 70, "a bug"),
    ],
)
def test_the_one_table_of_failures(error: BaseException, code: int, words: str) -> None:
    failure = describe(error)
    assert failure.exit_code == code
    assert words in failure.sentence
    assert "\n" not in failure.sentence


@pytest.mark.parametrize(
    ("sqlite_code", "exit_code", "words"),
    [
        (13, 4, "disk full"),
        (5, 4, "busy"),
        (6, 4, "busy"),
        (8, 4, "read-only"),
        (14, 4, "cannot open"),
        (11, 3, "damaged"),
        (26, 3, "damaged"),
        (10 | (3 << 8), 4, "could not be read or written"),
    ],
)
def test_sqlite_errors_map_by_their_code(sqlite_code: int, exit_code: int, words: str) -> None:
    orig = sqlite3.OperationalError("some words")
    orig.sqlite_errorcode = sqlite_code  # type: ignore[attr-defined]
    failure = describe(OperationalError("stmt", {}, orig))
    assert (failure.exit_code, words in failure.sentence) == (exit_code, True)


def test_two_writers_wait_for_each_other_instead_of_failing(demo_db: Path) -> None:
    from sqlalchemy import text

    from neodesk.models import open_database

    with sqlite3.connect(demo_db) as conn:
        conn.execute("CREATE TABLE scratch (writer TEXT, seen INTEGER)")
    conn.close()
    first, second = open_database(demo_db), open_database(demo_db)
    first_holds, second_starts = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def write_first() -> None:
        try:
            with first.unit_of_work() as tx:
                tx.execute(text("INSERT INTO scratch VALUES ('first', 0)"))
                first_holds.set()
                second_starts.wait(10)
                threading.Event().wait(0.3)  # give the second writer time to read while we hold the lock
        except BaseException as exc:
            errors.append(exc)

    def write_second() -> None:
        try:
            first_holds.wait(10)
            second_starts.set()
            with second.unit_of_work() as tx:
                seen = tx.execute(text("SELECT count(*) FROM scratch")).scalar()
                tx.execute(text("INSERT INTO scratch VALUES ('second', :n)"), {"n": seen})
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write_first), threading.Thread(target=write_second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    first.close()
    second.close()
    assert errors == []
    with sqlite3.connect(demo_db) as conn:
        rows = conn.execute("SELECT writer, seen FROM scratch ORDER BY rowid").fetchall()
    conn.close()
    assert rows == [("first", 0), ("second", 1)]  # the second began after the first committed


def test_failures_module_is_qt_free() -> None:
    assert "PySide6" not in Path(failures.__file__).read_text(encoding="utf-8")


def test_a_blank_for_a_yes_no_field_is_refused_not_a_bug(cli, demo_db: Path) -> None:
    # Found by test_cli_fuzz: `online_business=` reached the database as NULL (NOT NULL constraint, exit 70).
    result = cli("--db", str(demo_db), "set", "1", "online_business=")
    assert result.code == 1
    assert one_sentence(result.err)
    assert "enter yes or no" in result.err


@pytest.mark.parametrize("free_kb", [0, 64])
def test_a_database_on_a_full_small_filesystem_says_disk_full(cli, demo_db: Path, tmp_path: Path, free_kb: int) -> None:
    from reliability_mounts import fill, tmpfs

    with tmpfs(tmp_path / "small", 2048) as folder:
        copy = folder / "desk.sqlite3"
        copy.write_bytes(demo_db.read_bytes())
        before = client_names(copy)
        fill(folder, leave_bytes=free_kb * 1024)
        result = cli("--db", str(copy), "demo", "--clients", "40")
        assert result.code == 4, result.err
        last = result.err.strip().splitlines()[-1]
        assert "disk full" in last
        assert "I/O" not in last
        (folder / "filler").unlink()
        assert client_names(copy) == before  # nothing partial
        assert cli("--db", str(copy), "db", "check").code == 0


@pytest.mark.parametrize(
    "command",
    [
        ["report", "impact", "--from", "2026-01-01", "--to", "10000-01-01", "--out", "impact.pdf"],
        ["log", "1", "wosb_certified", "--date", "10000-01-01"],
    ],
    ids=["report impact", "log"],
)
def test_a_date_past_9999_says_what_a_date_looks_like(cli, demo_db: Path, command: list[str]) -> None:
    """The same sentence as `export nexus`, not Python's "invalid fromisoformat value"."""
    result = cli("--db", str(demo_db), *command)
    assert result.code == 2
    assert "'10000-01-01' is not a date YYYY-MM-DD" in result.err
    assert "fromisoformat" not in result.err


def test_a_failure_on_the_temporary_file_names_the_file_the_user_asked_for(tmp_path: Path) -> None:
    """The atomic writer's hidden `.<name>.<random>.part` is ours; the sentence names the user's file."""
    part = tmp_path / "reports" / ".client-1.pdf.k3j_9x2a.part"
    for errno_code in (errno.ENOENT, errno.EACCES, errno.ENOSPC):
        failure = describe(OSError(errno_code, os.strerror(errno_code), str(part)))
        assert ".part" not in failure.sentence, failure.sentence
        if errno_code != errno.ENOSPC:  # disk full names the folder, the same either way
            assert str(tmp_path / "reports" / "client-1.pdf") in failure.sentence
