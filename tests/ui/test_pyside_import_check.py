"""neodesk.ui.pyside_import_check: PySide6's look at each imported module, answered the same for less."""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from pathlib import Path

import pytest

import neodesk.ui  # noqa: F401  # the app's start path installs the check
from neodesk.ui import pyside_import_check

Check = Callable[[types.ModuleType], bool]


def _checks() -> tuple[Check, Check]:
    """Ours (installed) and PySide6's own."""
    ours: Check = sys.modules["shibokensupport.feature"]._mod_uses_pyside
    return ours, ours.__wrapped__  # type: ignore[attr-defined]


def test_installed_by_the_start_path_and_only_once() -> None:
    ours, theirs = _checks()
    assert ours is not theirs
    assert pyside_import_check.install()
    assert sys.modules["shibokensupport.feature"]._mod_uses_pyside is ours


def test_the_same_answer_as_pyside_for_every_loaded_module() -> None:
    ours, theirs = _checks()
    modules = [m for m in list(sys.modules.values()) if isinstance(m, types.ModuleType)]
    assert len(modules) > 200
    assert [m.__name__ for m in modules if ours(m) != theirs(m)] == []
    assert any(ours(m) for m in modules)  # neodesk.ui's modules use PySide6
    assert not all(ours(m) for m in modules)


def test_a_module_without_its_source_file_goes_to_pysides_check(tmp_path: Path) -> None:
    ours, theirs = _checks()
    module = types.ModuleType("neodesk_gone")
    module.__file__ = str(tmp_path / "gone.py")
    assert ours(module) is theirs(module) is False
    assert ours(sys) is theirs(sys) is False  # built in: no file at all


def test_modules_imported_afterwards_get_their_feature_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "neodesk_probe_qt.py").write_text("from PySide6.QtCore import QObject\n", encoding="utf-8")
    (tmp_path / "neodesk_probe_plain.py").write_text("VALUE = 'no Qt here'\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("neodesk_probe_qt", "neodesk_probe_plain"):
        monkeypatch.delitem(sys.modules, name, raising=False)
        __import__(name)  # an import statement's way (importlib.import_module skips PySide6's hook)
    defaults = sys.modules["shibokensupport.feature"].pyside_feature_dict
    assert defaults["neodesk_probe_qt"] == 0  # uses PySide6: "no feature", switchable
    assert defaults["neodesk_probe_plain"] == -1  # ignored in switching
