"""What both reports share: page frame (logo, title, footer, "Page N of M"), styles, table cells.

"Page N of M" needs the page count before the first page is finished. `NumberedCanvas` keeps each
finished page's state instead of emitting it, and stamps the numbers when the document is saved
(one layout pass, where `multiBuild` would lay the whole story out twice).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import rtlSupport
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)
from reportlab.platypus.tables import LINECOMMANDS, CellStyle

from neodesk import APP_NAME, __version__
from neodesk.reports import fonts
from neodesk.reports.logo import logo_image

MARGIN = 36.0  # half an inch: fits US Letter and A4 printers' unprintable borders
HEADER_HEIGHT = 30.0
FOOTER_HEIGHT = 18.0
CELL_PADDING = 3.0

INK = colors.HexColor("#1F2933")
MUTED = colors.HexColor("#6B7280")
ACCENT = colors.HexColor("#1F4E79")
HEADER_FILL = colors.HexColor("#DCE6F0")
RULE = colors.HexColor("#B8C4CE")
TOTAL_FILL = colors.HexColor("#F1F4F7")


def _style(name: str, size: float, *, bold: bool = False, **kw: Any) -> ParagraphStyle:
    kw.setdefault("textColor", INK)
    return ParagraphStyle(name, fontName=fonts.BOLD if bold else fonts.BODY, fontSize=size, leading=size * 1.25, **kw)


TITLE = _style("title", 16, bold=True, spaceAfter=2)
SUBTITLE = _style("subtitle", 12, bold=True, spaceAfter=6)
# No keepWithNext on headings: reportlab would wrap heading and table together, laying out every row of
# a long table once more just to learn it does not fit. `heading` reserves room with CondPageBreak.
HEADING = _style("heading", 11, bold=True, spaceBefore=12, spaceAfter=5, textColor=ACCENT)
SUBHEADING = _style("subheading", 8.5, bold=True, spaceBefore=4, spaceAfter=1)
BODY = _style("body", 9, spaceAfter=4)
NOTE = _style("note", 8, textColor=MUTED, spaceBefore=3, spaceAfter=4)
CELL = _style("cell", 8)
CELL_BOLD = _style("cell_bold", 8, bold=True)
# Text with CJK runs has no spaces to break at: let it wrap between any two characters.
_CJK_VARIANTS = {
    s.name: ParagraphStyle(f"{s.name}_cjk", parent=s, wordWrap="CJK") for s in (BODY, NOTE, CELL, CELL_BOLD)
}


class _WrapOnceParagraph(Paragraph):  # type: ignore[misc]  # reportlab has no types: Paragraph is Any
    """A Paragraph that breaks its lines once per width.

    A table cell is wrapped again each time the table is measured, split or drawn: three to five
    times per page for the same width. Line breaking depends on the width alone, so the last result
    is reused; that is most of the layout time of a notes-heavy report.
    """

    _wrapped_width: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        # Platypus drops blPara after some failed placements: then the lines must be broken again.
        if availWidth == self._wrapped_width and hasattr(self, "blPara"):
            return self.width, self.height
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._wrapped_width = availWidth
        return size


def paragraph(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    """A wrapping paragraph of plain (unescaped) text, with font fallback for any script."""
    if fonts.has_cjk(text):
        style = _CJK_VARIANTS.get(style.name, style)
    return _WrapOnceParagraph(fonts.markup(text), style)


def heading(text: str, *, keep: float = 72) -> list[Flowable]:
    """A section heading that starts a new page unless `keep` points fit below it."""
    return [CondPageBreak(keep + HEADING.leading + HEADING.spaceBefore + HEADING.spaceAfter), paragraph(text, HEADING)]


def subheading(text: str, *, keep: float = 36) -> list[Flowable]:
    """A bold line over a paragraph, kept on the same page as the paragraph's first lines."""
    return [CondPageBreak(keep + SUBHEADING.leading + SUBHEADING.spaceBefore), paragraph(text, SUBHEADING)]


def cell(text: str, width: float, *, bold: bool = False) -> str | Paragraph:
    """A table cell: the plain string when it fits on one line in the body font (fast to lay out),
    else a wrapping Paragraph. Plain cells must be drawn with the table's FONT set to `fonts.BODY`."""
    font = fonts.BOLD if bold else fonts.BODY
    if "\n" not in text and fonts.is_plain(text) and stringWidth(text, font, CELL.fontSize) <= width - 2 * CELL_PADDING:
        return text
    return paragraph(text, CELL_BOLD if bold else CELL)


