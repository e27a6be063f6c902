"""neodesk.files: a file is written whole under its name, or not at all, and no temporary is left."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from neodesk import files


def test_write_atomic_writes_and_replaces(tmp_path: Path) -> None:
    out = tmp_path / "deep" / "key.pem"
    assert files.write_atomic(out, b"first") == out
    files.write_atomic(out, b"second")
    assert out.read_bytes() == b"second"
    assert [p.name for p in out.parent.iterdir()] == ["key.pem"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "report.pdf"
    out.write_bytes(b"old")

    def full_disk(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space left"):
        files.write_atomic(out, b"new")
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]
