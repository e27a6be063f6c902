"""Issue 13, New Milestone: the chosen type in view, certifications with their current state, 8(a),
whole placeholders, no sideways scrolling, and revealed editors that do not move the rows below."""

from __future__ import annotations

import uuid
from typing import Any

from milestone_data import TODAY, me_and_fund, new_client
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel, QLineEdit, QListWidget
from pytestqt.qtbot import QtBot

from neodesk.models import Database, MilestoneType, open_database
from neodesk.ui.new_milestone_dialog import NewMilestoneDialog


def open_dialog(qtbot: QtBot, db: Database, client_id: uuid.UUID, **kwargs: Any) -> NewMilestoneDialog:
    me, _fund = me_and_fund(db)
    dialog = NewMilestoneDialog(db, client_id, me, today=TODAY, **kwargs)
    qtbot.addWidget(dialog)
    dialog.resize(900, 500)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_certifications_show_whether_the_client_holds_them(qtbot: QtBot, db: Database) -> None:
    cid = new_client(db, hubzone="C", hubzone_certification_date="2025-04-02")
    dialog = open_dialog(qtbot, db, cid)
    assert dialog.findChild(QLabel, "current.hubzone_certified").text() == "Current: certified since 2025-04-02"
    assert dialog.findChild(QLabel, "current.cert_8a").text() == "Current: not certified"
    assert dialog.findChild(QCheckBox, "type.cert_8a").text() == "8(a) Certification Obtained"


def test_an_older_database_gets_the_8a_spelling(tmp_path) -> None:
    path = tmp_path / "old.db"
    db = open_database(path)
    with db.unit_of_work() as tx:
        tx.query(MilestoneType).filter_by(code="cert_8a").one().name = "8(A) Certification Obtained"
        from neodesk.models.reference import Setting
        from neodesk.models.seed import SEED_MARKER

        tx.get(Setting, SEED_MARKER).value = "older"
    db.close()
    db = open_database(path)
    try:
        with db.reading() as tx:
            assert tx.query(MilestoneType).filter_by(code="cert_8a").one().name == "8(a) Certification Obtained"
    finally:
        db.close()


def test_the_preselected_type_opens_in_view_with_its_value_focused(qtbot: QtBot, db: Database) -> None:
    cid = new_client(db)
    dialog = open_dialog(qtbot, db, cid, preselect="nist_800_171_assessed")
    area = dialog.types_area
    value = dialog.findChild(QLineEdit, "value.nist_800_171_assessed")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is value)
    top_left = value.mapTo(area.widget(), value.rect().topLeft())
    shown = area.verticalScrollBar().value()
    assert area.verticalScrollBar().maximum() > 0  # the type is far down the list
    assert shown <= top_left.y() <= shown + area.viewport().height() - value.height()


def test_revealing_a_value_editor_does_not_move_the_rows_below(qtbot: QtBot, db: Database) -> None:
    cid = new_client(db)
    dialog = open_dialog(qtbot, db, cid)
    below = dialog.findChild(QCheckBox, "type.change_in_exports")
    before = below.mapTo(dialog, below.rect().topLeft())
    dialog.findChild(QCheckBox, "type.change_in_full_time_staff").setChecked(True)
    QApplication.processEvents()
    assert dialog.findChild(QLineEdit, "value.change_in_full_time_staff").isVisible()
    assert below.mapTo(dialog, below.rect().topLeft()) == before


def test_placeholders_fit_and_the_funding_list_does_not_scroll_sideways(qtbot: QtBot, db: Database) -> None:
    cid = new_client(db)
    dialog = open_dialog(qtbot, db, cid)
    for code in ("change_in_export_staff", "change_in_exports", "change_in_profits"):
        dialog.findChild(QCheckBox, f"type.{code}").setChecked(True)
        edit = dialog.findChild(QLineEdit, f"value.{code}")
        QApplication.processEvents()
        assert edit.width() >= edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + 40, code
    funds = dialog.findChild(QListWidget, "milestone.funding_sources")
    assert funds.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert funds.wordWrap()
