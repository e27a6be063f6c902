"""Creating and updating agreements from a §11 definition, and templates (§9): one unit of work each.

The pure parser refuses what a file can get wrong alone; here the database is consulted (client,
counselors, the agreement_kind picklist, impact-record types, administrator-only queries, codes
already in the agreement) and the records are written, with a history row per status set.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from neodesk.agreements.definition import (
    AgreementDef,
    ConditionDef,
    DefinitionError,
    EventDef,
    MilestoneDef,
    ObjectiveDef,
    QuestionDef,
    TemplateDef,
    check_cycles,
    check_milestones,
    parse_agreement,
    parse_template,
)
from neodesk.agreements.money import cents_to_decimal, events_over_amount, percent_amounts, split_equally
from neodesk.agreements.statuses import ConditionKind, ConditionStatus, EventStatus, MilestoneStatus
from neodesk.agreements.transitions import TransitionRefused, decide, edit_refusal
from neodesk.models import (
    Agreement,
    AgreementCondition,
    AgreementEvent,
    AgreementMilestone,
    AgreementObjective,
    AgreementQuestion,
    AgreementTemplate,
    AgreementTemplateMilestone,
    ApprovalGroup,
    Counselor,
    Database,
    MilestoneType,
)
from neodesk.services.agreements.common import (
    acting,
    events_total_cents,
    history,
    load_agreement,
    recompute_percentages,
    refused,
    role_of,
    today_for,
    transition_refused,
)
from neodesk.services.agreements.measures import FIELDS
from neodesk.services.agreements.query_sandbox import check_query
from neodesk.services.clients import get_client
from neodesk.services.errors import NotFound
from neodesk.services.reference import active_codes


def _definition(text: str | bytes, parse: Any) -> Any:
    try:
        return parse(text)
    except DefinitionError as exc:
        raise refused(str(exc), "definition") from None


def _counselor(tx: Session, email: str | None, where: str) -> uuid.UUID | None:
    if not email:
        return None
    found = tx.scalars(select(Counselor.id).where(Counselor.email == email)).first()
    if found is None:
        raise refused(f"{where}: no counselor has the email {email}", "primary_contact")
    return found


def _check_kind(tx: Session, kind: str, where: str) -> None:
    kinds = active_codes(tx).get("agreement_kind", set())
    if kind not in kinds:
        raise refused(f"{where}: unknown kind {kind!r} (use {', '.join(sorted(kinds))})", "kind")


def _check_conditions(tx: Session, me: Counselor, milestones: tuple[MilestoneDef, ...], where: str) -> None:
    types: set[str] | None = None
    for m in milestones:
        for i, c in enumerate(m.conditions, 1):
            at = f"{where} milestone {m.code} condition {i}"
            if c.kind == ConditionKind.QUERY:
                if not me.is_admin:
                    raise refused(f"{at}: only an administrator can save a query condition", "condition")
                problem = check_query(tx, c.sql or "")
                if problem:
                    raise refused(f"{at}: {problem}", "condition")
            if c.kind == ConditionKind.METRIC:
                if c.measure in ("increase", "value") and c.field not in FIELDS:
                    raise refused(
                        f"{at}: field {c.field!r} is not one a metric can measure (use {', '.join(FIELDS)})",
                        "condition",
                    )
                if c.measure == "count":
                    types = types if types is not None else set(tx.scalars(select(MilestoneType.code)))
                    if c.type not in types:
                        raise refused(f"{at}: no impact-record type {c.type!r}", "condition")


def _check_groups(tx: Session, milestones: tuple[MilestoneDef, ...], where: str) -> None:
    """§6: a milestone names approval groups that exist (an administrator sets them first)."""
    wanted = {g for m in milestones for g in m.approval}
    if not wanted:
        return
    known = set(tx.scalars(select(ApprovalGroup.name).where(ApprovalGroup.name.in_(wanted))))
    for m in milestones:
        for name in m.approval:
            if name not in known:
                raise refused(
                    f"{where} milestone {m.code}: no approval group {name} (an administrator sets it up first)",
                    "approval",
                )


def _next_number(tx: Session, year: int) -> str:
    prefix = f"AG-{year}-"
    taken = tx.scalars(select(Agreement.number).where(Agreement.number.like(f"{prefix}%")))
    top = max((int(n[len(prefix) :]) for n in taken if n[len(prefix) :].isdigit()), default=0)
    return f"{prefix}{top + 1:04d}"


def _condition_row(c: ConditionDef, position: int) -> AgreementCondition:
    return AgreementCondition(
        id=uuid.uuid4(),
        position=position,
        kind=c.kind,
        status=ConditionStatus.READY,
        on_date=c.on,
        lag_days=c.lag_days,
        measure=c.measure,
        field=c.field,
        type_code=c.type,
        reportable_only=c.reportable_only,
        op=c.op if c.kind == ConditionKind.METRIC else None,
        target=str(c.target) if c.kind == ConditionKind.METRIC else None,
        sql=c.sql,
    )


def _add_milestone(
    tx: Session, agreement: Agreement, m: MilestoneDef, position: int, contact: uuid.UUID | None
) -> AgreementMilestone:
    row = AgreementMilestone(
        id=uuid.uuid4(),
        code=m.code,
        description=m.description,
        financial=m.financial,
        due=m.due,
        primary_contact_id=contact or agreement.primary_contact_id,
        require=m.require,
        approval=m.approval or None,
        status=MilestoneStatus.PENDING,
        position=position,
    )
    agreement.milestones.append(row)
    _fill(agreement, row, m)
    history(tx, agreement, "milestone", row.id, m.code, "create", None, MilestoneStatus.PENDING)
    return row


def _objective_defs(row: AgreementMilestone) -> tuple[ObjectiveDef, ...]:
    return tuple(
        ObjectiveDef(
            title=o.title,
            description=o.description,
            required=o.required,
            questions=tuple(QuestionDef(q.prompt, q.kind, q.required, tuple(q.options or ())) for q in o.questions),
        )
        for o in row.objectives
    )


def _fill_objectives(row: AgreementMilestone, objectives: tuple[ObjectiveDef, ...]) -> None:
    """§5: the file's objectives, replacing the stored ones only when they differ (answers kept otherwise)."""
    if _objective_defs(row) == objectives:
        return
    row.objectives[:] = [
        AgreementObjective(
            id=uuid.uuid4(),
            position=i,
            title=o.title,
            description=o.description,
            required=o.required,
            questions=[
                AgreementQuestion(
                    id=uuid.uuid4(),
                    position=j,
                    prompt=q.prompt,
                    kind=q.kind,
                    options=q.options or None,
                    required=q.required,
                )
                for j, q in enumerate(o.questions, 1)
            ],
        )
        for i, o in enumerate(objectives, 1)
    ]


