"""PySide6's look at every module imported after it, given the same answer for less: a start-up cost.

Why. Importing PySide6 replaces Python's `__import__` with a hook (for its opt-in `from __feature__ import
snake_case, true_property`) that asks of every module imported afterwards whether it uses PySide6, to
set that module's feature default: `shibokensupport.feature._mod_uses_pyside(module)` calls
`inspect.getsource(module)`, which reads the module's file into `linecache` line by line (and keeps it
there for the life of the process), joins the lines, and looks for the text "PySide6". The desktop app
imports ~370 modules after its window's first paint (SQLAlchemy, the models, the editor): on the
development VM that check took 50-90 ms of the start's CPU, 10-15 % of those imports (bench_start.py).

`install()` puts a check with the same answer in its place: the bytes of the module's `.py` file searched
for b"PySide6" (ASCII, so the bytes contain it exactly when the decoded source does). A module without a
readable `.py` file (built in, an extension, a frozen app's) goes to PySide6's own check. NeoDesk uses
no `__feature__`; if a PySide6 release drops or renames the function, `install()` leaves things as they are.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

import PySide6.QtCore  # noqa: F401  # installs the import hook (and shibokensupport.feature) if not yet done

_FEATURE_MODULE = "shibokensupport.feature"
_CHECK = "_mod_uses_pyside"
_NEEDLE = b"PySide6"


def _reading_the_file(pyside_check: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    def mod_uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return _NEEDLE in source.read()
            except OSError:
                pass
        return pyside_check(module)

    mod_uses_pyside.__wrapped__ = pyside_check  # type: ignore[attr-defined]  # PySide6's own, for tests
    return mod_uses_pyside


def install() -> bool:
    """Use the cheaper check from now on (once); False when PySide6 has no such check to replace."""
    feature = sys.modules.get(_FEATURE_MODULE)
    pyside_check = getattr(feature, _CHECK, None)
    if feature is None or not callable(pyside_check):
        return False
    if not hasattr(pyside_check, "__wrapped__"):
        setattr(feature, _CHECK, _reading_the_file(pyside_check))
    return True
