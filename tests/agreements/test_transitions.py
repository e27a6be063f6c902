"""Every row of the §1 milestone table, allowed and refused, and the editing rule."""

from __future__ import annotations

import pytest

from neodesk.agreements.statuses import MilestoneStatus as M
from neodesk.agreements.transitions import (
    MILESTONE_TRANSITIONS,
    TransitionRefused,
    allowed_actions,
    decide,
    edit_refusal,
)

ALL_FACTS = {"has_conditions": True, "met": True, "no_paid_events": True, "agreement_not_cancelled": True}

ALLOWED = [
    ("set_ready", M.PENDING, M.READY, {}, None),
    ("set_pending", M.READY, M.PENDING, {}, None),
    ("await_approval", M.READY, M.AWAITING_APPROVAL, {"actor": "processing"}, None),
    ("complete", M.READY, M.COMPLETE, {"actor": "processing"}, None),
    ("approve", M.AWAITING_APPROVAL, M.COMPLETE, {"actor": "approval"}, None),
    ("decline", M.AWAITING_APPROVAL, M.READY, {"actor": "approval"}, "no evidence"),
    ("cancel", M.PENDING, M.CANCELLED, {}, "dropped"),
    ("cancel", M.READY, M.CANCELLED, {}, "dropped"),
    ("reopen", M.COMPLETE, M.READY, {"role": "administrator"}, "wrong count"),
    ("restore", M.CANCELLED, M.PENDING, {"role": "administrator"}, "back on"),
]


@pytest.mark.parametrize(("action", "source", "target", "who", "reason"), ALLOWED)
def test_allowed_moves(action: str, source: str, target: str, who: dict[str, str], reason: str | None) -> None:
    move = decide("milestone", action, source, name="M2", facts=ALL_FACTS, reason=reason, **who)
    assert move.target == target


def test_the_table_has_every_row_of_the_spec() -> None:
    rows = {(t.source, t.target, t.actor) for t in MILESTONE_TRANSITIONS}
    assert len(rows) == len(MILESTONE_TRANSITIONS) == 11


REFUSED = [
    (
        "set_ready",
        M.PENDING,
        {},
        None,
        {"has_conditions": False},
        "M2 has no conditions: add one before setting it ready",
    ),
    ("set_ready", M.COMPLETE, {}, None, ALL_FACTS, "M2 is complete: set ready applies only to pending milestones"),
    ("set_pending", M.PENDING, {}, None, ALL_FACTS, "M2 is pending: set pending applies only to ready milestones"),
    ("cancel", M.PENDING, {}, None, ALL_FACTS, "to cancel M2 give a reason"),
    ("cancel", M.COMPLETE, {}, "x", ALL_FACTS, "M2 is complete: cancel applies only to pending or ready milestones"),
    ("reopen", M.COMPLETE, {}, "x", ALL_FACTS, "only an administrator can reopen M2"),
    (
        "reopen",
        M.COMPLETE,
        {"role": "administrator"},
        "x",
        {"no_paid_events": False},
        "M2 has a paid event and cannot be reopened",
    ),
    ("reopen", M.COMPLETE, {"role": "administrator"}, "", ALL_FACTS, "to reopen M2 give a reason"),
    (
        "restore",
        M.CANCELLED,
        {"role": "administrator"},
        "x",
        {"agreement_not_cancelled": False},
        "the agreement is cancelled, so M2 cannot be restored",
    ),
    ("restore", M.CANCELLED, {}, "x", ALL_FACTS, "only an administrator can restore M2"),
    ("complete", M.READY, {}, None, ALL_FACTS, "only the processing can complete M2"),
    (
        "complete",
        M.PENDING,
        {"actor": "processing"},
        None,
        ALL_FACTS,
        "M2 is pending: complete applies only to ready milestones",
    ),
    (
        "approve",
        M.READY,
        {"actor": "approval"},
        None,
        ALL_FACTS,
        "M2 is ready: approve applies only to awaiting_approval milestones",
    ),
]


@pytest.mark.parametrize(("action", "source", "who", "reason", "facts", "sentence"), REFUSED)
def test_refused_moves_say_one_sentence(
    action: str, source: str, who: dict[str, str], reason: str | None, facts: dict[str, bool], sentence: str
) -> None:
    with pytest.raises(TransitionRefused) as info:
        decide("milestone", action, source, name="M2", facts=facts, reason=reason, **who)
    assert str(info.value) == sentence


def test_screens_read_the_same_table() -> None:
    assert allowed_actions("milestone", M.PENDING) == {"set_ready", "cancel"}
    assert allowed_actions("milestone", M.COMPLETE) == frozenset()
    assert allowed_actions("milestone", M.COMPLETE, "administrator") == {"reopen"}
    assert allowed_actions("event", "released", "administrator") >= {"reverse", "pay"}


@pytest.mark.parametrize(
    ("status", "sentence"),
    [
        (M.PENDING, None),
        (M.READY, "set M2 to Pending first"),
        (M.COMPLETE, "M2 is complete and cannot be changed"),
        (M.CANCELLED, "M2 is cancelled and cannot be changed"),
    ],
)
def test_only_pending_milestones_are_edited(status: str, sentence: str | None) -> None:
    assert edit_refusal("M2", status) == sentence


def test_event_and_agreement_tables() -> None:
    assert decide("event", "hold", "pending", name="event 1", reason="audit").target == "on_hold"
    with pytest.raises(TransitionRefused, match="only an administrator can reverse"):
        decide("event", "reverse", "released", name="event 1", reason="x")
    assert decide("agreement", "suspend", "active", name="AG-1", reason="audit").target == "suspended"
    with pytest.raises(TransitionRefused, match="AG-1 is draft: resume applies only to suspended agreements"):
        decide("agreement", "resume", "draft", name="AG-1")
