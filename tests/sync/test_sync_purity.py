"""neodesk.sync stays pure: no Qt, no SQLAlchemy, no layer above it (style.md, "NeoDesk's shape")."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import neodesk.sync

SYNC_DIR = Path(neodesk.sync.__file__).parent
FORBIDDEN = ("PySide6", "sqlalchemy", "neodesk.models", "neodesk.services", "neodesk.ui", "neodesk.reports")
MODULES = sorted(SYNC_DIR.glob("*.py"))


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_there_are_modules_to_check() -> None:
    assert {p.name for p in MODULES} >= {"client_rules.py", "evaluate.py", "milestone_effects.py", "deciding.py"}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_module_imports_nothing_impure(path: Path) -> None:
    bad = {name for name in _imports(path) if name.startswith(FORBIDDEN)}
    assert bad == set()


def test_importing_the_package_loads_no_qt_or_database() -> None:
    code = f"import sys, neodesk.sync; print(sorted(m for m in sys.modules if m.startswith({FORBIDDEN!r})))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_module_has_a_docstring_and_future_annotations(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert ast.get_docstring(tree)
    assert "__future__" in _imports(path)
