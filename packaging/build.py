"""Build the self-contained NeoDesk: `python packaging/build.py` (needs `pip install -e '.[build]'`).

Steps (the output goes to dist/, the work files to build/; neither is committed):
1. build/bundle/: build-info.json (build date, licences of every bundled library and font, from the
   installed metadata: the frozen app has none of its own), LICENCES.txt (the same, for people), the
   icon set rendered from resources/icons/neodesk.svg (16–512 px) and a Windows .ico;
2. PyInstaller with the spec of this platform (packaging/neodesk-<platform>.spec) → dist/NeoDesk/;
3. on Linux, dist/NeoDesk-<version>-linux-<arch>.tar.gz: NeoDesk/, the desktop entry, the icons,
   install.sh and uninstall.sh (see packaging/README.md).
`--bundle-only` stops after step 1 (what a Windows or macOS build needs before running its spec).
The build time and the folder's size are printed at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))  # neodesk from this checkout, even when not installed
sys.path.insert(0, str(HERE))

from icon_set import SVG, icon_path, render_icons  # noqa: E402

from neodesk import __version__  # noqa: E402

BUILD = ROOT / "build"
BUNDLE = BUILD / "bundle"
DIST = ROOT / "dist"
APP_DIR = DIST / "NeoDesk"
SPECS = {"linux": "neodesk-linux.spec", "win32": "neodesk-windows.spec", "darwin": "neodesk-macos.spec"}


def folder_size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink())


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def licences_text(info: dict[str, object]) -> str:
    lines = [
        f"NeoDesk {info['version']}, built {info['built']}.",
        "",
        "NeoDesk ships these libraries and fonts, each under its own licence:",
        "",
    ]
    for entry in info["licences"]:  # type: ignore[attr-defined]
        version = f" {entry['version']}" if entry["version"] else ""
        lines.append(f"- {entry['name']}{version}: {entry['licence']}")
    lines += [
        "",
        "Qt and PySide6 are used under the GNU Lesser General Public License v3 (LGPL-3.0): the Qt",
        "libraries are the unmodified shared libraries in _internal/PySide6/Qt/lib and may be replaced.",
        "The licence texts are in the licences/ folder beside this file, one folder per component.",
    ]
    return "\n".join(lines) + "\n"


# The LGPL's own text (and the GPL it builds on), for Qt and PySide6, whose wheels carry no licence file.
SYSTEM_LICENCE_TEXTS = (Path("/usr/share/common-licenses/LGPL-3"), Path("/usr/share/common-licenses/GPL-3"))
QT_NAMES = {"qt", "pyside6-essentials", "pyside6", "shiboken6"}


def collect_licence_texts(info: dict[str, object], target: Path) -> list[str]:
    """Copy each bundled component's licence files into target/<name>/; returns the names left without one."""
    import re
    from importlib import metadata

    missing = []
    for entry in info["licences"]:  # type: ignore[attr-defined]
        name, kind = entry["name"], entry["kind"]
        folder = target / re.sub(r"[^A-Za-z0-9._-]+", "-", name)
        sources: list[Path] = []
        if kind == "font":
            from neodesk.reports.resources import resource_dir

            fonts = resource_dir("fonts")
            sources = sorted(fonts.glob(f"{name.split()[0]}-LICEN[CS]E*")) if fonts else []
        elif name == "Python":
            sources = [Path(os.__file__).parent / "LICENSE.txt"]
        else:
            try:
                files = metadata.distribution(name).files or []
            except metadata.PackageNotFoundError:
                files = []
            sources = [
                Path(str(f.locate()))
                for f in files
                if ".dist-info" in str(f)
                and re.search(r"LICEN[CS]E|COPYING|NOTICE|AUTHORS", Path(str(f)).name, re.IGNORECASE)
            ]
        if re.sub(r"[-_.]+", "-", name).lower() in QT_NAMES:
            sources += list(SYSTEM_LICENCE_TEXTS)
        sources = [source for source in sources if source.is_file()]
        if not sources:
            missing.append(name)
            continue
        folder.mkdir(parents=True, exist_ok=True)
        for source in sources:
            shutil.copyfile(source, folder / source.name)
    return missing