def table_style(*, header_rows: int = 1, numeric_from: int | None = None) -> list[tuple[Any, ...]]:
    """Grid, header band and fonts shared by every report table (commands, to extend per table)."""
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), fonts.BODY, CELL.fontSize, CELL.leading),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
    ]
    if header_rows:
        commands += [
            ("FONT", (0, 0), (-1, header_rows - 1), fonts.BOLD, CELL.fontSize, CELL.leading),
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_FILL),
            ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.75, ACCENT),
        ]
    if numeric_from is not None:
        commands.append(("ALIGN", (numeric_from, 0), (-1, -1), "RIGHT"))
    return commands


def key_value_table_style() -> TableStyle:
    """Two columns, label in bold, no header band: for report headers and totals."""
    return TableStyle(
        [
            *table_style(header_rows=0),
            ("FONT", (0, 0), (0, -1), fonts.BOLD, CELL.fontSize, CELL.leading),
            ("TEXTCOLOR", (0, 0), (0, -1), MUTED),
        ]
    )


HEADER_ROW = -1  # PagedTable's key for the header among its measured row heights
RowCommand = tuple[Any, ...]  # (op, *args) applied to one whole data row, e.g. ("TEXTCOLOR", MUTED)

_TABLE_WIDE = {"BACKGROUND", "ROWBACKGROUNDS", "COLBACKGROUNDS", "SPAN", "NOSPLIT", *LINECOMMANDS}


def _is_cell_command(command: tuple[Any, ...]) -> bool:
    """Whether reportlab applies the command to each cell's CellStyle (not kept as a drawing command)."""
    return command[0] not in _TABLE_WIDE


def _slice_uniform(command: tuple[Any, ...]) -> bool:
    """Whether a cell command styles every data row of any slice alike (whole table, header, or all data)."""
    (_, first), (_, last) = command[1], command[2]
    return (first, last) in {(0, -1), (0, 0), (1, -1)}


class _Slice(Table):  # type: ignore[misc]  # reportlab has no types: Table is Any
    """A PagedTable's table for one page or window: its cells are report texts (str) and flowables,
    so the rows are copied as they are rather than each cell passed through reportlab's coercions
    (bytes to str, None to ""), twice per page for every cell of a long report."""

    _curcellstyle: CellStyle | None  # set by Table.draw, the style whose font and colour are current

    def normalizeData(self, data: Sequence[Sequence[Any]]) -> list[list[Any]]:
        return [["" if value is None else value for value in row] for row in data]

    def _drawCell(
        self, cellval: Any, cellstyle: CellStyle, pos: tuple[float, float], size: tuple[float, float]
    ) -> None:
        """A plain text cell written straight into the page: the very operators `Canvas.drawString` /
        `drawRightString` write (tests/reports/test_cell_drawing.py compares the PDFs byte for byte),
        without a text object, bidi pass and width per cell: drawing 100,000 cells was most of a long
        report's time. Anything else (flowables, other alignments, shaping, links, fonts that are
        not embedded TrueType) is drawn by reportlab."""
        if not FAST_CELLS or type(cellval) is not str or not _plain_cell(cellstyle):
            super()._drawCell(cellval, cellstyle, pos, size)
            return
        canv = self.canv
        if self._curcellstyle is not cellstyle:  # as Table._drawCell: fill colour and font per style change
            cur = self._curcellstyle
            if cur is None or cellstyle.color != cur.color:
                canv.setFillColor(cellstyle.color)
            if (
                cur is None
                or cellstyle.leading != cur.leading
                or cellstyle.fontname != cur.fontname
                or cellstyle.fontsize != cur.fontsize
            ):
                canv.setFont(cellstyle.fontname, cellstyle.fontsize, cellstyle.leading)
            self._curcellstyle = cellstyle
        font = getFont(canv._fontname)
        if not font._dynamicFont or not canv.bottomup:
            super()._drawCell(cellval, cellstyle, pos, size)
            return
        colpos, rowpos = pos
        colwidth, rowheight = size
        right = cellstyle.alignment == "RIGHT"
        x = colpos + colwidth - cellstyle.rightPadding if right else colpos + cellstyle.leftPadding
        y = rowpos + rowheight - cellstyle.topPadding - cellstyle.fontsize
        name, size_, leading = canv._fontname, canv._fontsize, canv._leading
        doc, escape_pdf = canv._doc, canv._escape
        selects = f"{fp_str(size_)} Tf {fp_str(leading)} TL"
        for line in cellval.split("\n"):
            start = x - stringWidth(line, name, size_) if right else x
            ops: list[str] = []
            current = -1
            for subset, chunk in font.splitString(line, doc):
                if subset != current:
                    ops.append(f"{font.getSubsetInternalName(subset, doc)} {selects}")
                    current = subset
                ops.append(f"({escape_pdf(chunk)}) Tj")
            canv._code.append(f"BT 1 0 0 1 {fp_str(start, y)} Tm {' '.join(ops)} T* ET")
            y -= cellstyle.leading


