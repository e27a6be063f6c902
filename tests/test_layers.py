"""The import contract of pyproject.toml ([tool.importlinter]) holds, and no screen opens a database session.

.ci/run runs `lint-imports` as well; the first test makes the README's test command check it too (on
failure the output names the broken contract and each offending import). The second covers what an
import contract cannot see: a screen calling `db.reading()` / `db.unit_of_work()` on the Database it
was handed instead of a use case.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
UI = ROOT / "neodesk" / "ui"


def test_the_import_contract_holds() -> None:
    # Its CLI in a child process: import-linter reads the source files (grimp), not the modules this run
    # imported, and it reconfigures logging (disabling every logger already made), which would silence
    # the app's loggers for the tests after this one.
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "from importlinter.cli import lint_imports_command; lint_imports_command()",
            "--config",
            str(PYPROJECT),
            "--no-cache",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Contracts: 2 kept, 0 broken." in run.stdout


def _excused_screens() -> set[str]:
    """Screens the contract still ignores (until their branches are merged): the same list, not a second one."""
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    ban = next(c for c in contracts if c["id"] == "ui-no-database")
    return {line.split("->")[0].strip() for line in ban.get("ignore_imports", [])}


def _session_calls(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return [
        f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}:{node.lineno}: {ast.unparse(node.func)}()"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        # Database.reading() and Database.unit_of_work(): the two ways to a database handle.
        and node.func.attr in {"reading", "unit_of_work"}
    ]


def test_no_screen_opens_a_database_session() -> None:
    excused = _excused_screens()
    found = []
    for path in sorted(UI.rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        if module not in excused:
            found += _session_calls(path)
    assert found == [], "screens call a use case instead (neodesk/services):\n" + "\n".join(found)


def test_the_session_scan_sees_a_session_opened(tmp_path: Path) -> None:
    # The scan above must not pass vacuously: it finds both spellings, and not a counseling session's call.
    screen = tmp_path / "screen.py"
    screen.write_text(
        "with self._db.reading() as s: pass\n"
        "with db.unit_of_work(me) as s: pass\n"
        "with context.db.unit_of_work() as s: pass\n"
        "row.session(3)\n",
        encoding="utf-8",
    )
    assert [line.split(": ", 1)[1] for line in _session_calls(screen)] == [
        "self._db.reading()",
        "db.unit_of_work()",
        "context.db.unit_of_work()",
    ]
