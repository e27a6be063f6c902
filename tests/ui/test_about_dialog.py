"""Help ▸ About NeoDesk…: version, build date, data and log folders, the licences (Qt's LGPL among them)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from gui_drivers import answer
from PySide6.QtWidgets import QLabel, QWidget

from neodesk import __version__, about
from neodesk.ui.about_dialog import AboutDialog


def _read(dialog: QWidget) -> dict[str, object]:
    assert isinstance(dialog, AboutDialog)
    texts: dict[str, object] = {
        name: dialog.findChild(QLabel, name).text()  # type: ignore[union-attr]
        for name in ("aboutVersion", "aboutBuildDate", "aboutDataFolder", "aboutLogFolder")
    }
    texts["licences"] = dialog.licence_lines()
    return texts


def test_help_about_shows_version_folders_and_licences(qtbot, open_window, data_dir: Path) -> None:
    window = open_window()
    found: dict[str, object] = {}

    def read_and_close(dialog: QWidget) -> None:
        found.update(_read(dialog))
        dialog.close()

    reply = answer("AboutDialog", read_and_close)
    window.action_about.trigger()
    assert reply.seen == ["About NeoDesk"]
    assert found["aboutVersion"] == __version__
    assert found["aboutBuildDate"] == "from source"
    assert found["aboutDataFolder"] == str(data_dir)
    assert found["aboutLogFolder"] == str(data_dir / "logs")
    lines = found["licences"]
    assert isinstance(lines, list)
    assert any(line.startswith("Qt ") and line.endswith("LGPL-3.0-only") for line in lines), lines
    assert any(line.lower().startswith(("pyside6", "pyside6_essentials")) and "LGPL-3.0" in line for line in lines)
    assert any(line.startswith("SQLAlchemy") for line in lines)
    assert any(line.startswith("reportlab") for line in lines)
    assert any(line.startswith("DejaVu fonts") and "bitstream-vera" in line for line in lines), lines


def test_a_build_shows_its_build_date_and_the_licences_written_at_build_time(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    info = about.build_info("2026-12-01 09:30 UTC")
    info["licences"] = [
        *info["licences"],
        {"name": "Bundled only", "version": "1.0", "licence": "MIT", "kind": "library"},
    ]
    written = tmp_path / "build-info.json"
    written.write_text(json.dumps(info), encoding="utf-8")
    monkeypatch.setattr(about, "build_info_path", lambda: written)

    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    found = _read(dialog)
    assert found["aboutBuildDate"] == "2026-12-01 09:30 UTC"
    lines = found["licences"]
    assert isinstance(lines, list)
    assert "Bundled only 1.0: MIT" in lines  # read from the file, not from this machine's metadata
    assert any(line.startswith("Qt ") for line in lines)


def test_an_unreadable_build_info_falls_back_to_the_installed_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "build-info.json"
    broken.write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(about, "build_info_path", lambda: broken)
    assert about.read_build_info() is None
    assert about.about_info().build_date == about.FROM_SOURCE
