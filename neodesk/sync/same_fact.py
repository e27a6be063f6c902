"""The same fact twice (sync-rules.md) and rule M17: what to do when a save repeats a known fact.

Two tables, both pure:

- :data:`REPEAT_RULES`: per milestone category, what a client → milestone proposal does when the client
  already has a milestone of its type. Value milestones (growth) dated the same day become an *update*
  of that milestone ("Change in Part-Time Staff of 2026-12-03: 4 → 7"), its initial amount kept;
  certifications and a status held once (permanently closed, sold) are not proposed again at all.
- :data:`CONFIRMATIONS`: checks on a New Milestone save that need a "Log anyway / Cancel" answer
  before anything is written (M17: a readiness goal logged while required steps are missing; a second
  certification or status the client already has). They go through the same
  :class:`~neodesk.sync.deciding.Decider` seam as every prompt; anything but Yes cancels the save.
"""

from __future__ import annotations

import datetime as dt  # as dt: fields named ``date`` would shadow the type
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from neodesk.catalog.milestone_types import TYPES_BY_CODE, Category
from neodesk.sync.deciding import Question
from neodesk.sync.describe import milestone_update_question, type_name
from neodesk.sync.proposals import ClientEffect, MilestoneProposal
from neodesk.sync.readiness import Requirements, newest_by_code, readiness_progress


@dataclass(frozen=True, slots=True)
class StoredMilestone:
    """A milestone the client already has, as plain data."""

    id: uuid.UUID
    type_code: str
    date: dt.date
    amount: Decimal | int | None = None
    initial_amount: Decimal | int | None = None


class Repeat(StrEnum):
    UPDATE_SAME_DAY = "update_same_day"  # propose updating the same-day milestone instead
    NEVER_AGAIN = "never_again"  # do not propose the type again (any date)


REPEAT_RULES: Mapping[Category, Repeat] = {
    Category.GROWTH: Repeat.UPDATE_SAME_DAY,
    Category.CERTIFICATIONS: Repeat.NEVER_AGAIN,
}
# Statuses a client holds once (closing for good, selling); a temporary closure or a new legal form
# can happen again and is not listed.
REPEAT_BY_TYPE: Mapping[str, Repeat] = {
    "permanently_closed": Repeat.NEVER_AGAIN,
    "sold_business": Repeat.NEVER_AGAIN,
}


@dataclass(frozen=True, slots=True)
class MilestoneUpdate:
    """A prompt to update a stored milestone's amount (Yes updates it; No leaves it)."""

    rule_id: str
    milestone_id: uuid.UUID
    type_code: str
    date: dt.date
    old_amount: Decimal | int | None
    amount: Decimal | int | None

    @property
    def asks(self) -> bool:
        return True

    @property
    def followup(self) -> ClientEffect | None:
        return None

    @property
    def change(self) -> str:
        name, day = type_name(self.type_code), self.date.isoformat()
        return f"{name} of {day}: {_figure(self.old_amount)} → {_figure(self.amount)}"

    @property
    def question(self) -> Question:
        ask = milestone_update_question(self.type_code, self.date, self.amount)
        return Question(
            self.rule_id, self.type_code, f"Update {type_name(self.type_code)}?", self.change, self.date, ask
        )


def _figure(value: Decimal | int | None) -> str:
    if value is None:
        return "blank"
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,}"


def repeat_of(type_code: str) -> Repeat | None:
    if type_code in REPEAT_BY_TYPE:
        return REPEAT_BY_TYPE[type_code]
    spec = TYPES_BY_CODE.get(type_code)
    return None if spec is None else REPEAT_RULES.get(spec.category)


