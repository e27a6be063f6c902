"""What the AgreementEditor does for objectives, approvals and the stakeholder (agreements.md §5–§8):
answer, accept / decline an objective, approve / decline a milestone, and Send packet…, Import
returned packet…, Email the stakeholder…, Add to calendar….

`EditorActions` is the sections' host: it runs each use case with plain values, shows a refusal as
the sentence the CLI prints (nothing written), runs processing right after an answer, a review or a
decision (§3), reloads the editor and says what happened in one sentence. File choices go through
`pick_file` (a Qt file dialog named `agreementFileDialog`, so tests drive it for real).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QUrl, SignalInstance
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QMenu, QToolButton, QWidget

from neodesk.services import agreements as svc
from neodesk.services.agreements.answers import AnswerResult, ReviewResult
from neodesk.services.agreements.approvals import ApprovalResult
from neodesk.services.changes import Changes, Kind
from neodesk.services.errors import NotFound, ValidationFailed
from neodesk.ui.agreement_sections import Step, TextDialog
from neodesk.ui.context import AppContext
from neodesk.ui.named import named

PDF_FILTER = "PDF forms (*.pdf);;All files (*)"
ICS_FILTER = "Calendar files (*.ics);;All files (*)"


class Editor(Protocol):
    """What the actions need of the AgreementEditor."""

    number: str
    message: QLabel
    changed: SignalInstance

    @property
    def context(self) -> AppContext: ...

    def reload(self) -> None: ...

    def selected_code(self) -> str | None: ...

    def as_widget(self) -> QWidget: ...


def refusal(exc: Exception) -> str:
    if isinstance(exc, ValidationFailed):
        return "; ".join(p.message for p in exc.problems)
    return str(exc)


def result_sentence(code: str, result: object) -> str:
    """What a use case did, in one sentence (the CLI's words where it has them)."""
    if isinstance(result, ApprovalResult):
        verb = "declined" if result.status == "ready" else "approved"
        said = f"{code}: {verb} for {result.group} (round {result.round}); now {result.status}"
        if result.waiting_for:
            said += f", waiting for {result.waiting_for}"
        if result.released:
            said += "; released " + ", ".join(f"{r.amount:,.2f} for {r.label}" for r in result.released)
        return said + "."
    if isinstance(result, AnswerResult):
        return "Answer saved; " + ", ".join(f"objective {p} is {s}" for p, s in result.objectives) + "."
    if isinstance(result, ReviewResult):
        said = f"{code}: objective {result.status}"
        if result.objectives_met:
            said += f"; every required objective accepted ({result.objectives_met.isoformat()})"
        return said + "."
    return ""


def run_sentence(report: svc.RunReport) -> str:
    if not (report.completed or report.released or report.awaiting_approval):
        return ""
    said = f" Processing: {len(report.completed)} completed"
    if report.awaiting_approval:
        said += f", {len(report.awaiting_approval)} waiting for approval"
    if report.released:
        said += "; released " + ", ".join(f"{r.milestone} {r.amount:,.2f}" for r in report.released)
    return said + "."


class EditorActions:
    """The use cases of §5–§8 behind the editor's sections and its Stakeholder menu."""

    # The packet services (reportlab, pypdf) are imported when a packet is sent or imported, not with
    # the editor: the main window's start does not load them (tests/ui/test_start_up.py).

    def __init__(self, editor: Editor) -> None:
        self.editor = editor
        self.opened: list[Path] = []  # files handed to the system (tests read this)

    @property
    def number(self) -> str:
        return self.editor.number

    @property
    def _who(self) -> uuid.UUID | None:
        return self.editor.context.counselor_id

    # -- running ----------------------------------------------------------------------------------------
    def run_step(self, step: Step, *, then_process: bool = False, say: Callable[[Any], str] | None = None) -> bool:
        editor = self.editor
        try:
            result = step()
        except (ValidationFailed, NotFound) as exc:
            editor.message.setText(refusal(exc))  # what was typed stays; nothing was written
            return False
        except OSError as exc:  # a file could not be read or written (gone, disk full, read-only folder)
            editor.message.setText(f"{exc.filename or 'the file'}: {exc.strerror or exc}")
            return False
        said = say(result) if say is not None else result_sentence(editor.selected_code() or "", result)
        changes = getattr(result, "changes", None)
        changes = changes if isinstance(changes, Changes) else Changes.none()
        if then_process:
            try:
                report = svc.process(editor.context.db, counselor_email=self._who)
                said += run_sentence(report)
                if report.changes:
                    changes = changes | Changes.of(Kind.AGREEMENT) | Changes.of(Kind.TASK)
            except (ValidationFailed, NotFound) as exc:
                said += f" Processing: {refusal(exc)}"
        editor.reload()
        editor.message.setText(said.strip())
        editor.changed.emit()
        self.publish(changes)
        return True

    def publish(self, changes: Changes) -> None:
        """Tell the main window's change bus (the window the editor was opened from, where it has one)."""
        if not changes:
            return
        widget = self.editor.as_widget().parentWidget()
        while widget is not None:
            bus = getattr(widget, "changes", None)
            if bus is not None and hasattr(bus, "publish"):
                bus.publish(changes, self.editor.as_widget())
                return
            widget = widget.parentWidget()

    def answer_step(self, code: str, objective: int, question: int, value: str | None, file: Path | None) -> Step:
        db = self.editor.context.db
        return lambda: svc.answer(
            db, self.number, code, objective, question, value=value, file=file, counselor_email=self._who
        )

    def review_step(self, code: str, objective: int, action: str, reason: str | None) -> Step:
        db = self.editor.context.db
        return lambda: svc.review_objective(
            db, self.number, code, objective, action, reason=reason, counselor_email=self._who
        )

    def decide_step(self, code: str, decision: str, comment: str | None) -> Step:
        db = self.editor.context.db
        return lambda: svc.decide_milestone(db, self.number, code, decision, comment=comment, counselor_email=self._who)

    # -- asking -----------------------------------------------------------------------------------------
    def ask_text(self, title: str, label: str) -> str | None:
        dialog = TextDialog(title, label, self.editor.as_widget())
        return dialog.text.text() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def pick_file(self, title: str, filters: str, *, save_as: str | None = None) -> Path | None:
        dialog = named(QFileDialog(self.editor.as_widget(), title), "agreementFileDialog")
        dialog.setNameFilter(filters)
        if save_as is not None:
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            dialog.selectFile(save_as)
        else:
            dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
            return None
        return Path(dialog.selectedFiles()[0])

    def open_attachment(self, sha256: str, name: str) -> None:
        from neodesk.services.agreements.opened_files import viewable_copy

        try:
            path = viewable_copy(sha256, name)
        except (ValidationFailed, NotFound) as exc:
            self.editor.message.setText(refusal(exc))
            return
        self._open(path, f"Opened {name} in the system's viewer.")

    def _open(self, path: Path, said: str) -> None:
        self.opened.append(path)
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.editor.message.setText(said)
        else:
            self.editor.message.setText(f"{path} was written, but no program here opens it: open it yourself.")

    # -- the stakeholder (§7, §8) -----------------------------------------------------------------------
    def _wrote(self, call: Callable[[], Any], said: Callable[[Any], str]) -> Any:
        """A file written for the stakeholder (nothing in the database changes): what it did, or why not."""
        try:
            done = call()
        except (ValidationFailed, NotFound) as exc:
            self.editor.message.setText(refusal(exc))
            return None
        except OSError as exc:  # the file could not be written (disk full, read-only folder)
            self.editor.message.setText(f"the file could not be written: {exc.strerror or exc}")
            return None
        self.editor.message.setText(said(done))
        return done

    def send_packet(self) -> None:
        from neodesk.services.agreements.packets import write_packet

        code = self.editor.selected_code()
        if code is None:
            self.editor.message.setText("select the milestone whose packet to send")
            return
        suggested = str(Path.home() / f"{_file_safe(self.number)}-{_file_safe(code)}-packet.pdf")
        out = self.pick_file(f"Send the packet of {code}", PDF_FILTER, save_as=suggested)
        if out is None:
            return
        db = self.editor.context.db
        self.run_step(
            lambda: write_packet(db, self.number, code, out, counselor_email=self._who),
            say=lambda d: (
                f"Wrote the packet for {d.agreement}/{d.milestone} ({d.questions} question(s)) to {d.path}: "
                "send it to the stakeholder."
            ),
        )

    def import_packet(self) -> None:
        from neodesk.services.agreements.packets import import_packet, packet_files

        pdf = self.pick_file("Import a returned packet (its files beside it)", PDF_FILTER)
        if pdf is None:
            return
        db = self.editor.context.db
        try:
            named = packet_files(db, pdf)
        except (ValidationFailed, NotFound) as exc:
            self.editor.message.setText(refusal(exc))
            return
        except OSError as exc:
            self.editor.message.setText(f"{pdf}: {exc.strerror or exc}")
            return
        attach: list[Path] = []
        for name in named.named:  # a file the form names that did not come beside it: ask where it is
            if name in named.beside:
                continue
            found = self.pick_file(f"The packet names {name}: where is it?", f"{name} ({name});;All files (*)")
            if found is None:
                self.editor.message.setText(f"The packet names {name}, which is not beside it: nothing was imported.")
                return
            attach.append(found)
        # The import runs processing itself when it saved answers (§3).
        self.run_step(lambda: import_packet(db, pdf, attach, counselor_email=self._who), say=lambda d: d.summary())

    def email_stakeholder(self) -> None:
        from neodesk.services.agreements.stakeholder import email_draft

        done = self._wrote(
            lambda: email_draft(self.editor.context.db, self.number, counselor_email=self._who),
            lambda d: f"Wrote a draft e-mail to {d.to} ({d.milestones} open milestone(s)) to {d.path}.",
        )
        if done is not None:
            self._open(
                done.path, self.editor.message.text() + " It opens in your mail program: check it, then send it."
            )

    def add_to_calendar(self) -> None:
        from neodesk.services.agreements.stakeholder import calendar_file

        suggested = str(Path.home() / f"{_file_safe(self.number)}.ics")
        out = self.pick_file(f"Add the due dates of {self.number} to a calendar", ICS_FILTER, save_as=suggested)
        if out is None:
            return
        done = self._wrote(
            lambda: calendar_file(self.editor.context.db, self.number, out, counselor_email=self._who),
            lambda d: f"Wrote {d.events} due date(s) of {self.number} to {d.path}.",
        )
        if done is not None:
            self._open(done.path, self.editor.message.text() + " Your calendar program imports it.")


def _file_safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in text) or "agreement"


def stakeholder_button(actions: EditorActions) -> QToolButton:
    """ "Stakeholder ▾": Send packet…, Import returned packet…, Email the stakeholder…, Add to calendar…."""
    button = named(QToolButton(), "agreementAction.stakeholder")
    button.setText("Stakeholder")
    button.setToolTip("Packets, e-mail and calendar for the agreement's stakeholder (nothing is sent from NeoDesk)")
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    menu = QMenu(button)
    for key, text, slot in (
        ("send_packet", "Send packet…", actions.send_packet),
        ("import_packet", "Import returned packet…", actions.import_packet),
        ("email", "Email the stakeholder…", actions.email_stakeholder),
        ("calendar", "Add to calendar…", actions.add_to_calendar),
    ):
        action = named(QAction(text, menu), f"agreementAction.{key}")
        action.triggered.connect(lambda _c=False, f=slot: f())
        menu.addAction(action)
    button.setMenu(menu)
    return button
