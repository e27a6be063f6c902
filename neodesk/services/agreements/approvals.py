"""Approving and declining a milestone, and defining approval groups (agreements.md §6): one unit of
work each, the rules those of neodesk.agreements.approvals.

The approval that satisfies the last group completes the milestone and releases its pending events
in the SAME transaction (dated the milestone's effective date, as processing would), and completes
the agreement when nothing of it is left open. A decline sends the milestone back to ready: its user
and objectives conditions ready again, its submitted and accepted objectives declined, the round
over (its approvals no longer count) and a "resubmission requested" marker for the tasks. Every
approval, decline and move is a history row.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from neodesk.agreements.approvals import (
    ApprovalRefused,
    ConditionRef,
    GroupSpec,
    ObjectiveRef,
    Vote,
    check_vote,
    decline_plan,
    group_refusal,
    parse_rule,
    progress,
    rule_text,
)
from neodesk.agreements.statuses import (
    AgreementStatus,
    ConditionStatus,
    Decision,
    EventStatus,
    MilestoneStatus,
    ObjectiveStatus,
)
from neodesk.agreements.transitions import APPROVAL, PROCESSING, TransitionRefused, decide
from neodesk.models import (
    Agreement,
    AgreementApproval,
    AgreementMilestone,
    ApprovalGroup,
    Counselor,
    Database,
)
from neodesk.services.agreements.common import (
    acting,
    event_label,
    history,
    load_agreement,
    milestone_of,
    refused,
    transition_refused,
)
from neodesk.services.changes import Changes, Kind
from neodesk.services.settings import load_settings

CLOSED = (MilestoneStatus.COMPLETE, MilestoneStatus.CANCELLED)
# A group's id follows from its name: milestones name their groups, and every desk that sets up a
# "Program" group makes the same record, so their bundles meet at the central office by id (newest
# revision wins) instead of clashing on the unique name.
GROUP_IDS = uuid.UUID("5d2c1c0e-7a4b-4f0e-9a53-6e1f0a9b2c41")


def group_id(name: str) -> uuid.UUID:
    return uuid.uuid5(GROUP_IDS, name)


@dataclass(frozen=True, slots=True)
class ReleasedEvent:
    id: uuid.UUID
    label: str  # "HIRE10 event 1"
    amount: Decimal


@dataclass(frozen=True, slots=True)
class ApprovalResult:
    status: str  # the milestone's status after it
    group: str  # the group the counselor acted in
    round: int  # the round the approval or decline counted in
    waiting_for: str | None  # the next group, while more are needed
    released: tuple[ReleasedEvent, ...]
    changes: Changes


@dataclass(frozen=True, slots=True)
class ApprovalGroupRow:
    id: uuid.UUID
    name: str
    rule: str  # any | all | N
    members: tuple[str, ...]  # emails
    active: bool


@dataclass(frozen=True, slots=True)
class ApprovalGroupSaved:
    row: ApprovalGroupRow
    changes: Changes


def group_specs(tx: Session, names: tuple[str, ...] | None, code: str) -> list[GroupSpec]:
    """The milestone's groups in order, each with its active members (refused when one is missing)."""
    wanted = list(names or ())
    found = {
        g.name: g
        for g in tx.scalars(
            select(ApprovalGroup).where(ApprovalGroup.name.in_(wanted)).options(selectinload(ApprovalGroup.members))
        )
    }
    specs = []
    for name in wanted:
        group = found.get(name)
        if group is None or not group.active:
            raise refused(f"{code} waits for approval group {name}, which does not exist", "approval")
        specs.append(GroupSpec(name, group.rule, group.needed, frozenset(c.id for c in group.members if c.active)))
    return specs


def votes_of(milestone: AgreementMilestone) -> list[Vote]:
    return [Vote(a.group_name, a.round, a.decision, a.counselor_id) for a in milestone.approvals]


def makers_of(milestone: AgreementMilestone) -> frozenset[uuid.UUID]:
    """§6 maker/checker: who marked its user conditions or answered its objectives."""
    who = {c.marked_by_id for c in milestone.conditions if c.marked_by_id is not None}
    for o in milestone.objectives:
        if o.answered_by_id is not None:
            who.add(o.answered_by_id)
        who.update(a.answered_by_id for q in o.questions for a in q.answers if a.answered_by_id is not None)
    return frozenset(who)


def _release(tx: Session, agreement: Agreement, milestone: AgreementMilestone) -> list[ReleasedEvent]:
    released = []
    for e in milestone.events:
        if e.status != EventStatus.PENDING or milestone.effective_date is None:
            continue  # on hold: processing releases it once taken off hold
        history(
            tx,
            agreement,
            "event",
            e.id,
            event_label(e),
            "release",
            e.status,
            EventStatus.RELEASED,
            effective=milestone.effective_date,
            reason="approved",
        )
        e.status, e.released_on = EventStatus.RELEASED, milestone.effective_date
        released.append(ReleasedEvent(e.id, event_label(e), e.amount))
    return released


