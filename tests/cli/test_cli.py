"""The command line contract of interfaces.md: commands, JSON keys, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from neodesk.catalog.fields import CLIENT_FIELDS
from neodesk.cli import run
from neodesk.models import Client, Database, Milestone
from neodesk.services.activity import SessionInput, save_counseling_session
from neodesk.services.reference import current_counselor, funding_sources


@pytest.fixture
def filled(db: Database, db_path: Path) -> Path:
    with db.reading() as s:
        me = current_counselor(s)
        fund = funding_sources(s)[0]
    with db.unit_of_work(me.id) as s:
        client = Client(
            name="Café Ñandú",
            city="Austin",
            company_status="B",
            date_established=date(2020, 1, 1),
            full_time_employees=4,
            gross_sales=Decimal("1250.00"),
            export_countries={"MX", "CA"},
        )
        s.add(client)
        s.flush()
        m = Milestone(
            client_id=client.id,
            type_code="change_in_full_time_staff",
            date=date(2026, 10, 1),
            amount=Decimal(4),
            initial_amount=Decimal(2),
            origin="manual",
        )
        m.counselors = [s.get_one(type(me), me.id)]
        m.funding_sources = [s.get_one(type(fund), fund.id)]
        s.add(m)
        s.add(
            Milestone(
                client_id=client.id,
                type_code="change_in_sales",
                date=date(2026, 10, 2),
                amount=Decimal("1250.00"),
                initial_amount=Decimal("900.10"),
            )
        )
    save_counseling_session(
        db,
        client.id,
        SessionInput(
            date=date(2026, 10, 1),
            contact_type="PH",
            counseling_area="Other",
            contact_minutes=30,
            counselor_ids=(me.id,),
            funding_source_ids=(fund.id,),
        ),
        counselor_id=me.id,
        today=date(2026, 11, 24),
    )
    db.close()
    return db_path


def cli_json(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    assert run(list(args)) == 0
    return json.loads(capsys.readouterr().out)


def test_clients_json(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = cli_json(capsys, "--db", str(filled), "clients", "--json")
    assert isinstance(rows, list)
    assert rows[0]["client_no"] == 1
    assert {"client_no", "name", "company_status", "city", "active"} <= rows[0].keys()
    assert rows[0]["name"] == "Café Ñandú"
    assert cli_json(capsys, "--db", str(filled), "clients", "--search", "nandu", "--json") == rows
    assert cli_json(capsys, "--db", str(filled), "clients", "--search", "dallas", "--json") == []


def test_client_json_has_every_field(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record = cli_json(capsys, "--db", str(filled), "client", "1", "--json")
    assert isinstance(record, dict)
    assert {f.key for f in CLIENT_FIELDS} | {"id", "created_at", "updated_at", "client_no"} <= record.keys()
    assert record["gross_sales"] == "1250.00"
    assert record["full_time_employees"] == 4
    assert record["export_countries"] == ["CA", "MX"]
    assert record["date_established"] == "2020-01-01"
    by_uuid = cli_json(capsys, "--db", str(filled), "client", record["id"], "--json")
    assert by_uuid == record


def test_milestones_json(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = cli_json(capsys, "--db", str(filled), "milestones", "1", "--json")
    assert isinstance(rows, list)
    assert [r["type_code"] for r in rows] == ["change_in_sales", "change_in_full_time_staff"]
    staff = rows[1]
    assert set(staff) == {
        "id",
        "date",
        "type_code",
        "amount",
        "initial_amount",
        "detail",
        "notes",
        "origin",
        "reportable",
        "counselors",
        "funding_sources",
    }
    assert (staff["amount"], staff["initial_amount"]) == (4, 2)  # counts as integers
    assert (rows[0]["amount"], rows[0]["initial_amount"]) == ("1250.00", "900.10")  # money as strings
    assert staff["counselors"] == ["admin@localhost"]
    assert staff["funding_sources"] == ["SBDC"]


def test_sessions_json(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = cli_json(capsys, "--db", str(filled), "sessions", "1", "--json")
    assert isinstance(rows, list)
    assert rows[0]["contact_type"] == "PH"
    assert rows[0]["contact_minutes"] == 30
    assert rows[0]["additional_areas"] == []


def test_text_output_for_people(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--db", str(filled), "clients"]) == 0
    out = capsys.readouterr().out
    assert "Café Ñandú" in out
    assert "In Business" in out


def test_unknown_client_is_refused_with_exit_1(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--db", str(filled), "client", "42"]) == 1
    err = capsys.readouterr().err
    assert "No client 42" in err


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["frobnicate"]) == 2
    assert run(["client"]) == 2


def test_db_check_and_backup(filled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--db", str(filled), "db", "check"]) == 0
    out = tmp_path / "copy.sqlite3"
    assert run(["--db", str(filled), "db", "backup", "--out", str(out)]) == 0
    assert "integrity check passed" in capsys.readouterr().out
    assert cli_json(capsys, "--db", str(out), "clients", "--json")[0]["name"] == "Café Ñandú"  # type: ignore[index]


def test_db_check_reports_corruption_with_exit_3(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import sqlite3

    # Break a foreign key behind the app's back (foreign keys are off for this raw connection).
    with sqlite3.connect(filled) as conn:
        conn.execute("UPDATE milestone SET client_id = x'00000000000000000000000000000000'")
    assert run(["--db", str(filled), "db", "check"]) == 3
    assert "foreign key" in capsys.readouterr().err


def test_neodesk_db_env_and_python_m(filled: Path, data_dir: Path) -> None:
    import os

    env = {**os.environ, "NEODESK_DB": str(filled), "NEODESK_DATA_DIR": str(data_dir)}
    done = subprocess.run(
        [sys.executable, "-m", "neodesk", "clients", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["name"] == "Café Ñandú"


def test_default_database_is_created_in_the_data_folder(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_json(capsys, "clients", "--json") == []
    assert (data_dir / "neodesk.sqlite3").exists()


def test_a_file_that_is_not_a_database_gets_one_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not sqlite" * 200)
    assert run(["--db", str(junk), "clients"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("neodesk: cannot open the database")
    assert "Traceback" not in err
    assert run(["--db", str(junk), "db", "check"]) == 3


def test_unreachable_server_gets_one_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    # Exit 4 either way: the server is down (driver installed) or the driver is missing (`.[test]` only).
    assert run(["--db", "postgresql+psycopg://nobody:x@127.0.0.1:1/none", "clients"]) == 4
    err = capsys.readouterr().err
    assert err.startswith("neodesk: cannot open the database")
    assert len(err.strip().splitlines()) == 1
    assert ":x@" not in err  # the password is not shown


def test_blank_sets_print_as_empty_lists_and_sessions_carry_field_keys(
    filled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = cli_json(capsys, "--db", str(filled), "client", "1", "--json")
    assert isinstance(record, dict)
    assert (record["race"], record["naics_codes"]) == ([], [])
    [counseling_session] = cli_json(capsys, "--db", str(filled), "sessions", "1", "--json")  # type: ignore[misc]
    assert {"client_id", "counselor_ids", "funding_source_ids"} <= counseling_session.keys()
    assert counseling_session["client_id"] == record["id"]
