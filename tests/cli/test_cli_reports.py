"""`neodesk report milestones|impact` write real PDFs with the figures."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from neodesk.cli import run


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.fixture
def filled(db_path: Path) -> str:
    db = str(db_path)
    assert (
        run(
            [
                "--db",
                db,
                "set",
                "new",
                "name=Café Ñandú",
                "company_status=B",
                "date_established=2015-01-01",
                "gross_sales=1000",
            ]
        )
        == 0
    )
    assert run(["--db", db, "log", "1", "change_in_sales=2500.50", "change_in_full_time_staff=3"]) == 0
    return db


def test_milestone_report(filled: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out" / "client.pdf"
    assert run(["--db", filled, "report", "milestones", "1", "--out", str(out)]) == 0
    text = pdf_text(out)
    assert "Café Ñandú" in text
    assert "$1,500.50" in text  # sales increase 1000.00 → 2500.50
    assert "Page 1 of" in text
    assert "Administrator" in text  # who produced it
    assert not list(out.parent.glob("*.part"))


def test_impact_report_with_filters(filled: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "impact.pdf"
    assert (
        run(
            [
                "--db",
                filled,
                "report",
                "impact",
                "--from",
                "2020-01-01",
                "--to",
                "2030-12-31",
                "--funding",
                "SBDC",
                "--counselor",
                "admin@localhost",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    text = pdf_text(out)
    assert "Impact Report" in text
    assert "$1,500.50" in text


def test_impact_report_refuses_unknown_funding_and_reversed_period(filled: str, tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    assert (
        run(
            [
                "--db",
                filled,
                "report",
                "impact",
                "--from",
                "2026-01-01",
                "--to",
                "2026-12-31",
                "--funding",
                "NOPE",
                "--out",
                str(out),
            ]
        )
        == 1
    )
    assert (
        run(["--db", filled, "report", "impact", "--from", "2026-12-31", "--to", "2026-01-01", "--out", str(out)]) == 2
    )
    assert not out.exists()


def test_report_for_unknown_client_exits_1(filled: str, tmp_path: Path) -> None:
    assert run(["--db", filled, "report", "milestones", "77", "--out", str(tmp_path / "x.pdf")]) == 1
