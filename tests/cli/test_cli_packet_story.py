"""The issue's "done when" story on the command line: a payroll objective on a grant milestone, the
packet sent, filled in as a PDF reader would, imported with its file, accepted and approved by other
counselors, the disbursement released, and every step in the history."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from neodesk.cli import run
from neodesk.models import Database
from tests.services.agreement_fixtures import add_counselor
from tests.services.packet_grant import fill

GRANT: dict[str, Any] = {
    "number": "AG-9",
    "title": "Job creation grant",
    "kind": "grant",
    "client": None,
    "counterparty": "City of Fargo",
    "amount": "10000.00",
    "start": "2026-01-01",
    "end": "2026-12-31",
    "status": "active",
    "primary_contact": "admin@localhost",
    "contact_name": "Jane Roe",
    "contact_email": "jane@fargo.example",
    "milestones": [
        {
            "code": "PAYROLL",
            "description": "Payroll evidence for the new jobs",
            "financial": True,
            "approval": ["Program"],
            "status": "ready",
            "events": [{"kind": "disbursement", "percent": "50.00"}],
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


def test_packet_story(
    db: Database, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    add_counselor(db, "lee@sbdc.example")
    add_counselor(db, "ana@sbdc.example")
    base = ["--db", str(db_path)]
    definition = tmp_path / "grant.json"
    definition.write_text(json.dumps(GRANT))
    assert run([*base, "approval-group", "set", "Program", "--members", "lee@sbdc.example,ana@sbdc.example"]) == 0
    assert run([*base, "agreement", "create", str(definition)]) == 0
    packet = tmp_path / "outbox" / "AG-9-PAYROLL.pdf"
    assert run([*base, "agreement", "packet", "AG-9", "PAYROLL", "--out", str(packet)]) == 0

    # The stakeholder fills the form in their PDF reader and sends it back with the payroll report.
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "returned.pdf").write_bytes(fill(packet.read_bytes(), {"q.1.1": "payroll-q3.pdf", "q.1.2": "4"}))
    report = tmp_path / "payroll-q3.pdf"
    report.write_bytes(b"%PDF-1.4 payroll Q3")
    capsys.readouterr()
    assert run([*base, "agreement", "packet-import", str(inbox / "returned.pdf"), "--attach", str(report)]) == 0
    assert "objective(s) 1 submitted for review" in capsys.readouterr().out

    monkeypatch.setenv("NEODESK_COUNSELOR", "lee@sbdc.example")
    assert run([*base, "agreement", "accept-objective", "AG-9", "PAYROLL", "--objective", "1"]) == 0
    monkeypatch.setenv("NEODESK_COUNSELOR", "ana@sbdc.example")
    capsys.readouterr()
    assert run([*base, "agreement", "approve", "AG-9", "PAYROLL"]) == 0
    assert "released 5,000.00 for PAYROLL" in capsys.readouterr().out

    assert run([*base, "agreement", "show", "AG-9", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    milestone = shown["milestones"][0]
    assert milestone["status"] == "complete"
    assert milestone["events"][0]["status"] == "released"
    answer = milestone["objectives"][0]["questions"][0]["answer"]
    assert answer["file"]["name"] == "payroll-q3.pdf"
    assert answer["by"] is None  # the stakeholder's, through the packet
    actions = [h["action"] for h in shown["history"]]
    for step in ("packet_sent", "answer", "packet_import", "accept", "approve"):
        assert step in actions, (step, actions)
    assert actions.index("packet_sent") < actions.index("packet_import") < actions.index("approve")
    imported = next(h for h in shown["history"] if h["action"] == "packet_import")
    assert imported["packet"] == hashlib.sha256((inbox / "returned.pdf").read_bytes()).hexdigest()
