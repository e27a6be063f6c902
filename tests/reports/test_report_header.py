"""The page header of the client report: a long name wraps beside the title, an emoji prints visibly."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from report_inputs import client, pdf_text
from reportlab.pdfbase.pdfmetrics import stringWidth

from neodesk.reports import fonts, render_client_report
from neodesk.reports.layout import HEADER_HEIGHT, MARGIN

LONG = (
    "Adams Supply and Sons Wholesale Distribution of Industrial Fasteners, Fittings, Valves and "
    "Hydraulic Components of the Greater Springfield Area 🚀 Café"
)


def header_fragments(pdf: bytes) -> list[tuple[str, float]]:
    """(text, x) of what the first page draws in the header band."""
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    top = float(page.mediabox.top)
    found: list[tuple[str, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, _size: float) -> None:
        y = tm[5] * cm[3] + cm[5]
        x = tm[4] * cm[0] + cm[4]
        if text.strip() and y > top - MARGIN - HEADER_HEIGHT:
            found.append((text, x))

    page.extract_text(visitor_text=visit)
    return found


def test_long_name_wraps_right_of_the_title_without_overprinting() -> None:
    pdf = render_client_report(client(name=LONG))
    fonts.register()
    title_end = MARGIN + 30 + stringWidth("Client Milestone Report", fonts.BOLD, 11)
    subject = [(text, x) for text, x in header_fragments(pdf) if "Client Milestone Report" not in text]
    assert len(subject) >= 2  # wrapped onto two lines
    assert all(x > title_end for _, x in subject), subject
    assert "…" in "".join(text for text, _ in subject)  # the rest is cut, not drawn over the logo


def test_an_emoji_prints_by_name_never_as_a_replacement_mark() -> None:
    text = pdf_text(render_client_report(client(name="Sunrise Bakery 🥐👩🏽‍🍳")))
    assert "Sunrise Bakery [croissant][woman]" in text
    assert "[cooking]" in text
    assert "fitzpatrick" not in text  # the skin tone only shapes the emoji: left out
    assert "\ufffd" not in text


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_the_header_renders(tmp_path: Path) -> None:
    source = tmp_path / "report.pdf"
    source.write_bytes(render_client_report(client(name=LONG)))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(source), str(tmp_path / "page")],
        check=True,
        capture_output=True,
    )
    assert (tmp_path / "page-1.png").stat().st_size > 1000
