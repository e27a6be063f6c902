"""The app's database check (neodesk.models.integrity): same findings as `db check`, progress, cancel."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from neodesk.models import Client, Database
from neodesk.models import integrity as integrity_module
from neodesk.models.database import integrity_problems
from neodesk.models.integrity import CheckCancelled, check_integrity


def add_clients(db: Database, count: int) -> None:
    with db.unit_of_work() as tx:
        tx.add_all([Client(name=f"Client {i}", company_status="P", client_type="AC") for i in range(count)])


def test_a_sound_database_passes_with_progress_to_the_end(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(integrity_module, "STEP_OPS", 50)
    add_clients(db, 50)
    seen: list[tuple[int, int]] = []
    assert check_integrity(db, progress=lambda done, total: seen.append((done, total))) == []
    assert len(seen) > 3  # reported along the way, not only at the ends
    assert seen[0] == (0, 1000)
    assert seen[-1] == (1000, 1000)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_cancel_interrupts_the_check(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(integrity_module, "STEP_OPS", 50)
    add_clients(db, 50)
    steps: list[int] = []
    with pytest.raises(CheckCancelled):
        check_integrity(db, progress=lambda done, total: steps.append(done), cancelled=lambda: len(steps) > 2)
    assert 1000 not in steps
    assert check_integrity(db) == []  # nothing left behind: the next check runs and passes


def test_the_same_problems_as_db_check(db: Database, db_path: Path) -> None:
    add_clients(db, 3)
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("UPDATE client SET counselor_id = 'ffffffffffffffffffffffffffffffff'")
    conn.commit()
    conn.close()
    found = check_integrity(db)
    assert found == integrity_problems(db)
    assert len(found) == 3
    assert all(p.startswith("foreign key broken in client row") for p in found)
