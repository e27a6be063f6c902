"""The AgreementEditor's Stakeholder menu driven for real (agreements.md §7, §8, §12): Send packet… through
the file dialog, the filled packet imported back (its file beside it) and the same packet again
changing nothing, a refusal shown as the CLI's sentence with no file written, Email the stakeholder…
(the draft handed to the mail program) and Add to calendar…."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLineEdit
from pytestqt.qtbot import QtBot

from neodesk.models import Database
from neodesk.services.agreements import agreement_definition, milestone_status
from neodesk.ui.agreements import AgreementEditor
from neodesk.ui.context import AppContext
from tests.services.packet_grant import fill, packet_grant
from tests.ui.modal_driver import Modals, click
from tests.ui.test_agreement_objectives_ui import Opened, viewer

__all__ = ["viewer"]  # the fixture standing in for the system's viewer


@pytest.fixture
def modals(qtbot: QtBot) -> Iterator[Modals]:
    driver = Modals(qtbot)
    yield driver
    driver.finish()


def _editor(qtbot: QtBot, db: Database, code: str) -> AgreementEditor:
    editor = AgreementEditor(AppContext.for_database(db), "AG-1")
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    editor.show_milestone(code)
    return editor


def _choose(qtbot: QtBot, path: Path, button: QDialogButtonBox.StandardButton) -> object:
    def act(dialog: QFileDialog) -> None:
        dialog.findChild(QLineEdit, "fileNameEdit").setText(str(path))  # type: ignore[union-attr]
        click(qtbot, dialog.findChild(QDialogButtonBox).button(button))  # type: ignore[union-attr]

    return act


def _trigger(qtbot: QtBot, editor: AgreementEditor, key: str) -> str:
    editor.message.clear()
    action = editor.findChild(QAction, f"agreementAction.{key}")
    assert action is not None
    action.trigger()
    qtbot.waitUntil(lambda: bool(editor.message.text()))
    return editor.message.text()


def test_send_import_email_and_calendar(
    qtbot: QtBot, db: Database, tmp_path: Path, modals: Modals, viewer: Opened
) -> None:
    packet_grant(db)
    editor = _editor(qtbot, db, "HIRE5")
    out = tmp_path / "to-jane" / "packet.pdf"
    out.parent.mkdir()
    modals.expect("agreementFileDialog", _choose(qtbot, out, QDialogButtonBox.StandardButton.Save))
    said = _trigger(qtbot, editor, "send_packet")
    assert said == f"Wrote the packet for AG-1/HIRE5 (6 question(s)) to {out}: send it to the stakeholder."
    assert out.read_bytes().startswith(b"%PDF")

    # Jane fills it in and sends it back with her payroll report beside it.
    back = tmp_path / "back"
    back.mkdir()
    (back / "payroll.pdf").write_bytes(b"%PDF-1.4\npayroll\n")
    returned = back / "returned.pdf"
    returned.write_bytes(fill(out.read_bytes(), {"q.1.1": "payroll.pdf", "q.1.2": "12", "q.2.1": "On the job."}))
    modals.expect("agreementFileDialog", _choose(qtbot, returned, QDialogButtonBox.StandardButton.Open))
    said = _trigger(qtbot, editor, "import_packet")
    assert said.startswith("Imported returned.pdf for AG-1/HIRE5: answers to 1.1, 1.2")
    assert "kept payroll.pdf" in said
    objectives = agreement_definition(db, "AG-1")["milestones"][0]["objectives"]
    assert [o["status"] for o in objectives] == ["submitted", "submitted"]
    modals.expect("agreementFileDialog", _choose(qtbot, returned, QDialogButtonBox.StandardButton.Open))
    assert _trigger(qtbot, editor, "import_packet") == (
        "The packet returned.pdf for AG-1/HIRE5 was imported before; nothing changed."
    )

    # The e-mail draft goes to the mail program; the calendar file where the counselor says.
    said = _trigger(qtbot, editor, "email")
    assert said.startswith("Wrote a draft e-mail to jane.roe@fargo.example")
    assert said.endswith("It opens in your mail program: check it, then send it.")
    [draft] = [Path(u.toLocalFile()) for u in viewer.urls]
    assert draft.suffix == ".eml"
    assert b"jane.roe@fargo.example" in draft.read_bytes()
    ics = tmp_path / "AG-1.ics"
    modals.expect("agreementFileDialog", _choose(qtbot, ics, QDialogButtonBox.StandardButton.Save))
    said = _trigger(qtbot, editor, "calendar")
    assert said.startswith(f"Wrote 2 due date(s) of AG-1 to {ics}.")
    assert b"BEGIN:VCALENDAR" in ics.read_bytes()


def test_a_packet_for_a_milestone_not_ready_is_refused(
    qtbot: QtBot, db: Database, tmp_path: Path, modals: Modals
) -> None:
    packet_grant(db)
    milestone_status(db, "AG-1", ["HIRE5"], "set_pending")
    editor = _editor(qtbot, db, "HIRE5")
    out = tmp_path / "not-ready.pdf"
    modals.expect("agreementFileDialog", _choose(qtbot, out, QDialogButtonBox.StandardButton.Save))
    assert _trigger(qtbot, editor, "send_packet") == "HIRE5 is pending: a packet is sent for a ready milestone"
    assert not out.exists()


def test_an_import_asks_for_a_file_the_packet_names_that_is_not_beside_it(
    qtbot: QtBot, db: Database, tmp_path: Path, modals: Modals
) -> None:
    packet_grant(db)
    sent = tmp_path / "packet.pdf"
    editor = _editor(qtbot, db, "HIRE5")
    modals.expect("agreementFileDialog", _choose(qtbot, sent, QDialogButtonBox.StandardButton.Save))
    _trigger(qtbot, editor, "send_packet")
    back = tmp_path / "back"
    back.mkdir()
    returned = back / "returned.pdf"
    returned.write_bytes(fill(sent.read_bytes(), {"q.1.1": "payroll.pdf", "q.1.2": "12", "q.2.1": "On the job."}))
    elsewhere = tmp_path / "mail" / "payroll.pdf"
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(b"%PDF-1.4\npayroll\n")
    # Asked where payroll.pdf is, the counselor cancels: nothing is imported.
    modals.expect("agreementFileDialog", _choose(qtbot, returned, QDialogButtonBox.StandardButton.Open))
    modals.expect("agreementFileDialog", lambda d: d.reject())
    assert _trigger(qtbot, editor, "import_packet") == (
        "The packet names payroll.pdf, which is not beside it: nothing was imported."
    )
    assert [o["status"] for o in agreement_definition(db, "AG-1")["milestones"][0]["objectives"]] == ["open", "open"]
    # Again, picking it where it was saved: imported with it.
    modals.expect("agreementFileDialog", _choose(qtbot, returned, QDialogButtonBox.StandardButton.Open))
    modals.expect("agreementFileDialog", _choose(qtbot, elsewhere, QDialogButtonBox.StandardButton.Open))
    said = _trigger(qtbot, editor, "import_packet")
    assert said.startswith("Imported returned.pdf for AG-1/HIRE5")
    assert "kept payroll.pdf" in said
