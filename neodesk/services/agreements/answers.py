"""Answering objectives and reviewing them (agreements.md §5): one unit of work each.

`apply_answers` is the shared core: the app and the CLI answer one question at a time through
`answer`, the stakeholder packet's import (§8) hands it every answer of a returned packet at once,
inside its own unit of work. Every answer is checked first (the pure rules of
neodesk.agreements.objectives), then the files are kept in the attachments store, then the rows
are written; a refusal is one sentence naming the question, and nothing is written.

Reviewing (accept or decline with a reason) follows the objective transition table; when the last
required objective is accepted the milestone's `objectives` condition completes, dated that day,
and the next processing run (which the CLI and the screens start right after) moves it on.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from neodesk import attachments
from neodesk.agreements.objectives import (
    MAX_FILE_BYTES,
    AnswerRefused,
    ObjectiveSpec,
    QuestionSpec,
    answer_refusal,
    check_answer,
    check_file,
    file_name_of,
    is_submitted,
    objectives_met,
    review_refusal,
    status_after_answer,
)
from neodesk.agreements.statuses import ConditionKind, ConditionStatus, MilestoneStatus, QuestionKind
from neodesk.agreements.transitions import TransitionRefused, decide
from neodesk.models import (
    Agreement,
    AgreementAnswer,
    AgreementMilestone,
    AgreementObjective,
    AgreementQuestion,
    Counselor,
    Database,
)
from neodesk.models.base import utcnow
from neodesk.services.agreements.common import (
    acting,
    history,
    load_agreement,
    milestone_of,
    refused,
    today_for,
    transition_refused,
)
from neodesk.services.changes import Changes, Kind
from neodesk.services.settings import load_settings

ANSWERABLE = (MilestoneStatus.PENDING, MilestoneStatus.READY)


@dataclass(frozen=True, slots=True)
class AnswerInput:
    """One answer: a typed value, or a file (its name alone and its bytes) for a `file` question."""

    objective: int  # positions from 1, as `q.<objective>.<question>`
    question: int
    value: str | None = None
    file_name: str | None = None
    file_data: bytes | None = None
    file_size: int | None = None  # a file too large to read: its size, for the refusal


@dataclass(frozen=True, slots=True)
class AnswerResult:
    objectives: tuple[tuple[int, str], ...]  # (position, status after) of each objective answered
    changes: Changes


@dataclass(frozen=True, slots=True)
class ReviewResult:
    status: str
    objectives_met: date | None  # the objectives condition's effective date when this completed it
    changes: Changes


def objective_name(code: str, position: int) -> str:
    return f"objective {position} of {code}"


def _objective_at(milestone: AgreementMilestone, position: int) -> AgreementObjective:
    found = next((o for o in milestone.objectives if o.position == position), None)
    if found is None:
        raise refused(f"{milestone.code} has no objective {position}", "objective")
    return found


def _question_at(milestone: AgreementMilestone, objective: AgreementObjective, position: int) -> AgreementQuestion:
    found = next((q for q in objective.questions if q.position == position), None)
    if found is None:
        raise refused(f"{objective_name(milestone.code, objective.position)} has no question {position}", "question")
    return found


def spec(objective: AgreementObjective, question: AgreementQuestion) -> QuestionSpec:
    return QuestionSpec(
        objective.position, question.position, question.prompt, question.kind, question.required, question.options or ()
    )


def current_answer(question: AgreementQuestion) -> AgreementAnswer | None:
    return question.answers[-1] if question.answers else None


def answerable_refusal(milestone: AgreementMilestone) -> str | None:
    if milestone.status not in ANSWERABLE:
        return f"{milestone.code} is {milestone.status}: its objectives can no longer be answered"
    return None


def apply_answers(
    tx: Session,
    agreement: Agreement,
    milestone: AgreementMilestone,
    answers: Sequence[AnswerInput],
    *,
    who: Counselor | None,
    packet_id: uuid.UUID | None = None,
    packet_hash: str | None = None,
) -> AnswerResult:
    """Check every answer, keep the files, write the answers and the objectives' new statuses, with a
    history row per objective answered. `who` None: the stakeholder answered (a packet, `packet_hash`)."""
    if agreement.status != "active":
        raise refused(f"agreement {agreement.number} is {agreement.status}: its objectives cannot be answered")
    problem = answerable_refusal(milestone)
    if problem:
        raise refused(problem, "status")
    checked: list[tuple[AgreementObjective, AgreementQuestion, str, bytes | None]] = []
    for given in answers:
        objective = _objective_at(milestone, given.objective)
        question = _question_at(milestone, objective, given.question)
        problem = answer_refusal(objective_name(milestone.code, objective.position), objective.status)
        if problem:
            raise refused(problem, "objective")
        try:
            if question.kind == QuestionKind.FILE and (given.file_data is not None or given.file_size is not None):
                size = len(given.file_data) if given.file_data is not None else given.file_size or 0
                text = check_file(spec(objective, question), given.file_name or "", size)
                if given.file_data is None:
                    raise AnswerRefused(f"{spec(objective, question).name}: the file could not be read")
            else:
                text = check_answer(spec(objective, question), given.value)
        except AnswerRefused as exc:
            raise refused(str(exc), f"q.{objective.position}.{question.position}") from None
        checked.append((objective, question, text, given.file_data))
    touched: dict[int, AgreementObjective] = {}
    for objective, question, text, data in checked:  # every answer fits: now files, then rows
        stored = current_answer(question)
        if stored is None:
            stored = AgreementAnswer(id=uuid.uuid4())
            question.answers.append(stored)
        stored.value = text
        if data is not None:
            stored.file_sha256 = attachments.store(data)
            stored.file_name, stored.file_size = text, len(data)
        else:
            stored.file_sha256 = stored.file_name = stored.file_size = None
        stored.answered_by_id = who.id if who is not None else None
        stored.answered_at = utcnow()
        stored.packet_id = packet_id
        objective.answered_by_id = who.id if who is not None else None
        touched[objective.position] = objective
    outcome = []
    for position, objective in sorted(touched.items()):
        complete = is_submitted([(q.required, bool(q.answers)) for q in objective.questions])
        target = status_after_answer(objective.status, complete)
        if target != objective.status:
            try:
                decide("objective", "submit", objective.status, name=objective_name(milestone.code, position))
            except TransitionRefused as exc:
                raise transition_refused(exc) from None
        answered = ", ".join(f"{position}.{q.position}" for o, q, _, _ in checked if o is objective)
        history(
            tx,
            agreement,
            "objective",
            objective.id,
            f"{milestone.code} objective {position}",
            "answer",
            objective.status,
            target,
            reason=f"answered {answered}",
            packet_hash=packet_hash,
        )
        if target != objective.status:
            objective.status, objective.status_reason = target, None
        outcome.append((position, target))
    return AnswerResult(tuple(outcome), Changes.of(Kind.AGREEMENT, agreement.id) | Changes.of(Kind.TASK))


def answer(
    db: Database,
    number: str,
    code: str,
    objective: int,
    question: int,
    *,
    value: str | None = None,
    file: Path | None = None,
    counselor_email: str | uuid.UUID | None = None,
) -> AnswerResult:
    """`agreement answer NUMBER CODE --objective N --question N (VALUE | --file PATH)`."""
    given = AnswerInput(objective, question, value)
    if file is not None:
        name = file_name_of(str(file))
        try:
            data = attachments.read_limited(file, MAX_FILE_BYTES)
            size = len(data) if data is not None else file.stat().st_size  # too large: not read whole
        except OSError as exc:
            raise refused(f"cannot read {file}: {exc.strerror or exc}", "file") from None
        given = AnswerInput(objective, question, None, name, data, size)
    with db.unit_of_work() as tx:
        me = acting(tx, counselor_email)
        agreement = load_agreement(tx, number, for_update=True)
        milestone = milestone_of(agreement, code)
        return apply_answers(tx, agreement, milestone, [given], who=me)


def _answerers(objective: AgreementObjective) -> frozenset[uuid.UUID]:
    who = {a.answered_by_id for q in objective.questions for a in q.answers if a.answered_by_id is not None}
    if objective.answered_by_id is not None:
        who.add(objective.answered_by_id)
    return frozenset(who)


def complete_objectives_condition(tx: Session, agreement: Agreement, milestone: AgreementMilestone) -> date | None:
    """§2: the `objectives` condition completes when every required objective is accepted, dated the
    last acceptance; its history row written. The effective date when it completed now, else None."""
    met = objectives_met([ObjectiveSpec(o.required, o.status, o.reviewed_on) for o in milestone.objectives])
    if met is None:
        return None
    done = None
    for c in milestone.conditions:
        if c.kind == ConditionKind.OBJECTIVES and c.status == ConditionStatus.READY:
            history(
                tx,
                agreement,
                "condition",
                c.id,
                milestone.code,
                "complete",
                c.status,
                ConditionStatus.COMPLETE,
                effective=met,
                reason="every required objective accepted",
            )
            c.status, c.effective_date, c.observed = ConditionStatus.COMPLETE, met, "accepted"
            done = met
    return done


def review_objective(
    db: Database,
    number: str,
    code: str,
    objective: int,
    action: str,
    *,
    reason: str | None = None,
    counselor_email: str | uuid.UUID | None = None,
) -> ReviewResult:
    """`agreement accept-objective|decline-objective NUMBER CODE --objective N [--reason T]`: action
    `accept` or `decline` (a reason required); nobody reviews what they answered (§5)."""
    with db.unit_of_work() as tx:
        me = acting(tx, counselor_email)
        agreement = load_agreement(tx, number, for_update=True)
        milestone = milestone_of(agreement, code)
        found = _objective_at(milestone, objective)
        name = objective_name(code, objective)
        if milestone.status not in ANSWERABLE:
            raise refused(f"{code} is {milestone.status}: its objectives can no longer be reviewed", "status")
        try:
            move = decide("objective", action, found.status, name=name, reason=reason)
        except TransitionRefused as exc:
            raise transition_refused(exc) from None
        problem = review_refusal(name, me.id, _answerers(found), load_settings(tx).allow_self_approval)
        if problem:
            raise refused(problem, "objective")
        today = today_for(tx)
        history(
            tx,
            agreement,
            "objective",
            found.id,
            f"{code} objective {objective}",
            action,
            found.status,
            move.target,
            effective=today,
            reason=reason,
        )
        found.status, found.reviewed_by_id, found.reviewed_on = move.target, me.id, today
        found.status_reason = reason if action == "decline" else None
        met = complete_objectives_condition(tx, agreement, milestone) if action == "accept" else None
        return ReviewResult(move.target, met, Changes.of(Kind.AGREEMENT, agreement.id) | Changes.of(Kind.TASK))
