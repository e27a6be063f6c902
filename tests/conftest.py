"""Shared fixtures: headless Qt, a private data folder and a fresh database per test."""

from __future__ import annotations

import os

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


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """A fresh, migrated and seeded database."""
    database = open_database(db_path)
    yield database
    database.close()