def _complete_agreement(tx: Session, agreement: Agreement) -> None:
    if agreement.status != AgreementStatus.ACTIVE or not all(m.status in CLOSED for m in agreement.milestones):
        return
    when = max((m.effective_date for m in agreement.milestones if m.effective_date), default=None)
    move = decide(
        "agreement",
        "complete",
        agreement.status,
        name=agreement.number,
        actor=PROCESSING,
        facts={"all_milestones_closed": True},
    )
    history(
        tx,
        agreement,
        "agreement",
        agreement.id,
        agreement.number,
        "complete",
        agreement.status,
        move.target,
        effective=when,
    )
    agreement.status = move.target


def _decline(tx: Session, agreement: Agreement, milestone: AgreementMilestone, comment: str) -> None:
    plan = decline_plan(
        [ConditionRef(c.id, c.kind, c.status) for c in milestone.conditions],
        [ObjectiveRef(o.id, o.status) for o in milestone.objectives],
        milestone.approval_round,
    )
    reopen, decline = set(plan.reopen_conditions), set(plan.decline_objectives)
    for c in milestone.conditions:
        if c.id in reopen:
            history(
                tx,
                agreement,
                "condition",
                c.id,
                milestone.code,
                "reopen",
                c.status,
                ConditionStatus.READY,
                reason=comment,
            )
            c.status, c.effective_date, c.marked_by_id = ConditionStatus.READY, None, None
    for o in milestone.objectives:
        if o.id in decline:
            history(
                tx,
                agreement,
                "objective",
                o.id,
                f"{milestone.code} objective {o.position}",
                "reset",
                o.status,
                ObjectiveStatus.DECLINED,
                reason=comment,
            )
            o.status, o.status_reason, o.reviewed_by_id, o.reviewed_on = ObjectiveStatus.DECLINED, comment, None, None
    milestone.approval_round = plan.next_round
    milestone.resubmission_requested = True
    milestone.effective_date = None


def decide_milestone(
    db: Database,
    number: str,
    code: str,
    decision: str,
    *,
    comment: str | None = None,
    counselor_email: str | uuid.UUID | None = None,
) -> ApprovalResult:
    """`agreement approve NUMBER CODE [--comment T]` / `agreement decline NUMBER CODE --comment T`."""
    if decision not in (Decision.APPROVE, Decision.DECLINE):
        raise ValueError(decision)
    with db.unit_of_work() as tx:
        me = acting(tx, counselor_email)
        agreement = load_agreement(tx, number, for_update=True)
        milestone = milestone_of(agreement, code)
        if agreement.status != AgreementStatus.ACTIVE:
            raise refused(f"agreement {number} is {agreement.status}: {code} cannot be {decision}d now", "status")
        if decision == Decision.DECLINE and not (comment and comment.strip()):
            raise refused(f"to decline {code} give a comment", "comment")
        try:
            move = decide("milestone", decision, milestone.status, name=code, actor=APPROVAL, reason=comment)
        except TransitionRefused as exc:
            raise transition_refused(exc) from None
        groups = group_specs(tx, milestone.approval, code)
        round_ = milestone.approval_round
        try:
            group = check_vote(
                code,
                groups,
                votes_of(milestone),
                round_,
                me.id,
                me.email,
                decision,
                makers=makers_of(milestone),
                allow_self_approval=load_settings(tx).allow_self_approval,
                comment=comment,
            )
        except ApprovalRefused as exc:
            raise refused(str(exc), "approval") from None
        note = comment.strip() if comment and comment.strip() else None
        milestone.approvals.append(
            AgreementApproval(
                id=uuid.uuid4(),
                group_name=group.name,
                round=round_,
                decision=decision,
                counselor_id=me.id,
                comment=note,
            )
        )
        vote = milestone.approvals[-1]
        label = f"{code} ({group.name}, round {round_})"
        released: list[ReleasedEvent] = []
        waiting: str | None = None
        if decision == Decision.DECLINE:
            history(tx, agreement, "approval", vote.id, label, "decline", milestone.status, move.target, reason=note)
            _decline(tx, agreement, milestone, note or "")
            milestone.status = move.target
        else:
            state = progress(groups, votes_of(milestone), round_)
            target = move.target if state.done else milestone.status
            history(
                tx,
                agreement,
                "approval",
                vote.id,
                label,
                "approve",
                milestone.status,
                target,
                reason=note,
                effective=milestone.effective_date if state.done else None,
            )
            if state.done:
                milestone.status, milestone.resubmission_requested = target, False
                released = _release(tx, agreement, milestone)
                _complete_agreement(tx, agreement)
            else:
                waiting = state.current.name if state.current else None
        changes = Changes.of(Kind.AGREEMENT, agreement.id) | Changes.of(Kind.TASK)
        return ApprovalResult(milestone.status, group.name, round_, waiting, tuple(released), changes)


