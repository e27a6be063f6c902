"""The database check with progress and cancel, for the app (Tools ▸ Check database).

On 100,000 clients SQLite's own checks take ~13 s. SQLite reports no progress of a PRAGMA, so the
check runs on its own read-only connection with a progress handler: SQLite calls it every
STEP_OPS virtual-machine operations, which gives an estimate of how far it is (the operations grow
with the file's pages, calibrated below) and a way to stop: returning non-zero interrupts the
statement. The check only reads, so stopping it leaves nothing behind.

The problems found are worded as neodesk.models.database.integrity_problems words them (the CLI's
`neodesk db check`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from neodesk.models.database import Database, integrity_problems

STEP_OPS = 10_000  # VM operations between two calls of the progress handler (~1 ms of work)
# Progress-handler calls per database page, measured on the 100,000-client benchmark file
# (bench/README.md): the integrity check and the foreign-key check. Only the progress bar uses them.
CALLS_PER_PAGE = (0.050, 0.012)

Progress = Callable[[int, int], None]


class CheckCancelled(Exception):
    """The user stopped the check; nothing was changed."""


def check_integrity(
    db: Database, *, progress: Progress | None = None, cancelled: Callable[[], bool] | None = None
) -> list[str]:
    """Problems found by the engine's integrity checks (empty: sound), reporting `progress(done, total)`
    in thousandths as it goes; raises CheckCancelled soon after `cancelled()` turns true."""
    if not db.is_sqlite or db.path is None:
        return integrity_problems(db)
    report = progress or (lambda done, total: None)
    stop = cancelled or (lambda: False)
    conn = sqlite3.connect(f"{db.path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    try:
        pages = max(int(conn.execute("PRAGMA page_count").fetchone()[0]), 1)
        expected = [max(pages * share, 1.0) for share in CALLS_PER_PAGE]
        calls = [0]
        phase = [0]

        def step() -> int:
            if stop():
                return 1  # SQLite stops the statement: sqlite3.OperationalError "interrupted"
            calls[0] += 1
            before = sum(expected[: phase[0]])
            within = min(calls[0] / expected[phase[0]], 0.99) * expected[phase[0]]
            report(int(999 * (before + within) / sum(expected)), 1000)
            return 0

        conn.set_progress_handler(step, STEP_OPS)
        report(0, 1000)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
            phase[0], calls[0] = 1, 0
            fk = conn.execute("PRAGMA foreign_key_check").fetchall()
        except sqlite3.OperationalError:
            if stop():
                raise CheckCancelled from None
            raise
    finally:
        conn.close()
    report(1000, 1000)
    problems = [r for r in rows if r != "ok"]
    problems += [f"foreign key broken in {r[0]} row {r[1]} → {r[2]}" for r in fk]
    return problems
