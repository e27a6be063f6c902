"""The AgreementEditor's objectives and approvals driven for real (agreements.md §5, §6, §12): answering
in place (a number, then a file picked in the file dialog, shown with its name and size and opened
through the system's URL handler), a refused answer shown as the CLI's sentence with what was typed
kept and nothing written, accepting and maker/checker; approving (the maker refused) and declining
(refused without a comment; with one the milestone goes back to ready)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLineEdit
from pytestqt.qtbot import QtBot

from neodesk.models import Counselor, Database
from neodesk.services.agreements import agreement_definition, answer, process, review_objective
from neodesk.ui.agreements import AgreementEditor
from neodesk.ui.context import AppContext
from tests.services.agreement_fixtures import ADMIN, COUNSELOR
from tests.services.test_agreement_approvals import BEN, CY, desk, report
from tests.ui.modal_driver import Modals, click

__all__ = ["desk"]  # the fixture: Maria's payroll grant waiting for the Program group (Ben, Cy)


@pytest.fixture
def modals(qtbot: QtBot) -> Iterator[Modals]:
    driver = Modals(qtbot)
    yield driver
    driver.finish()


class Opened(QObject):
    """Stands in for the system's viewer: records the files Qt was asked to open."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.fixture
def viewer() -> Iterator[Opened]:
    opened = Opened()
    QDesktopServices.setUrlHandler("file", opened, "open")
    yield opened
    QDesktopServices.unsetUrlHandler("file")


def _editor(qtbot: QtBot, db: Database, email: str) -> AgreementEditor:
    with db.reading() as tx:
        c = tx.query(Counselor).filter(Counselor.email == email).one()
        context = AppContext(db, c.id, c.name, c.is_admin)
    editor = AgreementEditor(context, "AG-9")
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    editor.show_milestone("PAYROLL")
    return editor


def _ok(qtbot: QtBot, text: str) -> object:
    def act(dialog: object) -> None:
        dialog.text.setText(text)  # type: ignore[attr-defined]
        box = dialog.findChild(QDialogButtonBox)  # type: ignore[attr-defined]
        click(qtbot, box.button(QDialogButtonBox.StandardButton.Ok))

    return act


def _status(db: Database) -> tuple[str, list[str]]:
    m = agreement_definition(db, "AG-9")["milestones"][0]
    return m["status"], [o["status"] for o in m["objectives"]]


def test_answering_in_the_editor(qtbot: QtBot, desk: Database, tmp_path: Path, modals: Modals, viewer: Opened) -> None:
    editor = _editor(qtbot, desk, COUNSELOR)
    editor.sections.setCurrentWidget(editor.objectives_section)
    rows = editor.objectives_section.rows
    assert set(rows) == {"1.1", "1.2", "1.3"}
    # A number that is no number: the CLI's sentence, what was typed stays, nothing written.
    before = agreement_definition(desk, "AG-9")
    rows["1.2"].editor.setText("twelve")  # type: ignore[attr-defined]
    click(qtbot, rows["1.2"].buttons[0])
    assert editor.message.text() == "question 1.2 (\"New hires\") takes a number, not 'twelve'"
    assert editor.objectives_section.rows["1.2"].editor.text() == "twelve"  # type: ignore[attr-defined]
    assert agreement_definition(desk, "AG-9") == before
    rows["1.2"].editor.setText("12")  # type: ignore[attr-defined]
    click(qtbot, rows["1.2"].buttons[0])
    assert editor.message.text() == "Answer saved; objective 1 is open."
    # The file question: Attach… opens the file dialog; the file is kept and shown with name and size.
    picked = report(tmp_path)

    def choose(dialog: QFileDialog) -> None:
        # Typed into the dialog's file name box and Open pressed, as a user would.
        dialog.findChild(QLineEdit, "fileNameEdit").setText(str(picked))  # type: ignore[union-attr]
        click(qtbot, dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Open))  # type: ignore[union-attr]

    modals.expect("agreementFileDialog", choose)
    editor.message.clear()
    click(qtbot, editor.objectives_section.rows["1.1"].buttons[0])
    qtbot.waitUntil(lambda: editor.message.text().startswith("Answer saved"))
    assert editor.message.text() == "Answer saved; objective 1 is submitted."
    assert _status(desk) == ("ready", ["submitted"])
    shown = editor.objectives_section.rows["1.1"]
    assert shown.editor.text() == "payroll Q3.pdf (2.0 KB)"  # type: ignore[attr-defined]
    assert editor.objectives_section.rows["1.2"].editor.text() == "12"  # type: ignore[attr-defined]
    opener = shown.buttons[1]
    assert opener.isEnabled()
    click(qtbot, opener)
    [url] = viewer.urls
    opened = Path(url.toLocalFile())
    assert opened.name == "payroll Q3.pdf"
    assert opened.read_bytes() == picked.read_bytes()
    # Maria answered it: she cannot accept it (maker/checker), in the service's words.
    accept = editor.objectives_section.review_buttons["1.accept"]
    assert accept.isEnabled()
    click(qtbot, accept)
    assert editor.message.text() == "objective 1 of PAYROLL was answered by you: another counselor must review it"
    assert _status(desk) == ("ready", ["submitted"])


