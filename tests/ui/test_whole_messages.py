"""Issue 13, defect 10: messages that are the only feedback show whole, word-wrapped, at 1366 px.

Each test checks the label says the whole sentence and has the room to draw it: the text wrapped to
the label's width needs no more than the label's height, and the label is not cut by its window.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from modal_driver import Modals, click
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from neodesk.models import Client, Database
from neodesk.services.reference import current_counselor
from neodesk.ui.admin.counselors import CounselorsDialog
from neodesk.ui.main_window import MainWindow

EMAIL_SENTENCE = "enter an email address such as name@example.com."


@pytest.fixture
def modals(qtbot: QtBot) -> Iterator[Modals]:
    driver = Modals(qtbot)
    yield driver
    driver.finish()


def assert_shows_whole(label: QLabel, text: str) -> None:
    """`label` says `text` and draws all of it: wrapped to its width it fits its height, inside its window."""
    assert label.text() == text
    assert label.isVisible()
    assert label.wordWrap()
    room = label.contentsRect()
    flags = int(Qt.TextFlag.TextWordWrap.value) | int(label.alignment().value)
    needed = label.fontMetrics().boundingRect(room, flags, text)
    assert needed.width() <= room.width(), (needed, room)
    assert needed.height() <= room.height(), (needed, room)
    assert label.heightForWidth(label.width()) <= label.height()
    top = label.window()
    assert top.rect().contains(QRect(label.mapTo(top, QPoint(0, 0)), label.size()))


def _at_1366(window: QWidget, qtbot: QtBot) -> None:
    window.resize(1366, 740)
    qtbot.waitUntil(lambda: window.width() == 1366)


def test_a_bad_client_email_is_shown_whole_at_the_field_and_above_save(
    qtbot: QtBot, open_window: Callable[..., MainWindow], make_client: Callable[..., uuid.UUID]
) -> None:
    make_client("Acme Bakery")
    window = open_window()
    _at_1366(window, qtbot)
    editor = window.client_editor
    field = editor.editors["contact_email"]
    field.widget.setText("bob@@example")
    assert not editor.save()
    sentence = f"Contact email: {EMAIL_SENTENCE}"
    qtbot.waitUntil(lambda: field.problem.isVisible())
    editor.profile_scroll.ensureWidgetVisible(field.container)
    assert_shows_whole(field.problem, sentence)
    bar = editor.findChild(QLabel, "editorMessages.text")
    assert_shows_whole(bar, f"Not saved: 1 field needs attention.\n{sentence}")


def test_a_bad_counselor_email_is_shown_whole_in_the_dialog(qtbot: QtBot, db: Database) -> None:
    with db.reading() as s:
        admin_id = current_counselor(s).id
    dialog = CounselorsDialog(db, admin_id)
    qtbot.addWidget(dialog)
    dialog.show()
    click(qtbot, dialog.findChild(QPushButton, "admin.add"))
    dialog.findChild(QLineEdit, "admin.name").setText("Robin Lee")
    dialog.findChild(QLineEdit, "admin.email").setText("robin at example")
    click(qtbot, dialog.findChild(QPushButton, "admin.save"))
    problem = dialog.findChild(QLabel, "problem.admin.email")
    qtbot.waitUntil(problem.isVisible)
    assert_shows_whole(problem, f"Email: {EMAIL_SENTENCE}")


def test_a_logged_milestones_result_is_shown_whole_in_the_editor(
    qtbot: QtBot,
    open_window: Callable[..., MainWindow],
    make_client: Callable[..., uuid.UUID],
    db: Database,
    modals: Modals,
) -> None:
    # The status bar cut this to "… Client updated: Export-"; the editor's message bar wraps it.
    client_id = make_client(
        "Acme Tool & Die",
        company_status="B",
        date_established="2015-03-01",
        full_time_employees="5",
        gross_sales="100000",
    )
    with db.unit_of_work() as s:
        s.execute(update(Client).where(Client.id == client_id).values(created_at=datetime.now(UTC) - timedelta(days=3)))
    window = open_window()
    _at_1366(window, qtbot)

    def sales_and_staff(dialog: Any) -> None:
        for code, value in (("change_in_sales", "250000"), ("change_in_full_time_staff", "9")):
            click(qtbot, dialog.findChild(QCheckBox, f"type.{code}"))
            qtbot.keyClicks(dialog.findChild(QLineEdit, f"value.{code}"), value)
        click(qtbot, dialog.findChild(QPushButton, "saveMilestones"))

    modals.expect("NewMilestoneDialog", sales_and_staff)
    window.action_new_milestone.trigger()
    told = window.statusBar().currentMessage()
    assert told.startswith("Logged 2 milestones. Client updated: ")
    assert_shows_whole(window.client_editor.findChild(QLabel, "editorMessages.text"), told)
