"""The "ask the user" seam: questions, answers, and the sequence semantics of a prompt run.

The rules only *propose*; whoever saves asks through a :class:`Decider`. The Qt side implements it
with the modal ``SyncPrompt``; the CLI uses :class:`AlwaysYes` / :class:`AlwaysNo`; tests use
:class:`ScriptedDecider`. :func:`resolve` owns the order and the meaning of the answers, so every
front end behaves the same.
"""

from __future__ import annotations

import datetime as dt  # as dt: a field named ``date`` would shadow the type
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    from neodesk.sync.proposals import ClientEffect


CHANGE_SEPARATOR = "; "  # how describe.py joins several "old → new" changes into one ``change``


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    NO_TO_ALL = "no_to_all"  # decline this and every later prompt of the same save
    CANCEL = "cancel"  # Esc / window closed: the whole save is abandoned


@dataclass(frozen=True, slots=True)
class Question:
    """Everything a prompt dialog needs to show, so no dialog has to know the rules.

    ``proposal`` is the dialog's ``proposal`` property (screens.md): the milestone type code for a
    client → milestone prompt; the client field key (or ``inactivate``) for milestone → client.
    """

    rule_id: str
    proposal: str
    title: str
    change: str  # "Full-Time Employees: 3 → 5" (several changes joined by "; ")
    date: dt.date | None
    ask: str = ""  # what Yes does, as a question: "Log a Change in Full-Time Staff milestone of 9, …?"

    @property
    def question_text(self) -> str:
        """The sentence a prompt asks (the title when no rule worded one)."""
        return self.ask or self.title

    @property
    def lines(self) -> tuple[str, ...]:
        """The changes one per line, as the prompt lists them."""
        return tuple(part for part in self.change.split(CHANGE_SEPARATOR) if part) or (self.change,)


class Decider(Protocol):
    """Answers one question at a time (a modal dialog, a script, a command-line flag)."""

    def decide(self, question: Question) -> Answer: ...


class Askable(Protocol):
    """What :func:`resolve` needs of a proposal or client effect."""

    @property
    def asks(self) -> bool: ...

    @property
    def question(self) -> Question: ...

    @property
    def followup(self) -> ClientEffect | None: ...


@dataclass(slots=True)
class ScriptedDecider:
    """Answers from a list, in order, and remembers what it was asked.

    When the script runs out it answers ``default``; without a default it raises, so a test notices
    a question it did not expect.
    """

    answers: Sequence[Answer] = ()
    default: Answer | None = None
    asked: list[tuple[Question, Answer]] = field(default_factory=list)

    def decide(self, question: Question) -> Answer:
        if len(self.asked) < len(self.answers):
            answer = self.answers[len(self.asked)]
        elif self.default is not None:
            answer = self.default
        else:
            raise LookupError(f"unexpected question {question.proposal!r} ({question.title})")
        self.asked.append((question, answer))
        return answer


class AlwaysYes:
    """``--yes``: accept every prompt."""

    def decide(self, question: Question) -> Answer:
        return Answer.YES


class AlwaysNo:
    """``--no``: decline every prompt (automatic changes still happen)."""

    def decide(self, question: Question) -> Answer:
        return Answer.NO


A = TypeVar("A", bound=Askable)


def resolve(proposals: Iterable[A], decider: Decider) -> list[A | ClientEffect] | None:
    """The accepted items of one save, in order, or ``None`` when the counselor cancelled.

    - Items that do not ask (automatic changes, warnings, notices) are accepted without a question,
      even after "No to all": that answer is about prompts, and automatic changes are not optional.
    - Prompts are asked one at a time, in the given (table) order.
    - "No to all" declines that prompt and every later one without asking.
    - "Cancel" abandons the whole save: ``None``, so the caller writes nothing.
    - A follow-up (the "inactivate the client?" question of P1 / M11) is asked right after its
      parent, and only when the parent was accepted; an accepted follow-up is returned right after
      its parent (the caller tells them apart by type or by ``proposal``).
    """
    accepted: list[A | ClientEffect] = []
    declining_all = False

    def verdict(item: Askable) -> bool | None:
        """True accepted, False declined, None cancelled."""
        nonlocal declining_all
        if not item.asks:
            return True
        if declining_all:
            return False
        answer = decider.decide(item.question)
        if answer is Answer.CANCEL:
            return None
        if answer is Answer.NO_TO_ALL:
            declining_all = True
        return answer is Answer.YES

    for item in proposals:
        taken = verdict(item)
        if taken is None:
            return None
        if not taken:
            continue
        accepted.append(item)
        followup = item.followup
        if followup is not None:
            taken = verdict(followup)
            if taken is None:
                return None
            if taken:
                accepted.append(followup)
    return accepted
