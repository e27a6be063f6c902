"""The export dialog says one count in the same words before and after, and its layout holds (issue 13)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from neodesk.exchange import bundle_export, nexus_export
from neodesk.models import Database, FundingSource
from neodesk.services.activity import SessionInput, save_counseling_session
from neodesk.services.reference import current_counselor
from neodesk.ui.export_dialog import ExportDialog


@pytest.fixture
def dialog(qtbot: Any, db: Database, make_client) -> Iterator[ExportDialog]:
    client_id = make_client("Counted Co")
    with db.reading() as s:
        me = current_counselor(s).id
        fund = s.query(FundingSource.id).scalar()
    # A session brings links (counselors, funding sources) along: they are not "records changed".
    save_counseling_session(
        db,
        client_id,
        SessionInput(
            date=date(2026, 10, 2),
            contact_type="PH",
            counseling_area="Other",
            contact_minutes=30,
            counselor_ids=(me,),
            funding_source_ids=(fund,),
        ),
        counselor_id=me,
        today=date(2026, 11, 24),
    )
    shown = ExportDialog(db, pending=bundle_export.unexported_count(db), today=date(2026, 11, 24))
    qtbot.addWidget(shown)
    shown.resize(560, shown.sizeHint().height())
    shown.show()
    qtbot.waitExposed(shown)
    yield shown
    shown.job.shutdown()
    shown.close()


def run_export(qtbot: Any, dialog: ExportDialog) -> None:
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.job.running and dialog.start_button.isEnabled())


def _count(text: str) -> int:
    found = re.search(r"([\d,]+) records?", text)
    assert found is not None, text
    return int(found.group(1).replace(",", ""))


def test_one_count_before_and_after_and_refreshed(qtbot, dialog: ExportDialog, tmp_path: Path) -> None:
    before = _count(dialog.changes_label.text())
    assert before == 2  # the client and its session
    dialog.path_edit.setText(str(tmp_path / "handover.zip"))
    run_export(qtbot, dialog)
    assert dialog.result.total > before  # the bundle also carries the links …
    assert f"Exported {before:,} records changed since the last export" in dialog.message.text()  # … not counted
    assert _count(dialog.changes_label.text()) == 0  # refreshed after the export


def test_progress_bar_shows_no_percentage_before_a_start(dialog: ExportDialog) -> None:
    assert not dialog.progress.isTextVisible()


def _below(upper: QWidget, lower: QWidget) -> bool:
    top = lower.mapTo(lower.window(), lower.rect().topLeft()).y()
    bottom = upper.mapTo(upper.window(), upper.rect().bottomLeft()).y()
    return top > bottom


def test_hint_stays_below_the_to_field_after_an_sba_export(
    qtbot, dialog: ExportDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fake_nexus(db: Database, start: date, end: date, out: Path, **_kw: Any) -> nexus_export.NexusResult:
        out.write_text("<xml/>")
        left_out = tuple(
            nexus_export.SkippedRecord(
                uuid.uuid4(), 1000 + n, "Left Out Co", date(2026, 10, 3), ("the primary contact's gender is missing",)
            )
            for n in range(30)
        )
        return nexus_export.NexusResult(out, 4, left_out)

    monkeypatch.setattr(nexus_export, "export_nexus", fake_nexus)
    dialog.nexus_choice.setChecked(True)
    dialog.path_edit.setText(str(tmp_path / "upload.xml"))
    run_export(qtbot, dialog)
    qtbot.wait(50)
    hint = dialog.findChild(QLabel, "export.hint")
    assert hint is not None
    assert _below(dialog.date_to, hint)
    assert hint.height() >= hint.heightForWidth(hint.width())  # not squeezed: every line shows
    assert dialog.message.height() >= dialog.message.heightForWidth(dialog.message.width())
