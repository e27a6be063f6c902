"""Issue 13: screens read whole at 1366×768: no sideways scrolling, no placeholder cut off."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtWidgets import QCheckBox, QLineEdit, QTableWidget
from pytestqt.qtbot import QtBot

from neodesk.models import Database
from neodesk.services.reference import current_counselor
from neodesk.ui.admin.settings import SettingsDialog
from neodesk.ui.main_window import MainWindow


def test_the_agreements_tab_fits_the_editor_at_1366_without_scrolling_sideways(
    qtbot: QtBot, open_window: Callable[..., MainWindow], make_client: Callable[..., uuid.UUID]
) -> None:
    make_client("Acme Bakery")
    window = open_window()
    window.resize(1366, 740)
    editor = window.client_editor
    editor.tabs.setCurrentWidget(editor.agreements)
    table = editor.agreements.findChild(QTableWidget, "clientAgreements")
    qtbot.waitUntil(lambda: window.width() == 1366 and table.isVisible())
    header = table.horizontalHeader()
    last = table.columnCount() - 1
    qtbot.waitUntil(lambda: header.sectionViewportPosition(last) + header.sectionSize(last) <= table.viewport().width())
    assert table.horizontalScrollBar().maximum() == 0
    title = header.sectionSize(1)
    assert title >= header.fontMetrics().horizontalAdvance("Title") + 16


def test_settings_show_their_hints_whole_and_check_boxes_stay_as_wide_as_their_text(qtbot: QtBot, db: Database) -> None:
    with db.reading() as s:
        admin_id = current_counselor(s).id
    dialog = SettingsDialog(db, admin_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    hinted = [line for line in dialog.findChildren(QLineEdit) if line.placeholderText()]
    assert hinted
    for line in hinted:
        assert line.width() >= line.fontMetrics().horizontalAdvance(line.placeholderText()) + 8, line.objectName()
    for box in dialog.findChildren(QCheckBox):
        assert box.width() <= box.sizeHint().width(), box.objectName()  # a click at its centre lands on its text


def test_the_export_dialogs_save_as_label_stays_beside_its_field(qtbot: QtBot, db: Database) -> None:
    from datetime import date

    from PySide6.QtWidgets import QLabel

    from neodesk.ui.export_dialog import ExportDialog

    dialog = ExportDialog(db, pending=3, today=date(2026, 11, 24))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.resize(dialog.width(), dialog.height() + 150)  # spare height, as at 1920×1080
    path = dialog.path_edit
    qtbot.waitUntil(lambda: dialog.height() >= dialog.sizeHint().height() + 100)
    label = next(w for w in dialog.findChildren(QLabel) if w.buddy() is path)
    middle = label.mapTo(dialog, label.rect().center()).y()
    top = path.mapTo(dialog, path.rect().topLeft()).y()
    assert top <= middle <= top + path.height()  # on the field's line, not floating above it
    if dialog.job.running:
        dialog.job.cancel()
        dialog.job.wait()
    dialog.job.shutdown()


def test_the_export_dialogs_spare_height_goes_below_the_form(qtbot: QtBot, db: Database) -> None:
    from datetime import date

    from PySide6.QtWidgets import QGroupBox

    from neodesk.ui.export_dialog import ExportDialog

    dialog = ExportDialog(db, pending=3, today=date(2026, 11, 24))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    box = dialog.findChild(QGroupBox, "export.bundleOptions")
    natural = box.height()
    dialog.resize(dialog.width(), dialog.height() + 150)
    qtbot.waitUntil(lambda: dialog.height() >= dialog.sizeHint().height() + 100)
    assert box.height() == natural  # the bundle options do not balloon with empty space
    dialog.job.shutdown()
