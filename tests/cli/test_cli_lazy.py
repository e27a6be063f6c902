"""The command line imports what a command needs when it runs, and still offers every command."""

from __future__ import annotations

import builtins
import subprocess
import sys
from typing import Any

import pytest

from neodesk.cli import build_parser, run

COMMANDS = ("clients", "client", "milestones", "sessions", "set", "log", "db", "demo", "report", "export", "import")
HEAVY = (
    "reportlab",
    "neodesk.demo",
    "neodesk.exchange.nexus_export",
    "neodesk.services.client_sync",
    "neodesk.sync",
)


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--help"]) == 0
    out = capsys.readouterr().out
    for command in COMMANDS:
        assert f"    {command} " in out or f"    {command}\n" in out, command
    subcommands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert set(COMMANDS) <= set(subcommands)


def test_building_the_parser_imports_no_command_s_heavy_modules() -> None:
    code = "import sys\nfrom neodesk.cli import build_parser\nbuild_parser()\n"
    code += f"print([m for m in {HEAVY!r} if m in sys.modules])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"


def test_a_command_module_that_fails_to_import_is_an_error_not_a_missing_command(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_import = builtins.__import__

    def broken(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "neodesk.cli.reports":
            raise ModuleNotFoundError("No module named 'reportlab'", name="reportlab")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", broken)
    with pytest.raises(ModuleNotFoundError):
        build_parser()


def test_an_absent_optional_command_module_is_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "neodesk.cli.demo", None)  # as if the package shipped without it
    subcommands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert "demo" not in subcommands
    assert "report" in subcommands
