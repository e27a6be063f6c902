"""`neodesk export nexus`: exit codes, the file, and the sessions left out listed on stderr."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

import pytest
import xmlschema
from sqlalchemy import select, update

from neodesk.catalog import nexus as catalog_nexus
from neodesk.cli import run
from neodesk.cli.nexus import SCHEMA_ENV, register_export_nexus
from neodesk.demo import generate_demo
from neodesk.models import open_database
from neodesk.models.activity import CounselingSession
from neodesk.models.client import Client
from neodesk.models.database import copy_sqlite
from neodesk.models.reference import Center

XSD_PATH = Path(__file__).parents[3] / "shared" / "nexus" / catalog_nexus.XSD_FILE
PERIOD = ["--from", "2024-01-01", "--to", "2026-12-31"]


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("nexus_cli") / "demo.sqlite3"
    db = open_database(path)
    try:
        generate_demo(db, 12, seed=3, today=date(2026, 6, 1))
        with db.unit_of_work() as tx:
            tx.execute(update(Center).values(sba_location_code=815))
    finally:
        db.close()
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> str:
    return str(copy_sqlite(demo_file, tmp_path / "demo.sqlite3"))


def test_export_writes_a_valid_file(demo: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "nexus.xml"
    assert run(["--db", demo, "export", "nexus", *PERIOD, "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("Wrote ")
    assert f"counseling records for 2024-01-01 to 2026-12-31 to {out}" in captured.out
    assert captured.err == ""
    if XSD_PATH.is_file():
        xmlschema.XMLSchema(str(XSD_PATH)).validate(str(out))


def test_sessions_left_out_are_listed_one_a_line(demo: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = open_database(demo)
    try:
        with db.unit_of_work() as tx:
            client_no, name, client_id = tx.execute(
                select(Client.client_no, Client.name, Client.id).order_by(Client.client_no).limit(1)
            ).one()
            tx.execute(update(Client).where(Client.id == client_id).values(race=None, survey_agreement=None))
            days = tx.scalars(
                select(CounselingSession.date)
                .where(
                    CounselingSession.client_id == client_id,
                    CounselingSession.reportable.is_(True),
                    CounselingSession.date >= date(2024, 1, 1),
                )
                .order_by(CounselingSession.date)
            ).all()
    finally:
        db.close()
    assert days
    out = tmp_path / "nexus.xml"
    assert run(["--db", demo, "export", "nexus", *PERIOD, "--out", str(out)]) == 0
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert lines == [
        f"client {client_no} ({name}), session {day.isoformat()}: the survey agreement (intake) is "
        "not answered; race (intake) is not answered"
        for day in days
    ]
    assert f"; {len(days)} sessions left out (listed on stderr)." in captured.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2025-02-01", "--to", "2025-01-31"], "neodesk: The period ends (2025-01-31) before it starts"),
        (
            ["--from", "2030-01-01", "--to", "2030-12-31"],
            "neodesk: no counseling record to write for 2030-01-01 to 2030-12-31, so no file was written.",
        ),
    ],
)
def test_refused_exports_exit_1_and_write_nothing(
    demo: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    out = tmp_path / "nexus.xml"
    assert run(["--db", demo, "export", "nexus", *args, "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(message)
    assert len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_every_record_left_out_exits_1(demo: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = open_database(demo)
    try:
        with db.unit_of_work() as tx:
            tx.execute(update(Center).values(sba_location_code=None))
    finally:
        db.close()
    out = tmp_path / "nexus.xml"
    assert run(["--db", demo, "export", "nexus", *PERIOD, "--out", str(out)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert all("the client's center 'DEMO' has no SBA location code" in line for line in lines[:-1])
    assert lines[-1].startswith("neodesk: no counseling record to write for 2024-01-01 to 2026-12-31; ")
    assert not out.exists()
    # An SBA location code on the command line serves every record.
    assert run(["--db", demo, "export", "nexus", *PERIOD, "--out", str(out), "--location", "815"]) == 0
    assert "<LocationCode>815</LocationCode>" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "args",
    [
        ["--from", "2025-13-01", "--to", "2025-12-31"],
        ["--from", "2025-01-01"],
        [*PERIOD, "--location", "MAIN"],
    ],
)
def test_usage_errors_exit_2(demo: str, tmp_path: Path, args: list[str]) -> None:
    assert run(["--db", demo, "export", "nexus", *args, "--out", str(tmp_path / "n.xml")]) == 2


def test_schema_from_the_environment(
    demo: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(SCHEMA_ENV, str(tmp_path / "missing.xsd"))
    out = tmp_path / "nexus.xml"
    assert run(["--db", demo, "export", "nexus", *PERIOD, "--out", str(out)]) == 1
    assert capsys.readouterr().err == f"neodesk: The Nexus schema {tmp_path / 'missing.xsd'} does not exist.\n"
    if not XSD_PATH.is_file():
        pytest.skip(f"SBA counseling schema not found at {XSD_PATH}")
    monkeypatch.setenv(SCHEMA_ENV, str(XSD_PATH))
    assert run(["--db", demo, "export", "nexus", *PERIOD, "--out", str(out)]) == 0
    assert out.exists()


def test_registers_on_any_export_group(demo: str, tmp_path: Path) -> None:
    """The sub-command needs nothing of the export group but its sub-parsers."""
    parser = argparse.ArgumentParser()
    register_export_nexus(parser.add_subparsers(dest="what"))
    args = parser.parse_args(["nexus", *PERIOD, "--out", str(tmp_path / "n.xml")])
    db = open_database(demo)
    try:
        assert args.func(args, db) == 0
    finally:
        db.close()
    assert (tmp_path / "n.xml").exists()


def test_a_new_users_demo_exports_without_further_set_up(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`neodesk demo` then `neodesk export nexus`: the demo's own center carries an SBA location code."""
    db_path = str(tmp_path / "fresh.sqlite3")
    assert run(["--db", db_path, "demo", "--clients", "8", "--seed", "5"]) == 0
    out = tmp_path / "upload.xml"
    today = date.today().isoformat()
    assert run(["--db", db_path, "export", "nexus", "--from", "2023-10-01", "--to", today, "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert "Wrote " in captured.out
    assert "no SBA location code" not in captured.err
    assert out.read_text(encoding="utf-8").count("<LocationCode>9999999</LocationCode>") > 0
    if XSD_PATH.is_file():
        xmlschema.XMLSchema(str(XSD_PATH)).validate(str(out))
