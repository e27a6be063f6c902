"""§5 objective rules on plain values: is an answer fit for its question, is an attached file allowed,
does an objective count as submitted, is the milestone's `objectives` condition met, may this
counselor review it.

The services (answers typed in the app or the CLI) and the stakeholder packet's import (§8) both ask
these functions, so a refusal reads the same wherever it comes from: one sentence naming the question
(`question 1.2 ("New hires")`) and what is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from neodesk.agreements.statuses import ObjectiveStatus, QuestionKind

MAX_FILE_BYTES = 25 * 1024 * 1024  # §5: at most 25 MB each
FILE_TYPES = ("pdf", "docx", "xlsx", "csv", "txt", "png", "jpg")  # §5, by the name's extension
MAX_TEXT = 10_000  # characters of a text answer
MAX_NAME = 255  # characters of a file's name (the column's size)
YES = frozenset({"yes", "y", "true"})
NO = frozenset({"no", "n", "false"})
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class AnswerRefused(ValueError):
    """An answer or file that does not fit its question; the message is one sentence naming it."""


@dataclass(frozen=True, slots=True)
class QuestionSpec:
    """A question as the rules need it: where it is (objective and question positions, from 1), what it asks."""

    objective: int
    position: int
    prompt: str
    kind: str
    required: bool = True
    options: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return f'question {self.objective}.{self.position} ("{self.prompt}")'


def check_answer(question: QuestionSpec, raw: Any) -> str:
    """The answer as stored (text normalized for its kind), or AnswerRefused naming the question."""
    name = question.name
    if question.kind == QuestionKind.FILE:
        raise AnswerRefused(f"{name} takes a file, not a typed answer")
    text = "" if raw is None else str(raw).strip()
    if not text:
        raise AnswerRefused(f"{name} needs an answer")
    if question.kind == QuestionKind.TEXT:
        if len(text) > MAX_TEXT:
            raise AnswerRefused(f"{name} takes at most {MAX_TEXT:,} characters, not {len(text):,}")
        return text
    if question.kind == QuestionKind.YES_NO:
        word = text.lower()
        if word in YES:
            return "yes"
        if word in NO:
            return "no"
        raise AnswerRefused(f"{name} takes yes or no, not {text!r}")
    if question.kind == QuestionKind.NUMBER:
        try:
            number = Decimal(text.replace(",", ""))
            if not number.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            raise AnswerRefused(f"{name} takes a number, not {text!r}") from None
        return str(number)
    if question.kind == QuestionKind.DATE:
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise AnswerRefused(f"{name} takes a date YYYY-MM-DD, not {text!r}") from None
    if question.kind == QuestionKind.CHOICE:
        for option in question.options:
            if option.casefold() == text.casefold():
                return option
        raise AnswerRefused(f"{name} takes one of {', '.join(question.options)}, not {text!r}")
    raise AnswerRefused(f"{name} has an unknown kind {question.kind!r}")


def file_name_of(path_text: str) -> str:
    """The file's own name from a path as typed on any system (its folder parts cleaned away)."""
    return re.split(r"[\\/]", path_text.strip())[-1]


def check_file(question: QuestionSpec, name: str, size: int) -> str:
    """A file for a `file` question: the name as stored, or AnswerRefused (type, size, a folder part).

    `name` is the file's name alone: one carrying a folder part (a returned packet naming
    `../x.pdf`) is refused, not followed; a path picked on this computer is cleaned first by the
    caller with `file_name_of`.
    """
    where = question.name
    if question.kind != QuestionKind.FILE:
        raise AnswerRefused(f"{where} takes a typed answer, not a file")
    shown = name.strip()
    if not shown:
        raise AnswerRefused(f"{where}: the file has no name")
    if "/" in shown or "\\" in shown or shown in (".", "..") or _CONTROL.search(shown):
        raise AnswerRefused(f"{where}: the file name {shown!r} has a folder part; give the file's name alone")
    if len(shown) > MAX_NAME:
        raise AnswerRefused(f"{where}: the file name is longer than {MAX_NAME} characters")
    extension = shown.rsplit(".", 1)[-1].lower() if "." in shown else ""
    if extension not in FILE_TYPES:
        raise AnswerRefused(
            f"{where}: {shown} is not a type allowed ({', '.join(FILE_TYPES)})"
            if extension
            else f"{where}: {shown} has no type; allowed are {', '.join(FILE_TYPES)}"
        )
    if size > MAX_FILE_BYTES:
        raise AnswerRefused(f"{where}: {shown} is {size / (1024 * 1024):.1f} MB, more than the 25 MB allowed")
    if size <= 0:
        raise AnswerRefused(f"{where}: {shown} is empty")
    return shown


def is_submitted(answered: Sequence[tuple[bool, bool]]) -> bool:
    """(required, answered) per question: every required question answered, and at least one answer."""
    return any(a for _, a in answered) and all(a for required, a in answered if required)


def status_after_answer(status: str, submitted: bool) -> str:
    """What answering does to an objective: submitted once complete (again after a decline), else as it was."""
    if status == ObjectiveStatus.ACCEPTED:
        return status  # the service refuses changing an accepted objective's answers before this
    return ObjectiveStatus.SUBMITTED if submitted else status


def answer_refusal(objective_name: str, status: str) -> str | None:
    """Why an objective's answers cannot change now (None: they can)."""
    if status == ObjectiveStatus.ACCEPTED:
        return f"{objective_name} is accepted: its answers can no longer change"
    return None


@dataclass(frozen=True, slots=True)
class ObjectiveSpec:
    required: bool
    status: str
    reviewed_on: date | None = None


def objectives_met(objectives: Sequence[ObjectiveSpec]) -> date | None:
    """§2 `objectives` condition: met when every required objective is accepted; its effective date is
    the date of the last acceptance. None: not met (or no required objective, so no such condition)."""
    required = [o for o in objectives if o.required]
    if not required or any(o.status != ObjectiveStatus.ACCEPTED for o in required):
        return None
    return max((o.reviewed_on for o in required if o.reviewed_on is not None), default=None)


def has_objectives_condition(objectives: Sequence[ObjectiveSpec]) -> bool:
    """§2: the implicit condition is present when the milestone has required objectives."""
    return any(o.required for o in objectives)


def review_refusal(
    objective_name: str, reviewer: Any, answerers: frozenset[Any], allow_self_approval: bool
) -> str | None:
    """§5: nobody accepts or declines an objective they answered, unless `allow_self_approval` is on."""
    if reviewer in answerers and not allow_self_approval:
        return f"{objective_name} was answered by you: another counselor must review it"
    return None
