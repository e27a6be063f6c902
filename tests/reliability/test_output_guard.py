"""Point 1: no output (`--out`, Save as) may be the open database, its -wal/-shm, or any other database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from plain_sqlite_checks import client_names, one_sentence

from neodesk.output_guard import OutputRefused, check_output

WRITERS = [
    ["export", "bundle", "--all", "--out"],
    ["export", "key", "--out"],
    ["export", "nexus", "--from", "2026-01-01", "--to", "2026-12-31", "--out"],
    ["report", "milestones", "1", "--out"],
    ["report", "impact", "--from", "2026-01-01", "--to", "2026-12-31", "--out"],
    ["db", "backup", "--out"],
]


@pytest.mark.parametrize("writer", WRITERS, ids=lambda w: " ".join(w[:2]))
@pytest.mark.parametrize("companion", ["", "-wal", "-shm"])
def test_no_writer_writes_over_the_open_database(cli, demo_db: Path, writer: list[str], companion: str) -> None:
    before = client_names(demo_db)
    target = demo_db.with_name(demo_db.name + companion)
    existed = target.exists()
    content = target.read_bytes() if existed else None
    result = cli("--db", str(demo_db), *writer, str(target))
    assert result.code == 1, result.err
    assert one_sentence(result.err)
    assert "never writes over a database" in result.err
    assert client_names(demo_db) == before
    if existed:
        assert target.read_bytes() == content
    assert not list(demo_db.parent.glob("*.part"))


@pytest.mark.parametrize("writer", WRITERS, ids=lambda w: " ".join(w[:2]))
def test_no_writer_writes_over_another_neodesk_database(cli, demo_db: Path, tmp_path: Path, writer: list[str]) -> None:
    other = tmp_path / "other-desk.sqlite3"
    assert cli("--db", str(other), "set", "new", "name=Keep Me").code == 0
    content = other.read_bytes()
    result = cli("--db", str(demo_db), *writer, str(other))
    assert result.code == 1, result.err
    assert "is a NeoDesk database" in result.err
    assert other.read_bytes() == content
    assert client_names(other) == ["Keep Me"]


def test_a_database_of_another_program_is_not_written_over(cli, demo_db: Path, tmp_path: Path) -> None:
    foreign = tmp_path / "budget.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE budget (item TEXT)")
    content = foreign.read_bytes()
    result = cli("--db", str(demo_db), "report", "milestones", "1", "--out", str(foreign))
    assert result.code == 1
    assert "is a database" in result.err
    assert foreign.read_bytes() == content


def test_a_folder_as_output_is_refused_in_one_sentence(cli, demo_db: Path, tmp_path: Path) -> None:
    result = cli("--db", str(demo_db), "report", "milestones", "1", "--out", str(tmp_path))
    assert result.code == 1
    assert one_sentence(result.err)
    assert "is a folder" in result.err


def test_an_unreachable_output_is_refused_in_one_sentence(cli, demo_db: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "plain-file"
    blocker.write_text("x")
    result = cli("--db", str(demo_db), "report", "milestones", "1", "--out", str(blocker / "sub" / "r.pdf"))
    assert result.code == 1
    assert one_sentence(result.err)
    assert "is a file, not a folder" in result.err


def test_the_guard_knows_the_open_database_before_it_has_a_header(tmp_path: Path) -> None:
    fresh = tmp_path / "new.sqlite3"
    fresh.touch()  # SQLite has not written its header yet
    with pytest.raises(OutputRefused):
        check_output(fresh.with_name("new.sqlite3-wal"), fresh)
    with pytest.raises(OutputRefused):
        check_output(tmp_path / "." / "new.sqlite3", fresh)
    assert check_output(tmp_path / "report.pdf", fresh) == tmp_path / "report.pdf"


def test_print_to_file_over_the_database_is_refused(demo_db: Path, tmp_path: Path, qapp) -> None:
    from PySide6.QtPrintSupport import QPrinter

    from neodesk.ui.pdf_printing import print_pdf

    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4 test")
    content = demo_db.read_bytes()
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(demo_db))
    outcome = print_pdf(pdf, printer)
    assert not outcome.ok
    assert "never writes over a database" in outcome.message
    assert demo_db.read_bytes() == content
