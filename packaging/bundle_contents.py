"""What goes into the frozen NeoDesk and what stays out: shared by the Linux, Windows and macOS specs.

The specs run inside PyInstaller (`exec` of a .spec file); the functions that need PyInstaller's hook
utilities import them when called, so the tables here can be tested without PyInstaller installed.
This module is not part of the app. Everything is listed by rule, not by hand, where possible:
- every `neodesk.*` module is a hidden import (the command line imports its command modules by name
  inside functions, and those imports move as the CLI gets lazier);
- every alembic module but its test kit (alembic imports its plugins by name at run time, and the
  migration scripts, shipped as source, import `alembic.op` and `sqlalchemy`);
- `resources/` ships as the `neodesk.resources` package folder (fonts, icons, report logo, user guide),
  the Alembic migrations as source files next to `neodesk.models`, and the build's build-info.json
  (build date, licences) next to `neodesk/about.py`;
- Qt: only the modules NeoDesk imports (QtCore, QtGui, QtWidgets, QtPrintSupport) and the plugins
  they need; no Qt translations (NeoDesk installs no QTranslator, so they would never load).
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENTRY_SCRIPT = str(ROOT / "packaging" / "neodesk_main.py")
APP_NAME = "NeoDesk"  # the folder dist/NeoDesk/
EXE_NAME = "neodesk"  # the executable inside it
BUILD_INFO = ROOT / "build" / "bundle" / "build-info.json"  # written by packaging/build.py

# Qt modules NeoDesk does not import (grep 'PySide6\.' neodesk): never bundled, even if a hook asks.
QT_EXCLUDES = [
    f"PySide6.{name}"
    for name in (
        "Qt3DAnimation",
        "Qt3DCore",
        "Qt3DExtras",
        "Qt3DInput",
        "Qt3DLogic",
        "Qt3DRender",
        "QtBluetooth",
        "QtCharts",
        "QtConcurrent",
        "QtDataVisualization",
        "QtDBus",
        "QtDesigner",
        "QtGraphs",
        "QtGraphsWidgets",
        "QtHelp",
        "QtHttpServer",
        "QtLocation",
        "QtMultimedia",
        "QtMultimediaWidgets",
        "QtNetwork",
        "QtNetworkAuth",
        "QtNfc",
        "QtOpenGL",
        "QtOpenGLWidgets",
        "QtPdf",
        "QtPdfWidgets",
        "QtPositioning",
        "QtQml",
        "QtQuick",
        "QtQuick3D",
        "QtQuickControls2",
        "QtQuickTest",
        "QtQuickWidgets",
        "QtRemoteObjects",
        "QtScxml",
        "QtSensors",
        "QtSerialBus",
        "QtSerialPort",
        "QtSpatialAudio",
        "QtSql",
        "QtStateMachine",
        "QtSvg",
        "QtSvgWidgets",
        "QtTest",
        "QtTextToSpeech",
        "QtUiTools",
        "QtWebChannel",
        "QtWebEngineCore",
        "QtWebEngineQuick",
        "QtWebEngineWidgets",
        "QtWebSockets",
        "QtWebView",
        "QtXml",
    )
]
# Imported by NeoDesk only when present: QtPdf comes with PySide6-Addons, which NeoDesk does not depend on
# (printing falls back to pdftoppm or lp, neodesk/ui/pdf_printing.py); the build ships Essentials only.
OPTIONAL_QT = ["PySide6.QtPdf"]
# Development tools and other GUI toolkits that a library may mention but NeoDesk never runs.
OTHER_EXCLUDES = [
    "PIL._avif",
    "PIL.AvifImagePlugin",
    "PIL._webp",
    "PIL.WebPImagePlugin",
    "tkinter",
    "_tkinter",
    "pytest",
    "_pytest",
    "hypothesis",
    "pytestqt",
    "IPython",
    "PyQt5",
    "PyQt6",
    "PySide2",
    "numpy",
    "matplotlib",
    "alembic.testing",
    "sqlalchemy.testing",
    "psycopg",
    "psycopg2",
    "psycopg_binary",
]
EXCLUDES = QT_EXCLUDES + OTHER_EXCLUDES

# Qt plugin folders the app does not use: its Qt modules above are gone, and so are these. Wayland's
# graphics-integration plugins and the EGL device integrations serve OpenGL windows; NeoDesk's widgets
# paint in software (wl_shm / xcb), so they stay out with libQt6OpenGL.
UNUSED_QT_PLUGIN_DIRS = (
    "networkinformation",
    "tls",
    "qmltooling",
    "sqldrivers",
    "multimedia",
    "sceneparsers",
    "renderers",
    "geometryloaders",
    "position",
    "webview",
    "designer",
    "canbus",
    "sensors",
    "texttospeech",
    "generic",
    "egldeviceintegrations",
    "wayland-graphics-integration-client",
    "iconengines",
)
UNUSED_QT_PLUGINS = {
    # Platforms for embedded screens and remote viewing; X11 (xcb), Wayland, offscreen and minimal stay.
    "platforms": ("libqeglfs", "libqlinuxfb", "libqvnc", "libqvkkhrdisplay", "libqminimalegl"),
    # The GTK theme loads the system's GTK into a process whose GLib came with the bundle: a classic crash
    # of frozen Qt apps when the two differ. Qt's own Fusion look and the desktop portal theme stay.
    "platformthemes": ("libqgtk3",),
    # NeoDesk reads PNG only (built into QtGui); the SVG icon engine and image format need QtSvg.
    "imageformats": ("libqsvg", "libqtiff", "libqwebp", "libqicns", "libqtga", "libqwbmp", "libqpdf"),
}
# Qt libraries only the plugins above needed.
UNUSED_QT_LIBRARIES = (
    "libQt6Network",
    "libQt6OpenGL",
    "libQt6EglFSDeviceIntegration",
    "libQt6EglFsKmsSupport",
    "libQt6Qml",
    "libQt6Quick",
    "libQt6Pdf",
)


def hidden_imports() -> list[str]:
    from PyInstaller.utils.hooks import collect_submodules

    neodesk = collect_submodules("neodesk", filter=lambda name: not name.startswith("neodesk.resources"))
    alembic = collect_submodules("alembic", filter=lambda name: not name.startswith("alembic.testing"))
    return sorted({*neodesk, *alembic, "_rl_accel", "sqlalchemy.dialects.sqlite", "logging.handlers"})


def datas() -> list[tuple[str, str]]:
    """(source, folder in the bundle) pairs."""
    from PyInstaller.utils.hooks import collect_data_files

    found = [
        (str(ROOT / "neodesk" / "models" / "migrations" / "env.py"), "neodesk/models/migrations"),
        (str(ROOT / "neodesk" / "models" / "migrations" / "script.py.mako"), "neodesk/models/migrations"),
        (str(ROOT / "neodesk" / "models" / "migrations" / "versions" / "*.py"), "neodesk/models/migrations/versions"),
        (str(ROOT / "neodesk" / "py.typed"), "neodesk"),
    ]
    # Every file under resources/ (fonts, icons, report logo, a user guide): the neodesk.resources folder.
    for file in sorted((ROOT / "resources").rglob("*")):
        if file.is_file() and "__pycache__" not in file.parts:
            relative = file.parent.relative_to(ROOT / "resources")
            found.append((str(file), str(Path("neodesk", "resources", relative))))
    if BUILD_INFO.is_file():
        found.append((str(BUILD_INFO), "neodesk"))
    # reportlab's Vera fonts: the fallback when the DejaVu files are missing (fonts.register()).
    found += collect_data_files("reportlab", includes=["fonts/Vera*.ttf", "fonts/*.txt"])
    return found


def _unwanted(destination: str) -> bool:
    parts = Path(destination).parts
    if parts[-1].startswith(UNUSED_QT_LIBRARIES):  # in PySide6/Qt/lib, and its link at the top
        return True
    if not any(part.startswith("PySide6") for part in parts):
        return False
    if "translations" in parts:
        return True
    if "plugins" in parts:
        after = parts[parts.index("plugins") + 1 :]
        if after and after[0] in UNUSED_QT_PLUGIN_DIRS:
            return True
        if len(after) == 2 and after[1].startswith(UNUSED_QT_PLUGINS.get(after[0], ())):
            return True
    return False


def prune(entries: list) -> list:  # type: ignore[type-arg]  # PyInstaller's TOC: (dest, src, kind) tuples
    """Drop Qt translations and the plugins of unused Qt features from an Analysis' binaries or datas."""
    return [entry for entry in entries if not _unwanted(entry[0])]


def drop_orphan_system_libraries(binaries: list) -> list:  # type: ignore[type-arg]
    """Drop the system libraries (collected from outside the Python environment) that nothing left needs.

    PyInstaller collected them for the plugins prune() removed (the GTK theme brought cairo, pango, gio, …).
    Linux only; what is reachable is followed through each kept binary's imports (ldd), repeatedly.
    """
    import sys

    from PyInstaller.depend.bindepend import get_imports

    if not sys.platform.startswith("linux"):
        return binaries
    environment = Path(sys.prefix).resolve()

    def system(entry: tuple[str, str, str]) -> bool:
        source = Path(entry[1]).resolve()
        return (
            entry[2] == "BINARY"
            and environment not in source.parents
            and not Path(entry[0]).name.startswith("libpython")
        )

    kept = list(binaries)
    while True:
        needed = {
            Path(name).name for entry in kept if not _is_link(entry) for name, _path in get_imports(entry[1]) if name
        }
        orphans = [entry for entry in kept if system(entry) and Path(entry[0]).name not in needed]
        if not orphans:
            return kept
        kept = [entry for entry in kept if entry not in orphans]


def _is_link(entry: tuple[str, str, str]) -> bool:
    return entry[2] == "SYMLINK"
