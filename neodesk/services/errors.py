"""Errors a user can cause, with sentences a counselor understands."""

from __future__ import annotations

from dataclasses import dataclass

# Defined below the report queries, which raise it too; callers keep importing it from here.
from neodesk.errors import NotFound as NotFound


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


class Conflict(Exception):
    """The record changed underneath the editor (another window or desk saved it first)."""
