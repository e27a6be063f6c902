"""The desktop icon set, rendered at build time from resources/icons/neodesk.svg (the one drawing we keep).

    python packaging/icon_set.py OUT_DIR      # OUT_DIR/hicolor/<n>x<n>/apps/neodesk.png for each size

Rendered by Qt's SVG renderer on the offscreen platform, so no display and no other tool is needed.
packaging/build.py calls render_icons() for the Linux tarball; tests render into a temporary folder.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "resources" / "icons" / "neodesk.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICON_NAME = "neodesk"  # the desktop entry's Icon= and the installed file's name


def icon_path(out_dir: Path, size: int) -> Path:
    """Where the freedesktop icon theme spec puts a size: hicolor/<n>x<n>/apps/neodesk.png."""
    return out_dir / "hicolor" / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png"


def render_icons(out_dir: Path, svg: Path = SVG, sizes: tuple[int, ...] = SIZES) -> dict[int, Path]:
    """Render `svg` as a square transparent PNG per size under out_dir/hicolor; returns size → file."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - painting needs one
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not an SVG drawing Qt can render")
    written: dict[int, Path] = {}
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        target = icon_path(out_dir, size)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(target), "PNG"):
            raise OSError(f"could not write {target}")
        written[size] = target
    return written


if __name__ == "__main__":
    for size, file in render_icons(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "icons").items():
        print(f"{size:>4} px  {file}")