def against_stored(
    proposals: Iterable[MilestoneProposal], stored: Sequence[StoredMilestone]
) -> list[MilestoneProposal | MilestoneUpdate]:
    """Client → milestone proposals, adjusted for the milestones the client already has.

    - A prompted value proposal with a stored milestone of its type dated the same day becomes a
      :class:`MilestoneUpdate` of that milestone (unless the amount is already the same: nothing).
    - A certification or status the client already has (any date) is not proposed.
    - Anything else repeating a stored (type, date) is dropped (no duplicate milestones).
    """
    by_key = {(m.type_code, m.date): m for m in stored}
    types = {m.type_code for m in stored}
    kept: list[MilestoneProposal | MilestoneUpdate] = []
    for proposal in proposals:
        repeat = repeat_of(proposal.type_code)
        same_day = by_key.get(proposal.key)
        if repeat is Repeat.NEVER_AGAIN and proposal.type_code in types:
            continue
        if same_day is not None:
            updatable = repeat is Repeat.UPDATE_SAME_DAY and not proposal.automatic and proposal.amount is not None
            if (
                updatable
                and proposal.amount is not None
                and (same_day.amount is None or Decimal(same_day.amount) != Decimal(proposal.amount))
            ):
                kept.append(
                    MilestoneUpdate(
                        proposal.rule_id,
                        same_day.id,
                        proposal.type_code,
                        proposal.date,
                        same_day.amount,
                        proposal.amount,
                    )
                )
            continue
        kept.append(proposal)
    return kept


# --- confirmations before a New Milestone save ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class Confirmation:
    """A "Log anyway / Cancel" question; Yes logs, anything else cancels the whole save."""

    rule_id: str
    type_code: str
    title: str
    change: str
    date: dt.date | None = None

    @property
    def asks(self) -> bool:
        return True

    @property
    def followup(self) -> ClientEffect | None:
        return None

    @property
    def question(self) -> Question:
        return Question(self.rule_id, self.type_code, self.title, self.change, self.date)


@dataclass(frozen=True, slots=True)
class ConfirmContext:
    """What a confirmation rule sees: the types being logged (with dates) and the stored milestones."""

    new: Sequence[tuple[str, date]]
    stored: Mapping[str, date]  # type code → newest stored date
    requirements: Requirements


ConfirmRule = Callable[[ConfirmContext], list[Confirmation]]


def missing_steps(ctx: ConfirmContext) -> list[Confirmation]:
    """M17: a readiness goal logged by hand while required steps are missing."""
    logged = newest_by_code([*ctx.stored.items(), *ctx.new])
    progress = readiness_progress(logged, ctx.requirements)
    found: list[Confirmation] = []
    for code, day in ctx.new:
        if code not in ctx.requirements or progress[code].complete:
            continue
        missing = [" or ".join(type_name(c) for c in sorted(alts)) for alts in ctx.requirements[code]
                   if not any(c in logged for c in alts)]  # fmt: skip
        name = type_name(code)
        found.append(Confirmation(
            "M17", code, f"Log {name} anyway?",
            f"{name}: {progress[code].done} of {progress[code].required} required steps logged; "
            f"missing {', '.join(missing)}.", day,
        ))  # fmt: skip
    return found


def already_logged(ctx: ConfirmContext) -> list[Confirmation]:
    """The same fact twice: a certification or status the client already has a milestone of."""
    found: list[Confirmation] = []
    for code, day in ctx.new:
        if repeat_of(code) is Repeat.NEVER_AGAIN and code in ctx.stored:
            name = type_name(code)
            found.append(
                Confirmation(
                    "same-fact",
                    code,
                    f"Log {name} again?",
                    f"{name}: already logged on {ctx.stored[code].isoformat()}.",
                    day,
                )
            )
    return found


CONFIRMATIONS: tuple[ConfirmRule, ...] = (missing_steps, already_logged)


def confirmations(
    new: Iterable[tuple[str, date]],
    stored: Mapping[str, date],
    requirements: Requirements,
    rules: Sequence[ConfirmRule] = CONFIRMATIONS,
) -> list[Confirmation]:
    """Every question a New Milestone save must have answered Yes before it writes anything."""
    ctx = ConfirmContext(list(new), stored, requirements)
    return [c for rule in rules for c in rule(ctx)]
