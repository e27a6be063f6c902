"""The rotating log keeps writing when its folder was removed underneath the process."""

from __future__ import annotations

import shutil
from pathlib import Path

from neodesk.log_file import log_bug


def _bug(text: str) -> Path:
    try:
        raise RuntimeError(text)
    except RuntimeError as exc:
        return log_bug(exc)


def test_a_bug_after_the_logs_folder_was_deleted_is_still_written(data_dir: Path) -> None:
    first = _bug("the first bug")
    assert "the first bug" in first.read_text(encoding="utf-8")
    shutil.rmtree(first.parent)  # the user (or a test run) removed the folder; the old handler's file is gone

    second = _bug("the second bug")

    assert second == first
    assert "the second bug" in second.read_text(encoding="utf-8")
