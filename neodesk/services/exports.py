"""The exports as use cases for the screens: how much is waiting, where a file may go, writing one.

The formats and their writers live in neodesk.exchange (bundle_export, nexus_export); a screen calls
these instead, gets plain frozen rows back and never holds a database session. The writers run on a
worker thread in the app: `progress(done, total)` and `cancelled()` are passed through as given.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from neodesk.exchange import bundle_export, nexus_export
from neodesk.exchange.nexus_export import SkippedRecord
from neodesk.models import Database
from neodesk.output_guard import check_output
from neodesk.services.changes import Changes, Kind

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True, slots=True)
class BundleWritten:
    """A bundle written for the central office."""

    path: Path
    counts: Mapping[str, int]  # rows per resource, reference rows included
    total: int  # clients, sessions, milestones, their links and tombstones
    changes: Changes  # the export is recorded (the count of changes waiting drops)


@dataclass(frozen=True, slots=True)
class NexusWritten:
    """The SBA counseling upload of a period; writes nothing to the database."""

    path: Path
    written: int
    skipped: tuple[SkippedRecord, ...]  # sessions left out, with why


def pending_changes(db: Database) -> int:
    """Clients, sessions, milestones and deletions changed since the last bundle."""
    return bundle_export.unexported_count(db)


def check_target(db: Database, path: Path) -> None:
    """Raise OutputRefused (one sentence) when `path` is a folder, this database or any other database."""
    check_output(path, db.path)


def write_bundle(
    db: Database,
    out: Path,
    *,
    everything: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> BundleWritten:
    """Write a bundle of the changes (or everything); raises NothingToExport or ExportCancelled, nothing written."""
    result = bundle_export.export_bundle(db, out, everything=everything, progress=progress, cancelled=cancelled)
    return BundleWritten(result.path, dict(result.counts), result.total, Changes.of(Kind.EXCHANGE))


def write_nexus(
    db: Database,
    start: date,
    end: date,
    out: Path,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> NexusWritten:
    """Write the Nexus upload of the sessions dated start..end; raises NexusRefused or NexusCancelled."""
    result = nexus_export.export_nexus(db, start, end, out, progress=progress, cancelled=cancelled)
    return NexusWritten(result.path, result.written, tuple(result.skipped))
