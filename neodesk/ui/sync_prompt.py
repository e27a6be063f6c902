"""The sync prompt (screens.md "Sync prompt") and the Qt side of the Decider seam.

The rules and services word every question (``Question``, its sentence from sync/describe.py, the same
words the CLI prints); this module only shows it and turns the counselor's button into an
:class:`Answer`. Esc, the Cancel button and the window's close button are Cancel: the whole save is
abandoned, so the counselor can go back and fix the data.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from neodesk.sync.deciding import Answer, Question

YES, NO, NO_TO_ALL, CANCEL = "syncYes", "syncNo", "syncNoToAll", "syncCancel"


class SyncPrompt(QDialog):
    """One modal question of a save; ``answer`` holds the result after ``exec()`` (Cancel unless a button)."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SyncPrompt")
        self.setModal(True)
        self.setWindowTitle(question.title)
        # Automation and the tests read which rule is asking from here (interfaces.md).
        self.setProperty("proposal", question.proposal)
        self.question = question
        self.answer = Answer.CANCEL

        # The question says what Yes does; the changes behind it follow, one per line.
        title = QLabel(question.question_text, objectName="sync.title", wordWrap=True)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        change = QLabel("\n".join(question.lines), objectName="sync.change", wordWrap=True)
        change.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        when = question.date.isoformat() if question.date else "—"
        day = QLabel(f"Date: {when}", objectName="sync.date")

        self.yes_button = self._button("&Yes", YES, Answer.YES)
        self.no_button = self._button("&No", NO, Answer.NO)
        self.no_to_all_button = self._button("No to &all", NO_TO_ALL, Answer.NO_TO_ALL)
        self.no_to_all_button.setToolTip(
            "Decline this and every remaining question of this save "
            "(you are correcting earlier data, not recording a change)."
        )
        self.cancel_button = QPushButton("Cancel", objectName=CANCEL)
        self.cancel_button.setToolTip("Cancel the whole save and go back to the form (Esc); nothing is written.")
        self.cancel_button.clicked.connect(self.reject)
        # Enter = Yes: Yes is the default button and starts with the focus.
        self.yes_button.setDefault(True)
        self.yes_button.setFocus(Qt.FocusReason.OtherFocusReason)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.yes_button, self.no_button, self.no_to_all_button):
            buttons.addWidget(button)
        buttons.addSpacing(12)  # Cancel is not an answer to this question: set apart
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(change)
        layout.addWidget(day)
        layout.addSpacing(8)
        layout.addLayout(buttons)
        self.setMinimumWidth(480)

    def _button(self, text: str, name: str, answer: Answer) -> QPushButton:
        button = QPushButton(text, objectName=name)
        button.clicked.connect(lambda: self._choose(answer))
        return button

    def _choose(self, answer: Answer) -> None:
        self.answer = answer
        self.accept()

    def reject(self) -> None:
        # Esc, the close button and Alt+F4 all end here: cancel the save.
        self.answer = Answer.CANCEL
        super().reject()


class QtDecider:
    """The :class:`~neodesk.sync.deciding.Decider` of the desktop app: one modal SyncPrompt per question."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self._parent = parent

    def decide(self, question: Question) -> Answer:
        prompt = SyncPrompt(question, self._parent)
        try:
            prompt.exec()
            return prompt.answer
        finally:
            # Owned by the parent window otherwise: do not let answered prompts pile up under it.
            prompt.deleteLater()
