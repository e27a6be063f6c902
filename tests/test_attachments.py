"""The attachments store (agreements.md §5): named by SHA-256, owner-only, written whole, read back checked."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from neodesk import attachments


def test_a_file_is_kept_once_by_its_hash_owner_only() -> None:
    sha = attachments.store(b"payroll")
    assert sha == attachments.digest(b"payroll")
    assert attachments.store(b"payroll") == sha
    path = attachments.path_of(sha)
    assert [p.name for p in path.parent.iterdir()] == [sha]  # no temporary file left beside it
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert attachments.load(sha) == b"payroll"


def test_a_damaged_file_is_reported_and_stored_again() -> None:
    sha = attachments.store(b"payroll")
    attachments.path_of(sha).write_bytes(b"PAYROLL")  # same size, other bytes
    with pytest.raises(attachments.AttachmentMissing, match="is damaged"):
        attachments.load(sha)
    attachments.store(b"payroll")
    assert attachments.load(sha) == b"payroll"


@pytest.mark.parametrize("name", ["../etc/passwd", "ABCDEF" * 11, ""])
def test_only_a_hash_names_a_file(name: str) -> None:
    with pytest.raises(attachments.AttachmentMissing, match="is not a SHA-256 hash"):
        attachments.path_of(name)
    assert not attachments.has(name)


def test_a_missing_file_is_reported() -> None:
    with pytest.raises(attachments.AttachmentMissing, match="is not in"):
        attachments.load("0" * 64)


def test_a_picked_file_larger_than_the_limit_is_not_read(tmp_path: Path) -> None:
    source = tmp_path / "big.pdf"
    source.write_bytes(b"x" * 11)
    assert attachments.read_limited(source, limit=10) is None
    assert attachments.read_limited(source, limit=11) == b"x" * 11
