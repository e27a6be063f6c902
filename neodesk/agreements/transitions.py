"""The §1 transition tables: who may move a milestone, an agreement or an event, from where to where.

One table per record kind, read by the services (to allow or refuse a move, with the sentence the
CLI prints and the editor shows) and by the screens (which actions are enabled). A refusal names
the record and what is wrong, in one sentence.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from neodesk.agreements.statuses import AgreementStatus, EventStatus, MilestoneStatus, ObjectiveStatus

USER, ADMINISTRATOR, PROCESSING, APPROVAL = "user", "administrator", "processing", "approval"
# Which actor kinds a signed-in role may act as.
ROLE_ACTS_AS = {"counselor": frozenset({USER}), "administrator": frozenset({USER, ADMINISTRATOR})}


class TransitionRefused(Exception):
    """A move the table does not allow; the message is one sentence for the user."""


@dataclass(frozen=True, slots=True)
class Transition:
    action: str  # the verb screens and the CLI use
    label: str  # how a refusal names the action
    source: str | None  # None: a new record
    target: str
    actor: str
    reason_required: bool = False
    guard: str | None = None  # a fact (see GUARD_REFUSALS) that must hold

    def __str__(self) -> str:
        return f"{self.source or '(new)'} → {self.target} by {self.actor}"


M = MilestoneStatus
MILESTONE_TRANSITIONS: tuple[Transition, ...] = (
    Transition("create", "create", None, M.PENDING, USER),
    Transition("set_ready", "set ready", M.PENDING, M.READY, USER, guard="has_conditions"),
    Transition("set_pending", "set pending", M.READY, M.PENDING, USER),
    Transition("await_approval", "send for approval", M.READY, M.AWAITING_APPROVAL, PROCESSING, guard="met"),
    Transition("complete", "complete", M.READY, M.COMPLETE, PROCESSING, guard="met"),
    Transition("approve", "approve", M.AWAITING_APPROVAL, M.COMPLETE, APPROVAL),
    Transition("decline", "decline", M.AWAITING_APPROVAL, M.READY, APPROVAL, reason_required=True),
    Transition("cancel", "cancel", M.PENDING, M.CANCELLED, USER, reason_required=True),
    Transition("cancel", "cancel", M.READY, M.CANCELLED, USER, reason_required=True),
    Transition("reopen", "reopen", M.COMPLETE, M.READY, ADMINISTRATOR, reason_required=True, guard="no_paid_events"),
    Transition(
        "restore",
        "restore",
        M.CANCELLED,
        M.PENDING,
        ADMINISTRATOR,
        reason_required=True,
        guard="agreement_not_cancelled",
    ),
)

A = AgreementStatus
AGREEMENT_TRANSITIONS: tuple[Transition, ...] = (
    Transition("create", "create", None, A.DRAFT, USER),
    Transition("create", "create", None, A.ACTIVE, USER),
    Transition("activate", "activate", A.DRAFT, A.ACTIVE, USER),
    Transition("suspend", "suspend", A.ACTIVE, A.SUSPENDED, USER, reason_required=True),
    Transition("resume", "resume", A.SUSPENDED, A.ACTIVE, USER),
    Transition("cancel", "cancel", A.DRAFT, A.CANCELLED, USER, reason_required=True),
    Transition("cancel", "cancel", A.ACTIVE, A.CANCELLED, USER, reason_required=True),
    Transition("cancel", "cancel", A.SUSPENDED, A.CANCELLED, USER, reason_required=True),
    Transition("complete", "complete", A.ACTIVE, A.COMPLETED, PROCESSING, guard="all_milestones_closed"),
    Transition("amend", "amend", A.ACTIVE, A.ACTIVE, USER, reason_required=True),
    Transition("amend", "amend", A.SUSPENDED, A.SUSPENDED, USER, reason_required=True),
)

E = EventStatus
EVENT_TRANSITIONS: tuple[Transition, ...] = (
    Transition("create", "create", None, E.PENDING, USER),
    Transition("release", "release", E.PENDING, E.RELEASED, PROCESSING),
    Transition("hold", "hold", E.PENDING, E.ON_HOLD, USER, reason_required=True),
    Transition("unhold", "release from hold", E.ON_HOLD, E.PENDING, USER, reason_required=True),
    Transition("pay", "pay", E.RELEASED, E.PARTLY_PAID, USER),
    Transition("pay", "pay", E.RELEASED, E.PAID, USER),
    Transition("pay", "pay", E.PARTLY_PAID, E.PARTLY_PAID, USER),
    Transition("pay", "pay", E.PARTLY_PAID, E.PAID, USER),
    Transition("cancel", "cancel", E.PENDING, E.CANCELLED, PROCESSING),
    Transition("cancel", "cancel", E.ON_HOLD, E.CANCELLED, PROCESSING),
    Transition("reverse", "reverse", E.RELEASED, E.REVERSED, ADMINISTRATOR, reason_required=True),
    Transition("reverse", "reverse", E.PARTLY_PAID, E.REVERSED, ADMINISTRATOR, reason_required=True),
)

OB = ObjectiveStatus
# §5: answering submits (again, after a decline); a counselor reviews; a milestone's decline (§6)
# sends its submitted and accepted objectives back as declined.
OBJECTIVE_TRANSITIONS: tuple[Transition, ...] = (
    Transition("create", "create", None, OB.OPEN, USER),
    Transition("submit", "submit", OB.OPEN, OB.SUBMITTED, USER),
    Transition("submit", "submit", OB.DECLINED, OB.SUBMITTED, USER),
    Transition("submit", "submit", OB.SUBMITTED, OB.SUBMITTED, USER),
    Transition("accept", "accept", OB.SUBMITTED, OB.ACCEPTED, USER),
    Transition("decline", "decline", OB.SUBMITTED, OB.DECLINED, USER, reason_required=True),
    Transition("reset", "send back", OB.SUBMITTED, OB.DECLINED, APPROVAL, reason_required=True),
    Transition("reset", "send back", OB.ACCEPTED, OB.DECLINED, APPROVAL, reason_required=True),
)

TABLES = {
    "milestone": MILESTONE_TRANSITIONS,
    "agreement": AGREEMENT_TRANSITIONS,
    "event": EVENT_TRANSITIONS,
    "objective": OBJECTIVE_TRANSITIONS,
}

# What a guard's failure says; {name} is the record's name (a milestone code, an agreement number).
GUARD_REFUSALS = {
    "has_conditions": "{name} has no conditions: add one before setting it ready",
    "met": "{name}'s conditions are not met",
    "no_paid_events": "{name} has a paid event and cannot be reopened",
    "agreement_not_cancelled": "the agreement is cancelled, so {name} cannot be restored",
    "all_milestones_closed": "{name} still has open milestones",
}


def _verb_sources(table: Iterable[Transition], action: str) -> list[str]:
    return sorted({str(t.source) for t in table if t.action == action and t.source is not None})


def decide(
    kind: str,
    action: str,
    status: str | None,
    *,
    name: str,
    role: str = "counselor",
    actor: str | None = None,
    facts: Mapping[str, bool] | None = None,
    reason: str | None = None,
    target: str | None = None,
) -> Transition:
    """The transition `action` takes from `status`, or TransitionRefused with the sentence to show.

    `actor` is "processing" or "approval" for moves the app makes itself; otherwise the signed-in
    `role` decides whether an administrator-only move is allowed.
    """
    table = TABLES[kind]
    candidates = [
        t for t in table if t.action == action and t.source == status and (target is None or t.target == target)
    ]
    if not candidates:
        sources = _verb_sources(table, action)
        allowed = " or ".join(sources) if sources else "no"
        raise TransitionRefused(f"{name} is {status}: {_label(table, action)} applies only to {allowed} {kind}s")
    move = candidates[0]
    acting = {actor} if actor else ROLE_ACTS_AS.get(role, ROLE_ACTS_AS["counselor"])
    if move.actor not in acting:
        who = "an administrator" if move.actor == ADMINISTRATOR else f"the {move.actor}"
        raise TransitionRefused(f"only {who} can {move.label} {name}")
    if move.reason_required and not (reason and reason.strip()):
        raise TransitionRefused(f"to {move.label} {name} give a reason")
    if move.guard and not (facts or {}).get(move.guard, False):
        raise TransitionRefused(GUARD_REFUSALS[move.guard].format(name=name))
    return move


def _label(table: Iterable[Transition], action: str) -> str:
    return next((t.label for t in table if t.action == action), action)


def allowed_actions(kind: str, status: str, role: str = "counselor") -> frozenset[str]:
    """The actions a user of `role` may try on a record in `status` (guards are checked on the try)."""
    acting = ROLE_ACTS_AS.get(role, ROLE_ACTS_AS["counselor"])
    return frozenset(t.action for t in TABLES[kind] if t.source == status and t.actor in acting)


def edit_refusal(code: str, status: str) -> str | None:
    """Why a milestone's definition cannot change in `status` (None: it can, it is pending)."""
    if status == MilestoneStatus.PENDING:
        return None
    if status == MilestoneStatus.READY:
        return f"set {code} to Pending first"
    return f"{code} is {status} and cannot be changed"