def prepare_bundle() -> dict[str, object]:
    """Step 1: build/bundle/ with build-info.json, LICENCES.txt and the icons."""
    from neodesk.about import build_info

    if BUNDLE.exists():
        shutil.rmtree(BUNDLE)
    BUNDLE.mkdir(parents=True)
    info = build_info(datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))
    (BUNDLE / "build-info.json").write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    (BUNDLE / "LICENCES.txt").write_text(licences_text(info), encoding="utf-8")
    missing = collect_licence_texts(info, BUNDLE / "licences")
    if missing:
        print(f"note: no licence file found to ship for {', '.join(missing)} (LICENCES.txt names their licence)")
    icons = BUNDLE / "icons"
    written = render_icons(icons)
    scalable = icons / "hicolor" / "scalable" / "apps" / "neodesk.svg"
    scalable.parent.mkdir(parents=True)
    shutil.copyfile(SVG, scalable)
    _windows_icon(written[256], BUNDLE / "neodesk.ico")
    return info


def _windows_icon(png: Path, target: Path) -> None:
    from PySide6.QtGui import QImage

    if not QImage(str(png)).save(str(target), "ICO"):  # Qt's ico plugin; without it the .exe keeps the default icon
        print(f"note: no {target.name} (Qt's ICO writer is missing)")


def run_pyinstaller() -> None:
    spec = HERE / SPECS.get(sys.platform, SPECS["linux"])
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        str(spec),
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(DIST),
        "--workpath",
        str(BUILD / "pyinstaller"),
    ]
    print("+", " ".join(command), flush=True)
    subprocess.run(command, check=True, cwd=ROOT)


def make_tarball() -> Path:
    """Step 3 (Linux): NeoDesk-<version>/ with the app, desktop entry, icons and the install scripts."""
    machine = platform.machine().lower() or "unknown"
    top = f"NeoDesk-{__version__}"
    target = DIST / f"{top}-linux-{machine}.tar.gz"
    partial = target.with_name(target.name + ".part")
    with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
        tar.add(APP_DIR, arcname=f"{top}/NeoDesk")
        tar.add(HERE / "neodesk.desktop", arcname=f"{top}/neodesk.desktop")
        tar.add(BUNDLE / "icons", arcname=f"{top}/icons")
        for script in ("install.sh", "uninstall.sh"):
            tar.add(HERE / "linux" / script, arcname=f"{top}/{script}")
        tar.add(BUNDLE / "LICENCES.txt", arcname=f"{top}/LICENCES.txt")
        version = BUILD / "VERSION"
        version.write_text(__version__ + "\n", encoding="utf-8")
        tar.add(version, arcname=f"{top}/VERSION")
        tar.add(HERE / "README.md", arcname=f"{top}/README.md")
    os.replace(partial, target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle-only", action="store_true", help="only write build/bundle/ (icons, build info)")
    parser.add_argument("--no-tarball", action="store_true", help="skip the Linux .tar.gz")
    args = parser.parse_args(argv)

    started = time.monotonic()
    info = prepare_bundle()
    print(
        f"build/bundle: build-info.json ({info['built']}), LICENCES.txt, icons {icon_path(BUNDLE / 'icons', 16).name}"
        f" in {len(list((BUNDLE / 'icons').rglob('*.png')))} sizes"
    )
    if args.bundle_only:
        return 0
    run_pyinstaller()
    if not (APP_DIR / ("neodesk.exe" if sys.platform == "win32" else "neodesk")).exists() and sys.platform != "darwin":
        print(f"build.py: PyInstaller finished but {APP_DIR} has no neodesk executable.", file=sys.stderr)
        return 1
    shutil.copyfile(BUNDLE / "LICENCES.txt", APP_DIR / "LICENCES.txt")
    shutil.copytree(BUNDLE / "licences", APP_DIR / "licences", dirs_exist_ok=True)
    built = time.monotonic() - started
    print(f"Built {APP_DIR} in {built:.0f} s; folder size {megabytes(folder_size(APP_DIR))}")
    if sys.platform.startswith("linux") and not args.no_tarball:
        tarball = make_tarball()
        print(f"Tarball {tarball} ({megabytes(tarball.stat().st_size)}), total time {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