def _fill(agreement: Agreement, row: AgreementMilestone, m: MilestoneDef) -> None:
    """Give a pending milestone the file's conditions, events and objectives; complete conditions stay
    (locked). The implicit `objectives` condition (§2) comes last, present while a required objective is."""
    kept = [c for c in row.conditions if c.status == ConditionStatus.COMPLETE]
    _fill_objectives(row, m.objectives)
    required = any(o.required for o in m.objectives)
    kept = [c for c in kept if c.kind != ConditionKind.OBJECTIVES or required]
    row.conditions[:] = kept
    for i, c in enumerate(m.conditions, len(kept) + 1):
        row.conditions.append(_condition_row(c, i))
    if required and not any(c.kind == ConditionKind.OBJECTIVES for c in row.conditions):
        row.conditions.append(
            AgreementCondition(
                id=uuid.uuid4(), position=len(row.conditions) + 1, kind=ConditionKind.OBJECTIVES, status="ready"
            )
        )
    row.events[:] = [e for e in row.events if e.status != EventStatus.PENDING]
    start = len(row.events) + 1
    for i, e in enumerate(m.events, start):
        row.events.append(
            AgreementEvent(
                id=uuid.uuid4(),
                agreement_id=agreement.id,
                position=i,
                kind=e.kind,
                amount=cents_to_decimal(e.amount or 0),
                percent=None if e.percent is None else f"{e.percent:.2f}",
                scheduled=e.scheduled,
                status=EventStatus.PENDING,
            )
        )


def _link_targets(agreement: Agreement, pending: dict[uuid.UUID, str]) -> None:
    by_code = {m.code: m for m in agreement.milestones}
    for m in agreement.milestones:
        for c in m.conditions:
            if c.id in pending:
                c.target_milestone_id = by_code[pending[c.id]].id


