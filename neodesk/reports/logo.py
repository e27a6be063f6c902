"""The NeoDesk logo printed on reports: a navy tile with three rising bars.

The committed file is `resources/reports/neodesk-logo.png`; this module also draws it, so that the
picture can be regenerated (`python -m neodesk.reports.logo`) and so that a report still has a logo
when the resources folder is missing (an installation that lost its data files).
"""

from __future__ import annotations

import io
import sys
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw  # reportlab depends on Pillow, so this adds no dependency
from reportlab.lib.utils import ImageReader

from neodesk.reports.resources import resource_path

NAVY = (31, 78, 121, 255)
WHITE = (255, 255, 255, 255)
LOGO_FILE = ("reports", "neodesk-logo.png")


def draw_logo_png(size: int = 128) -> bytes:
    """The logo as PNG bytes, `size` pixels square (drawn 4× larger and scaled down to smooth edges)."""
    big = size * 4
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=big // 6, fill=NAVY)
    base = int(big * 0.80)
    bar_width = big // 6
    for i, height in enumerate((0.25, 0.42, 0.60)):
        left = int(big * 0.20) + i * int(bar_width * 1.35)
        pen.rectangle((left, base - int(big * height), left + bar_width, base), fill=WHITE)
    pen.rectangle((int(big * 0.16), base + big // 40, int(big * 0.84), base + big // 20), fill=WHITE)
    out = io.BytesIO()
    image.resize((size, size), Image.Resampling.LANCZOS).save(out, format="PNG", optimize=True)
    return out.getvalue()


@lru_cache(maxsize=1)
def logo_image() -> ImageReader:
    """The logo for `canvas.drawImage`: the resources file, else the same picture drawn in memory."""
    path = resource_path(*LOGO_FILE)
    if path is not None:
        return ImageReader(str(path))
    return ImageReader(io.BytesIO(draw_logo_png()))


if __name__ == "__main__":  # regenerate the committed picture
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("resources", *LOGO_FILE)
    from neodesk.files import write_atomic

    write_atomic(target, draw_logo_png())
    print(f"wrote {target}")
