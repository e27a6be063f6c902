"""Issue 13, Print and reports: options and the file are chosen before the PDF is written; Reports ▸
Impact report… writes the impact report with its filters and offers Open."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from modal_driver import Modals, click
from pypdf import PdfReader
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from neodesk.ui.main_window import MainWindow
from neodesk.ui.save_location import documents_folder

WindowFactory = Callable[[], MainWindow]


@pytest.fixture
def modals(qtbot: QtBot) -> Iterator[Modals]:
    driver = Modals(qtbot)
    yield driver
    driver.finish()


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def find(dialog: Any, kind: type[Any], name: str) -> Any:
    widget = dialog.findChild(kind, name)
    assert widget is not None, name
    return widget


def test_print_asks_options_and_file_before_writing(
    qtbot: QtBot, modals: Modals, open_window: WindowFactory, make_client: Callable[..., Any], tmp_path: Path
) -> None:
    make_client("Quetzal Robotics")
    window = open_window()
    target = tmp_path / "quetzal.pdf"
    seen: dict[str, Any] = {}

    def options(dialog: Any) -> None:
        suggested = Path(find(dialog, QLineEdit, "report.saveAs").text())
        seen["suggested"] = suggested
        seen["written_before"] = list(tmp_path.glob("*.pdf")) + list(suggested.parent.glob(suggested.name))
        click(qtbot, find(dialog, QCheckBox, "report.all"))
        find(dialog, QLineEdit, "report.saveAs").setText(str(target))
        click(qtbot, find(dialog, QPushButton, "report.write"))

    def report(dialog: Any) -> None:
        seen["path"] = dialog.path
        seen["intro"] = dialog.findChild(QLabel, "report.intro").text()
        dialog.reject()

    modals.expect("PrintOptionsDialog", options)
    modals.expect("ReportDialog", report)
    window.action_print_report.trigger()
    assert seen["written_before"] == []  # nothing was written while the options were open
    assert seen["suggested"].parent == documents_folder()
    assert seen["suggested"].name.startswith("client-1-milestones-")
    assert seen["path"] == target
    assert "with non-reportable records" in seen["intro"]
    assert "Records listed All (non-reportable marked)" in pdf_text(target)


def test_cancelling_the_print_options_writes_nothing(
    qtbot: QtBot, modals: Modals, open_window: WindowFactory, make_client: Callable[..., Any], data_dir: Path
) -> None:
    make_client()
    window = open_window()
    modals.expect("PrintOptionsDialog", lambda dialog: dialog.reject())
    window.action_print_report.trigger()
    assert not list(data_dir.rglob("*.pdf"))


class _Viewer(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    @Slot(QUrl)
    def show(self, url: QUrl) -> None:
        self.opened.append(url.toLocalFile())


def test_reports_menu_writes_the_impact_report_with_its_filters(
    qtbot: QtBot, modals: Modals, open_window: WindowFactory, make_client: Callable[..., Any], tmp_path: Path
) -> None:
    make_client()
    window = open_window()
    reports = window.menuBar().findChild(type(window.admin_menu), "menu.reports")
    assert reports is not None
    assert window.action_impact_report in reports.actions()
    assert window.action_impact_report.text().replace("&", "") == "Impact report…"
    target = tmp_path / "impact.pdf"
    viewer = _Viewer()
    QDesktopServices.setUrlHandler("file", viewer, "show")

    def fill(dialog: Any) -> None:
        find(dialog, QLineEdit, "impact.from").setText("2020-01-01")
        find(dialog, QLineEdit, "impact.to").setText("2030-12-31")
        find(dialog, QLineEdit, "impact.to").editingFinished.emit()
        assert find(dialog, QLineEdit, "impact.saveAs").text().endswith("impact-2020-01-01-to-2030-12-31.pdf")
        funding = find(dialog, QComboBox, "impact.funding")
        funding.setCurrentIndex(funding.findData("SBDC"))
        assert find(dialog, QComboBox, "impact.counselor").count() >= 2  # All counselors + the counselors
        find(dialog, QLineEdit, "impact.saveAs").setText(str(target))
        open_button = find(dialog, QPushButton, "impact.open")
        assert not open_button.isEnabled()
        click(qtbot, find(dialog, QPushButton, "impact.write"))
        assert open_button.isEnabled(), find(dialog, QLabel, "impact.message").text()
        click(qtbot, open_button)
        dialog.reject()

    modals.expect("ImpactReportDialog", fill)
    try:
        window.action_impact_report.trigger()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    text = pdf_text(target)
    assert "Impact Report" in text
    assert "2020-01-01 to 2030-12-31" in text
    assert "SBDC" in text
    assert viewer.opened == [str(target)]
