"""SIGKILL loops (issue 9, tests): `neodesk set`, `log`, `import bundle` and `export bundle` run as real
processes on a temporary database and are killed at varied points; after every kill the database
passes `PRAGMA integrity_check` and holds the whole change or none of it, and no partial file exists
under the output's name.

The delays are random (seeded) between half the command's run time and a little past it (the run time
is measured, and re-measured whenever a run ends before its kill), so kills land late in start-up, in
the transaction, and around the output file's publication.
Each loop prints its trials, kills and outcomes (run with -s to see them).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import uuid
import zipfile
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from neodesk.exchange.bundle_export import export_bundle
from neodesk.exchange.keys import export_key
from neodesk.models import (
    BundleExport,
    BundleImport,
    Client,
    CounselingSession,
    Database,
    DeskKey,
    Milestone,
    open_database,
)
from neodesk.models.database import copy_sqlite, integrity_problems
from neodesk.services.client_sync import save_client_with_sync
from neodesk.services.reference import current_counselor
from neodesk.sync.deciding import AlwaysNo

TRIALS = 10  # kills attempted per command; the whole module stays well under two minutes on two busy cores
CLIENTS = 30  # clients of the bundle the import loop takes in
SEED = 9


def cli(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "neodesk", "--db", str(db), *args]


def child_env(tmp_path: Path) -> dict[str, str]:
    env = os.environ.copy()
    env["NEODESK_DATA_DIR"] = str(tmp_path / "data")  # the conftest's private folder, also for the children
    env.pop("NEODESK_DB", None)
    return env


def run_whole(command: list[str], env: dict[str, str]) -> float:
    """Run once to the end (a control that must succeed); returns how long it took."""
    start = time.monotonic()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return time.monotonic() - start


class Killer:
    """Runs a command and SIGKILLs it at a random point of its expected run time.

    The expected time starts from a whole control run and follows every run that ended before its kill
    (the machine's load changes during a loop), so the kills keep landing across the run: late start-up,
    the transaction, the file publication.
    """

    def __init__(self, whole: float, seed: int) -> None:
        self.whole = whole
        self.rng = random.Random(seed)
        self.kills = 0
        self.trials = 0

    def run(self, command: list[str], env: dict[str, str]) -> float:
        """Start the command and kill it after a random delay; returns the delay."""
        delay = self.rng.uniform(0.5, 1.05) * self.whole
        start = time.monotonic()
        child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.trials += 1
        try:
            child.wait(timeout=delay)
            self.whole = time.monotonic() - start  # it finished first: aim within its real run time
        except subprocess.TimeoutExpired:
            child.send_signal(signal.SIGKILL)
            child.wait()
            self.kills += 1
        return delay

    def report(self, command: str, outcomes: Counter[str]) -> None:
        print(f"\nkill loop {command}: {self.trials} trials, {self.kills} killed, outcomes {dict(outcomes)}")
        assert self.kills >= self.trials // 3, "too few kills: the loop did not test anything"


def sound(db: Database) -> None:
    assert integrity_problems(db) == []


def established_clients(db: Database, count: int) -> list[tuple[uuid.UUID, int]]:
    """In-business clients created a month ago (so a staff change asks for a growth milestone)."""
    with db.reading() as s:
        me = current_counselor(s).id
    made = []
    for n in range(count):
        values = {
            "name": f"Kill {n}",
            "company_status": "B",
            "date_established": "2015-01-01",
            "full_time_employees": "12",
        }
        result = save_client_with_sync(db, None, values, counselor_id=me, decider=AlwaysNo())
        made.append((result.client_id, result.client_no))
    with db.unit_of_work() as s:
        for client_id, _ in made:
            s.get_one(Client, client_id).created_at = datetime.now(UTC) - timedelta(days=30)
    return made


def test_killed_set_writes_the_client_change_with_its_milestone_or_nothing(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    db = open_database(path)
    clients = established_clients(db, TRIALS + 1)
    db.close()
    env = child_env(tmp_path)
    staff = "change_in_full_time_staff"

    def state(db: Database, client_id: uuid.UUID) -> tuple[int | None, int]:
        with db.reading() as s:
            employees = s.get_one(Client, client_id).full_time_employees
            logged = s.scalar(
                select(func.count())
                .select_from(Milestone)
                .where(Milestone.client_id == client_id, Milestone.type_code == staff)
            )
        return employees, int(logged or 0)

    control_id, control_no = clients.pop()
    whole = run_whole(cli(path, "set", str(control_no), "full_time_employees=77", "--answer", "yes"), env)
    db = open_database(path)
    assert state(db, control_id) == (77, 1)  # the change being killed writes the client and a milestone
    db.close()
    killer, outcomes = Killer(whole, SEED), Counter[str]()
    for client_id, client_no in clients:
        delay = killer.run(cli(path, "set", str(client_no), "full_time_employees=77", "--answer", "yes"), env)
        db = open_database(path)
        try:
            sound(db)
            now = state(db, client_id)
        finally:
            db.close()
        assert now in {(12, 0), (77, 1)}, f"partial save after {delay:.2f}s: {now}"
        outcomes["whole" if now == (77, 1) else "none"] += 1
    killer.report("set", outcomes)


def test_killed_log_writes_every_milestone_and_the_session_or_nothing(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    db = open_database(path)
    clients = established_clients(db, TRIALS + 1)
    db.close()
    env = child_env(tmp_path)
    day = (date.today() - timedelta(days=1)).isoformat()

    def command(client_no: int) -> list[str]:
        return cli(
            path,
            "log",
            str(client_no),
            "change_in_full_time_staff=3",
            "business_expansion",
            "--date",
            day,
            "--notes",
            "killed?",
            "--followup",
            "PH:Business Plan",
            "--answer",
            "yes",
        )

    def state(db: Database, client_id: uuid.UUID) -> tuple[int, int, int | None]:
        with db.reading() as s:
            milestones = s.scalar(select(func.count()).select_from(Milestone).where(Milestone.client_id == client_id))
            sessions = s.scalar(
                select(func.count()).select_from(CounselingSession).where(CounselingSession.client_id == client_id)
            )
            employees = s.get_one(Client, client_id).full_time_employees
        return int(milestones or 0), int(sessions or 0), employees

    control_id, control_no = clients.pop()
    whole = run_whole(command(control_no), env)
    db = open_database(path)
    done = state(db, control_id)
    db.close()
    assert done[:2] == (2, 1)  # two milestones and the follow-up session, in one transaction
    killer, outcomes = Killer(whole, SEED + 1), Counter[str]()
    for client_id, client_no in clients:
        delay = killer.run(command(client_no), env)
        db = open_database(path)
        try:
            sound(db)
            now = state(db, client_id)
        finally:
            db.close()
        assert now in {(0, 0, 12), done}, f"partial log after {delay:.2f}s: {now}"
        outcomes["whole" if now == done else "none"] += 1
    killer.report("log", outcomes)


def desk_bundle(tmp_path: Path) -> tuple[Path, Path]:
    """A bundle of CLIENTS clients signed with the desk key in the children's data folder, and that key."""
    desk = open_database(tmp_path / "desk.sqlite3")
    established_clients(desk, CLIENTS)
    bundle = export_bundle(desk, tmp_path / "desk-bundle.zip").path
    desk.close()
    return bundle, export_key(tmp_path / "desk.pem")


def test_killed_import_takes_the_whole_bundle_or_nothing(tmp_path: Path) -> None:
    bundle, key = desk_bundle(tmp_path)
    template = tmp_path / "central-template.sqlite3"
    open_database(template).close()
    env = child_env(tmp_path)

    def fresh() -> Path:
        target = tmp_path / "central.sqlite3"
        for leftover in tmp_path.glob("central.sqlite3*"):
            leftover.unlink()
        return copy_sqlite(template, target)

    def state(path: Path) -> tuple[int, int, int]:
        db = open_database(path)
        try:
            sound(db)
            with db.reading() as s:
                return tuple(
                    int(s.scalar(select(func.count()).select_from(model)) or 0)  # type: ignore[return-value]
                    for model in (Client, BundleImport, DeskKey)
                )
        finally:
            db.close()

    whole = run_whole(cli(fresh(), "import", "bundle", str(bundle), "--trust", str(key)), env)
    assert state(tmp_path / "central.sqlite3") == (CLIENTS, 1, 1)
    killer, outcomes = Killer(whole, SEED + 2), Counter[str]()
    for _ in range(TRIALS):
        central = fresh()
        delay = killer.run(cli(central, "import", "bundle", str(bundle), "--trust", str(key)), env)
        now = state(central)
        assert now in {(0, 0, 0), (CLIENTS, 1, 1)}, f"partial import after {delay:.2f}s: {now}"
        outcomes["whole" if now[0] else "none"] += 1
    killer.report("import bundle", outcomes)


def test_killed_export_leaves_a_whole_bundle_or_none_under_its_name(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    db = open_database(path)
    established_clients(db, CLIENTS)
    db.close()
    env = child_env(tmp_path)
    out_dir = tmp_path / "out"
    out_dir.mkdir()

    def exports() -> int:
        db = open_database(path)
        try:
            sound(db)
            with db.reading() as s:
                return int(s.scalar(select(func.count()).select_from(BundleExport)) or 0)
        finally:
            db.close()

    whole = run_whole(cli(path, "export", "bundle", "--all", "--out", str(out_dir / "control.zip")), env)
    recorded = exports()
    killer, outcomes = Killer(whole, SEED + 3), Counter[str]()
    for n in range(TRIALS):
        out = out_dir / f"bundle-{n}.zip"
        delay = killer.run(cli(path, "export", "bundle", "--all", "--out", str(out)), env)
        now = exports()
        if out.exists():
            with zipfile.ZipFile(out) as bundle:  # a whole bundle: every member reads back with its CRC
                assert bundle.testzip() is None
                assert "manifest.json" in bundle.namelist()
            outcomes["whole"] += 1
        else:
            outcomes["none"] += 1
        # The export is recorded only after its file is in place: a record without the file would make
        # the next "changes since the last export" skip records.
        assert now in {recorded, recorded + 1}
        if now > recorded:
            assert out.exists(), f"export recorded without its bundle after {delay:.2f}s"
        recorded = now
    assert {p.name for p in out_dir.iterdir() if p.suffix == ".zip"} <= {
        "control.zip",
        *(f"bundle-{n}.zip" for n in range(TRIALS)),
    }
    killer.report("export bundle", outcomes)
