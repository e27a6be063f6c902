"""Fonts for the reports, with a per-character fallback so that any client name prints.

Body text uses DejaVu Sans (`resources/fonts/`, Bitstream Vera licence beside it), which covers
Latin, Greek, Cyrillic, arrows and much more. If those files are missing, reportlab's bundled Vera
is used instead (Latin-1 only).

Fallback, per run of characters the body font lacks:

- CJK ideographs, kana, CJK punctuation and full-width forms → the Adobe CID font `STSong-Light`
  (reportlab's `UnicodeCIDFont`, Simplified Chinese collection). It is referenced, not embedded: a
  PDF viewer draws it with its own Asian font pack or a substitute, which every mainstream viewer has.
- Hangul → the CID font `HYSMyeongJo-Medium`, likewise.
- A symbol neither covers (emoji) → its Unicode name in brackets, "🚀" → "[rocket]": visible, and
  it says what was there (a bare "�" read as damaged data). Joiners, variation selectors and skin-tone
  modifiers that only shape an emoji are left out.
- Any other character neither covers (rare scripts) → U+FFFD "�", so the reader sees that a
  character could not be printed instead of a silent blank or a wrong glyph.

Paragraph text gets `<font name=…>` tags around the fallback runs (`markup`); text drawn straight on
the canvas (page headers and footers) goes through `draw_string`, which switches fonts per run.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Literal
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from neodesk.reports.resources import resource_path

BODY = "NeoSans"
BOLD = "NeoSans-Bold"
CJK = "STSong-Light"
HANGUL = "HYSMyeongJo-Medium"
REPLACEMENT = "\ufffd"

# (first, last, font) code point ranges handed to the CID fonts when the body font lacks them.
_FALLBACK_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x1100, 0x11FF, HANGUL),  # Hangul Jamo
    (0x2E80, 0x2FDF, CJK),  # radicals
    (0x3000, 0x30FF, CJK),  # CJK punctuation, hiragana, katakana
    (0x3100, 0x312F, CJK),  # bopomofo
    (0x3130, 0x318F, HANGUL),  # Hangul compatibility Jamo
    (0x3190, 0x33FF, CJK),  # kanbun, strokes, enclosed and compatibility forms
    (0x3400, 0x4DBF, CJK),  # extension A
    (0x4E00, 0x9FFF, CJK),  # unified ideographs
    (0xAC00, 0xD7AF, HANGUL),  # Hangul syllables
    (0xF900, 0xFAFF, CJK),  # compatibility ideographs
    (0xFE30, 0xFE4F, CJK),  # compatibility forms
    (0xFF00, 0xFFEF, CJK),  # half- and full-width forms
)

_body_coverage: frozenset[int] = frozenset()
_uncovered: re.Pattern[str] = re.compile(r"[^\x00-\x7f]")  # replaced on registration
_registered = False


def register() -> None:
    """Register the report fonts with reportlab once per process (cheap on later calls)."""
    global _body_coverage, _uncovered, _registered
    if _registered:
        return
    regular = resource_path("fonts", "DejaVuSans.ttf")
    bold = resource_path("fonts", "DejaVuSans-Bold.ttf")
    if regular is None or bold is None:
        regular_font, bold_font = TTFont(BODY, "Vera.ttf"), TTFont(BOLD, "VeraBd.ttf")
    else:
        regular_font, bold_font = TTFont(BODY, str(regular)), TTFont(BOLD, str(bold))
    pdfmetrics.registerFont(regular_font)
    pdfmetrics.registerFont(bold_font)
    # Italic maps to regular: no oblique file is shipped and the reports use no italics for meaning.
    pdfmetrics.registerFontFamily(BODY, normal=BODY, bold=BOLD, italic=BODY, boldItalic=BOLD)
    for cid in (CJK, HANGUL):
        pdfmetrics.registerFont(UnicodeCIDFont(cid))
        # <b> around a fallback run must resolve to something: the CID fonts have no bold face.
        for is_bold in (0, 1):
            for is_italic in (0, 1):
                addMapping(cid, is_bold, is_italic, cid)
    # Glyphs the bold face lacks are rare enough (both are DejaVu) to check coverage on regular only.
    _body_coverage = frozenset(regular_font.face.charToGlyph)
    _uncovered = _negated_class(_body_coverage | set(range(0x20)))
    _registered = True


def _negated_class(codepoints: set[int] | frozenset[int]) -> re.Pattern[str]:
    """A regex matching any character outside `codepoints`: one C-speed scan tells whether a text
    needs the per-character fallback at all (almost never, for Latin names and notes)."""
    ranges: list[str] = []
    run_start = previous = None
    for cp in sorted(codepoints):
        if previous is not None and cp == previous + 1:
            previous = cp
            continue
        if run_start is not None:
            ranges.append(f"{re.escape(chr(run_start))}-{re.escape(chr(previous))}")  # type: ignore[arg-type]
        run_start = previous = cp
    if run_start is not None:
        ranges.append(f"{re.escape(chr(run_start))}-{re.escape(chr(previous))}")  # type: ignore[arg-type]
    return re.compile(f"[^{''.join(ranges)}]")


@lru_cache(maxsize=4096)
def font_for(ch: str) -> str | None:
    """None when the body font has the character, else the fallback font; REPLACEMENT for neither."""
    cp = ord(ch)
    if cp in _body_coverage or cp < 0x20:  # control characters (line breaks, tabs) are handled by markup
        return None
    for first, last, font in _FALLBACK_RANGES:
        if first <= cp <= last:
            return font
    return REPLACEMENT


_SHAPING = frozenset({0x200D, 0xFE0E, 0xFE0F, 0x20E3}) | frozenset(range(0x1F3FB, 0x1F400))


@lru_cache(maxsize=1024)
def replacement_for(ch: str) -> str:
    """What is printed for a character no font has: "" for emoji shaping marks, "[name]" for a
    symbol, else U+FFFD."""
    cp = ord(ch)
    if cp in _SHAPING or 0xE0020 <= cp <= 0xE007F:  # tag characters of flag sequences too
        return ""
    if unicodedata.category(ch) in ("So", "Sk", "Sm") or cp >= 0x1F000:
        name = unicodedata.name(ch, "")
        return f"[{name.lower()}]" if name else REPLACEMENT
    return REPLACEMENT


def runs(text: str) -> list[tuple[str | None, str]]:
    """Split text into (font, run) pairs; font None = body font. Unprintable characters become �."""
    if is_plain(text):
        return [(None, text)]
    result: list[tuple[str | None, str]] = []
    current: str | None = None
    buf: list[str] = []
    for ch in text:
        font = font_for(ch)
        if font == REPLACEMENT:
            font, ch = None, replacement_for(ch)  # drawn in the body font
            if not ch:
                continue
        if buf and font != current:
            result.append((current, "".join(buf)))
            buf = []
        current = font
        buf.append(ch)
    if buf:
        result.append((current, "".join(buf)))
    return result


def is_plain(text: str) -> bool:
    """True when the body font alone can draw the text (so a plain table cell will do)."""
    register()
    return text.isascii() or _uncovered.search(text) is None


def has_cjk(text: str) -> bool:
    """True when the text has runs in a CJK font (such text wraps between any two characters)."""
    return not is_plain(text) and any(font in (CJK, HANGUL) for font, _ in runs(text))


def markup(text: str) -> str:
    """Paragraph markup for plain text: escaped, line breaks kept, fallback runs in their font."""
    parts = []
    for font, run in runs(text):
        escaped = escape(run).replace("\r\n", "\n").replace("\n", "<br/>").replace("\t", " ")
        parts.append(escaped if font is None else f'<font name="{font}">{escaped}</font>')
    return "".join(parts)


def draw_string(
    canvas: Canvas,
    x: float,
    y: float,
    text: str,
    size: float,
    *,
    bold: bool = False,
    align: Literal["left", "right", "center"] = "left",
) -> None:
    """Draw one line on the canvas, switching to the fallback fonts per run."""
    pieces = runs(text)
    widths = [pdfmetrics.stringWidth(run, font or (BOLD if bold else BODY), size) for font, run in pieces]
    total = sum(widths)
    if align == "right":
        x -= total
    elif align == "center":
        x -= total / 2
    for (font, run), width in zip(pieces, widths, strict=True):
        canvas.setFont(font or (BOLD if bold else BODY), size)
        canvas.drawString(x, y, run)
        x += width
