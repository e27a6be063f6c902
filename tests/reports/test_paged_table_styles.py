"""PagedTable's shared cell styles give every cell exactly what applying the commands cell by cell gave."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors

from neodesk.reports import fonts, layout

ATTRS = (
    "fontname",
    "fontsize",
    "leading",
    "color",
    "alignment",
    "valign",
    "leftPadding",
    "rightPadding",
    "topPadding",
    "bottomPadding",
    "background",
)


def styles(table: Any) -> list[list[tuple[Any, ...]]]:
    return [[tuple(getattr(c, a, None) for a in ATTRS) for c in row] for row in table._cellStyles]


def drawing_commands(table: Any) -> tuple[Any, ...]:
    return (sorted(map(repr, table._linecmds)), sorted(map(repr, table._bkgrndcmds)))


def make(rows: int) -> layout.PagedTable:
    fonts.register()
    data = [[str(i), f"Name {i}", str(i * 2), f"${i}.00"] for i in range(rows)]
    commands = [*layout.table_style(header_rows=1, numeric_from=2), ("TEXTCOLOR", (1, 1), (1, -1), colors.red)]
    row_commands = {
        rows - 1: [("FONT", fonts.BOLD, 8, 10), ("BACKGROUND", colors.yellow), ("LINEABOVE", 0.75, colors.blue)],
        3: [("TEXTCOLOR", colors.green)],
    }
    return layout.PagedTable(["No", "Name", "Count", "Money"], data, [40, 120, 60, 60], commands, row_commands)


def test_every_slice_styles_each_cell_as_the_commands_do() -> None:
    table = make(60)
    for count in (1, 4, 30, 60):
        fast, reference = table._slice(count), table._slice_by_commands(count)
        assert styles(fast) == styles(reference)
        assert drawing_commands(fast) == drawing_commands(reference)
    assert styles(table._slice(60))[60][0][0] == fonts.BOLD  # the total row's own font
    assert styles(table._slice(60))[4][1][3] == colors.green  # a row's own colour over the column's red


def test_the_rest_of_a_split_table_keeps_the_row_commands_in_place() -> None:
    rest = make(200).split(500, 300)[1]
    assert isinstance(rest, layout.PagedTable)
    count = len(rest._rows)
    assert styles(rest._slice(count)) == styles(rest._slice_by_commands(count))


def test_a_command_for_particular_rows_falls_back_to_applying_commands() -> None:
    odd = layout.PagedTable(["a"], [["1"], ["2"], ["3"]], [40], [("TEXTCOLOR", (0, 2), (0, 2), colors.red)])
    assert styles(odd._slice(3)) == styles(odd._slice_by_commands(3))
    assert styles(odd._slice(3))[2][0][3] == colors.red


def test_pages_break_where_one_platypus_table_breaks_them() -> None:
    """Row heights measured once and reused must break pages exactly where reportlab's own split does."""
    import io

    from pypdf import PdfReader
    from reportlab.platypus import SimpleDocTemplate, Table

    fonts.register()
    rows = [
        [f"row {i}", "\n".join(["line"] * (1 + i % 4)), layout.paragraph("wraps " * (i % 9), layout.CELL)]
        for i in range(150)
    ]
    commands = layout.table_style(header_rows=1)

    def pages(flowable: Any) -> list[str]:
        out = io.BytesIO()
        SimpleDocTemplate(out).build([flowable])
        return [page.extract_text() for page in PdfReader(out).pages]

    paged = pages(layout.PagedTable(["No", "Lines", "Text"], rows, [60, 60, 200], commands))
    single = pages(Table([["No", "Lines", "Text"], *rows], colWidths=[60, 60, 200], style=commands, repeatRows=1))
    assert len(paged) > 3
    assert paged == single
