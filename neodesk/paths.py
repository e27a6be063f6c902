"""Where NeoDesk keeps its files (platformdirs), with overrides for tests and other desks."""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType

from neodesk import APP_NAME

DB_FILENAME = "neodesk.sqlite3"


def _platformdirs() -> ModuleType:
    # Imported when first needed: NEODESK_DATA_DIR makes it unnecessary, and start-up is timed.
    import platformdirs

    return platformdirs


def data_dir() -> Path:
    # NEODESK_DATA_DIR lets tests and portable installs keep everything in one folder.
    override = os.environ.get("NEODESK_DATA_DIR")
    return Path(override) if override else Path(_platformdirs().user_data_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    override = os.environ.get("NEODESK_DATA_DIR")
    if override:
        return Path(override) / "logs"
    return Path(_platformdirs().user_log_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    override = os.environ.get("NEODESK_DATA_DIR")
    if override:
        return Path(override) / "config"
    return Path(_platformdirs().user_config_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / DB_FILENAME


def backup_dir() -> Path:
    return data_dir() / "backups"


def resolve_db_target(target: str | os.PathLike[str] | None) -> str:
    """`--db` value, else NEODESK_DB, else the default file; returned as a SQLAlchemy URL."""
    raw = os.fspath(target) if target is not None else os.environ.get("NEODESK_DB") or ""
    if "://" in raw:
        return raw
    path = Path(raw).expanduser() if raw else default_db_path()
    return f"sqlite:///{path.resolve()}"
