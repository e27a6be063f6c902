"""The objectives (with their questions and answers) and approvals of an agreement's milestones as the
plain dicts of `agreement show --json` (§11): read with Core selects, keyed by milestone id."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from neodesk.models import AgreementAnswer, AgreementApproval, AgreementObjective, AgreementQuestion


def _iso(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def answer_json(a: Any, emails: dict[uuid.UUID, str]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "value": a.value,
        "by": emails.get(a.answered_by_id) if a.answered_by_id else None,
        "at": _iso(a.answered_at),
        "packet": str(a.packet_id) if a.packet_id else None,
    }
    if a.file_sha256:
        out["file"] = {"name": a.file_name, "size": a.file_size, "sha256": a.file_sha256}
    return out


def objectives_json(
    tx: Session, milestone_ids: Iterable[uuid.UUID], emails: dict[uuid.UUID, str]
) -> dict[uuid.UUID, list[dict[str, Any]]]:
    """Milestone id → its objectives in order, each with its questions and their current answers."""
    ids = list(milestone_ids)
    Ob, Q, A = AgreementObjective.__table__, AgreementQuestion.__table__, AgreementAnswer.__table__
    objectives = tx.execute(select(Ob).where(Ob.c.milestone_id.in_(ids)).order_by(Ob.c.position)).all()
    questions = tx.execute(
        select(Q).where(Q.c.objective_id.in_([o.id for o in objectives])).order_by(Q.c.position)
    ).all()
    answers: dict[uuid.UUID, Any] = {}
    for a in tx.execute(
        select(A).where(A.c.question_id.in_([q.id for q in questions])).order_by(A.c.answered_at, A.c.revision)
    ):
        answers[a.question_id] = a  # the newest answer of each question
    by_objective: dict[uuid.UUID, list[dict[str, Any]]] = {o.id: [] for o in objectives}
    for q in questions:
        shown: dict[str, Any] = {"id": str(q.id), "prompt": q.prompt, "kind": q.kind, "required": q.required}
        if q.options:
            shown["options"] = list(q.options)
        found = answers.get(q.id)
        shown["answer"] = answer_json(found, emails) if found is not None else None
        by_objective[q.objective_id].append(shown)
    out: dict[uuid.UUID, list[dict[str, Any]]] = {m: [] for m in ids}
    for o in objectives:
        out[o.milestone_id].append(
            {
                "id": str(o.id),
                "title": o.title,
                "description": o.description,
                "required": o.required,
                "status": o.status,
                "status_reason": o.status_reason,
                "answered_by": emails.get(o.answered_by_id) if o.answered_by_id else None,
                "reviewed_by": emails.get(o.reviewed_by_id) if o.reviewed_by_id else None,
                "reviewed_on": _iso(o.reviewed_on),
                "questions": by_objective[o.id],
            }
        )
    return out


def approvals_json(
    tx: Session, milestone_ids: Iterable[uuid.UUID], emails: dict[uuid.UUID, str]
) -> dict[uuid.UUID, list[dict[str, Any]]]:
    """Milestone id → every approval and decline, every round, oldest first."""
    ids = list(milestone_ids)
    P = AgreementApproval.__table__
    out: dict[uuid.UUID, list[dict[str, Any]]] = {m: [] for m in ids}
    for p in tx.execute(select(P).where(P.c.milestone_id.in_(ids)).order_by(P.c.decided_at, P.c.revision)):
        out[p.milestone_id].append(
            {
                "group": p.group_name,
                "round": p.round,
                "decision": p.decision,
                "who": emails.get(p.counselor_id) if p.counselor_id else None,
                "at": _iso(p.decided_at),
                "comment": p.comment,
            }
        )
    return out
