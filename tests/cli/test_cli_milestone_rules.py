"""`neodesk log` with rules M16 (UEI / CAGE reach the client), M17 (missing readiness steps) and the
follow-up session's contact minutes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from neodesk.cli import run


def _client(capsys: pytest.CaptureFixture[str], db: str) -> dict[str, object]:
    capsys.readouterr()
    assert run(["--db", db, "client", "1", "--json"]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def _new(db: str) -> None:
    assert run(["--db", db, "set", "new", "name=Acme", "company_status=B", "date_established=2015-01-01"]) == 0


def test_m16_uei_and_cage_reach_a_blank_client(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(db_path)
    _new(db)
    assert run(["--db", db, "log", "1", "sam_registered=ZQGGHJH74DW7", "cage_assigned=7XYZ9"]) == 0
    record = _client(capsys, db)
    assert (record["uei"], record["cage_code"], record["government_contracting"]) == ("ZQGGHJH74DW7", "7XYZ9", True)


def test_m16_asks_before_replacing_another_uei(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(db_path)
    _new(db)
    assert run(["--db", db, "set", "1", "uei=ZQGGHJH74DW7"]) == 0
    assert run(["--db", db, "log", "1", "sam_registered=ABCDEFGH1234", "--answer", "no"]) == 0
    assert "SAM Unique Entity ID: ZQGGHJH74DW7 → ABCDEFGH1234" in capsys.readouterr().err  # asked
    assert _client(capsys, db)["uei"] == "ZQGGHJH74DW7"


def test_m17_dib_ready_with_missing_steps_is_refused_unless_confirmed(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(db_path)
    _new(db)
    assert run(["--db", db, "log", "1", "sam_registered=ZQGGHJH74DW7"]) == 0
    capsys.readouterr()
    assert run(["--db", db, "log", "1", "dib_ready", "--answer", "no"]) == 1
    err = capsys.readouterr().err
    assert "DIB Ready: 1 of 7 required steps logged; missing CAGE Code Assigned" in err
    assert _client(capsys, db)["dib_ready"] is False
    assert run(["--db", db, "log", "1", "dib_ready", "--answer", "yes"]) == 0
    assert _client(capsys, db)["dib_ready"] is True


def test_followup_session_gets_the_default_minutes(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(db_path)
    _new(db)
    assert run(["--db", db, "log", "1", "change_in_sales=1250", "--followup", "PH:Business Plan"]) == 0
    capsys.readouterr()
    assert run(["--db", db, "sessions", "1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["contact_minutes"] == 15


def test_followup_minutes_flag_and_zero_refused(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(db_path)
    _new(db)
    assert (
        run(
            [
                "--db",
                db,
                "log",
                "1",
                "change_in_sales=1250",
                "--followup",
                "PH:Business Plan",
                "--followup-minutes",
                "0",
            ]
        )
        == 1
    )
    assert "Follow-up contact minutes" in capsys.readouterr().err
    assert (
        run(
            [
                "--db",
                db,
                "log",
                "1",
                "change_in_sales=1250",
                "--followup",
                "PH:Business Plan",
                "--followup-minutes",
                "45",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert run(["--db", db, "sessions", "1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["contact_minutes"] == 45


def test_client_prints_labels_and_names(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(db_path)
    assert (
        run(
            [
                "--db",
                db,
                "set",
                "new",
                "name=Acme",
                "company_status=B",
                "date_established=2015-01-01",
                "export_countries=CA,MX",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert run(["--db", db, "client", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "Company Status: In Business (> 1 year)" in lines
    assert "Primary counselor: Administrator" in lines
    assert "Export Countries: Canada, Mexico" in lines
    assert _client(capsys, db)["company_status"] == "B"  # --json keeps the codes


def test_set_new_refuses_a_duplicate_unless_allowed(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(db_path)
    assert run(["--db", db, "set", "new", "name=Adams Supply", "contact_email=Ann@Adams.example"]) == 0
    capsys.readouterr()
    assert run(["--db", db, "set", "new", "name=Other Name", "contact_email=ann@adams.example"]) == 1
    assert "Client 1, Adams Supply, has the same e-mail." in capsys.readouterr().err
    assert run(["--db", db, "set", "new", "name=ADAMS SUPPLY"]) == 1
    assert "--allow-duplicate" in capsys.readouterr().err
    assert run(["--db", db, "set", "new", "name=Adams Supply", "--allow-duplicate"]) == 0
    capsys.readouterr()
    assert run(["--db", db, "clients", "--json"]) == 0
    assert [c["name"] for c in json.loads(capsys.readouterr().out)] == ["Adams Supply", "Adams Supply"]


def test_set_new_warns_when_the_center_has_no_sba_location(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(db_path)
    assert run(["--db", db, "set", "new", "name=Acme"]) == 0
    assert "has no SBA location code" in capsys.readouterr().err
