"""Issue 9 in the app: Save as refuses a database at the field, errors show the CLI's sentence, Restore backup."""

from __future__ import annotations

import errno
import sqlite3
import sys
from pathlib import Path

import pytest
from gui_drivers import answer, click_named, click_standard
from PySide6.QtWidgets import QApplication, QMessageBox

from neodesk.models import Database, open_database
from neodesk.models.database import backup
from neodesk.services.failures import describe
from neodesk.ui import app as app_module
from neodesk.ui.export_dialog import ExportDialog
from neodesk.ui.main_window import MainWindow
from neodesk.ui.window_commands import WindowCommands


def test_export_save_as_refuses_a_database_at_the_field(qtbot, tmp_path: Path) -> None:
    database = open_database(tmp_path / "records.zip")  # a database whose name looks like an export
    try:
        content = (tmp_path / "records.zip").read_bytes()
        dialog = ExportDialog(database)
        qtbot.addWidget(dialog)
        dialog.path_edit.setText(str(tmp_path / "records.zip"))
        dialog.start()
        assert not dialog.job.running
        assert dialog.path_edit.property("invalid") is True
        assert "never writes over a database" in dialog.message.text()
        assert dialog.path_edit.toolTip() == dialog.message.text()  # the same sentence at the field
        assert (tmp_path / "records.zip").read_bytes() == content
    finally:
        database.close()


@pytest.mark.usefixtures("restore_process_state")
def test_an_environment_error_shows_the_same_sentence_as_the_command_line(qtbot) -> None:
    error = OSError(errno.ENOSPC, "No space left on device", "/data/neodesk.sqlite3")
    reply = answer("errorDialog", click_standard(QMessageBox.StandardButton.Ok))
    try:
        raise error
    except OSError:
        app_module.excepthook(*sys.exc_info())
    assert reply.answered
    sentence = describe(error).sentence
    assert reply.seen[0] == sentence[:1].upper() + sentence[1:]
    assert "Disk full" in reply.seen[0]
    assert "Something went wrong" not in reply.seen[0]


def names(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM client ORDER BY name")]
    finally:
        conn.close()


def test_tools_restore_backup_reopens_the_window_on_the_restored_data(
    qtbot, open_window, make_client, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_client("Kept In The Backup")
    saved = backup(db, tmp_path / "saved.sqlite3")
    make_client("Entered After The Backup")
    window = open_window()
    assert window.findChild(type(window.action_restore), "action.restoreBackup") is window.action_restore
    monkeypatch.setattr(WindowCommands, "choose_backup_file", lambda self: saved)
    confirm = answer("restore.confirm", click_named("confirmAction"))
    done = answer("restore.done", click_standard(QMessageBox.StandardButton.Ok))
    window.action_restore.trigger()
    assert confirm.answered
    assert done.answered
    assert names(db.path) == ["Kept In The Backup"]
    successors = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible() and w is not window
    ]
    assert len(successors) == 1
    assert not window.isVisible()
    successor = successors[0]
    qtbot.waitUntil(lambda: successor.client_list.model.rowCount() == 1)
    assert [aside.name for aside in db.path.parent.glob("*before-restore*")]
    successor.close()


def test_tools_restore_refuses_a_file_that_is_no_backup_and_keeps_working(
    qtbot, open_window, make_client, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_client("Still Here")
    letter = tmp_path / "letter.sqlite3"
    letter.write_bytes(b"not a backup" * 100)
    window = open_window()
    monkeypatch.setattr(WindowCommands, "choose_backup_file", lambda self: letter)
    confirm = answer("restore.confirm", click_named("confirmAction"))
    refused = answer("errorDialog", click_standard(QMessageBox.StandardButton.Ok))
    window.action_restore.trigger()
    assert confirm.answered
    assert refused.answered
    assert "not a database" in refused.seen[0]
    assert names(db.path) == ["Still Here"]
    window.client_list.refresh()
    qtbot.waitUntil(lambda: window.client_list.model.rowCount() == 1)  # the window still reads its database