def _set_ready_if_asked(tx: Session, agreement: Agreement, row: AgreementMilestone, wanted: str, role: str) -> None:
    if wanted == row.status:
        return
    if row.status not in (MilestoneStatus.PENDING, MilestoneStatus.READY):
        raise refused(edit_refusal(row.code, row.status) or "", "status")
    action = {MilestoneStatus.READY: "set_ready", MilestoneStatus.PENDING: "set_pending"}.get(wanted)  # type: ignore[call-overload]
    if action is None:
        raise refused(
            f"milestone {row.code}: status {wanted} is set by processing, approvals or cancel, not by a definition",
            "status",
        )
    try:
        move = decide(
            "milestone", action, row.status, name=row.code, role=role, facts={"has_conditions": bool(row.conditions)}
        )
    except TransitionRefused as exc:
        raise transition_refused(exc) from None
    history(tx, agreement, "milestone", row.id, row.code, action, row.status, move.target)
    row.status = move.target


def _check_events(agreement: Agreement) -> None:
    recompute_percentages(agreement, int(agreement.amount * 100))
    percents = sum(
        (
            Decimal(e.percent)
            for m in agreement.milestones
            for e in m.events
            if e.percent and e.status not in (EventStatus.CANCELLED, EventStatus.REVERSED)
        ),
        Decimal(0),
    )
    if percents > 100:
        raise refused(f"agreement {agreement.number}: percentages total {percents:.2f}%, more than 100%", "events")
    over = events_over_amount(events_total_cents(agreement), int(agreement.amount * 100))
    if over:
        raise refused(f"agreement {agreement.number}: {over}", "events")


def _milestone_rows(tx: Session, agreement: Agreement, definition: tuple[MilestoneDef, ...], role: str) -> None:
    """Add new milestones and change pending ones, by code (§11 `update`); the rest are refused as §1 says."""
    existing = {m.code: m for m in agreement.milestones}
    links: dict[uuid.UUID, str] = {}
    position = max((m.position for m in agreement.milestones), default=0)
    for m in definition:
        row = existing.get(m.code)
        if row is None:
            position += 1
            row = _add_milestone(tx, agreement, m, position, _counselor(tx, m.primary_contact, f"milestone {m.code}"))
        elif _definition_of(row) != _comparable(m):
            problem = edit_refusal(m.code, row.status)
            if problem:
                raise refused(problem, "milestone")
            row.description, row.due, row.require = m.description, m.due, m.require
            row.financial, row.approval = m.financial, m.approval or None
            _fill(agreement, row, m)
        else:
            continue  # unchanged: its conditions already point where they should
        written = [c for c in row.conditions if c.kind != ConditionKind.OBJECTIVES]
        added = written[len(written) - len(m.conditions) :]
        for c, cdef in zip(added, m.conditions, strict=True):
            if cdef.kind == ConditionKind.MILESTONE and cdef.milestone:
                links[c.id] = cdef.milestone
    _link_targets(agreement, links)
    for m in definition:
        _set_ready_if_asked(tx, agreement, next(r for r in agreement.milestones if r.code == m.code), m.status, role)


def _comparable(m: MilestoneDef) -> MilestoneDef:
    events = tuple(replace(e, amount=None if e.percent is not None else e.amount) for e in m.events)
    return replace(m, status="", primary_contact=None, events=events)


def _definition_of(row: AgreementMilestone) -> MilestoneDef:
    """A stored milestone as the definition that would make it (to tell an unchanged milestone in a file)."""
    codes = {m.id: m.code for m in row.agreement.milestones}
    conditions = tuple(
        ConditionDef(
            kind=c.kind,
            on=c.on_date,
            milestone=codes.get(c.target_milestone_id) if c.target_milestone_id else None,
            lag_days=c.lag_days,
            measure=c.measure,
            field=c.field,
            type=c.type_code,
            reportable_only=c.reportable_only,
            op=c.op or ">=",
            target=Decimal(c.target) if c.target else Decimal(0),
            sql=c.sql,
        )
        for c in row.conditions
        if c.kind != ConditionKind.OBJECTIVES  # implicit: it follows the objectives
    )
    events = tuple(
        EventDef(
            kind=e.kind,
            amount=None if e.percent else int(e.amount * 100),
            percent=Decimal(e.percent) if e.percent else None,
            scheduled=e.scheduled,
        )
        for e in row.events
        if e.status not in (EventStatus.CANCELLED, EventStatus.REVERSED)
    )
    return MilestoneDef(
        code=row.code,
        description=row.description,
        due=row.due,
        financial=row.financial,
        require=row.require,
        approval=tuple(row.approval or ()),
        status="",
        conditions=conditions,
        events=events,
        objectives=_objective_defs(row),
    )


