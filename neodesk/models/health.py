"""Noticing a damaged SQLite database before more work is written into it (no Qt).

A zeroed page does not stop SQLite from accepting most writes, so damage grows silently. Two
watches: `quick_check` (SQLite's PRAGMA quick_check on a separate read-only connection; seconds on
a large file, so the app runs it on a worker thread after its first paint, at most once a day per
database, remembered in a small JSON file in the data folder), and `watch_for_corruption`, which
hooks the engine's errors so any operation that meets SQLITE_CORRUPT or SQLITE_NOTADB switches
the open database to read-only at once. Either way the caller is told the problem in one sentence.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import event

from neodesk import files, paths
from neodesk.models.database import Database
from neodesk.models.read_only import make_read_only

log = logging.getLogger(__name__)

MEMO_FILE = "integrity-checks.json"
SQLITE_CORRUPT, SQLITE_NOTADB = 11, 26
CORRUPTION_TEXTS = ("database disk image is malformed", "file is not a database")
PROBLEMS_LISTED = 20
DAMAGED_REASON = "it is damaged"


@dataclass(frozen=True, slots=True)
class HealthReport:
    """The outcome of one check: no problems means the database passed."""

    database: str
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def sentence(self) -> str:
        return damage_sentence(self.database, self.problems[0] if self.problems else "")


def damage_sentence(database: str, problem: str) -> str:
    return (
        f"The database {database} is damaged ({problem}), so NeoDesk stopped writing to it; restore a "
        f"backup (Tools ▸ Restore backup…) before working on."
    )


def quick_check(db_file: Path) -> HealthReport:
    """SQLite's quick_check of `db_file` on a new read-only connection (nothing is written, not even WAL)."""
    uri = f"file:{quote(str(db_file))}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=10, check_same_thread=False)
    except sqlite3.Error as exc:
        return HealthReport(str(db_file), (str(exc),))
    try:
        rows = [str(r[0]) for r in conn.execute(f"PRAGMA quick_check({PROBLEMS_LISTED})").fetchall()]
    except sqlite3.DatabaseError as exc:  # damage bad enough that the check itself cannot run
        rows = [str(exc)]
    finally:
        conn.close()
    # SQLite prefixes its findings with "*** in database main ***" and a line break: one line each.
    problems = (" ".join(r.replace("*** in database main ***", "").split()) for r in rows if r != "ok")
    return HealthReport(str(db_file), tuple(p for p in problems if p))


def is_corruption(exc: BaseException | None) -> bool:
    """Whether an error (a DB-API one, or SQLAlchemy's wrapping it) says the file is damaged."""
    seen = 0
    while exc is not None and seen < 5:
        code = getattr(exc, "sqlite_errorcode", None)
        if isinstance(code, int) and code & 0xFF in (SQLITE_CORRUPT, SQLITE_NOTADB):
            return True
        if isinstance(exc, sqlite3.DatabaseError) and any(t in str(exc) for t in CORRUPTION_TEXTS):
            return True
        exc = getattr(exc, "orig", None) or exc.__cause__
        seen += 1
    return False


def stop_writing(db: Database, problem: str) -> None:
    """Switch the open database to read-only because it is damaged."""
    log.error("Database %s is damaged (%s): switched to read-only", db.label, problem)
    make_read_only(db, f"{DAMAGED_REASON}: {problem}")


def watch_for_corruption(db: Database, on_damage: Callable[[str], None] | None = None) -> None:
    """From now on, any operation on `db` that meets a corruption error makes it read-only and calls
    `on_damage(sentence)` (from the thread that met it). The error itself still reaches the caller."""
    if not db.is_sqlite:
        return

    def handle_error(context: Any) -> None:
        original = context.original_exception
        if not is_corruption(original):
            return
        first = db.read_only_reason is None or not db.read_only_reason.startswith(DAMAGED_REASON)
        stop_writing(db, str(original))
        if first and on_damage is not None:
            on_damage(damage_sentence(db.label, str(original)))

    event.listen(db.engine, "handle_error", handle_error)


class CheckMemo:
    """When each database last passed its check (data folder, owner-only): the check runs at most daily."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.data_dir() / MEMO_FILE

    def _read(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def last_passed(self, db_file: Path) -> date | None:
        raw = self._read().get(str(db_file))
        try:
            return date.fromisoformat(raw) if raw else None
        except ValueError:
            return None

    def due(self, db_file: Path, today: date) -> bool:
        last = self.last_passed(db_file)
        return last is None or last != today

    def remember(self, db_file: Path, today: date) -> None:
        memo = self._read()
        memo[str(db_file)] = today.isoformat()
        try:
            files.write_atomic(self.path, json.dumps(memo, indent=2, sort_keys=True).encode("utf-8"))
        except OSError as exc:  # only means checking again at the next start
            log.warning("Could not remember the integrity check in %s: %s", self.path, exc)


def daily_check(db: Database, memo: CheckMemo, today: date) -> HealthReport | None:
    """The check if it is due (None when not, or for a server database); a pass is remembered, a
    failure switches `db` to read-only. Safe on a worker thread (its own connection)."""
    db_file = db.path
    if db_file is None or not memo.due(db_file, today):
        return None
    report = quick_check(db_file)
    if report.ok:
        memo.remember(db_file, today)
    else:
        stop_writing(db, report.problems[0])
    return report
