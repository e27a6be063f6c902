"""Plain text cells drawn by `layout._Slice` write exactly what reportlab's own cell drawing writes.

The reports draw their tables' plain cells straight into the page (issue 14: 100,000 text objects
were most of a long report's time). With reportlab's document made invariant (no dates or random
ids), a report rendered both ways must be the same PDF, byte for byte: every operator, position,
font subset and glyph the same. A reportlab upgrade that changes what `drawString` writes fails here.
"""

from __future__ import annotations

import pytest
from reportlab import rl_config
from test_report_output_stable import client_data, impact_data

from neodesk.reports import fonts, layout, render_client_report, render_impact_report


def both_ways(render: object, monkeypatch: pytest.MonkeyPatch) -> tuple[bytes, bytes]:
    monkeypatch.setattr(rl_config, "invariant", 1)
    monkeypatch.setattr(rl_config, "pageCompression", 0)  # readable streams: the operators below
    assert callable(render)
    fast = render()
    monkeypatch.setattr(layout, "FAST_CELLS", False)
    slow = render()
    return fast, slow


def test_impact_report_is_the_same_pdf_either_way(monkeypatch: pytest.MonkeyPatch) -> None:
    data = impact_data()
    fast, slow = both_ways(lambda: render_impact_report(data), monkeypatch)
    assert fast == slow
    assert b") Tj T* ET" in fast  # the cells' text is there, written as drawString writes it


@pytest.mark.parametrize("include_all", [False, True])
def test_client_report_is_the_same_pdf_either_way(include_all: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    data = client_data()
    fast, slow = both_ways(lambda: render_client_report(data, include_all=include_all), monkeypatch)
    assert fast == slow


def test_any_paged_table_is_the_same_pdf_either_way(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cells of every kind: multi-line and empty strings, parentheses and backslashes (escaped in
    PDF), centred cells (left to reportlab), paragraphs, a bold row in another colour."""
    import io

    from reportlab.lib import colors
    from reportlab.platypus import SimpleDocTemplate

    fonts.register()
    rows = [
        [
            str(i),
            "\n".join(f"line {k} (of {1 + i % 3}) \\ é → ñ" for k in range(1 + i % 3)),
            "",
            f"${i:,}.00",
            layout.paragraph("wraps " * (i % 7), layout.CELL),
        ]
        for i in range(120)
    ]
    commands = [
        *layout.table_style(header_rows=1, numeric_from=3),
        ("ALIGN", (2, 0), (2, -1), "CENTER"),
    ]
    row_commands = {7: [("FONT", fonts.BOLD, 8, 10), ("TEXTCOLOR", colors.red)]}

    def render() -> bytes:
        out = io.BytesIO()
        table = layout.PagedTable(
            ["No", "Lines", "Mid", "Money", "Text"], rows, [40, 150, 40, 70, 180], commands, row_commands
        )
        SimpleDocTemplate(out).build([table])
        return out.getvalue()

    fast, slow = both_ways(render, monkeypatch)
    assert fast == slow
    assert b"\\(" in fast  # the parentheses went through the PDF escape
