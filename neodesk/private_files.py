"""Owner-only files: the database, its -wal/-shm, backups, keys and logs hold clients' personal data.

Folders NeoDesk makes for them are 0700 and every file in them 0600, whatever the umask; ones made
by an older NeoDesk are tightened at start. (On Windows chmod only toggles read-only; the per-user
profile folders are private there already, so this is a no-op in effect.)
"""

from __future__ import annotations

import os
from pathlib import Path

from neodesk import paths

FOLDER_MODE = 0o700
FILE_MODE = 0o600


def private_folder(folder: Path) -> Path:
    """Make `folder` (and missing parents) and leave it owner-only."""
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    tighten(folder)
    return folder


def tighten(path: Path) -> None:
    """chmod `path` to owner-only (0700 a folder, 0600 a file) if it is ours and looser; errors ignored."""
    try:
        st = path.lstat()
        if path.is_symlink() or (hasattr(os, "getuid") and st.st_uid != os.getuid()):
            return  # not ours to change (a shared folder the user pointed --db at, a link)
        mode = FOLDER_MODE if path.is_dir() else FILE_MODE
        if st.st_mode & 0o777 & ~mode:
            path.chmod(mode)
    except OSError:
        pass


def create_private_file(path: Path) -> None:
    """Create `path` empty and owner-only if it does not exist (SQLite then keeps its mode for -wal/-shm)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return
    os.close(fd)


def tighten_database(path: Path) -> None:
    """The database file and its companions, owner-only."""
    for file in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))):
        if file.exists():
            tighten(file)


def tighten_data_folders() -> None:
    """The data, backups, keys, reports, attachments and log folders and the files in them, owner-only
    (cheap: no recursion)."""
    data = paths.data_dir()
    folders = [data, paths.backup_dir(), data / "keys", data / "reports", data / "attachments", paths.log_dir()]
    for folder in folders:
        if not folder.is_dir():
            continue
        tighten(folder)
        try:
            entries = list(folder.iterdir())
        except OSError:
            continue
        for entry in entries:
            if entry.is_file():
                tighten(entry)
