"""Font fallback: which runs of a name go to which font, and what the markup looks like."""

from __future__ import annotations

from neodesk.reports import fonts


def test_latin_accents_stay_in_the_body_font() -> None:
    assert fonts.runs("Café Niño → Ltd") == [(None, "Café Niño → Ltd")]
    assert fonts.is_plain("Café Niño")


def test_cjk_and_hangul_runs_go_to_the_cid_fonts() -> None:
    assert fonts.runs("Li 李伟 Kim 김") == [
        (None, "Li "),
        (fonts.CJK, "李伟"),
        (None, " Kim "),
        (fonts.HANGUL, "김"),
    ]
    assert not fonts.is_plain("李伟")
    assert fonts.has_cjk("Li 李伟")
    assert not fonts.has_cjk("Niño")


def test_characters_no_font_has_become_a_visible_replacement() -> None:
    # Devanagari is neither in DejaVu Sans nor in a CJK range.
    assert fonts.runs("Shri क!") == [(None, "Shri \ufffd!")]


def test_markup_escapes_and_tags_fallback_runs() -> None:
    assert fonts.markup("A & B <x>\n中") == f'A &amp; B &lt;x&gt;<br/><font name="{fonts.CJK}">中</font>'
