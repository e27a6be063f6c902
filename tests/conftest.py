"""Shared fixtures: headless Qt, a private data folder and a fresh database per test (a copy of one
migrated, seeded template made once per run)."""

from __future__ import annotations

import os
import sqlite3

# Before any Qt import: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest

from neodesk.models import Database, open_database
from neodesk.models.seed import DEFAULT_ADMIN_EMAIL


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data, config and log folder (nothing touches the real one) and an identity."""
    folder = tmp_path / "data"
    monkeypatch.setenv("NEODESK_DATA_DIR", str(folder))
    monkeypatch.delenv("NEODESK_DB", raising=False)
    # Tests act as the seeded administrator: with several active counselors nobody is signed in by default
    # (services.identity); tests of that rule delete this.
    monkeypatch.setenv("NEODESK_COUNSELOR", DEFAULT_ADMIN_EMAIL)
    return folder


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.sqlite3"


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated, seeded database per run; each test's `db` is a copy (migrating one costs ~0.25 s)."""
    folder = tmp_path_factory.mktemp("template")
    with pytest.MonkeyPatch.context() as env:  # made before any test's data_dir: a folder of its own
        env.setenv("NEODESK_DATA_DIR", str(folder / "data"))
        env.delenv("NEODESK_DB", raising=False)
        open_database(folder / "template.sqlite3").close()
    return folder / "template.sqlite3"


@pytest.fixture
def db(db_path: Path, template_db: Path) -> Iterator[Database]:
    """A fresh, migrated and seeded database: a private copy of the run's template, just as fresh."""
    source, target = sqlite3.connect(template_db), sqlite3.connect(db_path)
    try:
        with target:
            source.backup(target)
    finally:
        source.close()
        target.close()
    database = open_database(db_path)
    yield database
    database.close()
