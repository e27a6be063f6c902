"""`neodesk tasks [--json] [--days N]` (agreements.md §11): the JSON keys, who NEODESK_COUNSELOR names,
--days, and a usage error for a bad number of days."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from neodesk.cli import run
from neodesk.models import open_database
from tests.services.agreement_fixtures import COUNSELOR, add_counselor
from tests.services.test_agreement_tasks import _agreement


@pytest.fixture
def database(db_path: Path) -> str:
    db = open_database(db_path)
    try:
        add_counselor(db)
        _agreement(db)
    finally:
        db.close()
    return str(db_path)


def test_tasks_json_for_the_counselor_named(
    database: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    capsys.readouterr()
    assert run(["--db", database, "tasks", "--json", "--as-of", "2026-06-01"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows == [
        {
            "kind": "due",
            "agreement": "AG-T",
            "milestone": "M1",
            "due": "2026-06-05",
            "text": "M1 is due 2026-06-05, in 4 days: Plan",
        }
    ]
    assert run(["--db", database, "tasks", "--json", "--as-of", "2026-06-01", "--days", "3"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    monkeypatch.setenv("NEODESK_COUNSELOR", COUNSELOR)
    assert run(["--db", database, "tasks", "--as-of", date(2026, 6, 1).isoformat()]) == 0
    out = capsys.readouterr().out
    assert "M2 was due 2026-05-20, 12 days ago" in out
    assert "M1" not in out


def test_bad_days_is_a_usage_error(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--db", database, "tasks", "--days", "soon"]) == 2
    assert "'soon' is not a number of days" in capsys.readouterr().err
