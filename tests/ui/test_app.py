"""Starting the app (start_gui), its error handling, and the small shared widgets."""

from __future__ import annotations

import logging
import sys
from datetime import date
from pathlib import Path

import pytest
from gui_drivers import answer, click_standard, when_main_window_shows
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication, QCalendarWidget, QLineEdit, QMessageBox, QWidget

from neodesk.cli import run
from neodesk.ui import app as app_module
from neodesk.ui.input_widgets import CheckList, ChooserDialog, CodeSetLineEdit, DateLineEdit


@pytest.mark.usefixtures("restore_process_state")
def test_neodesk_without_a_command_starts_the_app(qtbot, tmp_path: Path) -> None:
    problems = when_main_window_shows(lambda window: window.close())
    status = run(["--db", str(tmp_path / "gui.sqlite3")])
    assert problems == []
    assert status == 0
    assert (tmp_path / "gui.sqlite3").exists()
    assert QApplication.applicationName() == "NeoDesk"
    assert sys.excepthook is app_module.excepthook


@pytest.mark.usefixtures("restore_process_state")
def test_a_file_that_is_not_a_database_gets_a_clear_message(qtbot, tmp_path: Path) -> None:
    bogus = tmp_path / "letter.sqlite3"
    bogus.write_bytes(b"Dear counselor, this is not a database." * 100)
    reply = answer("errorDialog", click_standard(QMessageBox.StandardButton.Ok))
    assert app_module.start_gui(str(bogus)) == 1
    assert reply.answered
    assert "could not open the database" in reply.seen[0]


@pytest.mark.usefixtures("restore_process_state")
def test_a_bug_is_logged_and_reported_with_the_log_location(qtbot, data_dir: Path) -> None:
    log_path = app_module.setup_logging()
    assert log_path.parent == data_dir / "logs"
    reply = answer("errorDialog", click_standard(QMessageBox.StandardButton.Ok))
    try:
        raise RuntimeError("kaboom in a slot")
    except RuntimeError:
        app_module.excepthook(*sys.exc_info())
    assert reply.answered
    assert "Something went wrong" in reply.seen[0]
    assert str(log_path) in reply.seen[0]
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_path.read_text(encoding="utf-8")
    assert "kaboom in a slot" in text
    assert "Traceback" in text


def test_calendar_pick_fills_the_date(qtbot) -> None:
    edit = DateLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    edit.show_calendar()
    calendar = edit.findChild(QCalendarWidget)
    assert calendar is not None
    qtbot.waitUntil(calendar.isVisible)
    calendar.clicked.emit(QDate(2024, 2, 29))
    assert edit.text() == "2024-02-29"
    assert edit.iso_text() == date(2024, 2, 29).isoformat()
    qtbot.waitUntil(lambda: not calendar.isVisible())


def test_code_set_completion_works_on_the_last_code(qtbot) -> None:
    edit = CodeSetLineEdit("Export Countries", [("US", "United States"), ("MX", "Mexico"), ("CA", "Canada")])
    qtbot.addWidget(edit)
    edit.setText("US, mex")
    completer = edit.completer()
    assert completer.splitPath(edit.text()) == ["mex"]
    model = completer.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data().startswith("MX"))
    assert completer.pathFromIndex(model.index(row, 0)) == "US, MX, "
    edit.setText("US, MX, ")
    assert edit.codes() == ("US", "MX")
    assert edit.toolTip() == "United States\nMexico"


def test_code_set_chooser_dialog(qtbot) -> None:
    edit = CodeSetLineEdit("Export Countries", [("US", "United States"), ("MX", "Mexico"), ("CA", "Canada")])
    qtbot.addWidget(edit)
    edit.setText("us, XX")

    def pick_canada(widget: QWidget) -> None:
        assert isinstance(widget, ChooserDialog)
        assert widget.list.selected() == ["US"]
        widget.filter.setText("can")
        assert [widget.list.item(i).isHidden() for i in range(3)] == [True, True, False]
        widget.list.set_selected(["US", "CA"])
        widget.accept()

    reply = answer("codeChooser", pick_canada)
    edit.choose()
    assert reply.answered
    assert edit.codes() == ("CA", "US", "XX")  # an unknown code typed by hand is kept for validation to name


def test_check_list_reports_the_checked_values(qtbot) -> None:
    checks = CheckList([("a", "Alpha"), ("b", "Beta"), ("c", "Gamma")])
    qtbot.addWidget(checks)
    with qtbot.waitSignal(checks.selection_changed):
        checks.set_selected(["c", "a"])
    assert checks.selected() == ["a", "c"]
    checks.set_choices([("b", "Beta"), ("c", "Gamma")])
    assert checks.selected() == ["c"]


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None and True are immortal from Python 3.12 on")
def test_qt_calls_keep_the_reference_counts_of_none_and_true(qtbot) -> None:
    """PySide6 6.12 abi3 wheels drop a reference to None per void call (and to True per emit) on
    Python 3.11 and abort the process after a few thousand calls; pyproject pins a sound version."""
    from PySide6.QtCore import QObject, Signal

    class Emitter(QObject):
        fired = Signal(bool)

    edit = QLineEdit()
    qtbot.addWidget(edit)
    emitter = Emitter()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(500):
        edit.setText("x")
        emitter.fired.emit(True)
    assert abs(sys.getrefcount(None) - none_before) < 100
    assert abs(sys.getrefcount(True) - true_before) < 100
