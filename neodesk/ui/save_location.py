"""Where the app suggests saving the files it writes (reports, exports): the user's Documents folder.

Not the home folder's root, where files get lost among dot-files; the folder the user last chose for
that kind of file wins when it still exists.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths

from neodesk.ui.settings_store import ui_settings


def documents_folder() -> Path:
    """The user's Documents folder (the home folder only on a system that has none)."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def remembered_folder(key: str) -> Path:
    """The folder last chosen for ``key`` (e.g. ``reports/folder``), else Documents."""
    remembered = ui_settings().value(key)
    if isinstance(remembered, str) and Path(remembered).is_dir():
        return Path(remembered)
    return documents_folder()


def remember_folder(key: str, file: Path) -> None:
    ui_settings().setValue(key, str(file.parent))
