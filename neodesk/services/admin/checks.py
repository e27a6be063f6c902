"""The small input checks every administration form shares: trimmed text, a required name, refusing."""

from __future__ import annotations

from typing import Any

from neodesk.catalog.field_rules import text_problem
from neodesk.services.errors import FieldProblem, ValidationFailed

NAME_MAX = 200


def clean_text(raw: Any) -> str:
    return "" if raw is None else str(raw).strip()


def check_name(problems: list[FieldProblem], key: str, label: str, raw: Any, limit: int = NAME_MAX) -> str:
    """The trimmed name; a problem at `key` when it is blank, too long or holds control characters."""
    text = clean_text(raw)
    if not text:
        problems.append(FieldProblem(key, f"{label}: is required (1 to {limit} characters)."))
    elif len(text) > limit:
        problems.append(FieldProblem(key, f"{label}: must be at most {limit} characters."))
    elif (problem := text_problem(text, limit)) is not None:  # no control characters (issue 9)
        problems.append(FieldProblem(key, f"{label}: {problem}"))
    return text


def refuse_if_any(problems: list[FieldProblem]) -> None:
    if problems:
        raise ValidationFailed(problems)


def fold(text: str) -> str:
    """How names and codes compare for clashes: trimmed, case-folded."""
    return text.strip().casefold()
