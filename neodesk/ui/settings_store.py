"""Window layout remembered between runs (geometry, splitter, column widths) in an INI file.

An explicit file under neodesk.paths.config_dir() rather than QSettings' platform default (registry,
plist), so NEODESK_DATA_DIR isolates it for tests and portable installs.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter

from neodesk import paths
from neodesk.private_files import private_folder

SETTINGS_FILE = "neodesk-ui.ini"


def ui_settings() -> QSettings:
    # Owner-only like the data folder: the file names the tasks a counselor has seen.
    folder = private_folder(paths.config_dir())
    return QSettings(str(folder / SETTINGS_FILE), QSettings.Format.IniFormat)


def _bytes(settings: QSettings, key: str) -> QByteArray | None:
    value = settings.value(key)
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None


def restore_layout(window: QMainWindow, splitter: QSplitter, headers: dict[str, QHeaderView]) -> bool:
    """Put back what save_layout stored; returns False when nothing was stored (first run)."""
    settings = ui_settings()
    geometry = _bytes(settings, "window/geometry")
    if geometry is None:
        return False
    window.restoreGeometry(geometry)
    if (state := _bytes(settings, "window/splitter")) is not None:
        splitter.restoreState(state)
    for name, header in headers.items():
        if (state := _bytes(settings, f"columns/{name}")) is not None:
            header.restoreState(state)
    return True


def save_layout(window: QMainWindow, splitter: QSplitter, headers: dict[str, QHeaderView]) -> None:
    settings = ui_settings()
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/splitter", splitter.saveState())
    for name, header in headers.items():
        settings.setValue(f"columns/{name}", header.saveState())
    settings.sync()
