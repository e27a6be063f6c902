"""Issue 9, points 4 and 9 in the session dialog: a note over the limit or a subject with a control
character is refused at its field with the same sentence as the CLI; the dialog stays open, text kept."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QLabel, QPlainTextEdit, QPushButton, QWidget

from neodesk.catalog.fields import NOTES_MAX
from neodesk.models import Database
from neodesk.services.activity import list_counseling_sessions
from neodesk.ui.main_window import MainWindow


def _field(dialog: QWidget, key: str) -> QWidget:
    widget = dialog.findChild(QWidget, f"session.{key}")
    assert widget is not None, key
    return widget


def test_a_long_note_and_a_control_character_are_shown_at_their_fields(
    qtbot, open_window: Callable[[], MainWindow], make_client, db: Database
) -> None:
    client_id = make_client()
    window = open_window()
    dialog = window.client_editor.sessions.make_dialog()
    try:
        note = "word " * 28_800  # the 144,000-character note of the issue
        notes = _field(dialog, "notes")
        assert isinstance(notes, QPlainTextEdit)
        notes.setPlainText(note)
        _field(dialog, "subject").setText("Plan\x01")
        dialog.findChild(QPushButton, "session.save").click()

        assert dialog.result() != QDialog.DialogCode.Accepted
        assert notes.property("invalid") is True
        assert notes.toolTip() == f"Notes: must be at most {NOTES_MAX:,} characters (this is 143,999)."
        assert _field(dialog, "subject").property("invalid") is True
        assert "Subject: remove the control characters" in dialog.findChild(QLabel, "session.problems").text()
        assert notes.toPlainText() == note  # nothing typed is lost
        with db.reading() as tx:
            assert list_counseling_sessions(tx, client_id) == []
    finally:
        dialog.deleteLater()
