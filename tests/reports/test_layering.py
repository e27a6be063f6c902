"""The rendering modules stay free of Qt and of the database (queries.py is the one bridge)."""

from __future__ import annotations

import subprocess
import sys


def test_rendering_imports_neither_qt_nor_sqlalchemy() -> None:
    code = (
        "import sys, neodesk.reports, neodesk.reports.totals, neodesk.reports.formatting; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'PySide6')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
