"""Importing a desk's bundle at the central office (SQLite or PostgreSQL). Qt-free.

Order of work: the bundle is checked whole first (the member list, the desk's signature over
`manifest.json`, the datapackage hash in the manifest, every CSV's size and sha256 in the
datapackage); a tampered bundle, or one from a desk whose key is not registered, is refused with
BundleRefused before any write. Then everything is written in one transaction, committed once: a
crash or a SIGKILL in the middle leaves the central database as it was, and the bundle can simply
be imported again.

Trust: `trust=` names a public-key file (from `neodesk export key`). It is needed the first time a
desk's bundle arrives and registers that desk's key (in the same transaction as the import, and only
once the bundle verified against it); later bundles from that desk need none. A key file naming
another desk, or another key for a desk already registered, is refused.

Taken bundles are recorded in `bundle_import`; importing one again verifies it, changes nothing and
reports `already_taken`. A signed bundle the central data cannot take (a constraint fails, e.g. a
desk changed a reference code to one another central row already has) is refused with BundleRefused
naming the constraint; the transaction is rolled back, so nothing of it is written.

How incoming versions are compared (newest revision wins, tombstones win, reference data matched by
natural key, seeded-and-untouched reference rows never overriding the central office's) is explained
in bundle_merge. Sync rules never run here: bundles carry both sides of every client/milestone pair
(spec sync-rules.md).
"""

from __future__ import annotations

import csv
import io
import uuid
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, select
from sqlalchemy.exc import IntegrityError

from neodesk.exchange import bundle_files, bundle_merge, keys
from neodesk.exchange.bundle_format import RESOURCES, HashingReader, MemberTooLarge, Resource
from neodesk.exchange.bundle_stage import check_hash, check_header, drop_stages, load, load_terms, stage_name
from neodesk.exchange.bundle_verify import BundleRefused, VerifiedBundle, verify_bundle
from neodesk.log_file import log_event
from neodesk.models import Database
from neodesk.models.database import WRITE_OPTION
from neodesk.models.exchange import BundleImport, DeskKey

Progress = Callable[[int, int], None]

__all__ = ["BundleRefused", "ImportResult", "import_bundle"]


@dataclass(frozen=True)
class ImportResult:
    path: Path
    bundle_id: str
    desk_id: str
    already_taken: bool
    applied: dict[str, int] = field(default_factory=dict)  # rows written, per record type
    skipped: dict[str, int] = field(default_factory=dict)  # rows not newer than what the central office has
    desk_registered: bool = False

    @property
    def total_applied(self) -> int:
        return sum(self.applied.values())


def _trusted_key(db: Database, desk_id: uuid.UUID) -> str | None:
    with db.engine.connect() as conn:
        return conn.execute(select(DeskKey.public_key).where(DeskKey.desk_id == desk_id)).scalar()


def _key_to_use(db: Database, desk_id: uuid.UUID, trust: Path | None) -> tuple[str, bool]:
    """(public key PEM, whether it must be registered) for the bundle's desk."""
    registered = _trusted_key(db, desk_id)
    if trust is None:
        if registered is None:
            raise BundleRefused(
                f"The bundle comes from desk {desk_id}, which is not registered here; import it "
                "once with --trust and that desk's key file."
            )
        return registered, False
    try:
        named, pem = keys.read_key_file(trust)
    except keys.KeyFileError as exc:
        raise BundleRefused(str(exc)) from exc
    if named is not None and named != desk_id:
        raise BundleRefused(f"The key file {trust.name} is for desk {named}, but the bundle comes from desk {desk_id}.")
    if registered is not None:
        if keys.fingerprint(registered) != keys.fingerprint(pem):
            raise BundleRefused(
                f"Desk {desk_id} is already registered with another key; the key file {trust.name} was not accepted."
            )
        return registered, False
    return pem, True


def import_bundle(
    db: Database, path: Path, *, trust: Path | None = None, progress: Progress | None = None
) -> ImportResult:
    """Verify a bundle and merge it into this (central) database in one transaction.

    `progress(done, total)` counts rows staged; it is called from the calling thread.
    Raises BundleRefused (nothing written) for a tampered, foreign or unknown-desk bundle; the log file
    keeps each refusal with the bundle's file.
    """
    try:
        return _import_bundle(db, Path(path), trust, progress)
    except BundleRefused as exc:
        log_event(f"Bundle import refused: {Path(path).resolve()}: {exc}")
        raise


