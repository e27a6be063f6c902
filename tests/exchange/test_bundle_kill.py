"""A SIGKILL in the middle of an import leaves the central database (SQLite or PostgreSQL) without any part
of the bundle."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from neodesk.demo import generate_demo
from neodesk.exchange.bundle_export import export_bundle
from neodesk.exchange.bundle_import import import_bundle
from neodesk.exchange.keys import export_key
from neodesk.models import BundleImport, Client, CounselingSession, DeskKey, open_database
from tests.exchange.central_snapshots import drop_everything, fresh_central, pg_url

CHILD = """
import sys, time
from pathlib import Path
from neodesk.models import open_database
from neodesk.exchange.bundle_import import import_bundle
db = open_database(sys.argv[1])
marker = Path(sys.argv[4])
def progress(done, total):
    if done > total // 2 and not marker.exists():
        marker.write_text("half")
        time.sleep(60)
import_bundle(db, Path(sys.argv[2]), trust=Path(sys.argv[3]), progress=progress)
"""


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_killed_import_leaves_nothing(tmp_path: Path, kind: str) -> None:
    desk = open_database(tmp_path / "desk.sqlite3")
    generate_demo(desk, 40, 7)
    bundle = export_bundle(desk, tmp_path / "b.zip").path
    desk.close()
    key = export_key(tmp_path / "desk.pem")
    central = fresh_central(tmp_path, kind)  # created (and emptied on PostgreSQL) before the child opens it
    central.close()
    central_target = pg_url() if kind == "postgres" else str(tmp_path / "central.sqlite3")
    marker = tmp_path / "half-way"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, central_target, str(bundle), str(key), str(marker)], env=os.environ.copy()
    )
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert child.poll() is None, "the import ended before it was half-way"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    child.send_signal(signal.SIGKILL)
    child.wait()
    # On PostgreSQL the server ends the killed connection's transaction when its socket closes.
    central = open_database(central_target)
    try:
        with central.reading() as s:
            for model in (Client, CounselingSession, BundleImport, DeskKey):
                assert s.scalar(select(func.count()).select_from(model)) == 0, model
        result = import_bundle(central, bundle, trust=key)  # and the bundle can simply be imported again
        assert result.applied["client"] == 40
    finally:
        if kind == "postgres":
            drop_everything(central)
        central.close()