def _plain_cell(style: CellStyle) -> bool:
    """A cell style `_Slice._drawCell` draws itself: left or right, top, no shaping, direction or link."""
    return (
        style.alignment in ("LEFT", "RIGHT")
        and style.valign == "TOP"
        and not getattr(style, "direction", None)
        and not getattr(style, "shaping", None)
        and not getattr(style, "href", None)
        and not getattr(style, "destination", None)
        and not rtlSupport
    )


FAST_CELLS = True  # False: every cell through Table._drawCell (the tests compare both)


class PagedTable(Flowable):  # type: ignore[misc]  # reportlab has no types: Flowable is Any
    """A long table with its header repeated on every page, laid out in time linear in its length.

    A platypus `Table` split across pages hands each remainder all the rows left, and recomputes
    positions over all of them: quadratic time, about 5 s of a 10,000-row report. This flowable only
    ever builds a `Table` of the rows near the page being filled (doubling the window until it
    overflows the page), so row heights, wrapping and repeated headers are still reportlab's own.

    Each row is measured once: the heights reportlab works out are kept (shared by the remainders)
    and handed back to every later `Table` holding that row, so the page's own table, the next
    page's window and the check at the bottom of a full page measure nothing again. The page breaks
    where `Table.split` would: after the last row whose bottom fits (no spans or NOSPLIT here).

    `commands` are TableStyle commands valid for any slice (whole-table ranges such as (0, 0)-(-1, -1)
    and the header row); `row_commands` maps a data row's index (0 = first row after the header) to
    commands for that row alone, re-addressed in each slice.
    """

    def __init__(
        self,
        header: list[Any],
        rows: Sequence[list[Any]],
        col_widths: Sequence[float],
        commands: Sequence[tuple[Any, ...]],
        row_commands: dict[int, list[RowCommand]] | None = None,
        *,
        offset: int = 0,
        window: int = 48,
        styles: dict[int | str, list[CellStyle]] | None = None,
        heights: dict[int, float] | None = None,
    ) -> None:
        super().__init__()
        self._header = header
        self._rows = rows
        self._col_widths = list(col_widths)
        self._commands = list(commands)
        self._row_commands = row_commands or {}
        self._offset = offset  # index of self._rows[0] among the original rows (for row_commands)
        self._window = window
        self._table: Table | None = None
        self.hAlign = "LEFT"
        # Cell styles worked out once per table (shared by the slices of every page): see _slice.
        self._styles: dict[int | str, list[CellStyle]] = {} if styles is None else styles
        self._uniform = all(_slice_uniform(c) for c in self._commands if _is_cell_command(c))
        # Measured row heights by row index among the original rows (HEADER_ROW: the header).
        self._heights: dict[int, float] = {} if heights is None else heights

    def _slice(self, count: int) -> Table:
        if not self._uniform:
            return self._slice_by_commands(count)
        # Applying the cell commands (fonts, colours, alignment, padding) cell by cell to every slice
        # was most of a long report's time (issue 14): each whole-table command gives every data row
        # the same styles, so they are worked out on a two-row table once and the CellStyle objects
        # shared by every row (reportlab only reads them once given; its own splits pass them on).
        rows = self._rows[:count]
        cell_styles = [self._row_styles("header")]
        commands = [c for c in self._commands if not _is_cell_command(c)]
        for i in range(len(rows)):
            index = self._offset + i
            extra = self._row_commands.get(index, ())
            cell_styles.append(self._row_styles(index if any(_is_cell_command((op,)) for op, *_ in extra) else "row"))
            commands.extend((op, (0, i + 1), (-1, i + 1), *args) for op, *args in extra if not _is_cell_command((op,)))
        return _Slice(
            [self._header, *rows],
            colWidths=self._col_widths,
            rowHeights=self._known_heights(len(rows)),
            style=commands,
            cellStyles=cell_styles,
            repeatRows=1,
            hAlign="LEFT",
        )

    def _known_heights(self, count: int) -> list[float | None]:
        """The header's and the first `count` rows' heights where measured before (None: measure)."""
        get = self._heights.get
        return [get(HEADER_ROW), *(get(i) for i in range(self._offset, self._offset + count))]

    def _keep_heights(self, table: Table) -> None:
        """Remember the row heights a wrapped slice measured (reportlab stops once the page is full)."""
        heights = self._heights
        for i, height in enumerate(table._rowHeights):
            if height is None:
                break
            heights[HEADER_ROW if i == 0 else self._offset + i - 1] = height

    def _row_styles(self, key: int | str) -> list[CellStyle]:
        found = self._styles.get(key)
        if found is None:
            commands = [c for c in self._commands if _is_cell_command(c)]
            if isinstance(key, int):
                commands += [
                    (op, (0, 1), (-1, 1), *args) for op, *args in self._row_commands[key] if _is_cell_command((op,))
                ]
            blank = ["" for _ in self._col_widths]
            prototype = Table([blank, blank], colWidths=self._col_widths, style=commands)
            found = self._styles[key] = prototype._cellStyles[0 if key == "header" else 1]
        return found

    def _slice_by_commands(self, count: int) -> Table:
        commands = list(self._commands)
        for i in range(min(count, len(self._rows))):
            for op, *args in self._row_commands.get(self._offset + i, ()):
                commands.append((op, (0, i + 1), (-1, i + 1), *args))
        rows = self._rows[:count]
        return _Slice(
            [self._header, *rows],
            colWidths=self._col_widths,
            rowHeights=self._known_heights(len(rows)),
            style=commands,
            repeatRows=1,
            hAlign="LEFT",
        )

    def _rows_fitting(self, availHeight: float) -> int | None:
        """How many data rows fit under the header in `availHeight`, from measured heights (None: a
        row that might still fit is not measured yet)."""
        heights = self._heights
        used = -1  # the header comes first
        total = 0.0
        for index in range(self._offset - 1, self._offset + len(self._rows)):
            height = heights.get(HEADER_ROW if used < 0 else index)
            if height is None:
                return None
            if total + height > availHeight:
                return max(used, 0)
            total += height
            used += 1
        return used

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._rows_fitting(availHeight) == 0:
            # Not even the next row fits (the rest of a page a table just filled): say so without
            # building a table; the frame moves on and calls again with a new page's height.
            self._table = None
            self.width, self.height = availWidth, availHeight + 1
            return self.width, self.height
        count = self._window
        while True:
            table = self._slice(count)
            width, height = table.wrap(availWidth, availHeight)
            self._keep_heights(table)
            if height > availHeight or count >= len(self._rows):
                break
            count *= 2
        self._table = table
        self.width, self.height = width, height
        return width, height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        used = self._rows_fitting(availHeight)
        if used is None:
            self.wrap(availWidth, availHeight)
            used = self._rows_fitting(availHeight)
        if not used:
            return []  # not even one row fits here: the frame moves on to the next page
        page = self._slice(used)  # every height known: reportlab measures nothing again
        if used >= len(self._rows):
            return [page]
        # The next page likely holds about as many rows: a window a little larger overflows it at
        # the first try without measuring many rows that will not be on it.
        rest = PagedTable(
            self._header,
            self._rows[used:],
            self._col_widths,
            self._commands,
            self._row_commands,
            offset=self._offset + used,
            window=used + used // 3 + 2,
            styles=self._styles,
            heights=self._heights,
        )
        return [page, rest]

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        assert self._table is not None, "drawOn before wrap"
        self._table.drawOn(canvas, x, y, _sW)


