"""The command line imports what a command needs when it runs, and still offers every command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from neodesk.cli import build_parser, main, run

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


@pytest.mark.parametrize(
    ("module", "importer"),
    [("neodesk.cli.reports", None), ("neodesk.cli.demo", None), ("neodesk.cli.nexus", "neodesk.cli.exchange")],
)
def test_a_command_module_that_fails_to_import_is_a_bug_not_a_missing_command(
    module: str,
    importer: str | None,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Every command module ships with NeoDesk: one that is missing or broken (here: absent) must not
    quietly take its commands away (`report`, `demo`, `export nexus`); it is a bug, in one sentence."""
    for gone in filter(None, (module, importer)):
        package, _, name = gone.rpartition(".")
        monkeypatch.delattr(sys.modules[package], name)
        monkeypatch.delitem(sys.modules, gone)
    monkeypatch.setitem(sys.modules, module, None)  # importing it now raises ModuleNotFoundError
    monkeypatch.setenv("NEODESK_DATA_DIR", str(tmp_path))  # the bug's stack goes to the log there
    with pytest.raises(ModuleNotFoundError):
        build_parser()
    assert main(["clients"]) == 70
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
    assert "ModuleNotFoundError" in (tmp_path / "logs" / "neodesk.log").read_text(encoding="utf-8")
