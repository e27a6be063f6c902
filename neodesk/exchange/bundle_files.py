"""The files of objective answers in an exchange bundle (agreements.md §10): carried beside the CSVs as
`attachments/<sha256>`, listed (hash and size) in the signed manifest.

Export: the files named by the answers the bundle carries, read from this desk's attachments store
(checked against their hashes; a file this desk does not have is left out, its answer still travels
and shows the file as missing). Import: every file is checked before anything is written: listed in
the signed manifest, the size its zip header states, and bytes whose SHA-256 is its name; only then,
inside the import, are they kept in the central attachments store (content-addressed, so a repeat
import or a file already there changes nothing).
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path
from typing import Any, BinaryIO, cast

from sqlalchemy import Connection, text

from neodesk import attachments
from neodesk.agreements.objectives import MAX_FILE_BYTES
from neodesk.exchange.bundle_format import HashingReader, MemberTooLarge

PREFIX = "attachments/"
MANIFEST_KEY = "attachments"
_SHA256 = re.compile(r"[0-9a-f]{64}")


class FileRefused(Exception):
    """A bundle's file is not as the desk signed it (bundle_verify refuses the bundle with this sentence)."""


def member_name(sha256: str) -> str:
    return f"{PREFIX}{sha256}"


def is_file_member(name: str) -> bool:
    return name.startswith(PREFIX)


def exported_hashes(conn: Connection, since: int, everything: bool) -> list[str]:
    """The hashes of the files answers in this bundle name (read in the export's snapshot)."""
    where = "" if everything else " AND revision > :since"
    rows = conn.execute(
        text(f"SELECT DISTINCT file_sha256 FROM agreement_answer WHERE file_sha256 IS NOT NULL{where} ORDER BY 1"),
        {} if everything else {"since": since},
    )
    return [str(r[0]) for r in rows if _SHA256.fullmatch(str(r[0]))]


def write_files(zf: zipfile.ZipFile, hashes: list[str]) -> list[dict[str, Any]]:
    """Add each file this desk has (checked against its hash) as a member; the manifest's list of them."""
    listed = []
    for sha in hashes:
        try:
            data = attachments.load(sha)
        except attachments.AttachmentMissing:
            continue
        zf.writestr(member_name(sha), data, compress_type=zipfile.ZIP_STORED)  # pdf, docx, png: packed already
        listed.append({"sha256": sha, "bytes": len(data)})
    return listed


def listed_files(manifest: dict[str, Any]) -> dict[str, int]:
    """hash → size of the files the signed manifest lists, in the form the export writes them."""
    raw = manifest.get(MANIFEST_KEY, [])
    out: dict[str, int] = {}
    if not isinstance(raw, list):
        raise FileRefused("The bundle's manifest.json is not as a desk writes it (attachments).")
    for item in raw:
        sha = item.get("sha256") if isinstance(item, dict) else None
        size = item.get("bytes") if isinstance(item, dict) else None
        if (
            not isinstance(sha, str)
            or not _SHA256.fullmatch(sha)
            or not isinstance(size, int)
            or isinstance(size, bool)
            or not 0 < size <= MAX_FILE_BYTES
            or sha in out
        ):
            raise FileRefused("The bundle's manifest.json is not as a desk writes it (attachments).")
        out[sha] = size
    return out


def check_members(names: set[str], listed: dict[str, int]) -> None:
    """The bundle's file members are exactly the files its manifest lists."""
    present = {n[len(PREFIX) :] for n in names if is_file_member(n)}
    extra, missing = sorted(present - set(listed)), sorted(set(listed) - present)
    if extra:
        raise FileRefused(f"The bundle is not as the desk made it (extra file {member_name(extra[0])}).")
    if missing:
        raise FileRefused(f"The bundle is not as the desk made it (missing file {member_name(missing[0])}).")


def read_file(zf: zipfile.ZipFile, sha: str, size: int) -> bytes:
    """A file member's bytes, read no further than its listed size, checked against its hash."""
    name = member_name(sha)
    if zf.getinfo(name).file_size != size:
        raise FileRefused(f"The bundle's {name} is not the size the desk signed ({size:,} bytes).")
    with zf.open(name) as member:
        try:
            data = HashingReader(cast(BinaryIO, member), size).read(size + 1)
        except MemberTooLarge as exc:
            raise FileRefused(f"The bundle's {name} holds more than its zip header says.") from exc
    if len(data) != size or hashlib.sha256(data).hexdigest() != sha:
        raise FileRefused(f"The bundle's {name} does not match its hash: it was changed after the desk signed it.")
    return data


def verify_files(zf: zipfile.ZipFile, listed: dict[str, int]) -> None:
    for sha, size in listed.items():
        read_file(zf, sha, size)


def store_files(path: Path, listed: dict[str, int]) -> int:
    """Keep the bundle's files in this database's attachments store (each checked again as it is read:
    the bundle file could have changed since it was verified). The number of files newly kept."""
    kept = 0
    with zipfile.ZipFile(path) as zf:
        for sha, size in listed.items():
            if attachments.has(sha):
                continue
            attachments.store(read_file(zf, sha, size))
            kept += 1
    return kept