@dataclass(frozen=True, slots=True)
class PageDecoration:
    """What every page of a report prints around the story."""

    title: str  # top left, beside the logo
    subject: str  # top right (client or period)
    footer: str  # bottom left: generation date, counselor, database


class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab has no types: Canvas is Any
    """Canvas that defers each page until the end so it can print "Page N of M" on every page."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deferred_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._deferred_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._deferred_pages)
        for state in self._deferred_pages:
            self.__dict__.update(state)
            width = self._pagesize[0]
            self.setFillColor(MUTED)
            fonts.draw_string(
                self, width - MARGIN, MARGIN - 12, f"Page {self._pageNumber} of {total}", 7.5, align="right"
            )
            super().showPage()
        super().save()


def _decorate(decoration: PageDecoration) -> Any:
    """The page template's onPage: the header and footer, the same on every page of a report, are
    drawn once into a form XObject that each page then shows (one `Do` per page instead of the logo's
    image digest, the subject's line breaking and the text runs again on every page)."""
    form = "NeoDeskPage"  # one decoration per document (each report builds its own)

    def on_page(canvas: Canvas, doc: BaseDocTemplate) -> None:
        if not canvas.hasForm(form):
            canvas.beginForm(form)
            _draw_decoration(canvas, decoration, doc.pagesize)
            canvas.endForm()
        canvas.doForm(form)

    return on_page


def _draw_decoration(canvas: Canvas, decoration: PageDecoration, pagesize: tuple[float, float]) -> None:
    width, height = pagesize
    top = height - MARGIN
    canvas.saveState()
    canvas.drawImage(logo_image(), MARGIN, top - 22, width=22, height=22, mask="auto")
    canvas.setFillColor(ACCENT)
    fonts.draw_string(canvas, MARGIN + 30, top - 15, decoration.title, 11, bold=True)
    canvas.setFillColor(INK)
    # The subject (a client's name) gets the room right of the title and wraps onto a second
    # line there; a long name used to be drawn right-aligned across the title and the logo.
    left = MARGIN + 30 + stringWidth(decoration.title, fonts.BOLD, 11) + 18
    subject = header_subject(decoration.subject, width - MARGIN - left)
    _, used = subject.wrapOn(canvas, width - MARGIN - left, HEADER_HEIGHT)
    subject.drawOn(canvas, left, top - 12 - used / 2)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, top - HEADER_HEIGHT + 2, width - MARGIN, top - HEADER_HEIGHT + 2)
    canvas.line(MARGIN, MARGIN - 4, width - MARGIN, MARGIN - 4)
    canvas.setFillColor(MUTED)
    fonts.draw_string(canvas, MARGIN, MARGIN - 12, decoration.footer, 7.5)
    canvas.restoreState()


