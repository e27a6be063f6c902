"""Sending a PDF file (a report reportlab wrote) to the printer the counselor chose in QPrintDialog.

Qt cannot draw a PDF by itself: that needs the QtPdf module, which ships in PySide6-Addons, not in
the PySide6-Essentials wheel NeoDesk depends on. So the ways are tried best first:

1. "Print to file" (PDF output): the report already is that PDF; it is copied, exact and vector.
2. QtPdf, when installed: each page rendered at the printer's resolution and painted on the QPrinter.
3. poppler's ``pdftoppm``, when on the PATH (most Linux desktops): the same, rasterised by it.
4. The system's own PDF printing: ``lp`` (CUPS: Linux, macOS) to the chosen printer, or on Windows
   the PDF viewer's "print" verb (the default printer).

If none is available the caller is told so, with the file's location, to print from a PDF viewer.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter

from neodesk import files
from neodesk.output_guard import OutputRefused

MAX_DPI = 300  # enough for text on paper; more only makes the print job bigger
POINTS_PER_INCH = 72
COMMAND_TIMEOUT = 60


@dataclass(frozen=True, slots=True)
class PrintOutcome:
    ok: bool
    message: str
    method: str  # "file", "qtpdf", "pdftoppm", "lp", "shell", "none"


def qtpdf_available() -> bool:
    try:
        from PySide6 import QtPdf  # noqa: F401 - only asking whether it is installed
    except ImportError:
        return False
    return True


def _page_range(printer: QPrinter, count: int) -> range:
    """The 0-based pages the print dialog asked for (all of them unless a range was chosen)."""
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first = max(printer.fromPage(), 1)
        last = min(printer.toPage() or count, count)
        return range(first - 1, last)
    return range(count)


def _dpi(printer: QPrinter) -> int:
    return max(72, min(printer.resolution(), MAX_DPI))


def _paint_pages(printer: QPrinter, pages: Iterator[QImage]) -> int:
    """Paint page images on the printer, each scaled to fit the printable area. Returns pages printed."""
    painter = QPainter()
    printed = 0
    try:
        for image in pages:
            if printed == 0:
                if not painter.begin(printer):
                    raise OSError("the printer could not be started")
            else:
                printer.newPage()
            area = painter.viewport()
            size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRectF(area.x(), area.y(), size.width(), size.height()), image)
            printed += 1
    finally:
        if painter.isActive():
            painter.end()
    return printed


def _qtpdf_pages(path: Path, printer: QPrinter) -> Iterator[QImage]:
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument()
    try:
        if document.load(str(path)) != QPdfDocument.Error.None_:
            raise OSError(f"the PDF could not be read ({document.error().name})")
        scale = _dpi(printer) / POINTS_PER_INCH
        for page in _page_range(printer, document.pageCount()):
            points = document.pagePointSize(page)
            yield document.render(page, QSize(round(points.width() * scale), round(points.height() * scale)))
    finally:
        document.close()


def _pdftoppm_pages(path: Path, printer: QPrinter, pdftoppm: str) -> Iterator[QImage]:
    with tempfile.TemporaryDirectory(prefix="neodesk-print-") as folder:
        command = [pdftoppm, "-r", str(_dpi(printer)), "-png"]
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            command += ["-f", str(printer.fromPage()), "-l", str(printer.toPage() or printer.fromPage())]
        subprocess.run(
            [*command, str(path), str(Path(folder) / "page")], check=True, capture_output=True, timeout=COMMAND_TIMEOUT
        )
        # page-1.png … or page-01.png …: the number's width follows the page count.
        files = sorted(Path(folder).glob("page-*.png"), key=lambda f: int(f.stem.rsplit("-", 1)[1]))
        for file in files:
            image = QImage(str(file))
            if image.isNull():
                raise OSError(f"pdftoppm wrote an unreadable page ({file.name})")
            yield image


def _system_print(path: Path, printer: QPrinter) -> PrintOutcome | None:
    if sys.platform == "win32":
        os.startfile(str(path), "print")  # type: ignore[attr-defined]  # Windows only
        return PrintOutcome(True, "Sent to the default printer through your PDF viewer.", "shell")
    lp = shutil.which("lp")
    if lp is None:
        return None
    command = [lp]
    if printer.printerName():
        command += ["-d", printer.printerName()]
    if printer.copyCount() > 1:
        command += ["-n", str(printer.copyCount())]
    subprocess.run([*command, str(path)], check=True, capture_output=True, timeout=COMMAND_TIMEOUT)
    where = printer.printerName() or "the default printer"
    return PrintOutcome(True, f"Sent to {where}.", "lp")


def _copy_target(printer: QPrinter) -> Path | None:
    """Where "print to file" (PDF output) writes, if that is what was chosen."""
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        return Path(printer.outputFileName())
    return None


def print_pdf(path: Path, printer: QPrinter) -> PrintOutcome:
    """Print the PDF at `path` on `printer` (as set up by QPrintDialog); never raises for printing trouble."""
    try:
        if (target := _copy_target(printer)) is not None:
            if target.resolve() != path.resolve():
                files.write_atomic(target, path.read_bytes())  # whole or not at all; never over a database
            return PrintOutcome(True, f"Saved as {target}.", "file")
        if qtpdf_available():
            printed = _paint_pages(printer, _qtpdf_pages(path, printer))
            return PrintOutcome(True, f"Printed {printed} page(s).", "qtpdf")
        if (pdftoppm := shutil.which("pdftoppm")) is not None:
            printed = _paint_pages(printer, _pdftoppm_pages(path, printer, pdftoppm))
            return PrintOutcome(True, f"Printed {printed} page(s).", "pdftoppm")
        outcome = _system_print(path, printer)
    except OutputRefused as exc:
        return PrintOutcome(False, f"The report was not saved: {exc}", "none")
    except (OSError, subprocess.SubprocessError) as exc:
        return PrintOutcome(
            False,
            f"The report could not be printed: {exc}\n\nOpen it ({path}) and print it from your PDF viewer.",
            "none",
        )
    if outcome is not None:
        return outcome
    return PrintOutcome(
        False,
        f"This computer has no way for NeoDesk to print a PDF directly. Open the report "
        f"({path}) and print it from your PDF viewer.",
        "none",
    )
