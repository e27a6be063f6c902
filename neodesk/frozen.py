"""What differs when NeoDesk runs from its self-contained build (PyInstaller, packaging/build.py).

The build's program starts with LD_LIBRARY_PATH pointing into its own library folder (PyInstaller's
bootloader does that on Linux; the value the user had is kept in LD_LIBRARY_PATH_ORIG). NeoDesk itself
no longer needs it once started, but every program it starts would inherit it: pdftoppm and lp when
printing, the PDF viewer that opens a report, would load the bundle's older copies of system libraries
(libstdc++, libfreetype, …) and could fail on a newer system. packaging/neodesk_main.py therefore
hands the environment back before anything else runs.
"""

from __future__ import annotations

import sys
from collections.abc import MutableMapping

LIBRARY_PATH = "LD_LIBRARY_PATH"
SAVED_SUFFIX = "_ORIG"


def is_frozen() -> bool:
    """True inside the build (where sys.executable is NeoDesk itself, not a Python interpreter)."""
    return bool(getattr(sys, "frozen", False))


def restore_library_path(environ: MutableMapping[str, str]) -> None:
    """Give child processes the library path the user had before the bundle's bootloader changed it."""
    saved = environ.pop(LIBRARY_PATH + SAVED_SUFFIX, None)
    if saved is not None:
        environ[LIBRARY_PATH] = saved
    else:
        environ.pop(LIBRARY_PATH, None)
