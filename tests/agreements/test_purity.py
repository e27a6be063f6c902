"""neodesk.agreements stays pure: no Qt, no SQLAlchemy, no clock, no layer above it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import neodesk.agreements

PACKAGE = Path(neodesk.agreements.__file__).parent
FORBIDDEN = (
    "PySide6",
    "sqlalchemy",
    "neodesk.models",
    "neodesk.services",
    "neodesk.ui",
    "neodesk.reports",
    "neodesk.exchange",
    "time",
)
MODULES = sorted(PACKAGE.glob("*.py"))


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_module_is_pure_and_documented(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert {n for n in _imports(path) if n.split(".")[0] in FORBIDDEN or n.startswith(FORBIDDEN)} == set()
    assert "date.today" not in source
    assert "datetime.now" not in source
    assert ast.get_docstring(ast.parse(source))


def test_importing_the_package_loads_no_qt_or_database() -> None:
    code = (
        "import sys, neodesk.agreements.engine, neodesk.agreements.definition, neodesk.agreements.transitions; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'PySide6')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