def _all_edges(agreement: Agreement) -> dict[str, list[str]]:
    codes = {m.id: m.code for m in agreement.milestones}
    return {
        m.code: [
            codes[c.target_milestone_id]
            for c in m.conditions
            if c.kind == ConditionKind.MILESTONE and c.target_milestone_id in codes
        ]
        for m in agreement.milestones
    }


def _apply_fields(tx: Session, agreement: Agreement, d: AgreementDef, creating: bool) -> None:
    where = f"agreement {agreement.number}"
    if creating or "client" in d.present:
        if d.client is None:
            agreement.client_id = None
        else:
            try:
                client = get_client(tx, d.client)
            except NotFound:
                raise refused(f"{where}: no client {d.client} in this database", "client") from None
            agreement.client_id = client.id
            agreement.center_id = client.center_id
    for key in ("title", "kind", "counterparty", "contact_name", "contact_email", "contact_phone", "notes"):
        if (creating or key in d.present) and getattr(agreement, key) != getattr(d, key):
            setattr(agreement, key, getattr(d, key))
    if creating or "primary_contact" in d.present:
        agreement.primary_contact_id = _counselor(tx, d.primary_contact, where)
    money = cents_to_decimal(d.amount)
    if creating:
        agreement.amount, agreement.start_date, agreement.end_date = money, d.start, d.end
    elif (money, d.start, d.end) != (agreement.amount, agreement.start_date, agreement.end_date):
        if agreement.status != "draft":
            raise refused(
                f"{where} is {agreement.status}: change its amount or end with amend, with a reason", "amount"
            )
        agreement.amount, agreement.start_date, agreement.end_date = money, d.start, d.end


def create_agreement(db: Database, text: str | bytes, *, counselor_email: str | uuid.UUID | None = None) -> str:
    """`agreement create FILE.json`: the new agreement's number."""
    d: AgreementDef = _definition(text, parse_agreement)
    with db.unit_of_work() as tx:
        me = acting(tx, counselor_email)
        number = d.number or _next_number(tx, today_for(tx).year)
        where = f"agreement {number}"
        if tx.scalars(select(Agreement.id).where(Agreement.number == number)).first():
            raise refused(f"{where} already exists", "number")
        _check_kind(tx, d.kind, where)
        if d.status not in ("draft", "active"):
            raise refused(f"{where}: a new agreement is draft or active, not {d.status}", "status")
        _check_conditions(tx, me, d.milestones, where)
        _check_groups(tx, d.milestones, where)
        agreement = Agreement(id=uuid.uuid4(), number=number, status=d.status)
        _apply_fields(tx, agreement, d, creating=True)
        tx.add(agreement)
        history(tx, agreement, "agreement", agreement.id, number, "create", None, d.status)
        _milestone_rows(tx, agreement, d.milestones, role_of(me))
        _check_events(agreement)
        return number


def update_agreement(
    db: Database,
    number: str,
    text: str | bytes,
    *,
    counselor_email: str | uuid.UUID | None = None,
    expected_stamp: str | None = None,
) -> str:
    """`agreement update NUMBER FILE.json`: fields, and milestones by code (new added, pending changed).

    `expected_stamp` (the editor): refused when the agreement changed since it was read."""
    with db.unit_of_work() as tx:  # a refusal below rolls back: nothing written
        me = acting(tx, counselor_email)
        agreement = load_agreement(tx, number, for_update=True)
        # Parsed again knowing the agreement's codes: the file may point at milestones it leaves out.
        stored_codes = frozenset(m.code for m in agreement.milestones)
        d: AgreementDef = _definition(text, lambda t: parse_agreement(t, known=stored_codes))
        if expected_stamp is not None:
            from neodesk.services.agreements.editor_saves import check_stamp

            check_stamp(tx, agreement, expected_stamp)
        where = f"agreement {number}"
        if d.number and d.number != number:
            raise refused(f"{where}: the file is for agreement {d.number}", "number")
        if agreement.status in ("completed", "cancelled"):
            raise refused(f"{where} is {agreement.status} and cannot be changed", "status")
        if "kind" in d.present:
            _check_kind(tx, d.kind, where)
        try:
            check_milestones(d.milestones, frozenset(m.code for m in agreement.milestones))
        except DefinitionError as exc:
            raise refused(str(exc), "definition") from None
        _check_conditions(tx, me, d.milestones, where)
        _check_groups(tx, d.milestones, where)
        _apply_fields(tx, agreement, d, creating=False)
        _milestone_rows(tx, agreement, d.milestones, role_of(me))
        try:
            check_cycles(_all_edges(agreement))
        except DefinitionError as exc:
            raise refused(str(exc), "definition") from None
        _check_events(agreement)
        return number


