"""Errors a user can cause, with sentences a counselor understands."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """A refused value: the field's key, and a message that names the field and what is allowed."""

    key: str
    message: str


class ValidationFailed(Exception):
    """Input refused; nothing was written."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))

    def by_key(self) -> dict[str, str]:
        return {p.key: p.message for p in self.problems}


class NotFound(Exception):
    """The record named does not exist (or was deleted)."""


class Conflict(Exception):
    """The record changed underneath the editor (another window or desk saved it first)."""
