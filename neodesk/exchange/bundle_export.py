"""Exporting a bundle for the central office (desk side). Qt-free; the UI runs it on a worker thread.

Watermark. Every bundle written is a `bundle_export` row; the highest `to_revision` is the
watermark. An export takes the records and tombstones whose `revision` (the global change number
stamped by models/tracking.py, indexed on every table) is above it: change numbers, not clock
times, so nothing edited during an export or with a wrong clock is lost. `everything=True`
(`--all`) starts from zero.

One snapshot. All reads run in one read transaction (SQLite WAL snapshot; REPEATABLE READ on a
server), which first reads the revision counter: `to_revision` is that value, and every row read is
at or below it, so an edit made during the export is either wholly in this bundle or in the next.

What travels. Changed clients, sessions, milestones and their counselor/funding links (the links of
an exported session or milestone go with it, whole), tombstones, and the reference records whole
(counselors, centers, funding sources, milestone types, picklist values: a few hundred rows). The
client of every exported session or milestone travels too, even unchanged, so each bundle can be
imported on its own in any order (see bundle_import).

Marking. The zip is written to a temporary file in the target folder, fsynced, renamed over the
target name (`os.replace`), and the folder fsynced; only then is the `bundle_export` row committed.
A crash or a cancel before that leaves no file under the target name and no mark, so the next export
carries the same records again. A crash between the rename and the mark leaves a complete bundle
whose records are exported again next time: harmless, since the import is idempotent.

Empty exports. Without `everything`, `export_bundle` raises NothingToExport, before writing any
file or recording anything, when nothing changed since the watermark: no client, session,
milestone or tombstone, and no reference row (a reference-only change, such as a renamed funding
source, still exports; its bundle then carries no records). The CLI and the app both rely on it.

Counting. `ExportResult.total` (and `bundle_export.record_count`) counts what changed: clients,
sessions, milestones, their links and tombstones. `ExportResult.reference` counts the reference rows
carried, which travel whole in every bundle whatever changed, so they are not reported as exported
records.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select

from neodesk import files
from neodesk.exchange import bundle_csv, bundle_files, keys
from neodesk.exchange.bundle_format import (
    BY_NAME,
    CSV_DIALECT,
    DATAPACKAGE,
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST,
    RESOURCES,
    SIGNATURE,
    sha256_text,
)
from neodesk.exchange.zip_member_writer import DEFLATE_LEVEL, MemberWriter
from neodesk.models import Database
from neodesk.models.exchange import BundleExport
from neodesk.models.reference import Setting
from neodesk.models.seed import catalog_fingerprint
from neodesk.models.tracking import RevisionCounter
from neodesk.schema_version import SCHEMA_HEAD

Progress = Callable[[int, int], None]
DATABASE_ID_KEY = "database_id"
WRITE_BYTES = 4 << 20  # CSV bytes handed to the zip writer at a time


class ExportCancelled(Exception):
    """The export was cancelled; no file was written and nothing was marked exported."""


class NothingToExport(Exception):
    """Nothing changed since the last export (and not everything was asked for); no file was written."""


@dataclass(frozen=True)
class ExportResult:
    path: Path
    bundle_id: str
    from_revision: int
    to_revision: int
    counts: dict[str, int] = field(default_factory=dict)  # rows per resource, reference rows included
    total: int = 0  # clients, sessions, milestones, their links and tombstones
    reference: int = 0  # reference rows carried (they travel whole in every bundle)


def watermark(conn: Connection) -> int:
    """The change number the last export reached (0 when nothing was exported yet)."""
    return int(conn.execute(select(func.max(BundleExport.to_revision))).scalar() or 0)


def unexported_count(db: Database, *, include_reference: bool = False) -> int:
    """Clients, sessions, milestones and deletions changed since the last export (the status bar's count).

    One indexed range count per table. Reference records (counselors, funding sources, picklists …)
    travel whole in every bundle and are left out unless `include_reference` (the CLI uses it to
    decide whether there is anything to export at all).
    """
    names = [r.name for r in RESOURCES if r.group == "record" or (include_reference and r.group == "reference")]
    with db.engine.connect() as conn:
        mark = watermark(conn)
        total = 0
        for name in (*names, "tombstone"):
            table = next(r.table for r in RESOURCES if r.name == name)
            total += int(
                conn.execute(select(func.count()).select_from(table).where(table.c.revision > mark)).scalar() or 0
            )
    return total


def database_id(db: Database) -> uuid.UUID:
    """This database's stable id (made on first need and kept in the settings table)."""
    with db.unit_of_work() as tx:
        row = tx.get(Setting, DATABASE_ID_KEY)
        if row is None:
            row = Setting(key=DATABASE_ID_KEY, value=str(uuid.uuid4()))
            tx.add(row)
        return uuid.UUID(row.value)


# --- writing the zip ------------------------------------------------------------------------------


def _canonical(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def export_bundle(
    db: Database,
    out: Path,
    *,
    everything: bool = False,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportResult:
    """Write a signed bundle of what changed since the last export (or everything) to `out`.

    `progress(done, total)` is called from the calling thread (a worker thread in the app) after
    each chunk of rows; `cancelled()` is polled as often and, once true, raises ExportCancelled
    with no file left at `out` and nothing marked exported. Raises NothingToExport (no file, no mark)
    when `everything` is false and nothing changed since the last export.
    """
    if not everything and unexported_count(db, include_reference=True) == 0:
        # Change numbers only grow, so a change made after this check travels in this bundle or the next.
        raise NothingToExport("Nothing changed since the last export; no bundle was written.")
    identity = keys.desk_identity()
    assert identity is not None
    db_id = database_id(db)
    bundle_id = uuid.uuid4()
    out = Path(out)
    fd, tmp = files.temporary_beside(out)
    try:
        with os.fdopen(fd, "wb") as raw:
            with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, compresslevel=DEFLATE_LEVEL) as zf:
                with db.engine.connect() as conn:
                    if conn.dialect.name != "sqlite":
                        conn = conn.execution_options(isolation_level="REPEATABLE READ")
                    with conn.begin():
                        since = 0 if everything else watermark(conn)
                        top = int(
                            conn.execute(select(RevisionCounter.value).where(RevisionCounter.id == 1)).scalar() or 0
                        )
                        sizes = {r.name: bundle_csv.count(conn, r, since, everything) for r in RESOURCES}
                        counts, described = _write_resources(zf, conn, since, everything, sizes, progress, cancelled)
                        hashes = bundle_files.exported_hashes(conn, since, everything)
                attached = bundle_files.write_files(zf, hashes)  # the answers' files, by hash (§10)
                created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
                datapackage = _canonical(
                    {
                        "name": f"neodesk-bundle-{bundle_id}",
                        "id": str(bundle_id),
                        "profile": "tabular-data-package",
                        "created": created,
                        "resources": described,
                    }
                )
                manifest = _canonical(
                    {
                        "format": FORMAT_NAME,
                        "format_version": FORMAT_VERSION,
                        "bundle_id": str(bundle_id),
                        "database_id": str(db_id),
                        "desk_id": str(identity.desk_id),
                        "schema_version": SCHEMA_HEAD,
                        "code_list_version": catalog_fingerprint(),
                        "from_revision": since,
                        "to_revision": top,
                        "everything": everything,
                        "counts": counts,
                        "created_at": created,
                        "datapackage": {
                            "path": DATAPACKAGE,
                            "bytes": len(datapackage),
                            "hash": sha256_text(hashlib.sha256(datapackage)),
                        },
                        "key_fingerprint": keys.fingerprint(identity.public_pem),
                        bundle_files.MANIFEST_KEY: attached,
                    }
                )
                zf.writestr(DATAPACKAGE, datapackage)
                zf.writestr(MANIFEST, manifest)
                zf.writestr(SIGNATURE, base64.b64encode(keys.sign(identity, manifest)) + b"\n")
            raw.flush()
            os.fsync(raw.fileno())
        files.publish(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    reference = sum(n for name, n in counts.items() if BY_NAME[name].group == "reference")
    total = sum(counts.values()) - reference
    with db.unit_of_work() as tx:
        tx.add(
            BundleExport(
                bundle_id=bundle_id, from_revision=since, to_revision=top, record_count=total, file_name=str(out)
            )
        )
    return ExportResult(out, str(bundle_id), since, top, counts, total, reference)


def _write_resources(
    zf: zipfile.ZipFile,
    conn: Connection,
    since: int,
    everything: bool,
    sizes: dict[str, int],
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
) -> tuple[dict[str, int], list[dict[str, Any]]]:
    total = sum(sizes.values())
    done = 0
    counts: dict[str, int] = {}
    if progress:
        progress(0, total)
    writer = MemberWriter(zf)
    try:
        for resource in RESOURCES:
            writer.open(resource.path)
            pending = [bundle_csv.header(resource).encode("utf-8")]
            size, n = len(pending[0]), 0
            for rows, lines in bundle_csv.chunks(conn, resource, since, everything):
                if cancelled is not None and cancelled():
                    raise ExportCancelled("The export was cancelled; nothing was exported.")
                pending.append(lines)
                size += len(lines)
                if size >= WRITE_BYTES:
                    writer.write(b"".join(pending))
                    pending, size = [], 0
                n += rows
                done += rows
                if progress:
                    progress(min(done, total), total)
            if pending:
                writer.write(b"".join(pending))
            writer.close_member()
            counts[resource.name] = n
    finally:
        writer.finish()
    described = []
    for resource in RESOURCES:
        size, digest = writer.hashes[resource.path]
        described.append(
            {
                "name": resource.name,
                "path": resource.path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": size,
                "hash": digest,
                "dialect": CSV_DIALECT,
                "schema": resource.table_schema(),
            }
        )
    if cancelled is not None and cancelled():
        raise ExportCancelled("The export was cancelled; nothing was exported.")
    if progress:
        progress(total, total)
    return counts, described
