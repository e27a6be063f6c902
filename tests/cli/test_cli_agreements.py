"""`neodesk agreement|agreements|template|templates|counselors`: the issue's story end to end, JSON
keys of §11, and every "Bad input" refusal: exit 1, one sentence naming the record, nothing written."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from neodesk.cli import run
from tests.services.agreement_fixtures import COUNSELOR, TODAY, grant


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    capsys.readouterr()
    assert run(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def _write(tmp_path: Path, name: str, data: Any) -> str:
    path = tmp_path / name
    while path.exists():  # each call its own file: refusal tables build every file first
        path = path.with_name("_" + path.name)
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return str(path)


def _audit_rows(db: str) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM audit_log").fetchone()[0])


@pytest.fixture
def story(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """A client with three staff and the three-milestone grant, created with the CLI."""
    db = str(db_path)
    assert (
        run(
            [
                "--db",
                db,
                "set",
                "new",
                "name=Prairie Bakery",
                "company_status=B",
                "date_established=2015-01-01",
                "full_time_employees=3",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert run(["--db", db, "agreement", "create", _write(tmp_path, "grant.json", grant(1))]) == 0
    assert capsys.readouterr().out.strip() == "AG-1"
    return db


def test_done_when_story(story: str, capsys: pytest.CaptureFixture[str]) -> None:
    db = story
    hired = (TODAY - timedelta(days=2)).isoformat()
    assert run(["--db", db, "log", "1", "change_in_full_time_staff=8", "--date", hired]) == 0
    result = _json(capsys, "--db", db, "agreements", "process", "--json")
    assert set(result) >= {
        "as_of",
        "dry_run",
        "changes",
        "completed",
        "awaiting_approval",
        "released",
        "blocked",
        "problems",
    }
    assert sorted(result["completed"]) == ["AG-1/HIRE5", "AG-1/MIDYEAR"]
    assert {(r["milestone"], r["amount"]) for r in result["released"]} == {
        ("AG-1/HIRE5", "33330.00"),
        ("AG-1/MIDYEAR", "33330.00"),
    }
    assert set(result["released"][0]) >= {"id", "milestone", "amount"}
    again = _json(capsys, "--db", db, "agreements", "process", "--json")
    assert (again["changes"], again["released"]) == (0, [])

    capsys.readouterr()
    assert run(["--db", db, "agreement", "mark", "AG-1", "SIGNOFF", "--note", "final report"]) == 0
    assert "released 33,340.00 for AG-1/SIGNOFF" in capsys.readouterr().out

    shown = _json(capsys, "--db", db, "agreement", "show", "AG-1", "--json")
    hire = shown["milestones"][0]
    assert (hire["status"], hire["conditions"][0]["observed"], hire["blocked"]) == ("complete", "5 of 5", None)
    event = hire["events"][0]
    assert (event["amount"], event["status"], event["paid"]) == ("33330.00", "released", "0.00")
    assert (
        run(
            [
                "--db",
                db,
                "agreement",
                "pay",
                "AG-1",
                event["id"],
                "--amount",
                "33330.00",
                "--date",
                TODAY.isoformat(),
                "--method",
                "eft",
                "--reference",
                "T-1",
            ]
        )
        == 0
    )
    shown = _json(capsys, "--db", db, "agreement", "show", "AG-1", "--json")
    assert shown["milestones"][0]["events"][0]["status"] == "paid"
    assert (shown["status"], shown["released"], shown["paid"], shown["remaining"]) == (
        "completed",
        "100000.00",
        "33330.00",
        "0.00",
    )
    assert shown["client"] == 1
    listed = _json(capsys, "--db", db, "agreements", "--client", "1", "--json")
    assert [(r["number"], r["status"], r["complete"]) for r in listed] == [("AG-1", "completed", 3)]


def test_counselors_and_templates(story: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = story
    assert _json(capsys, "--db", db, "counselors", "--json") == [
        {"email": "admin@localhost", "name": "Administrator", "role": "administrator", "active": True}
    ]
    template = {
        "name": "Quarterly",
        "kind": "cooperative_agreement",
        "milestones": [
            {
                "code": f"Q{i}",
                "conditions": [{"kind": "date", "offset": f"start+{3 * i}m"}],
                "events": [{"kind": "revenue", "percent": "25.00"}],
            }
            for i in range(1, 5)
        ],
    }
    assert run(["--db", db, "template", "create", _write(tmp_path, "t.json", template)]) == 0
    assert _json(capsys, "--db", db, "templates", "--json") == [
        {
            "name": "Quarterly",
            "kind": "cooperative_agreement",
            "milestones": ["Q1", "Q2", "Q3", "Q4"],
            "revision": _json(capsys, "--db", db, "templates", "--json")[0]["revision"],
        }
    ]
    center = grant(None, number="COOP-1", kind="cooperative_agreement", amount="1000.01", milestones=[])
    assert run(["--db", db, "agreement", "create", _write(tmp_path, "c.json", center)]) == 0
    assert run(["--db", db, "agreement", "apply-template", "COOP-1", "Quarterly"]) == 0
    shown = _json(capsys, "--db", db, "agreement", "show", "COOP-1", "--json")
    assert [m["code"] for m in shown["milestones"]] == ["Q1", "Q2", "Q3", "Q4"]
    assert [m["events"][0]["amount"] for m in shown["milestones"]] == ["250.01", "250.00", "250.00", "250.00"]
    assert {m["status"] for m in shown["milestones"]} == {"ready"}
    assert _json(capsys, "--db", db, "agreements", "--status", "active", "--json")[1]["client"] is None


def _bad_inputs(tmp_path: Path) -> list[tuple[list[str], str]]:
    def with_milestone(**changes: Any) -> str:
        data = grant(1)
        data["milestones"][0].update(changes)
        return _write(tmp_path, "bad.json", data)

    def fresh(**changes: Any) -> str:
        data = grant(1, number="AG-2")
        data["milestones"][0].update(changes)
        return _write(tmp_path, "new.json", data)

    future = (TODAY + timedelta(days=3)).isoformat()
    return [
        (["agreement", "create", _write(tmp_path, "x.json", "{oops")], "neodesk: the definition is not JSON"),
        (
            ["agreement", "create", _write(tmp_path, "x.json", {**grant(1), "color": 1})],
            "neodesk: the agreement: unknown key color",
        ),
        (
            ["agreement", "create", fresh(conditions=[{"kind": "vibes"}])],
            "neodesk: milestone HIRE5 condition 1: unknown condition kind 'vibes'",
        ),
        (["agreement", "create", fresh(code="MIDYEAR")], "neodesk: milestone code MIDYEAR is used twice"),
        (
            ["agreement", "create", fresh(conditions=[{"kind": "milestone", "milestone": "GHOST"}])],
            "neodesk: milestone HIRE5: its condition points at milestone GHOST, which does not exist",
        ),
        (
            ["agreement", "create", fresh(conditions=[{"kind": "milestone", "milestone": "HIRE5"}])],
            "neodesk: would create a cycle: HIRE5 → HIRE5",
        ),
        (
            ["agreement", "create", fresh(events=[{"kind": "billing", "percent": "80.00"}])],
            "neodesk: percentages total 146.67%, more than 100%",
        ),
        (
            ["agreement", "create", fresh(events=[{"kind": "billing", "amount": "40000.00"}])],
            "neodesk: agreement AG-2: events total 106.67% (106,670.00) of 100,000.00",
        ),
        (
            ["agreement", "create", fresh(conditions=[{"kind": "date"}])],
            "neodesk: milestone HIRE5 condition 1: a date condition needs a date",
        ),
        (
            ["agreement", "create", fresh(conditions=[{"kind": "query", "sql": "DELETE FROM client"}])],
            "neodesk: agreement AG-2 milestone HIRE5 condition 1: the query must be a SELECT",
        ),
        (
            ["agreement", "create", fresh(conditions=[{"kind": "query", "sql": "SELECT date('now')"}])],
            "neodesk: agreement AG-2 milestone HIRE5 condition 1: the query reads the clock",
        ),
        (["agreements", "process", "--as-of", future], f"neodesk: the as-of date {future} is in the future"),
        (["agreement", "update", "AG-1", with_milestone(description="other")], "neodesk: set HIRE5 to Pending first"),
        (["agreement", "ready", "AG-1", "HIRE5"], "neodesk: HIRE5 is ready: set ready applies only to pending"),
        (["agreement", "cancel", "AG-1", "HIRE5", "--reason", " "], "neodesk: to cancel HIRE5 give a reason"),
        (
            ["agreement", "reopen", "AG-1", "HIRE5", "--reason", "x"],
            "neodesk: HIRE5 is ready: reopen applies only to complete milestones",
        ),
        (["agreement", "show", "AG-9"], "neodesk: No agreement AG-9 in this database."),
        (["agreement", "mark", "AG-1", "SIGNOFF", "--date", future], "neodesk: SIGNOFF: the date"),
        (
            ["agreement", "pay", "AG-1", "not-an-id", "--amount", "1", "--date", TODAY.isoformat(), "--method", "eft"],
            "neodesk: event 'not-an-id' is not an event id",
        ),
        (
            ["agreement", "amend", "AG-1", "--end", "2000-01-01", "--reason", "cut"],
            "neodesk: agreement AG-1: end 2000-01-01 is before start",
        ),
        (["agreement", "amend", "AG-1", "--reason", "cut"], "neodesk: agreement AG-1: amend needs a new amount"),
    ]


def test_bad_input_is_refused_with_one_sentence_and_nothing_written(
    story: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = story
    for argv, start in _bad_inputs(tmp_path):
        before = _audit_rows(db)
        capsys.readouterr()
        assert run(["--db", db, *argv]) == 1, argv
        err = capsys.readouterr().err.strip()
        assert err.startswith(start), (argv, err)
        assert "\n" not in err
        assert _audit_rows(db) == before, argv


def test_a_counselor_saving_a_query_is_refused(
    story: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with sqlite3.connect(story) as conn:
        conn.execute(
            "INSERT INTO counselor (id, name, email, active, role, created_at, updated_at, revision) "
            "VALUES (?, 'Maria', ?, 1, 'counselor', '2026-01-01', '2026-01-01', 0)",
            ("0" * 31 + "9", COUNSELOR),
        )
    monkeypatch.setenv("NEODESK_COUNSELOR", COUNSELOR)
    data = grant(1, number="AG-2")
    data["milestones"][0]["conditions"] = [{"kind": "query", "sql": "SELECT 1"}]
    capsys.readouterr()
    assert run(["--db", story, "agreement", "create", _write(tmp_path, "q.json", data)]) == 1
    assert capsys.readouterr().err.strip() == (
        "neodesk: agreement AG-2 milestone HIRE5 condition 1: only an administrator can save a query condition"
    )


def test_payment_over_what_is_left(story: str, capsys: pytest.CaptureFixture[str]) -> None:
    db = story
    _json(capsys, "--db", db, "agreements", "process", "--json")
    shown = _json(capsys, "--db", db, "agreement", "show", "AG-1", "--json")
    event = shown["milestones"][1]["events"][0]["id"]
    capsys.readouterr()
    assert (
        run(
            [
                "--db",
                db,
                "agreement",
                "pay",
                "AG-1",
                event,
                "--amount",
                "40000",
                "--date",
                TODAY.isoformat(),
                "--method",
                "check",
            ]
        )
        == 1
    )
    assert capsys.readouterr().err.strip().endswith("the payment of 40,000.00 is more than the 33,330.00 left")


def test_dry_run_text_and_json(story: str, capsys: pytest.CaptureFixture[str]) -> None:
    later = (TODAY + timedelta(days=400)).isoformat()
    result = _json(capsys, "--db", story, "agreements", "process", "--as-of", later, "--dry-run", "--json")
    assert result["dry_run"] is True
    assert result["completed"] == ["AG-1/MIDYEAR"]
    assert result["moves"][0]["why"].startswith("date:")
    assert result["cash_flow"][0]["amount"] == "33330.00"
    assert _json(capsys, "--db", story, "agreement", "show", "AG-1", "--json")["milestones"][1]["status"] == "ready"


def test_the_agreement_commands_are_registered_without_importing_their_use_cases() -> None:
    import subprocess
    import sys

    code = (
        "import sys\nfrom neodesk.cli import build_parser\nbuild_parser()\n"
        "print([m for m in ('neodesk.services.agreements', 'reportlab') if m in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"
