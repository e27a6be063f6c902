"""Where the report engine finds its files (fonts, logo) in a checkout and in an installed package."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # neodesk/


def resource_path(*parts: str) -> Path | None:
    """The first existing `resources/<parts>`: the checkout's top-level folder, then the package's.

    None when the file is missing: callers fall back to something built in, because a missing font
    or logo must not stop a counselor from printing a report.
    """
    for root in (_PACKAGE.parent / "resources", _PACKAGE / "resources"):
        candidate = root.joinpath(*parts)
        if candidate.is_file():
            return candidate
    return None


def resource_dir(*parts: str) -> Path | None:
    """The first existing folder `resources/<parts>`, looked for where resource_path looks for files."""
    for root in (_PACKAGE.parent / "resources", _PACKAGE / "resources"):
        candidate = root.joinpath(*parts)
        if candidate.is_dir():
            return candidate
    return None