def _import_bundle(db: Database, path: Path, trust: Path | None, progress: Progress | None) -> ImportResult:
    unchecked = verify_bundle(path, None)
    try:
        desk_id = unchecked.desk_id
        bundle_id = unchecked.bundle_id
    except (ValueError, KeyError, TypeError) as exc:
        raise BundleRefused("The bundle's manifest names no valid desk or bundle id.") from exc
    pem, register = _key_to_use(db, desk_id, trust)
    bundle = verify_bundle(path, pem)
    try:
        # A writer: on SQLite its transaction begins IMMEDIATE, so a desk saving meanwhile waits its turn.
        with db.engine.execution_options(**{WRITE_OPTION: True}).begin() as conn:
            if register:
                conn.execute(insert(DeskKey).values(desk_id=desk_id, public_key=pem, fingerprint=keys.fingerprint(pem)))
            taken = conn.execute(select(BundleImport.bundle_id).where(BundleImport.bundle_id == bundle_id)).first()
            if taken is not None:
                return ImportResult(path, str(bundle_id), str(desk_id), True, desk_registered=register)
            applied, skipped = _merge(conn, bundle, progress)
            try:  # the answers' files (verified above), kept before the import commits
                bundle_files.store_files(bundle.path, bundle_files.listed_files(bundle.manifest))
            except bundle_files.FileRefused as exc:
                raise BundleRefused(str(exc)) from exc
            m = bundle.manifest
            conn.execute(
                insert(BundleImport).values(
                    bundle_id=bundle_id,
                    desk_id=desk_id,
                    database_id=uuid.UUID(m["database_id"]),
                    from_revision=int(m["from_revision"]),
                    to_revision=int(m["to_revision"]),
                    record_count=sum(int(v) for v in m["counts"].values()),
                    applied_count=sum(applied.values()),
                )
            )
    except IntegrityError as exc:  # the transaction was rolled back: nothing was written
        raise BundleRefused(
            f"The bundle conflicts with the data here ({_first_line(exc)}); nothing was imported. "
            "Correct the conflicting reference data on the desk or here and export again."
        ) from exc
    return ImportResult(path, str(bundle_id), str(desk_id), False, applied, skipped, register)


def _first_line(exc: IntegrityError) -> str:
    text = str(exc.orig) if exc.orig is not None else str(exc)
    return (text.strip().splitlines() or ["integrity constraint"])[0].strip().rstrip(".")


def _merge(
    conn: Connection, bundle: VerifiedBundle, progress: Progress | None
) -> tuple[dict[str, int], dict[str, int]]:
    counts = {name: int(n) for name, n in bundle.manifest.get("counts", {}).items()}
    total, done = sum(counts.values()), 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(min(done, total), total)

    if progress is not None:
        progress(0, total)
    applied: dict[str, int] = {}
    idmap: dict[str, str] = {}
    stages: list[str] = ["stage_idmap", "stage_terms"]
    try:
        with zipfile.ZipFile(bundle.path) as zf:
            for resource in RESOURCES:
                described = bundle.resources[resource.name]
                if resource.group == "reference":
                    rows = _read_small(zf, resource, described)
                    applied[resource.name] = bundle_merge.merge_reference(conn, resource, rows, idmap)
                    tick(len(rows))
                    continue
                if resource.name == "client":
                    bundle_merge.write_idmap(conn, idmap)
                stages.append(stage_name(resource))
                terms: list[tuple[str, str]] | None = [] if resource.name == "client" else None
                load(conn, zf, resource, described, tick, terms)
                if resource.group == "record":
                    applied[resource.name] = bundle_merge.merge_records(conn, resource)
                    if terms is not None:
                        load_terms(conn, terms)
                        bundle_merge.rebuild_client_search(conn)
                elif resource.group == "link":
                    owner = stage_name(resource.owner.removesuffix("_id")) if resource.owner else ""
                    applied[resource.name] = bundle_merge.merge_links(conn, resource, owner)
                else:
                    bundle_merge.advance_last_activity(conn)
                    records = tuple(r.name for r in RESOURCES if r.group == "record")
                    applied[resource.name] = bundle_merge.merge_tombstones(conn, resource, records)
    except (zipfile.BadZipFile, zlib.error, EOFError, MemberTooLarge) as exc:
        raise BundleRefused(f"The bundle {bundle.path.name} changed while it was being imported.") from exc
    # On failure the rollback removes the stage tables with everything else.
    drop_stages(conn, stages)
    skipped = {name: max(counts.get(name, 0) - applied.get(name, 0), 0) for name in counts}
    if progress is not None:
        progress(total, total)
    return applied, skipped


def _read_small(zf: zipfile.ZipFile, resource: Resource, described: dict[str, Any]) -> list[list[str | None]]:
    with zf.open(resource.path) as member:
        reader = HashingReader(member, described.get("bytes"))
        text = io.TextIOWrapper(io.BufferedReader(reader), encoding="utf-8", newline="")
        rows = list(csv.reader(text))
        while reader.read(1 << 16):
            pass
    check_header(resource, rows[0] if rows else [])
    check_hash(resource, reader, described)
    return [[v if v != "" else None for v in row] for row in rows[1:]]
