"""`neodesk approval-group set|list` and `agreement answer|accept-objective|decline-objective|approve|decline`
(agreements.md §11): the done-when story from the command line with NEODESK_COUNSELOR picking who acts,
`show --json` with objectives, answers, approvals and history, and refusals: exit 1, one sentence,
nothing written."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from neodesk.cli import run
from neodesk.models import Counselor, open_database
from tests.services.agreement_fixtures import ADMIN, COUNSELOR, END, START

BEN = "ben@sbdc.example"


def _audit_rows(db: str) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM audit_log").fetchone()[0])


def _as(monkeypatch: pytest.MonkeyPatch, email: str) -> None:
    monkeypatch.setenv("NEODESK_COUNSELOR", email)


def _ok(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    capsys.readouterr()
    assert run(list(argv)) == 0, capsys.readouterr().err
    return capsys.readouterr().out


def _refused(capsys: pytest.CaptureFixture[str], db: str, *argv: str) -> str:
    capsys.readouterr()
    before = _audit_rows(db)
    assert run(["--db", db, *argv]) == 1
    err = capsys.readouterr().err.strip()
    assert _audit_rows(db) == before
    assert len(err.splitlines()) == 1
    return err.removeprefix("neodesk: ")


@pytest.fixture
def desk(db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    db = open_database(db_path)
    with db.unit_of_work() as s:
        s.add_all([Counselor(name="Maria", email=COUNSELOR), Counselor(name="Ben", email=BEN)])
    db.close()
    definition = {
        "number": "AG-9",
        "title": "Payroll grant",
        "kind": "grant",
        "client": None,
        "amount": "10000.00",
        "start": START.isoformat(),
        "end": END.isoformat(),
        "primary_contact": COUNSELOR,
        "milestones": [
            {
                "code": "PAYROLL",
                "status": "ready",
                "approval": ["Program"],
                "events": [{"kind": "disbursement", "amount": "5000.00"}],
                "objectives": [
                    {
                        "title": "Payroll evidence",
                        "questions": [
                            {"prompt": "Payroll report for Q3", "kind": "file"},
                            {"prompt": "New hires", "kind": "number"},
                        ],
                    }
                ],
            }
        ],
    }
    path = tmp_path / "grant.json"
    path.write_text(json.dumps(definition))
    _as(monkeypatch, ADMIN)
    _ok(capsys, "--db", str(db_path), "approval-group", "set", "Program", "--members", BEN)
    _as(monkeypatch, COUNSELOR)
    _ok(capsys, "--db", str(db_path), "agreement", "create", str(path))
    return str(db_path)


def test_the_story_from_the_command_line(
    desk: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = desk
    report = tmp_path / "payroll.pdf"
    report.write_bytes(b"%PDF-1.4 payroll")
    out = _ok(
        capsys,
        "--db",
        db,
        "agreement",
        "answer",
        "AG-9",
        "PAYROLL",
        "--objective",
        "1",
        "--question",
        "1",
        "--file",
        str(report),
    )
    assert "AG-9/PAYROLL objective 1: open" in out
    out = _ok(capsys, "--db", db, "agreement", "answer", "AG-9", "PAYROLL", "--objective", "1", "--question", "2", "12")
    assert "objective 1: submitted" in out
    _as(monkeypatch, BEN)
    out = _ok(capsys, "--db", db, "agreement", "accept-objective", "AG-9", "PAYROLL", "--objective", "1")
    assert "every required objective accepted" in out
    assert "PAYROLL: ready → awaiting_approval" in out  # the processing run right after
    _as(monkeypatch, COUNSELOR)  # the maker is no member: refused
    assert _refused(capsys, db, "agreement", "approve", "AG-9", "PAYROLL") == (
        f"{COUNSELOR} is not a member of approval group Program, which PAYROLL waits for"
    )
    _as(monkeypatch, BEN)
    out = _ok(capsys, "--db", db, "agreement", "approve", "AG-9", "PAYROLL", "--comment", "matches the bank")
    assert "AG-9/PAYROLL: approved for Program (round 1); now complete" in out
    assert "released 5,000.00 for PAYROLL event 1" in out
    shown = json.loads(_ok(capsys, "--db", db, "agreement", "show", "AG-9", "--json"))
    m = shown["milestones"][0]
    assert (m["status"], m["events"][0]["status"], shown["status"]) == ("complete", "released", "completed")
    assert m["objectives"][0]["status"] == "accepted"
    assert m["objectives"][0]["questions"][0]["answer"]["file"]["name"] == "payroll.pdf"
    assert m["objectives"][0]["questions"][1]["answer"]["value"] == "12"
    assert m["approvals"][0]["who"] == BEN
    assert m["approvals"][0]["comment"] == "matches the bank"
    assert {"approval", "objective", "event", "condition"} <= {h["record"] for h in shown["history"]}
    text = _ok(capsys, "--db", db, "agreement", "show", "AG-9")
    assert "objective 1: Payroll evidence — accepted" in text
    assert "1.1 Payroll report for Q3: payroll.pdf (16 bytes)" in text
    assert f"round 1 Program: approve by {BEN}: matches the bank" in text


def test_refusals_and_show_json(
    desk: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = desk
    assert (
        _refused(capsys, db, "agreement", "answer", "AG-9", "PAYROLL", "--objective", "1", "--question", "2", "lots")
        == "question 1.2 (\"New hires\") takes a number, not 'lots'"
    )
    assert _refused(capsys, db, "agreement", "decline", "AG-9", "PAYROLL", "--comment", "no") == (
        "PAYROLL is ready: decline applies only to awaiting_approval milestones"
    )
    assert _refused(capsys, db, "approval-group", "set", "Board", "--members", BEN) == (
        "only an administrator can set approval group Board"
    )
    capsys.readouterr()
    assert run(["--db", db, "agreement", "decline", "AG-9", "PAYROLL"]) == 2  # --comment is required: usage
    shown: dict[str, Any] = json.loads(_ok(capsys, "--db", db, "agreement", "show", "AG-9", "--json"))
    m = shown["milestones"][0]
    assert m["objectives"][0]["status"] == "open"
    assert [q["answer"] for q in m["objectives"][0]["questions"]] == [None, None]
    assert (m["approval"], m["approvals"], m["approval_round"]) == (["Program"], [], 1)
    assert m["conditions"] == [{"kind": "objectives", "status": "ready", "effective_date": None, "observed": None}]
    assert shown["history"][0]["action"] == "create"
    groups = json.loads(_ok(capsys, "--db", db, "approval-group", "list", "--json"))
    assert groups == [{"name": "Program", "rule": "any", "members": [BEN], "active": True}]
