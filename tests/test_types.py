"""The type check is part of the README's test command: mypy over the package, as configured in
pyproject.toml ([tool.mypy]: strict below neodesk/ui, the defaults plus check_untyped_defs for the UI).

Each test runs mypy once in a subprocess from the repository's root, so the incremental cache there
(.mypy_cache) makes a rerun take seconds; `.ci/run` type-checks first, so this one finds it warm.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.typecheck


def _mypy(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_package_type_checks() -> None:
    result = _mypy()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout


def test_qt_constructors_take_inherited_properties_typed(tmp_path: Path) -> None:
    """tools/mypy_qt_properties.py: inherited Qt properties and setters pass as keywords, still typed."""
    snippet = tmp_path / "qt_keywords.py"
    snippet.write_text(
        "from PySide6.QtWidgets import QDialog, QLabel, QLineEdit\n"
        "\n"
        "\n"
        "class Named(QDialog):\n"
        "    def __init__(self) -> None:\n"
        '        super().__init__(None, objectName="named", windowTitle="Named")\n'
        "\n"
        "\n"
        'QLabel("Name:", objectName="label", buddy=QLineEdit(objectName="field"))\n'
        'QLabel("Name:", objectName=3)\n'  # line 10: a property of the wrong type
        'QLabel("Name:", noSuchProperty=True)\n'  # line 11: not a property at all
    )
    result = _mypy(str(snippet))
    errors = [line.split(": error: ") for line in result.stdout.splitlines() if ": error: " in line]
    assert {where.rsplit(":", 1)[1] for where, _ in errors} == {"10", "11"}, result.stdout + result.stderr
    assert any('"int"' in message for where, message in errors if where.endswith(":10"))
    assert any('"noSuchProperty"' in message for where, message in errors if where.endswith(":11"))