SUBJECT = ParagraphStyle("header-subject", fontName=fonts.BODY, fontSize=8.5, leading=10, alignment=2)
SUBJECT_LINES = 2


def header_subject(text: str, width: float) -> Paragraph:
    """The page header's subject wrapped to at most two lines of `width`, cut with "…" beyond that."""
    fonts.register()
    whole = Paragraph(fonts.markup(text), SUBJECT)
    if whole.wrap(width, 1000)[1] <= SUBJECT_LINES * SUBJECT.leading:
        return whole
    low, high = 0, len(text)  # the longest prefix that fits with the ellipsis
    while low < high:
        middle = (low + high + 1) // 2
        trial = Paragraph(fonts.markup(text[:middle].rstrip() + "…"), SUBJECT)
        if trial.wrap(width, 1000)[1] <= SUBJECT_LINES * SUBJECT.leading:
            low = middle
        else:
            high = middle - 1
    return Paragraph(fonts.markup(text[:low].rstrip() + "…"), SUBJECT)


def body_frame(pagesize: tuple[float, float]) -> tuple[float, float, float, float]:
    """Where the story goes on every page (x, y, width, height): inside the margins, below the page
    header, above the footer. One place, so that bench/bench_reports.py's baseline uses the same page."""
    bottom = MARGIN + FOOTER_HEIGHT - 8
    return MARGIN, bottom, pagesize[0] - 2 * MARGIN, pagesize[1] - MARGIN - HEADER_HEIGHT - bottom


def build_pdf(
    story: Sequence[Flowable],
    decoration: PageDecoration,
    *,
    pagesize: tuple[float, float],
    title: str,
    author: str,
) -> bytes:
    """Lay the story out on decorated, numbered pages and return the PDF bytes."""
    fonts.register()
    out = io.BytesIO()
    x, y, width, height = body_frame(pagesize)
    doc = BaseDocTemplate(
        out,
        pagesize=pagesize,
        leftMargin=x,
        rightMargin=pagesize[0] - x - width,
        topMargin=pagesize[1] - y - height,
        bottomMargin=y,
        title=title,
        author=author,
        creator=f"{APP_NAME} {__version__}",
    )
    frame = Frame(x, y, width, height, id="body", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_decorate(decoration))])
    doc.build(list(story), canvasmaker=NumberedCanvas)
    return out.getvalue()


def footer_text(generated_on_text: str, generated_by: str, database_label: str) -> str:
    return f"Generated {generated_on_text} by {generated_by or 'unknown counselor'} · Database: {database_label}"
