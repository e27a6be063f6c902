"""`neodesk set` / `neodesk log`: headless client edits and milestone logging with sync answers."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from neodesk.cli import run


def milestones(capsys: pytest.CaptureFixture[str], db: str) -> list[dict[str, object]]:
    capsys.readouterr()
    assert run(["--db", db, "milestones", "1", "--json"]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_set_new_client_creates_business_established(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(db_path)
    assert (
        run(
            [
                "--db",
                db,
                "set",
                "new",
                "name=Joe's Bakery",
                "company_status=S",
                "date_established=2026-02-01",
                "full_time_employees=2",
            ]
        )
        == 0
    )
    assert "Saved client 1" in capsys.readouterr().out
    assert [(m["type_code"], m["date"], m["origin"]) for m in milestones(capsys, db)] == [
        ("business_established", "2026-02-01", "client_edit")
    ]


def test_set_refuses_bad_input_with_exit_1(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(db_path)
    assert run(["--db", db, "set", "new", "name=Acme", "zip=12"]) == 1
    assert capsys.readouterr().err.startswith("neodesk: the new client: ZIP: enter 5 digits")
    assert run(["--db", db, "clients", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_log_applies_effects_by_answer(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(db_path)
    assert run(["--db", db, "set", "new", "name=Acme", "company_status=B", "date_established=2015-01-01"]) == 0
    assert (
        run(
            [
                "--db",
                db,
                "log",
                "1",
                "change_in_sales=1250",
                "change_in_profits=-20",
                "--answer",
                "no",
                "--followup",
                "PH:Business Plan",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "Logged 2 milestone(s)" in out
    assert "gross_sales" in out
    assert "profits," not in out  # M7 declined
    assert run(["--db", db, "client", "1", "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert (record["gross_sales"], record["profits"]) == ("1250.00", None)
    assert run(["--db", db, "sessions", "1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["counseling_area"] == "Business Plan"


def test_log_cancel_writes_nothing(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(db_path)
    assert run(["--db", db, "set", "new", "name=Acme", "company_status=B", "date_established=2015-01-01"]) == 0
    assert run(["--db", db, "log", "1", "change_in_profits=10", "--answer", "cancel"]) == 1
    assert milestones(capsys, db) == []


def test_prompts_print_the_same_question_as_the_app(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 13: the CLI prints what Yes does, worded by sync/describe.py like the app's SyncPrompt."""
    db = str(db_path)
    assert run(["--db", db, "set", "new", "name=Acme", "company_status=B", "date_established=2015-01-01"]) == 0
    capsys.readouterr()
    assert run(["--db", db, "log", "1", "change_in_profits=2500", "--answer", "no"]) == 0
    err = capsys.readouterr().err
    today = date.today().isoformat()
    assert (
        f"? Update the client's Profits/Losses to 2,500.00 and Profits/Losses Date to {today}? "
        f"(Profits/Losses: (blank) → 2,500.00; Profits/Losses Date: (blank) → {today}) → no"
    ) in err