# Templates (§9) -------------------------------------------------------------------------------


def create_template(db: Database, text: str | bytes, *, counselor_email: str | uuid.UUID | None = None) -> str:
    """`template create FILE.json` (administrators): the template's name."""
    t: TemplateDef = _definition(text, parse_template)
    raw = json.loads(text)["milestones"] if t.milestones else []
    with db.unit_of_work() as tx:
        me = acting(tx, counselor_email)
        if not me.is_admin:
            raise refused(f"only an administrator can create template {t.name}", "template")
        if tx.scalars(select(AgreementTemplate.id).where(AgreementTemplate.name == t.name)).first():
            raise refused(f"a template named {t.name} already exists", "name")
        _check_kind(tx, t.kind, f"template {t.name}")
        _check_conditions(tx, me, t.milestones, f"template {t.name}")
        template = AgreementTemplate(name=t.name, kind=t.kind, active=True)
        template.milestones = [
            AgreementTemplateMilestone(position=i, code=m.code, definition=json.dumps(data))
            for i, (m, data) in enumerate(zip(t.milestones, raw, strict=True), 1)
        ]
        tx.add(template)
        return t.name


def _resolve_template(t: TemplateDef, start: date, end: date, remaining: int, amount: int) -> list[MilestoneDef]:
    """Offsets resolved against the agreement's dates; split events share what the percentages leave."""
    percent_cents = sum(
        percent_amounts(amount, [e.percent for m in t.milestones for e in m.events if e.percent is not None])
    )
    split_count = sum(1 for m in t.milestones for e in m.events if e.split)
    shares = iter(split_equally(max(0, remaining - percent_cents), split_count) if split_count else [])
    out = []
    for m in t.milestones:
        conditions = tuple(
            replace(c, on=c.offset.resolve(start, end), offset=None) if c.offset else c for c in m.conditions
        )
        events = tuple(
            replace(e, amount=next(shares), split=False)
            if e.split
            else replace(
                e,
                scheduled=e.scheduled_offset.resolve(start, end) if e.scheduled_offset else e.scheduled,
                scheduled_offset=None,
            )
            for e in m.events
        )
        due = m.due_offset.resolve(start, end) if m.due_offset else m.due
        plain = {ConditionKind.DATE, ConditionKind.USER, ConditionKind.METRIC, ConditionKind.QUERY}
        objectives = any(o.required for o in m.objectives)  # §9: an objectives condition is not a plain one
        plain_only = m.conditions and all(c.kind in plain for c in m.conditions) and not objectives
        status = "ready" if plain_only else "pending"
        out.append(replace(m, conditions=conditions, events=events, due=due, due_offset=None, status=status))
    return out


def apply_template(
    db: Database, number: str, name: str, *, counselor_email: str | uuid.UUID | None = None
) -> list[str]:
    """`agreement apply-template NUMBER TEMPLATE`: the codes of the milestones copied."""
    with db.unit_of_work() as tx:
        me = acting(tx, counselor_email)
        agreement = load_agreement(tx, number, for_update=True)
        template = tx.scalars(select(AgreementTemplate).where(AgreementTemplate.name == name)).first()
        if template is None:
            raise NotFound(f"No template {name} in this database.")
        if agreement.status in ("completed", "cancelled"):
            raise refused(f"agreement {number} is {agreement.status} and cannot be changed", "status")
        raw = json.dumps(
            {
                "name": template.name,
                "kind": template.kind,
                "milestones": [json.loads(m.definition) for m in template.milestones],
            }
        )
        t = parse_template(raw)
        clash = sorted({m.code for m in t.milestones} & {m.code for m in agreement.milestones})
        if clash:
            raise refused(f"agreement {number}: duplicate codes {', '.join(clash)}", "milestone")
        remaining = int(agreement.amount * 100) - events_total_cents(agreement)
        milestones = _resolve_template(
            t, agreement.start_date, agreement.end_date, remaining, int(agreement.amount * 100)
        )
        _check_groups(tx, tuple(milestones), f"agreement {number}")
        _milestone_rows(tx, agreement, tuple(milestones), role_of(me))
        for m in agreement.milestones:
            if m.code in {x.code for x in milestones}:
                m.template_id, m.template_revision = template.id, template.revision
        _check_events(agreement)
        return [m.code for m in milestones]
