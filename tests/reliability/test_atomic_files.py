"""Point 12: files are written whole or not at all (reports, backups, exports, the desk key)."""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

import pytest
from plain_sqlite_checks import one_sentence
from reliability_mounts import fill, tmpfs

from neodesk.exchange import keys


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != "filler")


def no_space(*_args: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize(
    "writer",
    [
        ["db", "backup", "--out"],
        ["report", "milestones", "1", "--out"],
        ["report", "impact", "--from", "2026-01-01", "--to", "2026-12-31", "--out"],
        ["export", "bundle", "--all", "--out"],
    ],
    ids=lambda w: " ".join(w[:2]),
)
def test_a_full_disk_leaves_no_file_and_says_disk_full(
    cli, demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, writer: list[str]
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    keys.desk_identity()  # made before the disk "fills": this test is about the output file
    monkeypatch.setattr(os, "fsync", no_space)  # the disk fills up as the file is made durable
    result = cli("--db", str(demo_db), *writer, str(out_dir / "result.bin"))
    monkeypatch.undo()
    assert result.code == 4, result.err
    assert one_sentence(result.err)
    assert "disk full" in result.err
    assert leftovers(out_dir) == []  # no half file, no 0-byte file, no fixed ".part"


def test_backup_on_a_small_full_filesystem(cli, demo_db: Path, tmp_path: Path) -> None:
    with tmpfs(tmp_path / "small", 128) as folder:  # smaller than the database
        result = cli("--db", str(demo_db), "db", "backup", "--out", str(folder / "backup.sqlite3"))
        assert result.code == 4, result.err
        assert one_sentence(result.err)
        assert "disk full" in result.err
        # the full disk is the backup's, not the database's: the sentence sends the user to the right one
        assert f"({folder})" in result.err
        assert f"({demo_db.parent})" not in result.err
        assert leftovers(folder) == []


def test_report_and_bundle_on_a_full_filesystem(cli, demo_db: Path, tmp_path: Path) -> None:
    keys.desk_identity()
    with tmpfs(tmp_path / "small", 256) as folder:
        fill(folder, leave_bytes=2048)
        for writer in (["report", "milestones", "1"], ["export", "bundle", "--all"]):
            result = cli("--db", str(demo_db), *writer, "--out", str(folder / "out.bin"))
            assert result.code == 4, (writer, result.err)
            assert "disk full" in result.err
            assert leftovers(folder) == []


def test_a_full_disk_while_the_desk_key_is_made_breaks_nothing_later(
    cli, demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with tmpfs(tmp_path / "data", 256) as folder:
        monkeypatch.setenv("NEODESK_DATA_DIR", str(folder))
        fill(folder, leave_bytes=0)
        result = cli("--db", str(demo_db), "export", "key", "--out", str(tmp_path / "desk.pem"))
        assert result.code == 4, result.err
        assert "disk full" in result.err
        (folder / "filler").unlink()  # space again
        result = cli("--db", str(demo_db), "export", "key", "--out", str(tmp_path / "desk.pem"))
        assert result.code == 0, result.err
        identity = keys.desk_identity(create=False)
        assert identity is not None
        assert str(identity.desk_id) in (tmp_path / "desk.pem").read_text()


@pytest.mark.parametrize("damage", ["empty id", "empty key", "cut key", "key only"])
def test_a_partial_key_pair_is_made_again(cli, demo_db: Path, tmp_path: Path, data_dir: Path, damage: str) -> None:
    folder = data_dir / "keys"
    folder.mkdir(parents=True)
    key_path, id_path = folder / keys.PRIVATE_KEY_FILE, folder / keys.DESK_ID_FILE
    whole = keys.Ed25519PrivateKey.generate().private_bytes(
        keys.serialization.Encoding.PEM, keys.serialization.PrivateFormat.PKCS8, keys.serialization.NoEncryption()
    )
    key_path.write_bytes(b"" if damage == "empty key" else whole[:40] if damage == "cut key" else whole)
    if damage != "key only":
        id_path.write_bytes(b"" if damage == "empty id" else b"0b5c7a56-5b8e-4c52-9a8e-1d2e3f405060\n")
    result = cli("--db", str(demo_db), "export", "bundle", "--all", "--out", str(tmp_path / "b.zip"))
    assert result.code == 0, result.err
    identity = keys.desk_identity(create=False)
    assert identity is not None
    assert cli("--db", str(demo_db), "export", "bundle", "--all", "--out", str(tmp_path / "c.zip")).code == 0
    kept = keys.desk_identity(create=False)
    assert kept is not None
    assert (kept.desk_id, kept.public_pem) == (identity.desk_id, identity.public_pem)
    assert list(folder.glob("*.broken-*"))  # the partial files were set aside, not silently deleted


def test_a_valid_key_pair_is_never_replaced(data_dir: Path) -> None:
    made = keys.desk_identity()
    assert made is not None
    again = keys.desk_identity()
    assert again is not None
    assert again.desk_id == made.desk_id
    assert not list((data_dir / "keys").glob("*.broken-*"))


def test_backup_is_a_consistent_owner_only_file(cli, demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "backup.sqlite3"
    assert cli("--db", str(demo_db), "db", "backup", "--out", str(out)).code == 0
    assert (out.stat().st_mode & 0o777) == 0o600
    with sqlite3.connect(out) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
