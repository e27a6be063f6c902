"""Opening an attached file (agreements.md §5) in the system's viewer: the store names files by their
SHA-256 with no extension, so the viewer gets a private copy under the name the user gave it.

The copy sits in the data folder's `opened/<hash prefix>/`, owner-only, written whole; the bytes are
checked against their hash first, so a damaged or missing file is a sentence, not a wrong document.
Copies a day old are removed when the next one is made: clients' payroll reports do not pile up.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from neodesk import attachments, files, paths
from neodesk.agreements.objectives import file_name_of
from neodesk.private_files import private_folder
from neodesk.services.agreements.common import refused

OPENED = "opened"
KEEP_SECONDS = 24 * 3600  # long enough for the viewer to have read it


def viewable_copy(sha256: str, name: str) -> Path:
    """The path of a private copy of the attached file `sha256`, named `name` (its folder part cleaned)."""
    try:
        data = attachments.load(sha256)
    except attachments.AttachmentMissing as exc:
        raise refused(f"{name}: {exc}", "file") from None
    _prune(paths.data_dir() / OPENED, keep=sha256[:16])
    folder = private_folder(paths.data_dir() / OPENED / sha256[:16])
    target = folder / (file_name_of(name) or sha256[:16])
    if not (target.is_file() and target.stat().st_size == len(data)):
        files.write_atomic(target, data)
    return target


def _prune(opened: Path, keep: str) -> None:
    """Remove the copies made more than a day ago (errors ignored: a viewer may hold one open)."""
    if not opened.is_dir():
        return
    old = time.time() - KEEP_SECONDS
    for folder in opened.iterdir():
        try:
            if folder.name != keep and folder.is_dir() and folder.stat().st_mtime < old:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue
