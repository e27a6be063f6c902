"""Contract Readiness (milestones.md): progress toward DIB / GIB ready, and rule M15's prompt.

A goal (``dib_ready``, ``gib_ready``, or one an administrator defines) needs a sequence of
requirements; each requirement is a set of alternative step types, one of which must be logged
("``sam_registered`` or ``state_vendor_registered``").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from neodesk.catalog.fields import FIELDS_BY_KEY
from neodesk.catalog.milestone_types import DEFAULT_READINESS_REQUIREMENTS
from neodesk.sync.describe import type_name
from neodesk.sync.proposals import ClientEffect, EffectKind, MilestoneProposal
from neodesk.sync.values import ClientState, same

Requirements = Mapping[str, Sequence[frozenset[str]]]
READINESS_ORIGIN = "readiness"
RULE_ID = "M15"


@dataclass(frozen=True, slots=True)
class GoalProgress:
    """Progress toward one goal, as the Contract Readiness tab shows it ("5 of 7 required steps")."""

    goal: str
    done: int
    required: int
    latest: date | None  # when the latest satisfied requirement was met; None when none is

    @property
    def complete(self) -> bool:
        return self.done == self.required


def newest_by_code(logged: Mapping[str, date] | Iterable[tuple[str, date]]) -> dict[str, date]:
    """Logged milestones reduced to the newest date per type (pairs may repeat a type)."""
    pairs = logged.items() if isinstance(logged, Mapping) else logged
    newest: dict[str, date] = {}
    for code, day in pairs:
        if code not in newest or day > newest[code]:
            newest[code] = day
    return newest


def readiness_progress(
    logged: Mapping[str, date] | Iterable[tuple[str, date]],
    requirements: Requirements = DEFAULT_READINESS_REQUIREMENTS,
) -> dict[str, GoalProgress]:
    """Per goal: requirements met, requirements in all, complete?, and the latest step's date.

    ``logged`` holds the client's milestones as type code → date (or ``(code, date)`` pairs). A
    requirement with alternatives is met on the earliest date one of them was logged: that is when
    the client became able to show it; the goal's date is the latest of its met requirements.
    """
    newest = newest_by_code(logged)
    progress: dict[str, GoalProgress] = {}
    for goal, needed in requirements.items():
        met = [min(newest[code] for code in alternatives if code in newest)
               for alternatives in needed if any(code in newest for code in alternatives)]  # fmt: skip
        progress[goal] = GoalProgress(goal, len(met), len(needed), max(met) if met else None)
    return progress


def readiness_prompts(
    client: ClientState,
    existing: Mapping[str, date],
    new_milestones: Iterable[tuple[str, date]],
    requirements: Requirements = DEFAULT_READINESS_REQUIREMENTS,
) -> list[ClientEffect]:
    """M15: offer to log a goal milestone when this save logs the last step it was missing.

    Nothing when the goal was already complete before the save, or its milestone already exists or
    is being logged in this save. The prompt carries the milestone to log (origin ``readiness``,
    dated on the latest step's date) and, per M14, the client's flag and date, so accepting it needs
    no second pass of the rules.
    """
    new = list(new_milestones)
    new_codes = {code for code, _ in new}
    before = readiness_progress(existing, requirements)
    after = readiness_progress([*existing.items(), *new], requirements)
    effects: list[ClientEffect] = []
    for goal, progress in after.items():
        if not progress.complete or before[goal].complete or progress.latest is None:
            continue
        if goal in existing or goal in new_codes:
            continue
        day = progress.latest
        wanted = {goal: True, f"{goal}_date": day}
        updates = {k: v for k, v in wanted.items() if k in FIELDS_BY_KEY and not same(client.get(k), v)}
        name = type_name(goal)
        effects.append(ClientEffect(
            rule_id=RULE_ID,
            kind=EffectKind.PROMPT,
            proposal=goal,
            title=f"Log {name}?",
            change=f"All {progress.required} required steps for {name} are logged; the latest on {day.isoformat()}.",
            updates=updates,
            date=day,
            type_code=goal,
            milestone=MilestoneProposal(RULE_ID, goal, automatic=False, date=day, origin=READINESS_ORIGIN),
        ))  # fmt: skip
    return effects
