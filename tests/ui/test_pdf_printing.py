"""Printing the report's PDF on a QPrinter: print-to-file copies it; the raster paths paint every page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from neodesk.ui import pdf_printing
from neodesk.ui.pdf_printing import print_pdf, qtpdf_available


@pytest.fixture
def three_pages(tmp_path: Path) -> Path:
    path = tmp_path / "report.pdf"
    pdf = canvas.Canvas(str(path), pagesize=letter)
    for n in range(1, 4):
        pdf.drawString(72, 700, f"Page {n} of the milestone report")
        pdf.showPage()
    pdf.save()
    return path


def pdf_printer(out: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    return printer


def test_print_to_file_is_the_report_itself(qapp, three_pages: Path, tmp_path: Path) -> None:
    out = tmp_path / "printed.pdf"
    outcome = print_pdf(three_pages, pdf_printer(out))
    assert (outcome.ok, outcome.method) == (True, "file")
    assert out.read_bytes() == three_pages.read_bytes()


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler's pdftoppm is not installed")
def test_pdftoppm_paints_the_chosen_pages(qapp, three_pages: Path, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "painted.pdf"
    printer = pdf_printer(out)
    monkeypatch.setattr(pdf_printing, "qtpdf_available", lambda: False)
    # A native printer is what takes this path; a PDF printer painted to stands in for it here.
    monkeypatch.setattr(pdf_printing, "_copy_target", lambda printer: None)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    outcome = print_pdf(three_pages, printer)
    assert (outcome.ok, outcome.method) == (True, "pdftoppm"), outcome.message
    assert len(PdfReader(out).pages) == 2


@pytest.mark.skipif(not qtpdf_available(), reason="QtPdf (PySide6-Addons) is not installed")
def test_qtpdf_paints_every_page(qapp, three_pages: Path, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "painted.pdf"
    monkeypatch.setattr(pdf_printing, "_copy_target", lambda printer: None)
    outcome = print_pdf(three_pages, pdf_printer(out))
    assert (outcome.ok, outcome.method) == (True, "qtpdf"), outcome.message
    assert len(PdfReader(out).pages) == 3


def test_without_any_way_to_print_the_user_is_told(qapp, three_pages: Path, monkeypatch) -> None:
    monkeypatch.setattr(pdf_printing, "_copy_target", lambda printer: None)
    monkeypatch.setattr(pdf_printing, "qtpdf_available", lambda: False)
    monkeypatch.setattr(pdf_printing.shutil, "which", lambda name: None)
    monkeypatch.setattr(pdf_printing.sys, "platform", "linux")
    outcome = print_pdf(three_pages, QPrinter())
    assert (outcome.ok, outcome.method) == (False, "none")
    assert str(three_pages) in outcome.message
    assert "PDF viewer" in outcome.message
