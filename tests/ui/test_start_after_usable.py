"""What the app's start leaves until the window is usable (issue 14): the first screen is the list, Home and
the client editor with the first client open; once-a-day agreement processing, the Tasks dock, the count
of records not yet exported and the modules only they need come after that, and still come.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from gui_drivers import add_clients, answer, click_named
from PySide6.QtWidgets import QApplication, QDockWidget
from pytestqt.qtbot import QtBot

from neodesk.models import Database
from neodesk.ui import start_main_window
from neodesk.ui.main_window import MainWindow

# Loaded by what runs after the first client opens (or by a command), never before the window is usable.
AFTER_USABLE = (
    "cryptography",  # the export's signing keys (the not-exported count loads the export's module)
    "neodesk.exchange.bundle_export",
    "neodesk.services.processing",  # Tools ▸ Run milestone processing
    "neodesk.ui.tasks_panel",  # the Tasks dock
    "neodesk.services.agreements.tasks",
)

Start = Callable[..., MainWindow]

USABLE_CHILD = """
import gc
import sys
from PySide6.QtWidgets import QApplication

app = QApplication([])
from neodesk.ui import start_main_window

window = start_main_window(sys.argv[1])
window.finish_start()  # the second step at once: complete, then the first client (no event loop turn)
named = sys.argv[2:]
loaded = sorted(m for m in sys.modules if m in named or m.startswith(tuple(n + "." for n in named)))
opened = window.client_editor.client_id is not None
print(window.is_complete, opened, window.tasks_panel is None, loaded, gc.isenabled())
"""


@pytest.fixture
def started(qtbot: QtBot, db: Database, db_path: Path) -> Iterator[Start]:
    windows: list[MainWindow] = []

    def start(**kwargs: object) -> MainWindow:
        window = start_main_window(str(db_path), **kwargs)  # type: ignore[arg-type]
        windows.append(window)
        return window

    yield start
    for window in windows:
        window.close()
        window.deleteLater()
    QApplication.processEvents()


def test_the_usable_window_has_not_imported_what_comes_after(db: Database, db_path: Path) -> None:
    add_clients(db, 3)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", USABLE_CHILD, str(db_path), *AFTER_USABLE],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        timeout=120,
    )
    assert out.stdout.strip() == "True True True [] True", out.stderr[-2000:]


def test_what_waits_for_the_first_client_still_comes(qtbot: QtBot, started: Start, db: Database) -> None:
    add_clients(db, 3)
    window = started()
    window.finish_start()
    assert window.is_complete
    assert window.client_editor.client_id is not None
    unexported = window.status_unexported
    assert unexported.objectName() == "statusUnexported"
    assert window.tasks_panel is None
    assert unexported.text() == "Not yet exported: …"
    assert window.home.page is None
    assert not window.is_settled
    # Each in its own turn of the event loop, once the window is usable.
    qtbot.waitUntil(lambda: window.tasks_panel is not None)
    qtbot.waitUntil(lambda: window.is_settled)
    dock = window.findChild(QDockWidget, "tasksPanel")
    assert dock is window.tasks_panel
    view = window.menus["view"]
    assert "action.tasksPanel" in [a.objectName() for a in view.actions()]
    qtbot.waitUntil(lambda: unexported.text() != "Not yet exported: …")
    assert unexported.text().startswith("Not yet exported: ")
    assert int(unexported.text().rsplit(" ", 1)[1].replace(",", "")) > 0  # the new clients are not exported
    qtbot.waitUntil(lambda: window.home.page is not None)


def test_a_window_closed_before_usable_runs_nothing_after(qtbot: QtBot, started: Start, db: Database) -> None:
    add_clients(db, 2)
    window = started()
    window.finish_start()
    window.close()
    qtbot.wait(50)
    assert window.tasks_panel is None


def test_the_cycle_collector_is_paused_only_while_the_window_starts(
    started: Start, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_clients(db, 2)
    assert gc.isenabled()
    window = started()
    assert not gc.isenabled()  # the start builds its objects; nothing is garbage yet
    window.finish_start()
    assert gc.isenabled()
    closed = started()
    assert not gc.isenabled()
    closed.close()  # closed before it completed: the second step never runs
    assert gc.isenabled()
    monkeypatch.setenv("NEODESK_COUNSELOR", "nobody@example.org")
    errors: list[Exception] = []
    failing = started(on_error=errors.append)
    assert not gc.isenabled()
    chooser = answer("CounselorChooser", click_named("cancelChooser"))  # nobody chosen: the second step fails
    failing.finish_start()
    assert chooser.answered
    assert len(errors) == 1
    assert not failing.is_complete
    assert gc.isenabled()
