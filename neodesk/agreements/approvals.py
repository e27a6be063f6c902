"""§6 approval rules on plain values: group rules (any, all, n), groups in sequence, rounds, who may
approve or decline (members only; maker/checker with the `allow_self_approval` setting) and what a
decline resets.

A milestone lists its groups in order. Only the approvals of its current round count; a group is
satisfied when its rule is (counting its active members' approvals in that group), and the milestone
waits for the first group not yet satisfied. Refusals are one sentence naming the milestone, the
group and the counselor.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from neodesk.agreements.statuses import ApprovalRule, ConditionKind, ConditionStatus, Decision, ObjectiveStatus


class ApprovalRefused(ValueError):
    """An approval, decline or group definition refused; the message is one sentence."""


@dataclass(frozen=True, slots=True)
class GroupSpec:
    name: str
    rule: str = ApprovalRule.ANY
    needed: int | None = None  # the n of rule n
    members: frozenset[Hashable] = frozenset()  # active members only


@dataclass(frozen=True, slots=True)
class Vote:
    group: str
    round: int
    decision: str
    who: Hashable


@dataclass(frozen=True, slots=True)
class Progress:
    current: GroupSpec | None  # the group the milestone waits for; None when every group is satisfied
    approved: dict[str, frozenset[Hashable]]  # group → who approved it this round (active members)

    @property
    def done(self) -> bool:
        return self.current is None


def parse_rule(text: str) -> tuple[str, int | None]:
    """`any`, `all` or a whole number N (N of the members) as (rule, needed)."""
    value = text.strip().lower()
    if value in (ApprovalRule.ANY, ApprovalRule.ALL):
        return value, None
    if value.isdigit() and int(value) > 0:
        return ApprovalRule.N, int(value)
    raise ApprovalRefused(f"the rule {text!r} must be any, all or a number of members (1 or more)")


def rule_text(rule: str, needed: int | None) -> str:
    return str(needed) if rule == ApprovalRule.N else rule


def group_refusal(name: str, rule: str, needed: int | None, members: int) -> str | None:
    """Why a group cannot be saved so (None: it can): a name, at least one member, n within them."""
    if not name.strip():
        return "an approval group needs a name"
    if len(name.strip()) > 100:
        return f"the approval group name {name[:20]!r}… is longer than 100 characters"
    if members == 0:
        return f"approval group {name} needs at least one active member"
    if rule == ApprovalRule.N and (needed is None or needed > members):
        return f"approval group {name}: rule {needed} needs at least {needed} members, it has {members}"
    return None


def satisfied(group: GroupSpec, approvers: Iterable[Hashable]) -> bool:
    """Whether `approvers` (who approved in this group, this round) satisfy the group's rule."""
    counted = set(approvers) & group.members
    if group.rule == ApprovalRule.ALL:
        return bool(group.members) and counted == set(group.members)
    if group.rule == ApprovalRule.N:
        return group.needed is not None and len(counted) >= group.needed
    return len(counted) >= 1


def progress(groups: Sequence[GroupSpec], votes: Iterable[Vote], round_: int) -> Progress:
    """Where a milestone's approval stands in `round_`: the group it waits for (in order), who approved."""
    approved: dict[str, set[Hashable]] = {g.name: set() for g in groups}
    for v in votes:
        if v.round == round_ and v.decision == Decision.APPROVE and v.group in approved:
            approved[v.group].add(v.who)
    current = next((g for g in groups if not satisfied(g, approved[g.name])), None)
    counted = {g.name: frozenset(approved[g.name] & g.members) for g in groups}
    return Progress(current, counted)


def check_vote(
    code: str,
    groups: Sequence[GroupSpec],
    votes: Iterable[Vote],
    round_: int,
    who: Hashable,
    who_name: str,
    decision: str,
    *,
    makers: frozenset[Hashable] = frozenset(),
    allow_self_approval: bool = False,
    comment: str | None = None,
) -> GroupSpec:
    """The group `who` approves or declines `code` in, or ApprovalRefused with the sentence to show.

    Members of the group the milestone waits for only; each once a round; a decline needs a comment;
    nobody approves work they did (`makers`: who marked its user conditions or answered its
    objectives) unless they are the group's only active member and `allow_self_approval` is on.
    """
    votes = list(votes)
    if decision == Decision.DECLINE and not (comment and comment.strip()):
        raise ApprovalRefused(f"to decline {code} give a comment")
    state = progress(groups, votes, round_)
    group = state.current
    if group is None:
        raise ApprovalRefused(f"{code} has no approval waiting")
    if who not in group.members:
        raise ApprovalRefused(f"{who_name} is not a member of approval group {group.name}, which {code} waits for")
    if who in state.approved[group.name]:
        raise ApprovalRefused(f"{who_name} has already approved {code} for {group.name} in round {round_}")
    if decision == Decision.APPROVE and who in makers:
        alone = group.members == frozenset({who})
        if not (allow_self_approval and alone):
            raise ApprovalRefused(
                f"{who_name} marked or answered {code}'s conditions and cannot approve it (maker/checker)"
            )
    return group


@dataclass(frozen=True, slots=True)
class ConditionRef:
    key: Hashable
    kind: str
    status: str


@dataclass(frozen=True, slots=True)
class ObjectiveRef:
    key: Hashable
    status: str


@dataclass(frozen=True, slots=True)
class DeclinePlan:
    """What a decline resets (§6): conditions back to ready, objectives to declined, the next round."""

    reopen_conditions: tuple[Hashable, ...]
    decline_objectives: tuple[Hashable, ...]
    next_round: int


RESET_KINDS = frozenset({ConditionKind.USER, ConditionKind.OBJECTIVES})


def decline_plan(conditions: Sequence[ConditionRef], objectives: Sequence[ObjectiveRef], round_: int) -> DeclinePlan:
    """§6 decline: its `user` and `objectives` conditions back to ready (others stay as they are met),
    its submitted and accepted objectives to declined (open ones were never sent in), every approval of
    this round cleared by moving to the next round."""
    return DeclinePlan(
        tuple(c.key for c in conditions if c.kind in RESET_KINDS and c.status == ConditionStatus.COMPLETE),
        tuple(o.key for o in objectives if o.status in (ObjectiveStatus.SUBMITTED, ObjectiveStatus.ACCEPTED)),
        round_ + 1,
    )