def set_approval_group(
    db: Database,
    name: str,
    members: list[str],
    *,
    rule: str = "any",
    counselor_email: str | uuid.UUID | None = None,
) -> ApprovalGroupSaved:
    """`approval-group set NAME --members EMAIL,… [--rule any|all|N]` (administrators): creates or replaces."""
    name = name.strip()
    with db.unit_of_work() as tx:
        me = acting(tx, counselor_email)
        if not me.is_admin:
            raise refused(f"only an administrator can set approval group {name}", "approval_group")
        try:
            kind, needed = parse_rule(rule)
        except ApprovalRefused as exc:
            raise refused(f"approval group {name}: {exc}", "rule") from None
        emails = list(dict.fromkeys(e.strip() for e in members if e.strip()))
        found = {c.email: c for c in tx.scalars(select(Counselor).where(Counselor.email.in_(emails)))}
        for email in emails:
            counselor = found.get(email)
            if counselor is None or not counselor.active:
                raise refused(f"approval group {name}: no active counselor has the email {email}", "members")
        problem = group_refusal(name, kind, needed, len(emails))
        if problem:
            raise refused(problem, "approval_group")
        group = tx.scalars(select(ApprovalGroup).where(ApprovalGroup.name == name)).first()
        if group is None:
            group = ApprovalGroup(id=group_id(name), name=name)
            tx.add(group)
        group.rule, group.needed, group.active = kind, needed, True
        group.members = [found[e] for e in emails]
        row = ApprovalGroupRow(group.id, name, rule_text(kind, needed), tuple(sorted(emails)), True)
        return ApprovalGroupSaved(row, Changes.of(Kind.APPROVAL_GROUP, group.id) | Changes.of(Kind.TASK))


def approval_group_rows(db: Database) -> list[ApprovalGroupRow]:
    """Every approval group with its rule and members (the Approval groups… screen, `approval-groups`)."""
    with db.reading() as tx:
        return [
            ApprovalGroupRow(g.id, g.name, rule_text(g.rule, g.needed), tuple(c.email for c in g.members), g.active)
            for g in tx.scalars(
                select(ApprovalGroup).order_by(ApprovalGroup.name).options(selectinload(ApprovalGroup.members))
            )
        ]


@dataclass(frozen=True, slots=True)
class ApprovalWaitRow:
    """A milestone waiting for a group's approval (§6), for the tasks: who may approve it now."""

    agreement: str
    milestone: str
    title: str  # the milestone's description
    group: str
    round: int
    due: date | None
    members: frozenset[uuid.UUID]  # the group's active members who have not approved it this round


def approvals_waiting(db: Database, counselor_id: uuid.UUID | None = None) -> list[ApprovalWaitRow]:
    """Milestones awaiting approval and the group each waits for; with `counselor_id`, only those that
    counselor may approve now (a member of that group who has not approved it in this round)."""
    with db.reading() as tx:
        milestones = tx.scalars(
            select(AgreementMilestone)
            .join(Agreement, Agreement.id == AgreementMilestone.agreement_id)
            .where(
                AgreementMilestone.status == MilestoneStatus.AWAITING_APPROVAL,
                Agreement.status == AgreementStatus.ACTIVE,
            )
            .order_by(Agreement.number, AgreementMilestone.position)
            .options(selectinload(AgreementMilestone.approvals), selectinload(AgreementMilestone.agreement))
        ).all()
        groups = {
            g.name: GroupSpec(g.name, g.rule, g.needed, frozenset(c.id for c in g.members if c.active))
            for g in tx.scalars(
                select(ApprovalGroup).where(ApprovalGroup.active.is_(True)).options(selectinload(ApprovalGroup.members))
            )
        }
        rows = []
        for m in milestones:
            specs = [groups[n] for n in (m.approval or ()) if n in groups]
            state = progress(specs, votes_of(m), m.approval_round)
            if state.current is None:
                continue
            open_members = state.current.members - state.approved[state.current.name]
            if counselor_id is not None and counselor_id not in open_members:
                continue
            rows.append(
                ApprovalWaitRow(
                    m.agreement.number,
                    m.code,
                    m.description,
                    state.current.name,
                    m.approval_round,
                    m.due,
                    frozenset(m for m in open_members if isinstance(m, uuid.UUID)),
                )
            )
        return rows
