"""Benchmark: opening an agreement with 200 milestones in the AgreementEditor (issue 11).

    python bench/bench_agreement_editor.py [--runs N]

On a fresh temporary database (the editor reads one agreement; the client count does not matter)
an agreement with 200 milestones (a date and a user condition each, one disbursement each) is
created through `create_agreement`; then `AgreementEditor(context, number)` is built and shown under
`QT_QPA_PLATFORM=offscreen`, events processed until it is painted. Baseline: the same rows read as
tuples through `sqlite3` (agreement, milestones, conditions, events). Target: median ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import Result, format_table, save_results

from neodesk.models import open_database
from neodesk.services.agreements import create_agreement


def _definition(count: int) -> str:
    start = date.today() - timedelta(days=30)
    milestones = [
        {
            "code": f"M{i:03d}",
            "description": f"Deliverable {i}",
            "status": "ready",
            "due": (start + timedelta(days=i)).isoformat(),
            "conditions": [{"kind": "date", "date": (start + timedelta(days=400 + i)).isoformat()}, {"kind": "user"}],
            "events": [{"kind": "disbursement", "amount": "100.00"}],
        }
        for i in range(count)
    ]
    return json.dumps(
        {
            "number": "BIG-1",
            "title": "Two hundred deliverables",
            "kind": "contract",
            "client": None,
            "amount": f"{100 * count}.00",
            "start": start.isoformat(),
            "end": (start + timedelta(days=900)).isoformat(),
            "milestones": milestones,
        }
    )


def _raw(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        a = conn.execute("SELECT id, * FROM agreement WHERE number = 'BIG-1'").fetchone()
        ms = conn.execute(
            "SELECT * FROM agreement_milestone WHERE agreement_id = ? ORDER BY position", (a[0],)
        ).fetchall()
        conn.execute(
            "SELECT c.* FROM agreement_condition c JOIN agreement_milestone m ON m.id = c.milestone_id "
            "WHERE m.agreement_id = ?",
            (a[0],),
        ).fetchall()
        conn.execute("SELECT * FROM agreement_event WHERE agreement_id = ?", (a[0],)).fetchall()
        conn.execute("SELECT * FROM agreement_history WHERE agreement_id = ?", (a[0],)).fetchall()
        assert len(ms) == 200


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    from PySide6.QtWidgets import QApplication

    from neodesk.ui.agreements import AgreementEditor
    from neodesk.ui.context import AppContext

    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "editor.sqlite3"
        db = open_database(path)
        create_agreement(db, _definition(200))
        context = AppContext.for_database(db)
        times, base = [], []
        for _ in range(args.runs + 1):
            started = time.perf_counter()
            editor = AgreementEditor(context, "BIG-1")
            editor.show()
            app.processEvents()
            times.append((time.perf_counter() - started) * 1000)
            assert editor.milestones.rowCount() == 200
            editor.close()
            editor.deleteLater()
            app.processEvents()
            started = time.perf_counter()
            _raw(path)
            base.append((time.perf_counter() - started) * 1000)
        times, base = times[1:], base[1:]  # the first opening warms caches and Qt's style
        db.close()
    median = statistics.median(times)
    result = Result(
        "open an agreement of 200 milestones in the editor",
        "200 milestones, 400 conditions",
        median,
        sorted(times)[int(0.95 * (len(times) - 1))],
        statistics.median(base),
        "median ≤ 100 ms",
        median <= 100,
        f"{args.runs} runs after one warm-up",
    )
    print(format_table([result]))
    save_results("agreement_editor", [result])
    return 0 if result.passed else 1


if __name__ == "__main__":
    sys.exit(main())
