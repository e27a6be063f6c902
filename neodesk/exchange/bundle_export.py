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
import csv
import hashlib
import io
import json
import os
import queue
import threading
import uuid
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select, text

from neodesk import files
from neodesk.exchange import bundle_files, keys
from neodesk.exchange.bundle_format import (
    BY_NAME,
    CSV_DIALECT,
    DATAPACKAGE,
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST,
    RESOURCES,
    SIGNATURE,
    HashingWriter,
    Kind,
    Resource,
    sha256_text,
)
from neodesk.models import Database
from neodesk.models.exchange import BundleExport
from neodesk.models.reference import Setting
from neodesk.models.seed import catalog_fingerprint
from neodesk.models.tracking import RevisionCounter
from neodesk.schema_version import SCHEMA_HEAD

Progress = Callable[[int, int], None]
DATABASE_ID_KEY = "database_id"
CHUNK_ROWS = 5_000
WRITE_BYTES = 4 << 20  # text handed to the zip writer at a time
ZIP_LEVEL = 1  # deflate level: the fastest compresses CSV about 4:1; higher levels cost time, not much size


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
    with db.unit_of_work() as session:
        row = session.get(Setting, DATABASE_ID_KEY)
        if row is None:
            row = Setting(key=DATABASE_ID_KEY, value=str(uuid.uuid4()))
            session.add(row)
        return uuid.UUID(row.value)


# --- reading rows in their bundle text form -------------------------------------------------------


def _sqlite_text(kind: Kind, col: str) -> str:
    """A SQLite expression giving the bundle text of a stored column (NULL stays NULL)."""
    c = f'"{col}"'
    if kind == "uuid":  # stored as 32 hex digits
        return (
            f"substr({c},1,8)||'-'||substr({c},9,4)||'-'||substr({c},13,4)||'-'||substr({c},17,4)||'-'||substr({c},21)"
        )
    if kind == "money":  # integer cents → exact decimal text
        return (
            f"CASE WHEN {c} < 0 THEN '-' ELSE '' END || (abs({c}) / 100) || '.' || substr('0' || (abs({c}) % 100), -2)"
        )
    if kind == "bool":
        return f"CASE {c} WHEN 1 THEN 'true' WHEN 0 THEN 'false' END"
    if kind == "datetime":  # stored 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC
        return f"replace({c}, ' ', 'T') || 'Z'"
    return c


def _python_text(kind: Kind) -> Callable[[Any], Any]:
    if kind == "uuid":
        return lambda v: None if v is None else str(v)
    if kind == "money":
        return lambda v: None if v is None else f"{Decimal(v):.2f}"
    if kind == "bool":
        return lambda v: None if v is None else ("true" if v else "false")
    if kind == "date":
        return lambda v: None if v is None else v.isoformat()
    if kind == "datetime":

        def stamp(v: datetime | None) -> str | None:
            if v is None:
                return None
            v = v.replace(tzinfo=UTC) if v.tzinfo is None else v.astimezone(UTC)
            return v.strftime("%Y-%m-%dT%H:%M:%S.%fZ")

        return stamp
    if kind == "json":
        return lambda v: None if v is None else json.dumps(sorted(v) if isinstance(v, frozenset) else list(v))
    return lambda v: v


def _where(resource: Resource, since: int, everything: bool) -> tuple[str, dict[str, int]]:
    if everything or resource.group == "reference":
        return "", {}
    if resource.group == "link":
        owner = resource.owner
        assert owner is not None
        return f' WHERE "{owner}" IN (SELECT id FROM "{owner[:-3]}" WHERE revision > :since)', {"since": since}
    if resource.name == "client":
        # Changed clients, and the clients of changed sessions and milestones (see the module doc).
        return (
            " WHERE revision > :since OR id IN (SELECT client_id FROM counseling_session WHERE revision > :since"
            " UNION SELECT client_id FROM milestone WHERE revision > :since)",
            {"since": since},
        )
    return " WHERE revision > :since", {"since": since}


def _count(conn: Connection, resource: Resource, since: int, everything: bool) -> int:
    where, params = _where(resource, since, everything)
    return int(conn.execute(text(f'SELECT count(*) FROM "{resource.name}"{where}'), params).scalar() or 0)


def _sqlite_csv_field(kind: Kind, col: str) -> str:
    """A SQLite expression giving the column's CSV field as Python's csv writer (QUOTE_MINIMAL) writes it
    (NULL stays NULL: printf's %s makes it an empty field)."""
    value = _sqlite_text(kind, col)
    if kind in ("text", "json"):  # only these can hold a quote, comma or line break
        needs = " OR ".join(f"instr({value},{ch})" for ch in ("'\"'", "','", "char(10)", "char(13)"))
        value = f"CASE WHEN {needs} THEN '\"'||replace({value},'\"','\"\"')||'\"' ELSE {value} END"
    return value


def _sqlite_csv_line(resource: Resource) -> str:
    """A SQLite expression giving the row's whole CSV line (CRLF included).

    One printf per up to 60 fields (SQLite functions take at most 127 arguments by default): one
    allocation per line instead of a chain of `||` that copies the growing line at every field.
    """
    fields = [_sqlite_csv_field(f.kind, f.name) for f in resource.fields]
    parts = []
    for at in range(0, len(fields), 60):
        group = fields[at : at + 60]
        last = at + 60 >= len(fields)
        fmt = ",".join("%s" for _ in group) + ("\r\n" if last else ",")
        parts.append(f"printf('{fmt}', {', '.join(group)})")
    return "||".join(parts)


