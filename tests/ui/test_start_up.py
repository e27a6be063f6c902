"""The start-up constraint, stated as a test: nothing heavy is imported before the window's first paint.

neodesk.ui.start_up shows the main window's shell before SQLAlchemy, the models or reportlab are
imported (they take several times a bare window's start); this checks sys.modules at the first-paint
hook of a fresh process, as bench/bench_start.py times it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from gui_drivers import add_clients

from neodesk.models import Database

HEAVY = ("sqlalchemy", "alembic", "reportlab", "neodesk.models", "neodesk.ui.window_parts")

FIRST_PAINT_CHILD = """
import sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

app = QApplication([])

class FirstPaint(QObject):
    seen = False
    heavy = None

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not FirstPaint.seen:
            # The hook: the window's first paint, before its own paintEvent posts the second step.
            FirstPaint.seen = True
            FirstPaint.heavy = sorted(m for m in sys.modules if m.startswith(tuple(sys.argv[2:])))
        return False

from neodesk.ui import start_main_window

window = start_main_window(sys.argv[1])
spy = FirstPaint(window)
window.installEventFilter(spy)
window.show()
while window.windowHandle() is None or not window.windowHandle().isExposed() or not FirstPaint.seen:
    app.processEvents()
print(window.is_complete, window.client_list.view.model().rowCount(), FirstPaint.heavy)
"""


def test_nothing_heavy_is_imported_before_the_first_paint(db: Database, db_path: Path) -> None:
    add_clients(db, 5)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", FIRST_PAINT_CHILD, str(db_path), *HEAVY],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        timeout=120,
    )
    assert out.stdout.strip() == "False 5 []", out.stderr[-2000:]


COMPLETE_CHILD = """
import sys
from PySide6.QtWidgets import QApplication

app = QApplication([])
from neodesk.ui import start_main_window

window = start_main_window(sys.argv[1])
window.finish_start()
named = sys.argv[2:]
print(window.is_complete, sorted(m for m in sys.modules if m in named or m.startswith(tuple(n + "." for n in named))))
"""


def test_what_few_sessions_use_is_loaded_on_first_use_not_at_start(db: Database, db_path: Path) -> None:
    add_clients(db, 2)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    later = ("reportlab", "neodesk.reports", "neodesk.ui.occasional_commands", "neodesk.ui.admin")
    out = subprocess.run(
        [sys.executable, "-c", COMPLETE_CHILD, str(db_path), *later],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        timeout=120,
    )
    assert out.stdout.strip() == "True []", out.stderr[-2000:]
