"""Point 14: the database, its -wal/-shm, backups, keys and the log are owner-only (0600 in 0700 folders)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from neodesk import paths
from neodesk.cli import run
from neodesk.models import open_database


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def permissive_umask() -> Iterator[None]:
    old = os.umask(0o022)  # the usual default, which gives 0644 files and 0755 folders
    yield
    os.umask(old)


def test_a_new_desk_is_owner_only(data_dir: Path, tmp_path: Path) -> None:
    assert run(["demo", "--clients", "2"]) == 0
    assert run(["db", "backup"]) == 0
    assert run(["export", "key", "--out", str(tmp_path / "desk.pem")]) == 0
    db = open_database(None)  # hold it open: the -wal and -shm exist while it is
    try:
        with db.unit_of_work() as tx:
            tx.connection().exec_driver_sql("UPDATE setting SET key = key")
        database = paths.default_db_path()
        for file in (database, database.with_name(database.name + "-wal"), database.with_name(database.name + "-shm")):
            assert file.exists(), file
            assert mode(file) == 0o600, file
    finally:
        db.close()
    for folder in (data_dir, paths.backup_dir(), data_dir / "keys"):
        assert mode(folder) == 0o700, folder
        for file in folder.iterdir():
            if file.is_file():
                assert mode(file) == 0o600, file


def test_the_log_is_owner_only(data_dir: Path) -> None:
    from neodesk.log_file import log_bug

    try:
        raise RuntimeError("for the log")
    except RuntimeError as exc:
        log = log_bug(exc)
    assert mode(log) == 0o600
    assert mode(log.parent) == 0o700


def test_loose_files_of_an_older_neodesk_are_tightened_at_start(data_dir: Path) -> None:
    assert run(["db", "backup"]) == 0
    database = paths.default_db_path()
    [backup] = list(paths.backup_dir().iterdir())
    for loose in (database, backup):
        loose.chmod(0o644)
    for folder in (data_dir, paths.backup_dir()):
        folder.chmod(0o755)
    assert run(["clients"]) == 0
    assert (mode(database), mode(backup)) == (0o600, 0o600)
    assert (mode(data_dir), mode(paths.backup_dir())) == (0o700, 0o700)


def test_a_database_given_with_db_is_owner_only_too(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "desk.sqlite3"
    assert run(["--db", str(target), "clients"]) == 0
    assert mode(target) == 0o600
    assert mode(target.parent) == 0o700  # made by NeoDesk for it


def test_loose_attachments_are_tightened_at_start(data_dir: Path) -> None:
    from neodesk import attachments

    sha = attachments.store(b"%PDF-1.4 payroll")
    stored = attachments.path_of(sha)
    stored.chmod(0o644)
    stored.parent.chmod(0o755)
    assert run(["clients"]) == 0
    assert (mode(stored), mode(stored.parent)) == (0o600, 0o700)


def test_the_window_layout_file_is_in_an_owner_only_folder(data_dir: Path, qapp: object) -> None:
    from neodesk import paths
    from neodesk.ui.settings_store import ui_settings

    settings = ui_settings()  # under the autouse umask 022 a plain mkdir would give 0755
    settings.setValue("window/probe", 1)
    settings.sync()
    assert mode(paths.config_dir()) == 0o700
