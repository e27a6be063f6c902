"""The self-contained build's parts that can be checked without building (packaging/; the build itself
runs in .ci/run with packaging/smoke_test.sh): specs, install scripts, icons, licences, what is left out."""

from __future__ import annotations

import ast
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

from neodesk import about

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
SPECS = ("neodesk-linux.spec", "neodesk-windows.spec", "neodesk-macos.spec")
SCRIPTS = (PACKAGING / "linux" / "install.sh", PACKAGING / "linux" / "uninstall.sh", PACKAGING / "smoke_test.sh")


def _load(name: str) -> ModuleType:
    # packaging/ is a folder of scripts, not a package (and `packaging` is also pip's library's name).
    spec = importlib.util.spec_from_file_location(f"neodesk_packaging_{name}", PACKAGING / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_spec_builds_the_entry_point_the_package_installs() -> None:
    contents = _load("bundle_contents")
    entry = Path(contents.ENTRY_SCRIPT)
    tree = ast.parse(entry.read_text(encoding="utf-8"))
    imported = {
        (node.module, alias.name) for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names
    }
    script = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]["neodesk"]
    module, function = script.split(":")
    assert (module, function) in imported
    for name in SPECS:
        text = (PACKAGING / name).read_text(encoding="utf-8")
        for needed in ("bc.ENTRY_SCRIPT", "name=bc.EXE_NAME", "excludes=bc.EXCLUDES", "bc.prune(a.binaries)"):
            assert needed in text, f"{name} lacks {needed}"
    assert contents.EXE_NAME == "neodesk"


def test_pyinstaller_is_a_build_extra_not_a_test_dependency() -> None:
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert any(req.lower().startswith("pyinstaller") for req in extras["build"])
    assert not any(req.lower().startswith("pyinstaller") for req in extras["test"])


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_scripts_are_executable_and_parse(script: Path) -> None:
    assert os.access(script, os.X_OK), f"{script.name} is not executable"
    done = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def _fake_unpacked_tarball(folder: Path) -> Path:
    """The tarball's layout with a stand-in program (the real one takes a build)."""
    top = folder / "NeoDesk-9.9"
    (top / "NeoDesk").mkdir(parents=True)
    program = top / "NeoDesk" / "neodesk"
    program.write_text("#!/bin/sh\necho NeoDesk 9.9\n")
    program.chmod(0o755)
    (top / "VERSION").write_text("9.9\n")
    for script in ("install.sh", "uninstall.sh"):
        (top / script).write_bytes((PACKAGING / "linux" / script).read_bytes())
        (top / script).chmod(0o755)
    (top / "neodesk.desktop").write_bytes((PACKAGING / "neodesk.desktop").read_bytes())
    for size in (16, 512):
        icon = top / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "neodesk.png"
        icon.parent.mkdir(parents=True)
        icon.write_bytes(b"\x89PNG stand-in")
    return top


