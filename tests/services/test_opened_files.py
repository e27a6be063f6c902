"""Opening an attached file (agreements.md §5): a private copy under the name the user gave, its bytes
checked against the hash (a damaged file is a sentence), and copies a day old removed."""

from __future__ import annotations

import os
import stat
import time

import pytest

from neodesk import attachments, paths
from neodesk.services.agreements.opened_files import KEEP_SECONDS, viewable_copy
from neodesk.services.errors import ValidationFailed


def test_a_private_copy_under_its_own_name() -> None:
    sha = attachments.store(b"%PDF-1.4\npayroll\n")
    copy = viewable_copy(sha, "../payroll Q3.pdf")
    assert copy.name == "payroll Q3.pdf"  # the folder part cleaned away
    assert copy.read_bytes() == b"%PDF-1.4\npayroll\n"
    assert copy.parent.parent == paths.data_dir() / "opened"
    if os.name == "posix":
        assert stat.S_IMODE(copy.parent.stat().st_mode) == 0o700
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600


def test_a_damaged_file_is_refused_in_one_sentence() -> None:
    sha = attachments.store(b"the real bytes")
    attachments.path_of(sha).write_bytes(b"something else")
    with pytest.raises(ValidationFailed) as refused:
        viewable_copy(sha, "report.pdf")
    assert refused.value.problems[0].message.startswith("report.pdf: the attached file")
    assert "damaged" in refused.value.problems[0].message


def test_copies_a_day_old_are_removed_when_the_next_is_made() -> None:
    first = viewable_copy(attachments.store(b"first"), "a.txt")
    long_ago = time.time() - KEEP_SECONDS - 60
    os.utime(first.parent, (long_ago, long_ago))
    second = viewable_copy(attachments.store(b"second"), "b.txt")
    assert second.exists()
    assert not first.exists()
