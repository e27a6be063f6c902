"""The agreement report and the agreements overview, read back from the PDF (agreements.md §7)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from neodesk.cli import run
from neodesk.models import Database
from neodesk.services.agreements import agreement_definition, create_agreement, mark, pay, process
from tests.reports.report_inputs import pdf_text
from tests.services.agreement_fixtures import TODAY, add_client, grant, text


@pytest.fixture
def story(db: Database) -> Database:
    client = add_client(db)
    create_agreement(db, text(grant(client)))
    create_agreement(db, json.dumps(grant(None, number="COOP-1", kind="cooperative_agreement", milestones=[])))
    mark(db, "AG-1", "SIGNOFF", on=TODAY - timedelta(days=3))
    process(db)
    event = agreement_definition(db, "AG-1")["milestones"][2]["events"][0]["id"]
    pay(db, "AG-1", event, amount="1000.00", on=TODAY, method="check")
    return db


def test_agreement_report_reads_back(story: Database, db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "ag.pdf"
    assert run(["--db", str(db_path), "report", "agreement", "AG-1", "--out", str(out)]) == 0
    text_ = pdf_text(out.read_bytes())
    for expected in (
        "Agreement AG-1",
        "Job creation grant",
        "$100,000.00",
        "SIGNOFF",
        "metric ready (0 of 5)",
        "$33,340.00",
        "partly_paid",
        "$1,000.00 check",
        "Cash flow by month",
        "Released or paid",
        "History",
    ):
        assert expected in text_, expected


def test_overview_reads_back_with_the_chart(story: Database, db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.pdf"
    assert run(["--db", str(db_path), "report", "agreements", "--out", str(out)]) == 0
    text_ = pdf_text(out.read_bytes())
    for expected in (
        "Agreements overview",
        "Agreements of the center",
        "AG-1",
        "COOP-1",
        "2 of 3 complete",
        "Forecast (pending)",
        f"{TODAY.year}-{TODAY.month:02d}",
    ):
        assert expected in text_, expected
    assert run(["--db", str(db_path), "report", "agreements", "--counselor", "nobody@x", "--out", str(out)]) == 1
