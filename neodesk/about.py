"""What About NeoDesk tells, without Qt: the build, the folders, and the licences of what ships with it.

A frozen NeoDesk (PyInstaller, packaging/build.py) carries no package metadata, so the build writes
`build-info.json` beside this module inside the bundle: the build date and the licences, computed
then by `licences()` from the build machine's installed metadata. Run from source, the same function
reads the installed metadata now, and the build date is "from source".
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from neodesk import __version__, paths

BUILD_INFO_FILE = "build-info.json"
FROM_SOURCE = "from source"
DISTRIBUTION = "neodesk"
# Qt's libraries come inside the PySide6 wheel, which names no licence for them separately.
QT_LICENCE = "LGPL-3.0-only"
QT_DISTRIBUTIONS = ("PySide6-Essentials", "PySide6", "PySide6-Addons")


@dataclass(frozen=True, slots=True)
class Licence:
    name: str  # a distribution ("SQLAlchemy"), "Qt", "Python" or a font family
    version: str
    licence: str  # an SPDX expression where the metadata gives one, else its short text
    kind: str  # "library" or "font"

    def line(self) -> str:
        version = f" {self.version}" if self.version else ""
        return f"{self.name}{version}: {self.licence}"


@dataclass(frozen=True, slots=True)
class AboutInfo:
    version: str
    build_date: str  # "2026-12-03 16:30 UTC" for a build, FROM_SOURCE otherwise
    data_dir: Path
    log_dir: Path
    licences: tuple[Licence, ...]


def build_info_path() -> Path:
    return Path(__file__).resolve().parent / BUILD_INFO_FILE


def read_build_info() -> dict[str, Any] | None:
    """The bundle's build-info.json, or None from source (or when it is missing or unreadable)."""
    try:
        data = json.loads(build_info_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def about_info() -> AboutInfo:
    info = read_build_info()
    if info is not None:
        built = str(info.get("built") or "unknown")
        found = tuple(_from_json(entry) for entry in info.get("licences", []) if isinstance(entry, dict))
    else:
        built, found = FROM_SOURCE, licences()
    return AboutInfo(__version__, built, paths.data_dir(), paths.log_dir(), found)


def _from_json(entry: dict[str, Any]) -> Licence:
    return Licence(*(str(entry.get(key) or "") for key in ("name", "version", "licence", "kind")))


def build_info(built: str) -> dict[str, Any]:
    """What packaging/build.py writes into the bundle as build-info.json."""
    return {"version": __version__, "built": built, "licences": [asdict(entry) for entry in licences()]}


# -- licences -----------------------------------------------------------------------------------------------------
def _licence_of(metadata: Any) -> str:
    expression = metadata.get("License-Expression")
    if expression:
        return str(expression).strip()
    text = str(metadata.get("License") or "").strip()
    if text and "\n" not in text and len(text) <= 60 and text.upper() != "UNKNOWN":
        return text
    classifiers = [
        c.rsplit("::", 1)[-1].strip() for c in metadata.get_all("Classifier") or [] if c.startswith("License ::")
    ]
    if classifiers:
        return " / ".join(classifiers)
    return text.splitlines()[0][:60] if text else "see its licence file"


def _required_names(metadata: Any) -> list[str]:
    """The distributions `metadata` needs on this machine, extras left out (as pip would install them)."""
    names = []
    for spec in metadata.get_all("Requires-Dist") or []:
        name, _, marker = spec.partition(";")
        if _marker_holds(marker.strip()):
            names.append(re.split(r"[\s\[(<>=!~]", name.strip(), maxsplit=1)[0])
    return names


def _marker_holds(marker: str) -> bool:
    if not marker:
        return True
    if "extra" in marker:
        return False  # an optional extra: not installed with NeoDesk
    try:
        from packaging.markers import InvalidMarker, Marker
    except ImportError:  # `packaging` is a build and test tool, not a dependency: count it as needed
        return True
    try:
        return Marker(marker).evaluate()
    except InvalidMarker:
        return True


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def library_licences(root: str = DISTRIBUTION) -> list[Licence]:
    """Every distribution NeoDesk needs (its requirements, theirs, …), with its licence, sorted by name."""
    from importlib import metadata

    seen: dict[str, Licence] = {}
    pending = _required_names(metadata.metadata(root))
    while pending:
        name = pending.pop()
        if _canonical(name) in seen:
            continue
        try:
            found = metadata.metadata(name)
        except metadata.PackageNotFoundError:
            continue  # not installed here (e.g. a requirement for another platform): not bundled either
        seen[_canonical(name)] = Licence(found["Name"], found["Version"], _licence_of(found), "library")
        pending.extend(_required_names(found))
    entries = sorted(seen.values(), key=lambda entry: entry.name.lower())
    wheels = {_canonical(name) for name in QT_DISTRIBUTIONS}
    qt = next((entry for entry in entries if _canonical(entry.name) in wheels), None)
    if qt is not None:
        entries.append(Licence("Qt", qt.version, QT_LICENCE, "library"))
    python = ".".join(str(part) for part in sys.version_info[:3])
    entries.append(Licence("Python", python, "PSF-2.0", "library"))
    return entries


def font_licences() -> list[Licence]:
    """One entry per licence file under resources/fonts (`<Family>-LICENSE.txt`)."""
    from neodesk.reports.resources import resource_dir

    folder = resource_dir("fonts")
    if folder is None:
        return []
    entries = []
    for file in sorted(folder.glob("*-LICEN[CS]E*")):
        family = file.name.split("-LICEN", 1)[0]
        text = file.read_text(encoding="utf-8", errors="replace")
        # Debian copyright files name the licence on a "License:" line; others say it in their first line.
        named = re.search(r"^License:\s*(\S.*)$", text, re.MULTILINE)
        first = next((line.strip() for line in text.splitlines() if line.strip()), "see the licence file")
        fonts = ", ".join(sorted(f.stem for f in folder.glob(f"{family}*.[ot]tf")))
        licence = named.group(1).strip() if named else first
        where = f"{file.name}: {fonts}" if fonts else file.name
        entries.append(Licence(f"{family} fonts", "", f"{licence} ({where})", "font"))
    return entries


def licences() -> tuple[Licence, ...]:
    return (*library_licences(), *font_licences())
