"""The wheel carries every package and the resources the reports need."""

from __future__ import annotations

import tomllib
from pathlib import Path

import setuptools

ROOT = Path(__file__).resolve().parents[1]


def test_listed_packages_match_the_tree() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    found = set(setuptools.find_packages(where=str(ROOT), include=["neodesk*"]))
    # resources/ holds data folders, listed so setuptools ships them without "absent package" warnings.
    resources = {"neodesk.resources"} | {
        f"neodesk.resources.{d.name}" for d in (ROOT / "resources").iterdir() if d.is_dir()
    }
    assert set(config["packages"]) == found | resources
    assert config["package-dir"] == {"neodesk.resources": "resources"}


def test_report_resources_exist_where_the_package_maps_them() -> None:
    from neodesk.reports.resources import resource_path

    assert (ROOT / "resources" / "fonts" / "DejaVuSans.ttf").is_file()
    assert resource_path("fonts", "DejaVuSans.ttf") is not None
    assert resource_path("reports", "neodesk-logo.png") is not None


def test_desktop_entry_starts_the_app_with_its_icon() -> None:
    import configparser

    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    entry.read(ROOT / "packaging" / "neodesk.desktop")
    section = entry["Desktop Entry"]
    assert (section["Type"], section["Exec"], section["Icon"]) == ("Application", "neodesk", "neodesk")
    assert (ROOT / "resources" / "icons" / "neodesk.svg").read_text().lstrip().startswith("<svg")