def test_accepting_and_declining_an_objective(qtbot: QtBot, desk: Database, tmp_path: Path, modals: Modals) -> None:
    answer(desk, "AG-9", "PAYROLL", 1, 1, file=report(tmp_path), counselor_email=COUNSELOR)
    answer(desk, "AG-9", "PAYROLL", 1, 2, value="12", counselor_email=COUNSELOR)
    editor = _editor(qtbot, desk, BEN)
    editor.sections.setCurrentWidget(editor.objectives_section)
    modals.expect("agreementComment", _ok(qtbot, "the report is for Q2"))
    click(qtbot, editor.objectives_section.review_buttons["1.decline"])
    qtbot.waitUntil(lambda: _status(desk)[1] == ["declined"])
    status = editor.findChild(object, "objective.1.status")  # type: ignore[arg-type]
    assert status.text() == "Declined: the report is for Q2"  # type: ignore[union-attr]
    answer(desk, "AG-9", "PAYROLL", 1, 2, value="13", counselor_email=COUNSELOR)  # answering again resubmits
    editor.reload()
    click(qtbot, editor.objectives_section.review_buttons["1.accept"])
    # Accepted: the objectives condition completes and the run right after it sends it for approval.
    assert _status(desk) == ("awaiting_approval", ["accepted"])
    assert "waiting for approval" in editor.message.text()
    assert editor.sections.tabText(2) == "Approvals (waiting)"


def _awaiting(desk: Database, tmp_path: Path, maker: str) -> None:
    answer(desk, "AG-9", "PAYROLL", 1, 1, file=report(tmp_path), counselor_email=maker)
    answer(desk, "AG-9", "PAYROLL", 1, 2, value="12", counselor_email=maker)
    review_objective(desk, "AG-9", "PAYROLL", 1, "accept", counselor_email=ADMIN)
    process(desk, counselor_email=ADMIN)
    assert _status(desk) == ("awaiting_approval", ["accepted"])


def test_the_maker_cannot_approve(qtbot: QtBot, desk: Database, tmp_path: Path, modals: Modals) -> None:
    _awaiting(desk, tmp_path, maker=BEN)
    editor = _editor(qtbot, desk, BEN)
    section = editor.approvals_section
    editor.sections.setCurrentWidget(section)
    assert section.summary.text() == "PAYROLL waits for Program (round 1)."
    assert section.groups.item(0, 5).text() == "waiting"
    modals.expect("agreementComment", _ok(qtbot, ""))
    click(qtbot, section.approve_button)
    qtbot.waitUntil(lambda: bool(editor.message.text()))
    assert editor.message.text() == (
        "ben@sbdc.example marked or answered PAYROLL's conditions and cannot approve it (maker/checker)"
    )
    assert _status(desk) == ("awaiting_approval", ["accepted"])
    # Cy, the other member, approves: the milestone completes and its disbursement is released.
    other = _editor(qtbot, desk, CY)
    other.sections.setCurrentWidget(other.approvals_section)
    modals.expect("agreementComment", _ok(qtbot, "checked against the bank statement"))
    click(qtbot, other.approvals_section.approve_button)
    qtbot.waitUntil(lambda: _status(desk)[0] == "complete")
    assert other.message.text().startswith("PAYROLL: approved for Program (round 1); now complete; released 5,000.00")
    decided = other.approvals_section.decisions
    assert [decided.item(0, c).text() for c in (0, 1, 2, 3)] == ["1", "Program", "approve", CY]
    assert decided.item(0, 5).text() == "checked against the bank statement"
    assert not other.approvals_section.approve_button.isEnabled()


def test_declining_needs_a_comment_and_sends_it_back(
    qtbot: QtBot, desk: Database, tmp_path: Path, modals: Modals
) -> None:
    _awaiting(desk, tmp_path, maker=COUNSELOR)
    editor = _editor(qtbot, desk, CY)
    editor.sections.setCurrentWidget(editor.approvals_section)
    modals.expect("agreementComment", _ok(qtbot, "   "))
    click(qtbot, editor.approvals_section.decline_button)
    qtbot.waitUntil(lambda: bool(editor.message.text()))
    assert editor.message.text() == "to decline PAYROLL give a comment"
    assert _status(desk) == ("awaiting_approval", ["accepted"])
    assert agreement_definition(desk, "AG-9")["milestones"][0]["approvals"] == []
    modals.expect("agreementComment", _ok(qtbot, "payroll is for the wrong quarter"))
    click(qtbot, editor.approvals_section.decline_button)
    qtbot.waitUntil(lambda: _status(desk)[0] == "ready")
    assert _status(desk) == ("ready", ["declined"])
    assert editor.message.text() == "PAYROLL: declined for Program (round 1); now ready."
    assert "Resubmission requested" in editor.approvals_section.summary.text()
    assert editor.approvals_section.decisions.item(0, 2).text() == "decline"
    # The History tab lists the decline with who and why, read-only.
    editor.sections.setCurrentWidget(editor.history_section)
    history = editor.history
    rows = [[history.item(r, c).text() for c in range(history.columnCount())] for r in range(history.rowCount())]
    assert any(r[1] == CY and r[3] == "decline" and r[7] == "payroll is for the wrong quarter" for r in rows)
    assert history.editTriggers() == history.EditTrigger.NoEditTriggers


def test_the_objectives_fit_the_editor_at_1366_without_scrolling_sideways(qtbot: QtBot, desk: Database) -> None:
    editor = _editor(qtbot, desk, COUNSELOR)
    editor.resize(1160, 708)  # the editor's own size, which fits a 1366×768 screen
    editor.sections.setCurrentWidget(editor.objectives_section)
    scroller = editor.objectives_section.scroller
    qtbot.waitUntil(lambda: scroller.isVisible() and scroller.viewport().width() > 0)
    assert scroller.horizontalScrollBar().maximum() == 0
    for row in editor.objectives_section.rows.values():
        for button in row.buttons:
            right = button.mapTo(scroller.viewport(), button.rect().topRight()).x()
            assert right <= scroller.viewport().width(), button.objectName()
            assert button.width() >= button.sizeHint().width(), button.objectName()
