"""Opening an attached file (agreements.md §5) in the system's viewer: the store names files by their
SHA-256 with no extension, so the viewer gets a private copy under the name the user gave it.

The copy sits in the data folder's `opened/<hash prefix>/`, owner-only, written whole; the bytes are
checked against their hash first, so a damaged or missing file is a sentence, not a wrong document.
"""

from __future__ import annotations

from pathlib import Path

from neodesk import attachments, files, paths
from neodesk.agreements.objectives import file_name_of
from neodesk.private_files import private_folder
from neodesk.services.agreements.common import refused

OPENED = "opened"


def viewable_copy(sha256: str, name: str) -> Path:
    """The path of a private copy of the attached file `sha256`, named `name` (its folder part cleaned)."""
    try:
        data = attachments.load(sha256)
    except attachments.AttachmentMissing as exc:
        raise refused(f"{name}: {exc}", "file") from None
    folder = private_folder(paths.data_dir() / OPENED / sha256[:16])
    target = folder / (file_name_of(name) or sha256[:16])
    if not (target.is_file() and target.stat().st_size == len(data)):
        files.write_atomic(target, data)
    return target
