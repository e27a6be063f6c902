"""Administration leaves a trail: who changed which kind of record (and which one) goes to the rotating log.

Only names, ids and which settings were saved are written, never values that could be secret (a
passphrase, its hash). The line goes to neodesk.log_file's rotating file (log_event), from the app
and the command line alike, never to the terminal. Call it after the unit of work has committed, so
the log never names a change that was rolled back.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Generic, TypeVar

from neodesk.log_file import log_event
from neodesk.models import Counselor
from neodesk.services.changes import Changes, Kind

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Saved(Generic[T]):
    """What a write use case hands back besides its `Changes`: the new code or id, notices, settings."""

    value: T
    changes: Changes


def who(actor: Counselor) -> str:
    """How the log names the acting administrator."""
    return f"{actor.name} ({actor.id})"


def log_change(actor: str, action: str, kind: Kind, record: uuid.UUID | str | None = None, detail: str = "") -> None:
    """One line: `Administration: <actor> <action> <kind> <record>[: detail]`, e.g.
    "Administration: Ana Pérez (…) added milestone_type user_grant_won"."""
    target = kind.value if record is None else f"{kind.value} {record}"
    log_event(f"Administration: {actor} {action} {target}" + (f": {detail}" if detail else ""))
