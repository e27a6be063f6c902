"""What the rules return: milestone proposals (client → milestone) and client effects (milestone → client).

Both are plain frozen values. Each knows whether it asks (a prompt) and can phrase itself as a
:class:`~neodesk.sync.deciding.Question`, which is all :func:`~neodesk.sync.deciding.resolve` and a
prompt dialog need.
"""

from __future__ import annotations

import datetime as dt  # as dt: fields named ``date`` would shadow the type
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from neodesk.sync.deciding import Question
from neodesk.sync.describe import describe_updates, milestone_question, type_name, update_question
from neodesk.sync.values import ClientState, same

INACTIVATE = "inactivate"  # the ``proposal`` key of the "inactivate the client?" follow-up
INACTIVE_CLIENT_TYPE = "IC"


class EffectKind(StrEnum):
    AUTOMATIC = "automatic"  # applied without a question
    PROMPT = "prompt"  # asked; applied only on Yes
    WARNING = "warning"  # M13: a non-modal banner on the client editor; changes nothing
    NOTICE = "notice"  # a message for the New Milestone dialog (e.g. an older-dated milestone)


@dataclass(frozen=True, slots=True)
class ClientEffect:
    """One thing a save does (or offers to do) to the client record.

    ``updates`` maps client field keys to their new values (only values that differ from the
    client's). ``proposal`` is the prompt's key: the client field the effect is about,
    ``inactivate`` for the follow-up question, or for M15 the readiness goal (``dib_ready`` /
    ``gib_ready``, both a milestone type and a client field). ``change`` is the "old → new" text, or
    the message of a warning / notice. ``milestone`` is a milestone to log when accepted (M15).
    """

    rule_id: str
    kind: EffectKind
    proposal: str
    title: str
    change: str
    updates: Mapping[str, Any] = field(default_factory=dict, hash=False)
    date: dt.date | None = None
    type_code: str = ""  # the milestone type that raised the effect ("" for a client-edit follow-up)
    milestone: MilestoneProposal | None = None
    followup: ClientEffect | None = None

    def __post_init__(self) -> None:
        # Read-only, so a frozen effect cannot be changed behind the caller's back.
        object.__setattr__(self, "updates", MappingProxyType(dict(self.updates)))

    @property
    def automatic(self) -> bool:
        return self.kind is EffectKind.AUTOMATIC

    @property
    def asks(self) -> bool:
        return self.kind is EffectKind.PROMPT

    @property
    def question(self) -> Question:
        if self.milestone is not None:
            m = self.milestone
            ask = milestone_question(m.type_code, m.date, m.amount, m.detail)
        elif self.proposal == INACTIVATE or not self.updates:
            ask = self.title
        else:
            ask = update_question(self.updates)
        return Question(self.rule_id, self.proposal, self.title, self.change, self.date, ask)


@dataclass(frozen=True, slots=True)
class MilestoneProposal:
    """A milestone a rule creates (``automatic``) or offers to create.

    ``amount`` is the new total and ``initial_amount`` the client's previous value (milestones.md).
    ``change`` is the "old → new" text of the client edit that raised it. ``followup`` is the second
    question of P1 (inactivate the client), asked only when this proposal is accepted.
    """

    rule_id: str
    type_code: str
    automatic: bool
    date: dt.date
    amount: Decimal | int | None = None
    initial_amount: Decimal | int | None = None
    detail: str | None = None
    change: str = ""
    followup: ClientEffect | None = None
    origin: str = "client_edit"  # domain.md's audit value for the milestone

    @property
    def asks(self) -> bool:
        return not self.automatic

    @property
    def key(self) -> tuple[str, dt.date]:
        """What "the same milestone" means for the no-duplicate rule: type and date."""
        return (self.type_code, self.date)

    @property
    def title(self) -> str:
        return type_name(self.type_code)

    @property
    def question(self) -> Question:
        ask = milestone_question(self.type_code, self.date, self.amount, self.detail)
        return Question(self.rule_id, self.type_code, self.title, self.change, self.date, ask)


def inactivation(rule_id: str, client: ClientState, *, type_code: str = "") -> ClientEffect | None:
    """The "inactivate the client?" follow-up (P1, M11): ``active`` off, ``client_type`` → IC.

    ``None`` when the client is already inactive, so nobody is asked a question without an effect.
    """
    wanted = {"active": False, "client_type": INACTIVE_CLIENT_TYPE}
    updates = {key: value for key, value in wanted.items() if not same(client.get(key), value)}
    if not updates:
        return None
    return ClientEffect(
        rule_id=rule_id,
        kind=EffectKind.PROMPT,
        proposal=INACTIVATE,
        title="Inactivate the client?",
        change=describe_updates(client, updates),
        updates=updates,
        type_code=type_code,
    )


def client_updates(accepted: Iterable[object]) -> dict[str, Any]:
    """The field updates of every accepted client effect, merged in order (a later one wins)."""
    merged: dict[str, Any] = {}
    for item in accepted:
        if isinstance(item, ClientEffect):
            merged.update(item.updates)
    return merged


def milestones_to_log(accepted: Iterable[object]) -> list[MilestoneProposal]:
    """Every milestone an accepted list asks to write: proposals, and M15's readiness milestones."""
    found: list[MilestoneProposal] = []
    for item in accepted:
        if isinstance(item, MilestoneProposal):
            found.append(item)
        elif isinstance(item, ClientEffect) and item.milestone is not None:
            found.append(item.milestone)
    return found
