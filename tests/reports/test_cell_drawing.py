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

from neodesk.reports import layout, render_client_report, render_impact_report


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