def _chunks(conn: Connection, resource: Resource, since: int, everything: bool) -> Iterator[tuple[int, str]]:
    """The resource's rows as CSV text (CRLF lines, no header), in chunks of rows, from the snapshot."""
    where, params = _where(resource, since, everything)
    if conn.dialect.name == "sqlite":
        # SQLite writes each CSV line itself: one text value per row reaches Python, not one object per
        # field (the per-value Python work was most of the export's time). A changes-only export sorts
        # what it found by primary key; `+` keeps the planner from walking the primary-key index for
        # that order, which visits every row of the table even when only a few changed. A full export
        # reads each table in its stored order: no sort, and rows stream from the first one, so the
        # zip writer deflates beside the reading instead of waiting for a sort to finish.
        line = _sqlite_csv_line(resource)
        order = "" if not where else " ORDER BY " + ", ".join(f'+"{c}"' for c in resource.primary_key)
        sql = f'SELECT {line} FROM "{resource.name}"{where}{order}'
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(sql.replace(":since", "?"), [params["since"]] * sql.count(":since") if params else [])
            first = itemgetter(0)
            while chunk := cursor.fetchmany(CHUNK_ROWS):
                yield len(chunk), "".join(map(first, chunk))
        finally:
            cursor.close()
        return
    order = ", ".join(f'"{c}"' for c in resource.primary_key)
    cols = ", ".join(f'"{f.name}"' for f in resource.fields)
    typed = text(f'SELECT {cols} FROM "{resource.name}"{where} ORDER BY {order}').columns(
        *[resource.table.c[f.name] for f in resource.fields]
    )
    convert = [_python_text(f.kind) for f in resource.fields]
    result = conn.execution_options(stream_results=True, yield_per=CHUNK_ROWS).execute(typed, params)
    for part in result.partitions(CHUNK_ROWS):
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerows(
            [fn(v) for fn, v in zip(convert, row, strict=True)] for row in part
        )
        yield len(part), buffer.getvalue()


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
            with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL) as zf:
                with db.engine.connect() as conn:
                    if conn.dialect.name != "sqlite":
                        conn = conn.execution_options(isolation_level="REPEATABLE READ")
                    with conn.begin():
                        since = 0 if everything else watermark(conn)
                        top = int(
                            conn.execute(select(RevisionCounter.value).where(RevisionCounter.id == 1)).scalar() or 0
                        )
                        sizes = {r.name: _count(conn, r, since, everything) for r in RESOURCES}
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
    with db.unit_of_work() as session:
        session.add(
            BundleExport(
                bundle_id=bundle_id, from_revision=since, to_revision=top, record_count=total, file_name=str(out)
            )
        )
    return ExportResult(out, str(bundle_id), since, top, counts, total, reference)


class _MemberWriter:
    """Deflates, hashes and writes the zip members on a second thread while the rows are read.

    zlib, hashlib and the crc32 release the GIL on large buffers, so on two cores the compression
    runs beside SQLite's reading and the line building instead of after it. One member at a time;
    `put` blocks when the writer is a few chunks behind (memory stays bounded).
    """

    def __init__(self, zf: zipfile.ZipFile) -> None:
        self.zf = zf
        self.queue: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=4)
        self.failure: BaseException | None = None
        self.hashes: dict[str, tuple[int, str]] = {}
        self.thread = threading.Thread(target=self._run, name="bundle-zip-writer", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        member: Any = None
        hashing: HashingWriter | None = None
        path = ""
        while True:
            what, value = self.queue.get()
            if self.failure is not None and what != "stop":
                continue  # drain until told to stop
            try:
                if what == "open":
                    path = value
                    member = self.zf.open(path, "w", force_zip64=True)
                    hashing = HashingWriter(member)
                elif what == "data":
                    assert hashing is not None
                    hashing.write(value)
                elif what == "close":
                    assert hashing is not None
                    member.close()
                    self.hashes[path] = (hashing.size, sha256_text(hashing.digest))
                    member = hashing = None
                else:  # stop; a member left open (cancel, failure) is closed so the zip can close
                    if member is not None:
                        member.close()
                    return
            except BaseException as exc:  # handed to the reading thread
                self.failure = exc
                if what == "stop":
                    return

    def _put(self, item: tuple[str, Any]) -> None:
        if self.failure is not None:
            raise self.failure
        self.queue.put(item)

    def open(self, path: str) -> None:
        self._put(("open", path))

    def write(self, data: bytes) -> None:
        self._put(("data", data))

    def close_member(self) -> None:
        self._put(("close", None))

    def finish(self) -> None:
        """Wait for everything written so far; re-raise the writer's failure."""
        self.queue.put(("stop", None))
        self.thread.join()
        if self.failure is not None:
            raise self.failure


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
    writer = _MemberWriter(zf)
    try:
        for resource in RESOURCES:
            writer.open(resource.path)
            header = io.StringIO()
            csv.writer(header, lineterminator="\r\n").writerow(resource.columns)
            pending = [header.getvalue()]
            size, n = len(pending[0]), 0
            for rows, lines in _chunks(conn, resource, since, everything):
                if cancelled is not None and cancelled():
                    raise ExportCancelled("The export was cancelled; nothing was exported.")
                pending.append(lines)
                size += len(lines)
                if size >= WRITE_BYTES:
                    writer.write("".join(pending).encode("utf-8"))
                    pending, size = [], 0
                n += rows
                done += rows
                if progress:
                    progress(min(done, total), total)
            if pending:
                writer.write("".join(pending).encode("utf-8"))
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
