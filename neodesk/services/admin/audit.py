"""Administration leaves a trail: who changed which kind of record (and which one) goes to the rotating log.

Only names, ids and which fields were saved are written, never values that could be secret (a
passphrase, its hash). The app routes the logger to neodesk.log_file's rotating file at start.
Call after the unit of work has committed, so the log never names a change that was rolled back.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import Generic, TypeVar

from neodesk.models import Counselor
from neodesk.services.changes import Changes, Kind

LOGGER = logging.getLogger("neodesk.admin")

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
    """One line: `<actor> <action> <kind> <record>[: detail]`, e.g. "Ana (…) added milestone_type user_x"."""
    target = kind.value if record is None else f"{kind.value} {record}"
    LOGGER.info("%s %s %s%s", actor, action, target, f": {detail}" if detail else "")
