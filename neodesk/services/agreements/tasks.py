"""The signed-in counselor's tasks (agreements.md §7): what is overdue or falls due soon, approvals
waiting for them, resubmissions requested, submitted objectives to review and processing problems.

One read, plain rows: the Tasks panel, its start notification and `neodesk tasks` all show these.
A row's `key` names it across runs, so "what is new since the last look" is a set difference
(`new_since`); the screens remember the keys they have shown.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from neodesk.agreements.statuses import AgreementStatus, MilestoneStatus, ObjectiveStatus
from neodesk.models import (
    Agreement,
    AgreementAnswer,
    AgreementMilestone,
    AgreementObjective,
    AgreementQuestion,
    Client,
    Database,
)
from neodesk.services.agreements.answers import ANSWERABLE
from neodesk.services.agreements.approvals import approvals_waiting
from neodesk.services.agreements.common import acting, today_for
from neodesk.services.settings import load_settings


class TaskKind(StrEnum):
    OVERDUE = "overdue"
    DUE = "due"
    APPROVAL = "approval"
    RESUBMISSION = "resubmission"
    REVIEW = "review"
    PROBLEM = "problem"


# The order the panel lists them in when two fall on the same day: what blocks money first.
KIND_ORDER = {kind: i for i, kind in enumerate(TaskKind)}
KIND_LABELS = {
    TaskKind.OVERDUE: "Overdue",
    TaskKind.DUE: "Due soon",
    TaskKind.APPROVAL: "Approval",
    TaskKind.RESUBMISSION: "Resubmission",
    TaskKind.REVIEW: "Review",
    TaskKind.PROBLEM: "Problem",
}

# Agreements whose milestones can still fall due: a draft is not in force, the rest are over.
LIVE_AGREEMENTS = (AgreementStatus.ACTIVE, AgreementStatus.SUSPENDED)
OPEN_MILESTONES = (MilestoneStatus.PENDING, MilestoneStatus.READY, MilestoneStatus.AWAITING_APPROVAL)


@dataclass(frozen=True, slots=True)
class TaskRow:
    kind: TaskKind
    agreement: str  # the agreement's number
    milestone: str  # the milestone's code: the editor opens at it
    due: date | None
    text: str
    record_id: uuid.UUID  # the record the task is about (the milestone or its objective; an approval's own id)

    @property
    def key(self) -> str:
        """Names this task across runs (a due task that becomes overdue is a new one)."""
        return f"{self.kind}:{self.record_id}"

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass(frozen=True, slots=True)
class TaskList:
    counselor: uuid.UUID
    as_of: date
    days: int
    rows: tuple[TaskRow, ...]


def task_list(
    db: Database, *, who: str | uuid.UUID | None = None, as_of: date | None = None, days: int | None = None
) -> TaskList:
    """The tasks of `who` (the app's counselor id, an email, else NEODESK_COUNSELOR) as of a date
    (default today in the center's zone), milestones due within `days` (default setting reminder_days).

    Approvals come from the approval use case's own read (the group each milestone waits for now,
    §6: only that group's members who have not approved it in this round see it)."""
    with db.reading() as tx:
        me = acting(tx, who)
        as_of = as_of or today_for(tx)
        days = load_settings(tx).reminder_days if days is None else days
        own_work_ok = load_settings(tx).allow_self_approval
        rows = [
            *_due_rows(tx, me.id, as_of, days),
            *_resubmission_rows(tx, me.id),
            *_review_rows(tx, me.id, own_work_ok),
            *_problem_rows(tx, me.id),
        ]
        me_id = me.id
    rows += [
        TaskRow(
            TaskKind.APPROVAL,
            w.agreement,
            w.milestone,
            w.due,
            f"{w.milestone} waits for your approval ({w.group}, round {w.round})" + (f": {w.title}" if w.title else ""),
            # No record of its own yet: a stable id per milestone, group and round (a new round is a new task).
            uuid.uuid5(uuid.NAMESPACE_URL, f"neodesk:approval:{w.agreement}/{w.milestone}/{w.group}/{w.round}"),
        )
        for w in approvals_waiting(db, me_id)
    ]
    rows.sort(key=lambda r: (r.due or date.max, KIND_ORDER[r.kind], r.agreement, r.milestone, r.text))
    return TaskList(me_id, as_of, days, tuple(rows))


def new_since(rows: Iterable[TaskRow], seen: Iterable[str]) -> list[TaskRow]:
    """The rows not among the keys `seen` (the last notification's), in their order."""
    known = set(seen)
    return [r for r in rows if r.key not in known]


def notification_text(new: list[TaskRow]) -> str:
    """One line for the start notification: how many are new, the first few named."""
    if not new:
        return ""
    named = "; ".join(f"{r.agreement}/{r.milestone} {r.label.lower()}" for r in new[:3])
    more = f" and {len(new) - 3} more" if len(new) > 3 else ""
    return f"{len(new)} new task{'s' if len(new) != 1 else ''}: {named}{more} (see the Tasks panel)."


def _mine(me: uuid.UUID) -> ColumnElement[bool]:
    """Whose task a milestone is: its primary contact's, else its agreement's (§1: the milestone's default),
    else, when neither is named, the primary counselor's of the agreement's client (who else would see it)."""
    return func.coalesce(AgreementMilestone.primary_contact_id, Agreement.primary_contact_id, Client.counselor_id) == me


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def _due_rows(tx: Session, me: uuid.UUID, as_of: date, days: int) -> list[TaskRow]:
    m, a = AgreementMilestone, Agreement
    query = (
        select(m.id, a.number, m.code, m.description, m.due, m.status)
        .join(a, a.id == m.agreement_id)
        .outerjoin(Client, Client.id == a.client_id)
        .where(
            _mine(me),
            a.status.in_(LIVE_AGREEMENTS),
            m.status.in_(OPEN_MILESTONES),
            m.due.is_not(None),
            m.due <= as_of + timedelta(days=days),
        )
    )
    rows = []
    for mid, number, code, description, due, status in tx.execute(query):
        if due is None:  # the query leaves these out; the check tells the type checker
            continue
        late = (as_of - due).days
        waiting = " (awaiting approval)" if status == MilestoneStatus.AWAITING_APPROVAL else ""
        if late > 0:
            kind, when = TaskKind.OVERDUE, f"was due {due.isoformat()}, {_days(late)} ago"
        else:
            kind = TaskKind.DUE
            when = "is due today" if late == 0 else f"is due {due.isoformat()}, in {_days(-late)}"
        text = f"{code} {when}{waiting}" + (f": {description}" if description else "")
        rows.append(TaskRow(kind, number, code, due, text, mid))
    return rows


def _resubmission_rows(tx: Session, me: uuid.UUID) -> list[TaskRow]:
    """Milestones a decline sent back (§6): their contact answers again or marks again, then resubmits."""
    m, a = AgreementMilestone, Agreement
    query = (
        select(m.id, a.number, m.code, m.due, m.description)
        .join(a, a.id == m.agreement_id)
        .outerjoin(Client, Client.id == a.client_id)
        .where(_mine(me), a.status.in_(LIVE_AGREEMENTS), m.status.in_(OPEN_MILESTONES), m.resubmission_requested)
    )
    return [
        TaskRow(
            TaskKind.RESUBMISSION,
            number,
            code,
            due,
            f"{code}: resubmission requested (an approver declined it)" + (f": {description}" if description else ""),
            mid,
        )
        for mid, number, code, due, description in tx.execute(query)
    ]


def _review_rows(tx: Session, me: uuid.UUID, own_work_ok: bool) -> list[TaskRow]:
    """Submitted objectives of the counselor's milestones (§5): accept or decline each. One they
    answered themselves stays listed, saying another counselor must review it (maker/checker)."""
    m, a, o = AgreementMilestone, Agreement, AgreementObjective
    found = tx.execute(
        select(o.id, o.position, o.title, o.answered_by_id, a.number, m.code, m.due)
        .join(m, m.id == o.milestone_id)
        .join(a, a.id == m.agreement_id)
        .outerjoin(Client, Client.id == a.client_id)
        .where(
            _mine(me),
            a.status.in_(LIVE_AGREEMENTS),
            m.status.in_(ANSWERABLE),
            o.status == ObjectiveStatus.SUBMITTED,
        )
        .order_by(a.number, m.position, o.position)
    ).all()
    mine: set[uuid.UUID] = {oid for oid, _p, _t, by, *_ in found if by == me}
    if found and not own_work_ok:
        mine |= set(
            tx.scalars(
                select(AgreementQuestion.objective_id)
                .join(AgreementAnswer, AgreementAnswer.question_id == AgreementQuestion.id)
                .where(AgreementQuestion.objective_id.in_([f[0] for f in found]), AgreementAnswer.answered_by_id == me)
            )
        )
    rows = []
    for oid, position, title, _by, number, code, due in found:
        text = f"{code} objective {position} submitted: {title}"
        if oid in mine and not own_work_ok:
            text += " (you answered it: another counselor reviews it)"
        rows.append(TaskRow(TaskKind.REVIEW, number, code, due, text, oid))
    return rows


def _problem_rows(tx: Session, me: uuid.UUID) -> list[TaskRow]:
    """Milestones processing flagged (a query that failed, a cycle, a cancelled dependency)."""
    m, a = AgreementMilestone, Agreement
    query = (
        select(m.id, a.number, m.code, m.due, m.blocked)
        .join(a, a.id == m.agreement_id)
        .outerjoin(Client, Client.id == a.client_id)
        .where(_mine(me), a.status.in_(LIVE_AGREEMENTS), m.status.in_(OPEN_MILESTONES), m.blocked.is_not(None))
    )
    return [
        TaskRow(TaskKind.PROBLEM, number, code, due, f"{code}: {blocked}", mid)
        for mid, number, code, due, blocked in tx.execute(query)
    ]
