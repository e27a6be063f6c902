"""Reliability suite fixtures: a small demo database per test (copied from one made per run) and a CLI runner."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from neodesk.cli import run


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo-template")
    path = folder / "demo.sqlite3"
    import os

    old = os.environ.get("NEODESK_DATA_DIR")
    os.environ["NEODESK_DATA_DIR"] = str(folder / "data")
    try:
        assert run(["--db", str(path), "demo", "--clients", "4"]) == 0
    finally:
        if old is None:
            os.environ.pop("NEODESK_DATA_DIR", None)
        else:
            os.environ["NEODESK_DATA_DIR"] = old
    return path


@pytest.fixture
def demo_db(tmp_path: Path, demo_template: Path) -> Iterator[Path]:
    """A demo database with 4 clients (numbers 1-4), in its own folder."""
    folder = tmp_path / "desk"
    folder.mkdir()
    path = folder / "desk.sqlite3"
    source, target = sqlite3.connect(demo_template), sqlite3.connect(path)
    try:
        with target:
            source.backup(target)
    finally:
        source.close()
        target.close()
    yield path
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """`cli(*args)` runs the command line in-process and returns its exit status, stdout and stderr."""

    def call(*args: str) -> Outcome:
        capsys.readouterr()
        code = run(list(args))
        captured = capsys.readouterr()
        return Outcome(code, captured.out, captured.err)

    return call
