"""The attachments store (agreements.md §5, §10): files answering objectives, kept outside the database under
the data folder's `attachments/`, each named by the SHA-256 of its bytes.

Content-addressed, so the same file attached twice (or arriving again in a bundle) is stored once,
and a name can never be made to point at other bytes. Owner-only (a 0700 folder, 0600 files: clients'
payroll reports are personal data) and written whole or not at all (neodesk.files). The database
keeps only the name the user gave, the size and the hash. Reading checks the hash again, so a file
damaged on disk is reported, not shown. Plain file handling (no database): the answer services and
the exchange bundles (which carry the files by hash) both use it.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from neodesk import files, paths
from neodesk.agreements.objectives import MAX_FILE_BYTES
from neodesk.private_files import private_folder, tighten

FOLDER = "attachments"
_SHA256 = re.compile(r"[0-9a-f]{64}")


class AttachmentMissing(Exception):
    """The file of an answer is not in this data folder, or its bytes no longer match its hash."""


def folder() -> Path:
    return paths.data_dir() / FOLDER


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def path_of(sha256: str) -> Path:
    """Where the file with this hash lives (the hash checked to be one, so no name can escape the folder)."""
    if not _SHA256.fullmatch(sha256):
        raise AttachmentMissing(f"{sha256[:80]!r} is not a SHA-256 hash")
    return folder() / sha256


def has(sha256: str) -> bool:
    try:
        return path_of(sha256).is_file()
    except AttachmentMissing:
        return False


def store(data: bytes) -> str:
    """Keep `data` (whole, owner-only) and return its SHA-256; a file already kept is left as it is."""
    sha = digest(data)
    target = path_of(sha)
    private_folder(target.parent)
    if target.is_file() and target.stat().st_size == len(data):
        try:
            load(sha)  # kept already, and still whole
            return sha
        except AttachmentMissing:
            pass  # damaged on disk: written again below
    files.write_atomic(target, data)  # mkstemp's 0600 carries over to the published file
    tighten(target)
    return sha


def read_limited(source: Path, limit: int = MAX_FILE_BYTES) -> bytes | None:
    """The bytes of a file picked on disk, or None when it is larger than `limit` (not read past it)."""
    with open(source, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > limit:
            return None
        data = fh.read(limit + 1)
    return None if len(data) > limit else data


def load(sha256: str) -> bytes:
    """The stored bytes of a file, checked against their hash."""
    target = path_of(sha256)
    try:
        data = target.read_bytes()
    except OSError as exc:
        raise AttachmentMissing(f"the attached file {sha256[:12]}… is not in {target.parent}") from exc
    if digest(data) != sha256:
        raise AttachmentMissing(f"the attached file {sha256[:12]}… in {target.parent} is damaged")
    return data
