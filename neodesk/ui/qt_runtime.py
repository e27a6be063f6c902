"""Work around a reference-count bug of the PySide6 6.12 wheels on Python 3.10/3.11.

The abi3 wheels are built with 3.12+ headers, where None, True and False are immortal and
Py_INCREF on them compiles to nothing. Loaded by 3.11, every void Qt method called from Python
(``setText``…) drops one reference to None and every ``Signal.emit()`` one to True, so after a few
thousand calls the interpreter aborts ("Fatal Python error: none_dealloc"). Giving the three
singletons a huge reference count makes them as good as immortal, which is what 3.12 does.
Remove this module once the project runs on Python 3.12+ or a fixed PySide6 wheel.
"""

from __future__ import annotations

import ctypes
import platform
import sys

# Far more references than a desktop session can drop, far below overflow of Py_ssize_t.
_EXTRA_REFERENCES = 1 << 40


def _affected() -> bool:
    # Debug builds with Py_TRACE_REFS put list pointers before ob_refcnt; leave those alone.
    return (platform.python_implementation() == "CPython" and sys.version_info < (3, 12)
            and not hasattr(sys, "getobjects"))


def make_singletons_immortal() -> bool:
    """Raise the reference counts of None, True and False once per process; True if it did."""
    if not _affected() or getattr(sys, "_neodesk_singletons_immortal", False):
        return False
    for obj in (None, True, False):
        refcount = ctypes.c_ssize_t.from_address(id(obj))  # ob_refcnt is PyObject's first field
        refcount.value += _EXTRA_REFERENCES
    sys._neodesk_singletons_immortal = True  # type: ignore[attr-defined]
    return True
