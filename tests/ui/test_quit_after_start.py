"""NEODESK_QUIT_AFTER_START=1: the app closes itself after its first paint (the build's smoke test uses it)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from neodesk.cli import run
from neodesk.ui import app as app_module
from neodesk.ui import quit_after_start

SAFETY_MS = 30_000  # if the app never closes itself, close it so the test fails instead of hanging


@pytest.mark.usefixtures("restore_process_state")
@pytest.mark.parametrize("prepared", [False, True], ids=["new database", "quick start on a current file"])
def test_the_app_closes_itself_after_its_first_paint(
    qtbot,
    tmp_path: Path,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    prepared: bool,
) -> None:
    target = tmp_path / "smoke.sqlite3"
    if prepared:  # a current file takes the two-step start: the window completes after its first paint
        from neodesk.models import open_database

        open_database(target).close()
    monkeypatch.setenv(quit_after_start.ENV, "1")
    forced: list[str] = []

    def force_close() -> None:
        forced.append("the app did not close itself")
        for widget in QApplication.topLevelWidgets():
            widget.close()
        QApplication.exit(2)

    safety = QTimer()
    safety.setSingleShot(True)
    safety.timeout.connect(force_close)
    safety.start(SAFETY_MS)
    try:
        status = run(["--db", str(target)])
    finally:
        safety.stop()
    assert forced == []
    assert status == 0
    assert quit_after_start.STARTED_LINE in capsys.readouterr().out
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert quit_after_start.STARTED_LINE in app_module.log_file().read_text(encoding="utf-8")
    assert app_module.log_file().parent == data_dir / "logs"


@pytest.mark.parametrize(("value", "expected"), [("1", True), ("yes", True), ("", False), ("0", False), (None, False)])
def test_only_a_set_variable_asks_for_it(monkeypatch: pytest.MonkeyPatch, value: str | None, expected: bool) -> None:
    if value is None:
        monkeypatch.delenv(quit_after_start.ENV, raising=False)
    else:
        monkeypatch.setenv(quit_after_start.ENV, value)
    assert quit_after_start.requested() is expected
