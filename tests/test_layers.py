"""The import contract of pyproject.toml ([tool.importlinter]) holds: the layers and the screens' ban.

.ci/run runs `lint-imports` as well; this test makes the README's test command check it too. On
failure the captured output names the broken contract and each offending import.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from importlinter.cli import EXIT_STATUS_SUCCESS, lint_imports

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def test_the_import_contract_holds(capsys: pytest.CaptureFixture[str]) -> None:
    # import-linter reads the source files (grimp), not the modules this test run has imported.
    status = lint_imports(config_filename=str(PYPROJECT), no_cache=True, no_logo=True)
    output = capsys.readouterr().out
    assert status == EXIT_STATUS_SUCCESS, output
    assert "Contracts: 2 kept, 0 broken." in output
