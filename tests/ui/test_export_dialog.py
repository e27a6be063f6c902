"""File ▸ Export…: the ExportDialog writes bundles and Nexus uploads with progress, refuses bad input at
the field, can be cancelled, and the status bar's count of records not yet exported follows."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from gui_drivers import answer, click_standard
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from neodesk.exchange import bundle_export, nexus_export
from neodesk.models import Database
from neodesk.ui.export_dialog import ExportDialog, previous_month
from neodesk.ui.main_window import MainWindow

WindowFactory = Callable[[], MainWindow]


@pytest.fixture
def dialog(qtbot: Any, db: Database) -> Iterator[ExportDialog]:
    shown = ExportDialog(db, pending=3, today=date(2026, 11, 24))
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    yield shown
    if shown.job.running:
        shown.job.cancel()
        shown.job.wait()
    shown.job.shutdown()
    shown.close()


def run_export(qtbot: Any, dialog: ExportDialog) -> None:
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.job.running and dialog.start_button.isEnabled())


def test_defaults_are_a_changes_bundle_and_last_month(dialog: ExportDialog) -> None:
    assert dialog.kind == "bundle"
    assert "Changed since the last export: 3 records" in dialog.changes_label.text()
    assert not dialog.everything.isChecked()
    assert (dialog.date_from.text(), dialog.date_to.text()) == ("2026-10-01", "2026-10-31")
    assert not dialog.date_from.isEnabled()
    assert Path(dialog.path_edit.text()).name.startswith("neodesk-changes-")
    dialog.nexus_choice.setChecked(True)
    assert Path(dialog.path_edit.text()).name == "nexus-641-2026-10-01-to-2026-10-31.xml"
    assert dialog.date_from.isEnabled()
    assert not dialog.everything.isEnabled()


@pytest.mark.parametrize(
    ("today", "period"),
    [
        (date(2026, 1, 15), (date(2025, 12, 1), date(2025, 12, 31))),
        (date(2024, 3, 1), (date(2024, 2, 1), date(2024, 2, 29))),
    ],
)
def test_previous_month(today: date, period: tuple[date, date]) -> None:
    assert previous_month(today) == period


def test_a_bundle_is_written_and_the_changes_count_drops_to_zero(
    qtbot, dialog: ExportDialog, db: Database, make_client, tmp_path: Path
) -> None:
    make_client("Bundle Bakery")
    assert bundle_export.unexported_count(db) >= 1
    dialog.path_edit.setText(str(tmp_path / "handover"))  # the .zip is added
    run_export(qtbot, dialog)
    target = tmp_path / "handover.zip"
    assert dialog.result is not None
    assert dialog.result.path == target
    assert dialog.result.total >= 1
    with zipfile.ZipFile(target) as bundle:
        manifest = json.loads(bundle.read("manifest.json"))
        assert "datapackage.json" in bundle.namelist()
    assert manifest["counts"]
    assert "Exported" in dialog.message.text()
    assert dialog.progress.value() == dialog.progress.maximum()
    assert bundle_export.unexported_count(db) == 0


def test_bad_dates_are_refused_at_the_field_and_nothing_is_written(qtbot, dialog: ExportDialog, tmp_path: Path) -> None:
    dialog.nexus_choice.setChecked(True)
    dialog.path_edit.setText(str(tmp_path / "upload.xml"))
    dialog._path_typed = True
    dialog.date_from.setText("31/31/2026")
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.date_from.property("invalid") is True
    assert dialog.message.text().startswith("From:")
    assert dialog.date_from.text() == "31/31/2026"  # what was typed stays
    dialog.date_from.setText("2026-10-31")
    dialog.date_to.setText("2026-10-01")
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.date_to.property("invalid") is True
    assert "end before it starts" in dialog.message.text()
    assert not dialog.job.running
    assert not (tmp_path / "upload.xml").exists()


def test_a_missing_folder_is_refused_at_the_path(qtbot, dialog: ExportDialog, tmp_path: Path) -> None:
    dialog.path_edit.setText(str(tmp_path / "nowhere" / "b.zip"))
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.path_edit.property("invalid") is True
    assert "does not exist" in dialog.message.text()
    assert not dialog.job.running


def test_an_existing_file_is_replaced_only_when_the_user_says_so(
    qtbot, dialog: ExportDialog, make_client, tmp_path: Path
) -> None:
    make_client("Replace Co")
    target = tmp_path / "b.zip"
    target.write_bytes(b"old")
    dialog.path_edit.setText(str(target))
    reply = answer("export.replace", click_standard(QMessageBox.StandardButton.Cancel))
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert reply.answered
    assert target.read_bytes() == b"old"
    reply = answer("export.replace", _click_replace)
    run_export(qtbot, dialog)
    assert reply.answered
    assert zipfile.is_zipfile(target)


def _click_replace(widget: Any) -> None:
    assert isinstance(widget, QMessageBox)
    button = next(b for b in widget.buttons() if b.text().replace("&", "") == "Replace")
    button.click()


def test_cancel_stops_the_export_and_nothing_is_written(
    qtbot, dialog: ExportDialog, db: Database, make_client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_client("Slow Co")
    before = bundle_export.unexported_count(db)
    started: list[bool] = []

    def slow_export(
        db: Database, out: Path, *, everything: bool = False, progress: Any = None, cancelled: Any = None
    ) -> Any:
        progress(1, 10)
        started.append(True)
        while not cancelled():
            pass  # the real export asks between rows; this one only waits to be asked
        raise bundle_export.ExportCancelled("cancelled")

    monkeypatch.setattr(bundle_export, "export_bundle", slow_export)
    dialog.path_edit.setText(str(tmp_path / "b.zip"))
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(started) and dialog.progress.maximum() == 10)
    assert dialog.close_button.text() == "Cancel"
    assert not dialog.path_edit.isEnabled()
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.job.running and dialog.path_edit.isEnabled())
    assert dialog.isVisible()  # Cancel stops the export, not the dialog
    assert "cancelled" in dialog.message.text()
    assert dialog.close_button.text() == "Close"
    assert not (tmp_path / "b.zip").exists()
    assert bundle_export.unexported_count(db) == before


def test_nexus_records_left_out_are_listed(
    qtbot, dialog: ExportDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uuid

    seen: list[tuple[date, date]] = []

    def fake_nexus(db: Database, start: date, end: date, out: Path, **_kw: Any) -> nexus_export.NexusResult:
        seen.append((start, end))
        out.write_text("<xml/>")
        left_out = nexus_export.SkippedRecord(
            uuid.uuid4(), 1007, "Ñandú Tacos", date(2026, 10, 3), ("the primary contact's gender is missing",)
        )
        return nexus_export.NexusResult(out, 4, (left_out,))

    monkeypatch.setattr(nexus_export, "export_nexus", fake_nexus)
    dialog.nexus_choice.setChecked(True)
    dialog.path_edit.setText(str(tmp_path / "upload.xml"))
    dialog._path_typed = True
    run_export(qtbot, dialog)
    assert seen == [(date(2026, 10, 1), date(2026, 10, 31))]
    assert "Wrote 4 counseling records" in dialog.message.text()
    assert dialog.skipped.isVisible()
    assert dialog.skipped.toPlainText() == (
        "Client 1007 (Ñandú Tacos), session 2026-10-03: the primary contact's gender is missing"
    )


def test_file_export_from_the_main_window_updates_the_status_bar(
    qtbot, open_window: WindowFactory, make_client, tmp_path: Path
) -> None:
    make_client("Status Co")
    window = open_window()
    label = window.findChild(QLabel, "statusUnexported")
    qtbot.waitUntil(lambda: not label.text().endswith(": 0") and label.text()[-1].isdigit())
    assert window.action_export.isEnabled()
    assert window.action_export.shortcut().toString() == "Ctrl+E"
    target = tmp_path / "from-menu.zip"
    written: list[Path] = []

    def export_and_close(widget: Any) -> None:
        assert isinstance(widget, ExportDialog)
        widget.path_edit.setText(str(target))
        widget.job.succeeded.connect(lambda result: (written.append(result.path), widget.reject()))
        widget.start_button.click()

    reply = answer("ExportDialog", export_and_close)
    window.action_export.trigger()
    assert reply.answered
    assert written == [target]
    qtbot.waitUntil(lambda: label.text() == "Not yet exported: 0")  # recounted on a worker after the export


def test_a_bug_in_the_export_is_not_shown_as_the_users_mistake(
    qtbot, dialog: ExportDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise ValueError("badly formed hexadecimal UUID string")  # a bug, not something the user can fix

    monkeypatch.setattr(bundle_export, "export_bundle", broken)
    dialog.path_edit.setText(str(tmp_path / "b.zip"))
    with qtbot.capture_exceptions() as raised:
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(raised))
    assert [kind for kind, *_ in raised] == [ValueError]  # to the excepthook: logged, "something went wrong"
    assert dialog.path_edit.isEnabled()  # the dialog is usable again
    assert "hexadecimal" not in dialog.message.text()


def test_a_refused_period_is_said_in_the_dialog(
    qtbot, dialog: ExportDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise nexus_export.NexusRefused("The schema file /x.xsd cannot be read.")

    monkeypatch.setattr(nexus_export, "export_nexus", refuse)
    dialog.nexus_choice.setChecked(True)
    dialog.path_edit.setText(str(tmp_path / "upload.xml"))
    dialog._path_typed = True
    run_export(qtbot, dialog)
    assert dialog.message.text() == "The schema file /x.xsd cannot be read."
    assert dialog.message.property("role") == "problem"


def test_nothing_changed_writes_no_bundle_and_says_so(qtbot, dialog: ExportDialog, make_client, tmp_path: Path) -> None:
    make_client("Once Co")
    dialog.path_edit.setText(str(tmp_path / "first.zip"))
    run_export(qtbot, dialog)
    assert (tmp_path / "first.zip").exists()
    dialog.path_edit.setText(str(tmp_path / "second.zip"))
    run_export(qtbot, dialog)
    assert not (tmp_path / "second.zip").exists()
    assert dialog.message.text().startswith("Nothing changed since the last export")
    dialog.everything.setChecked(True)
    dialog.path_edit.setText(str(tmp_path / "all.zip"))
    run_export(qtbot, dialog)
    assert zipfile.is_zipfile(tmp_path / "all.zip")
    assert dialog.result.total >= 1
