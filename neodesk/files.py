"""Writing files whole or not at all (no Qt, no database): exports, keys and reports share it.

A reader (a viewer, the central office, an upload) must never see half a file under the target name,
and a file we report as written must survive a power cut: write a temporary file beside the target,
fsync it, rename it over the target, fsync the folder. The temporary file is made owner-only
(mkstemp), so a file published from it is too. Every target first passes the output guard: nothing
is ever written over a database or one of its -wal/-shm files.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from neodesk.output_guard import check_output


def temporary_beside(out: Path) -> tuple[int, Path]:
    """An open descriptor and the path of a new hidden temporary file in `out`'s folder (made if missing).

    Raises OutputRefused (nothing made) when `out` is a folder, a database or a database's -wal/-shm.
    """
    check_output(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    return fd, Path(name)


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX; other systems cannot open a folder, and need not)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish(tmp: Path, out: Path) -> Path:
    """Rename the finished, fsynced `tmp` over `out` and make the rename durable."""
    os.replace(tmp, out)
    fsync_folder(out.parent)
    return out


def write_atomic(out: Path, data: bytes) -> Path:
    """Write `data` to `out` whole or not at all; on any error nothing is left behind."""
    fd, tmp = temporary_beside(out)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        return publish(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
