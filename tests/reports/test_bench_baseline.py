"""bench/bench_reports.py's baseline is fair: the same table texts as the reports, the same rows per page.

The benchmark compares each report with its table alone, drawn by hand through the same `PagedTable`
in a plain `SimpleDocTemplate`. A baseline printing other texts (unformatted numbers, whole notes
where the report shows excerpts) or fitting other numbers of rows on a page would time other work.
"""

from __future__ import annotations

import importlib.util
import io
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.platypus import Paragraph

from neodesk.reports import fonts, render_impact_report
from neodesk.reports.client_report import _full_notes, _milestone_table
from neodesk.reports.impact_report import _client_table
from neodesk.reports.report_records import SessionSummary
from neodesk.reports.totals import total_of


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "bench" / "bench_reports.py"
    spec = importlib.util.spec_from_file_location("bench_reports_under_test", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    fonts.register()
    return module


def texts(rows: list[list[Any]]) -> list[list[str]]:
    """Each cell's text: a string as is, a Paragraph's markup."""
    return [[c if isinstance(c, str) else c.text for c in row] for row in rows]


def test_impact_baseline_prints_the_report_table_texts(bench: ModuleType) -> None:
    data = bench.impact_data(300)
    clients = sorted(data.clients, key=lambda c: c.client_no)
    sessions = SessionSummary()
    for c in clients:
        sessions = sessions + c.sessions
    table = _client_table(clients, total_of(c.totals for c in clients), sessions)
    expected = texts(list(table._rows))
    assert texts(bench.impact_rows(data)) == expected
    assert expected[-1][1] == "Total"
    assert "→" not in str(expected)


def test_client_baseline_prints_the_report_table_texts(bench: ModuleType) -> None:
    data = bench.client_data(120)
    milestones = sorted((m for m in data.milestones if m.reportable), key=lambda m: (m.date, m.type_name))
    table = _milestone_table(milestones, data.primary_counselor, [])
    expected = texts(list(table._rows))
    assert texts(bench.client_rows(data)) == expected
    assert any("full text under" in str(row[4]) for row in expected)  # excerpts, not whole stories


def test_client_baseline_prints_the_same_notes_in_full(bench: ModuleType) -> None:
    data = bench.client_data(120)
    milestones = sorted((m for m in data.milestones if m.reportable), key=lambda m: (m.date, m.type_name))
    long_notes: list[Any] = []
    _milestone_table(milestones, data.primary_counselor, long_notes)
    expected = [f.text for f in _full_notes(long_notes) if isinstance(f, Paragraph)]
    assert [f.text for f in bench.client_notes(data)] == expected
    assert sum("Niño's bakery" in t for t in expected) >= 10  # the stories, whole


def rows_per_page(pdf: bytes, marker: str) -> list[int]:
    return [(page.extract_text() or "").count(marker) for page in PdfReader(io.BytesIO(pdf)).pages]


def test_impact_baseline_fits_as_many_rows_on_a_page_as_the_report(bench: ModuleType) -> None:
    data = bench.impact_data(200)
    report = rows_per_page(render_impact_report(data), "Holdings LLC")
    baseline = rows_per_page(bench.baseline_impact(data, fonts.BODY), "Holdings LLC")
    assert sum(report) == sum(baseline) == 200
    # The report's table starts under a heading on page 2; from page 3 on its pages are full.
    assert report[2] == baseline[1] == baseline[2] > 20