def test_install_puts_the_app_in_the_xdg_places_and_uninstall_keeps_the_data(tmp_path: Path) -> None:
    top = _fake_unpacked_tarball(tmp_path / "unpacked")
    home = tmp_path / "home"
    data = home / ".local" / "share" / "NeoDesk"
    data.mkdir(parents=True)
    (data / "neodesk.sqlite3").write_text("the counselor's records")
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin"}

    done = subprocess.run([str(top / "install.sh")], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    app = home / ".local" / "lib" / "neodesk" / "neodesk"
    command = home / ".local" / "bin" / "neodesk"
    assert command.is_symlink()
    assert command.resolve() == app.resolve()
    assert subprocess.run([str(command)], capture_output=True, text=True).stdout.strip() == "NeoDesk 9.9"
    entry = (home / ".local" / "share" / "applications" / "neodesk.desktop").read_text()
    assert f"Exec={app}" in entry.splitlines()  # absolute: ~/.local/bin is not on every desktop's PATH
    assert "Icon=neodesk" in entry.splitlines()
    if shutil.which("desktop-file-validate"):  # desktop-file-utils, where installed
        checked = subprocess.run(
            ["desktop-file-validate", str(home / ".local" / "share" / "applications" / "neodesk.desktop")],
            capture_output=True,
            text=True,
        )
        assert checked.returncode == 0, checked.stdout + checked.stderr
    for size in (16, 512):
        assert (home / ".local" / "share" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "neodesk.png").is_file()

    again = subprocess.run([str(top / "install.sh")], env=env, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr  # installing over an installation replaces it

    gone = subprocess.run([str(top / "uninstall.sh")], env=env, capture_output=True, text=True)
    assert gone.returncode == 0, gone.stderr
    assert not app.exists()
    assert not command.is_symlink()
    assert not (home / ".local" / "share" / "applications" / "neodesk.desktop").exists()
    assert not (home / ".local" / "share" / "icons" / "hicolor" / "16x16" / "apps" / "neodesk.png").exists()
    assert (data / "neodesk.sqlite3").read_text() == "the counselor's records"


def test_a_system_install_needs_root_and_says_so() -> None:
    command: list[str] = []
    if os.geteuid() == 0:  # as root (CI), run the script as nobody
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv to drop privileges")
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    with tempfile.TemporaryDirectory() as folder:
        Path(folder).chmod(0o755)  # readable by nobody
        top = _fake_unpacked_tarball(Path(folder))
        done = subprocess.run(
            [*command, str(top / "install.sh"), "--system"],
            capture_output=True,
            text=True,
            env={"HOME": folder, "PATH": "/usr/bin:/bin"},
        )
    assert done.returncode == 4, done.stderr
    assert "sudo" in done.stderr
    assert not Path("/opt/neodesk/neodesk").exists() or Path("/opt/neodesk").stat().st_uid == 0


def test_an_unknown_option_is_a_usage_error(tmp_path: Path) -> None:
    top = _fake_unpacked_tarball(tmp_path)
    done = subprocess.run(
        [str(top / "install.sh"), "--everyone"],
        capture_output=True,
        text=True,
        env={"HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 2
    assert not (tmp_path / "home" / ".local").exists()


def test_the_icon_set_is_rendered_from_the_svg_in_every_size(qapp, tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    icons = _load("icon_set")
    written = icons.render_icons(tmp_path)
    assert sorted(written) == [16, 24, 32, 48, 64, 128, 256, 512]
    for size, file in written.items():
        assert file == tmp_path / "hicolor" / f"{size}x{size}" / "apps" / "neodesk.png"
        image = QImage(str(file))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel()
        assert image.pixelColor(size // 2, size // 8).alpha() == 255  # drawn, not an empty square


def test_the_licences_list_pyside6_and_qt_under_the_lgpl() -> None:
    entries = {re.sub(r"[-_.]+", "-", entry.name).lower(): entry for entry in about.library_licences()}
    assert "LGPL-3.0" in entries["pyside6-essentials"].licence
    assert entries["qt"].licence == "LGPL-3.0-only"
    assert entries["sqlalchemy"].licence == "MIT"
    assert "BSD" in entries["reportlab"].licence
    assert {"cryptography", "alembic", "platformdirs", "xmlschema", "rl-accel"} <= set(entries)
    assert "pytest" not in entries  # a test tool, not bundled
    info = about.build_info("2026-12-01 09:30 UTC")
    assert info["built"] == "2026-12-01 09:30 UTC"
    assert {"name": "Qt", "version": entries["qt"].version, "licence": "LGPL-3.0-only", "kind": "library"} in (
        info["licences"]
    )
    assert any(entry["kind"] == "font" and entry["name"].startswith("DejaVu") for entry in info["licences"])


def test_unused_qt_modules_are_excluded_and_the_used_ones_are_not() -> None:
    contents = _load("bundle_contents")
    used = set()
    for file in (ROOT / "neodesk").rglob("*.py"):
        used |= set(re.findall(r"^\s*from PySide6\.(Qt\w+) import", file.read_text(encoding="utf-8"), re.MULTILINE))
    assert used >= {"QtCore", "QtGui", "QtWidgets"}
    assert not ({f"PySide6.{name}" for name in used} - set(contents.OPTIONAL_QT)) & set(contents.EXCLUDES)
    for unused in ("QtWebEngineCore", "QtWebEngineWidgets", "Qt3DCore", "QtQuick", "QtQml", "QtMultimedia"):
        assert f"PySide6.{unused}" in contents.EXCLUDES


def test_pruning_drops_translations_and_unused_plugins_but_keeps_what_the_app_needs() -> None:
    contents = _load("bundle_contents")
    qt = "PySide6/Qt"
    kept = [
        f"{qt}/plugins/platforms/libqxcb.so",
        f"{qt}/plugins/platforms/libqwayland.so",
        f"{qt}/plugins/platforms/libqoffscreen.so",
        f"{qt}/plugins/printsupport/libcupsprintersupport.so",
        f"{qt}/plugins/platformthemes/libqxdgdesktopportal.so",
        f"{qt}/lib/libQt6Widgets.so.6",
        f"{qt}/lib/libQt6PrintSupport.so.6",
        "neodesk/resources/fonts/DejaVuSans.ttf",
    ]
    dropped = [
        f"{qt}/translations/qtbase_de.qm",
        f"{qt}/plugins/platformthemes/libqgtk3.so",
        f"{qt}/plugins/platforms/libqvnc.so",
        f"{qt}/plugins/tls/libqopensslbackend.so",
        f"{qt}/plugins/imageformats/libqsvg.so",
        f"{qt}/lib/libQt6Network.so.6",
        "libQt6Network.so.6",
    ]
    entries = [(name, "/src/" + name, "BINARY") for name in kept + dropped]
    assert [entry[0] for entry in contents.prune(entries)] == kept


def test_every_neodesk_module_is_a_hidden_import() -> None:
    pytest.importorskip("PyInstaller", reason="PyInstaller (the [build] extra) is not installed")
    contents = _load("bundle_contents")
    hidden = set(contents.hidden_imports())
    modules = {
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for path in (ROOT / "neodesk").rglob("*.py")
        if "migrations" not in path.parts
    }
    assert modules <= hidden, sorted(modules - hidden)
    assert {"neodesk.cli.demo", "neodesk.cli.reports", "neodesk.cli.exchange", "alembic.op"} <= hidden


def test_build_info_is_bundled_next_to_the_module_that_reads_it() -> None:
    contents = _load("bundle_contents")
    assert contents.BUILD_INFO.name == about.BUILD_INFO_FILE
    assert about.build_info_path().parent == Path(about.__file__).resolve().parent
    assert sys.modules["neodesk.about"] is about


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ({"LD_LIBRARY_PATH": "/opt/NeoDesk/_internal", "HOME": "/h"}, {"HOME": "/h"}),
        (
            {"LD_LIBRARY_PATH": "/opt/NeoDesk/_internal:/usr/local/lib", "LD_LIBRARY_PATH_ORIG": "/usr/local/lib"},
            {"LD_LIBRARY_PATH": "/usr/local/lib"},
        ),
        ({"PATH": "/usr/bin"}, {"PATH": "/usr/bin"}),
    ],
)
def test_programs_the_build_starts_get_the_users_library_path(before: dict[str, str], after: dict[str, str]) -> None:
    from neodesk.frozen import is_frozen, restore_library_path

    environ = dict(before)
    restore_library_path(environ)
    assert environ == after
    assert is_frozen() is False  # the tests run from source


def test_the_smoke_test_uses_every_compiled_runtime_dependency() -> None:
    """A library with a compiled part PyInstaller could leave out is run by the smoke test against the build:
    cryptography (the signed bundle) and argon2-cffi (administrator passphrases, added with issue 9)."""
    smoke = (PACKAGING / "smoke_test.sh").read_text(encoding="utf-8")
    assert re.search(r"^\s*run export bundle --all", smoke, re.MULTILINE)  # cryptography signs it
    assert re.search(r"run counselor passphrase admin@localhost\s*$", smoke, re.MULTILINE)  # argon2 hashes
    assert "NEODESK_ADMIN_PASSPHRASE=smoke-test-passphrase" in smoke  # argon2 verifies
