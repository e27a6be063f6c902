"""The Qt desktop app. Qt is imported only under this package; everything else is Qt-free.

`build_main_window(db)` is the entry point the GUI tests share: the complete window, built at once.
`start_main_window(db)` is how the app starts (`neodesk`, and bench/bench_start.py): the window's
first paint comes before SQLAlchemy is imported, and it completes itself right after. Both live in
neodesk.ui.start_up, which says why start-up is special.
"""

from __future__ import annotations

from neodesk.ui.start_up import build_main_window, start_main_window

__all__ = ["build_main_window", "start_main_window"]
