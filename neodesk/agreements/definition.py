"""The §11 definition format (`agreement create|update`, `template create`) parsed into plain dataclasses.

Everything a file can get wrong without looking at the database is refused here, with one
sentence naming the record and what is wrong: not JSON, unknown keys or kinds, a code used twice,
a condition pointing at a milestone that does not exist, a cycle, percentages over 100 %, events
over the amount, a date condition without a date. What needs the database (the client, counselor,
picklist and impact-record type codes, administrator-only query conditions) is checked by the services.
The keys `agreement show --json` adds are accepted and ignored, so its output can be fed back in.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from neodesk.agreements.dates import Offset, parse_offset
from neodesk.agreements.graph import cycle_refusal
from neodesk.agreements.money import (
    MoneyError,
    events_over_amount,
    parse_money,
    parse_percent,
    percent_amounts,
    split_equally,
)
from neodesk.agreements.statuses import OPERATORS, ConditionKind, EventKind, Measure, QuestionKind, Require

CODE = re.compile(r"^[A-Z0-9_-]{1,20}$")
NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_./-]{0,39}$")

AGREEMENT_KEYS = {
    "number",
    "title",
    "kind",
    "client",
    "counterparty",
    "amount",
    "start",
    "end",
    "status",
    "primary_contact",
    "contact_name",
    "contact_email",
    "contact_phone",
    "notes",
    "milestones",
}
AGREEMENT_SHOWN = {"id", "released", "paid", "remaining", "history", "center", "revision"}
TEMPLATE_KEYS = {"name", "kind", "milestones"}
TEMPLATE_SHOWN = {"id", "revision"}
MILESTONE_KEYS = {
    "code",
    "description",
    "due",
    "financial",
    "require",
    "approval",
    "status",
    "conditions",
    "events",
    "objectives",
    "primary_contact",
}
MILESTONE_SHOWN = {
    "effective_date",
    "blocked",
    "template",
    "template_revision",
    "position",
    "approvals",
    "approval_round",
    "resubmission_requested",
}
CONDITION_KEYS = {
    ConditionKind.MILESTONE: {"milestone", "lag_days"},
    ConditionKind.DATE: {"date"},
    ConditionKind.USER: {"note"},
    ConditionKind.METRIC: {"measure", "field", "type", "reportable_only", "op", "target"},
    ConditionKind.QUERY: {"sql"},
}
CONDITION_SHOWN = {"status", "effective_date", "observed", "marked_by", "position"}
OBJECTIVE_KEYS = {"title", "description", "required", "questions"}
OBJECTIVE_SHOWN = {"id", "status", "status_reason", "position", "reviewed_by", "reviewed_on", "answered_by"}
QUESTION_KEYS = {"prompt", "kind", "required", "options"}
QUESTION_SHOWN = {"id", "position", "answer"}
EVENT_KEYS = {"kind", "amount", "percent", "scheduled", "split"}
EVENT_SHOWN = {"id", "status", "paid", "payments", "released_on"}
MEASURE_NEEDS = {Measure.COUNT: "type", Measure.INCREASE: "field", Measure.VALUE: "field"}


class DefinitionError(ValueError):
    """A definition refused before anything is written; the message is one sentence."""


@dataclass(frozen=True, slots=True)
class ConditionDef:
    kind: str
    on: date | None = None
    offset: Offset | None = None  # templates
    milestone: str | None = None
    lag_days: int = 0
    measure: str | None = None
    field: str | None = None
    type: str | None = None
    reportable_only: bool = True
    op: str = ">="
    target: Decimal = Decimal(0)
    sql: str | None = None


@dataclass(frozen=True, slots=True)
class EventDef:
    kind: str
    amount: int | None = None  # cents, a fixed amount
    percent: Decimal | None = None
    split: bool = False  # "split equally" among the split events (templates keep it; agreements resolve it)
    scheduled: date | None = None
    scheduled_offset: Offset | None = None


@dataclass(frozen=True, slots=True)
class QuestionDef:
    prompt: str
    kind: str
    required: bool = True
    options: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ObjectiveDef:
    title: str
    description: str = ""
    required: bool = True
    questions: tuple[QuestionDef, ...] = ()


@dataclass(frozen=True, slots=True)
class MilestoneDef:
    code: str
    description: str = ""
    due: date | None = None
    due_offset: Offset | None = None
    financial: bool = False
    require: str = Require.ALL
    approval: tuple[str, ...] = ()
    status: str = "pending"
    primary_contact: str | None = None
    conditions: tuple[ConditionDef, ...] = ()
    events: tuple[EventDef, ...] = ()
    objectives: tuple[ObjectiveDef, ...] = ()


@dataclass(frozen=True, slots=True)
class AgreementDef:
    title: str
    kind: str
    amount: int
    start: date
    end: date
    number: str | None = None
    client: int | str | None = None
    counterparty: str | None = None
    status: str = "active"
    primary_contact: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    notes: str | None = None
    milestones: tuple[MilestoneDef, ...] = ()
    present: frozenset[str] = frozenset()  # keys the file gave (update changes only these)


@dataclass(frozen=True, slots=True)
class TemplateDef:
    name: str
    kind: str
    milestones: tuple[MilestoneDef, ...] = ()


def _load(text: str | bytes, what: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise DefinitionError(f"{what} is not JSON ({exc})") from None
    if not isinstance(data, dict):
        raise DefinitionError(f"{what} must be a JSON object")
    return data


def _keys(data: dict[str, Any], allowed: set[str], shown: set[str], where: str) -> None:
    unknown = sorted(set(data) - allowed - shown)
    if unknown:
        raise DefinitionError(f"{where}: unknown key{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}")


def _text(data: dict[str, Any], key: str, where: str, *, required: bool = False, limit: int = 2000) -> str | None:
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise DefinitionError(f"{where}: {key} is required")
        return None
    if not isinstance(value, str):
        raise DefinitionError(f"{where}: {key} must be text")
    if len(value) > limit:
        raise DefinitionError(f"{where}: {key} is longer than {limit} characters")
    return value.strip()


def _date(value: Any, key: str, where: str) -> date | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise DefinitionError(f"{where}: {key} {value!r} is not a date (YYYY-MM-DD)") from None


def _dated(value: Any, key: str, where: str, template: bool) -> tuple[date | None, Offset | None]:
    if template and value not in (None, ""):
        try:
            return None, parse_offset(str(value))
        except ValueError as exc:
            raise DefinitionError(f"{where}: {exc}") from None
    return _date(value, key, where), None


def _bool(data: dict[str, Any], key: str, where: str, default: bool) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise DefinitionError(f"{where}: {key} must be true or false")
    return value


def _condition(data: Any, where: str, template: bool) -> ConditionDef:
    if not isinstance(data, dict):
        raise DefinitionError(f"{where}: a condition must be a JSON object")
    kind = data.get("kind")
    if kind == ConditionKind.OBJECTIVES:
        raise DefinitionError(f"{where}: objectives conditions come from the milestone's objectives")
    if kind not in CONDITION_KEYS:
        raise DefinitionError(
            f"{where}: unknown condition kind {kind!r} (use {', '.join(k.value for k in CONDITION_KEYS)})"
        )
    allowed = {"kind"} | CONDITION_KEYS[kind] | ({"offset"} if kind == ConditionKind.DATE and template else set())
    _keys(data, allowed, CONDITION_SHOWN, f"{where} ({kind} condition)")
    if kind == ConditionKind.DATE:
        raw = data.get("offset" if template and "offset" in data else "date")
        on, offset = _dated(raw, "date", where, template)
        if on is None and offset is None:
            raise DefinitionError(f"{where}: a date condition needs a {'date or offset' if template else 'date'}")
        return ConditionDef(kind, on=on, offset=offset)
    if kind == ConditionKind.MILESTONE:
        code, lag = data.get("milestone"), data.get("lag_days", 0)
        if not isinstance(code, str) or not code:
            raise DefinitionError(f"{where}: a milestone condition needs the code of a milestone")
        if not isinstance(lag, int) or isinstance(lag, bool) or lag < 0:
            raise DefinitionError(f"{where}: lag_days must be a whole number of days, 0 or more")
        return ConditionDef(kind, milestone=code, lag_days=lag)
    if kind == ConditionKind.METRIC:
        return _metric(data, where)
    if kind == ConditionKind.QUERY:
        sql = data.get("sql")
        if not isinstance(sql, str) or not sql.strip():
            raise DefinitionError(f"{where}: a query condition needs its sql")
        return ConditionDef(kind, sql=sql.strip())
    return ConditionDef(kind)


def _metric(data: dict[str, Any], where: str) -> ConditionDef:
    measure = data.get("measure")
    if measure not in {m.value for m in Measure}:
        raise DefinitionError(f"{where}: unknown measure {measure!r} (use {', '.join(m.value for m in Measure)})")
    needs = MEASURE_NEEDS.get(Measure(measure))
    if needs and not isinstance(data.get(needs), str):
        raise DefinitionError(f"{where}: the {measure} measure needs a {needs}")
    op = data.get("op", ">=")
    if op not in OPERATORS:
        raise DefinitionError(f"{where}: unknown operator {op!r} (use {' '.join(OPERATORS)})")
    raw = data.get("target")
    try:
        if isinstance(raw, bool) or raw is None:
            raise InvalidOperation
        target = Decimal(str(raw))
        if not target.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        raise DefinitionError(f"{where}: a metric condition needs a number as its target") from None
    return ConditionDef(
        ConditionKind.METRIC,
        measure=measure,
        field=data.get("field"),
        type=data.get("type"),
        reportable_only=_bool(data, "reportable_only", where, True),
        op=op,
        target=target,
    )


def _event(data: Any, where: str, template: bool) -> EventDef:
    if not isinstance(data, dict):
        raise DefinitionError(f"{where}: an event must be a JSON object")
    _keys(data, EVENT_KEYS, EVENT_SHOWN, where)
    kind = data.get("kind")
    if kind not in {k.value for k in EventKind}:
        raise DefinitionError(f"{where}: unknown event kind {kind!r} (use {', '.join(k.value for k in EventKind)})")
    split = _bool(data, "split", where, False)
    given = [k for k in ("amount", "percent") if data.get(k) not in (None, "")] + (["split"] if split else [])
    if "amount" in given and "percent" in given and data.get("id"):
        given.remove("amount")  # `show --json` prints the computed amount beside the percent
    if len(given) != 1:
        raise DefinitionError(f"{where}: an event needs exactly one of amount, percent or split")
    try:
        amount = parse_money(data["amount"], "amount") if given == ["amount"] else None
        percent = parse_percent(data["percent"]) if given == ["percent"] else None
    except MoneyError as exc:
        raise DefinitionError(f"{where}: {exc}") from None
    if template and amount is not None:
        raise DefinitionError(f"{where}: a template's events are percentages or split equally")
    on, offset = _dated(data.get("scheduled"), "scheduled", where, template)
    return EventDef(kind, amount=amount, percent=percent, split=split, scheduled=on, scheduled_offset=offset)


def _milestone(data: Any, index: int, template: bool) -> MilestoneDef:
    if not isinstance(data, dict):
        raise DefinitionError(f"milestone {index}: must be a JSON object")
    code = data.get("code")
    if not isinstance(code, str) or not CODE.match(code):
        raise DefinitionError(f"milestone {index}: code {code!r} must be 1–20 of A–Z 0–9 _ -")
    _keys(data, MILESTONE_KEYS, MILESTONE_SHOWN, f"milestone {code}")
    require = data.get("require", Require.ALL)
    if require not in (Require.ALL, Require.ONE):
        raise DefinitionError(f"milestone {code}: require must be all or one")
    approval = data.get("approval", [])
    if not isinstance(approval, list) or not all(isinstance(a, str) and a for a in approval):
        raise DefinitionError(f"milestone {code}: approval must be a list of approval group names")
    objectives = data.get("objectives", [])
    if not isinstance(objectives, list):
        raise DefinitionError(f"milestone {code}: objectives must be a list")
    status = data.get("status", "pending")
    if status not in ("pending", "ready") and not template:
        status = str(status)  # the service decides what a shown status means for an update
    conditions = data.get("conditions", [])
    events = data.get("events", [])
    if not isinstance(conditions, list) or not isinstance(events, list):
        raise DefinitionError(f"milestone {code}: conditions and events must be lists")
    # `show --json` lists the implicit objectives condition (§2) with its status: it follows the objectives.
    conditions = [
        c
        for c in conditions
        if not (isinstance(c, dict) and c.get("kind") == ConditionKind.OBJECTIVES and "status" in c)
    ]
    due, due_offset = _dated(data.get("due"), "due", f"milestone {code}", template)
    return MilestoneDef(
        code=code,
        description=_text(data, "description", f"milestone {code}") or "",
        due=due,
        due_offset=due_offset,
        financial=_bool(data, "financial", f"milestone {code}", False),
        require=require,
        approval=tuple(approval),
        status=status,
        primary_contact=_text(data, "primary_contact", f"milestone {code}"),
        conditions=tuple(
            _condition(c, f"milestone {code} condition {i}", template) for i, c in enumerate(conditions, 1)
        ),
        events=tuple(_event(e, f"milestone {code} event {i}", template) for i, e in enumerate(events, 1)),
        objectives=tuple(_objective(o, f"milestone {code} objective {i}") for i, o in enumerate(objectives, 1)),
    )


def _question(data: Any, where: str) -> QuestionDef:
    if not isinstance(data, dict):
        raise DefinitionError(f"{where}: a question must be a JSON object")
    _keys(data, QUESTION_KEYS, QUESTION_SHOWN, where)
    prompt = _text(data, "prompt", where, required=True) or ""
    kind = data.get("kind")
    if kind not in {k.value for k in QuestionKind}:
        raise DefinitionError(
            f"{where}: unknown question kind {kind!r} (use {', '.join(k.value for k in QuestionKind)})"
        )
    options = data.get("options")
    if kind == QuestionKind.CHOICE:
        if (
            not isinstance(options, list)
            or not options
            or not all(isinstance(o, str) and o.strip() and len(o) <= 200 for o in options)
        ):
            raise DefinitionError(f"{where}: a choice question needs its options, a list of texts")
        cleaned = tuple(o.strip() for o in options)
        if len({o.casefold() for o in cleaned}) != len(cleaned):
            raise DefinitionError(f"{where}: an option is listed twice")
    elif options not in (None, []):
        raise DefinitionError(f"{where}: only a choice question has options")
    else:
        cleaned = ()
    return QuestionDef(prompt, kind, _bool(data, "required", where, True), cleaned)


def _objective(data: Any, where: str) -> ObjectiveDef:
    """§5: an objective with its questions (at least one: an objective without any could never be sent in)."""
    if not isinstance(data, dict):
        raise DefinitionError(f"{where}: an objective must be a JSON object")
    _keys(data, OBJECTIVE_KEYS, OBJECTIVE_SHOWN, where)
    title = _text(data, "title", where, required=True, limit=200) or ""
    questions = data.get("questions", [])
    if not isinstance(questions, list) or not questions:
        raise DefinitionError(f"{where}: an objective needs at least one question")
    return ObjectiveDef(
        title=title,
        description=_text(data, "description", where) or "",
        required=_bool(data, "required", where, True),
        questions=tuple(_question(q, f"{where} question {i}") for i, q in enumerate(questions, 1)),
    )


def _milestones(raw: Any, template: bool, known: frozenset[str] = frozenset()) -> tuple[MilestoneDef, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise DefinitionError("milestones must be a list")
    milestones = tuple(_milestone(m, i, template) for i, m in enumerate(raw, 1))
    check_milestones(milestones, known)
    return milestones


def check_milestones(milestones: tuple[MilestoneDef, ...], known: frozenset[str] = frozenset()) -> None:
    """Codes used once, milestone conditions pointing at a milestone that exists, no cycle.

    `known` are codes of milestones already in the agreement (an update may point at them).
    """
    seen: set[str] = set()
    for m in milestones:
        if m.code in seen:
            raise DefinitionError(f"milestone code {m.code} is used twice")
        seen.add(m.code)
    codes = seen | known
    for m in milestones:
        for c in m.conditions:
            if c.kind == ConditionKind.MILESTONE and c.milestone not in codes:
                raise DefinitionError(
                    f"milestone {m.code}: its condition points at milestone {c.milestone}, which does not exist"
                )


def check_cycles(edges: dict[str, list[str]]) -> None:
    refusal = cycle_refusal(edges)
    if refusal:
        raise DefinitionError(refusal)


def milestone_edges(milestones: tuple[MilestoneDef, ...]) -> dict[str, list[str]]:
    return {
        m.code: [c.milestone for c in m.conditions if c.kind == ConditionKind.MILESTONE and c.milestone]
        for m in milestones
    }


def check_percentages(percents: list[Decimal]) -> None:
    total = sum(percents, Decimal(0))
    if total > 100:
        raise DefinitionError(f"percentages total {total:.2f}%, more than 100%")


def event_amounts(amount: int, milestones: tuple[MilestoneDef, ...]) -> list[list[int]]:
    """Each milestone's event amounts in cents (percentages split as §4 says), in definition order."""
    percents = [e.percent for m in milestones for e in m.events if e.percent is not None]
    split = iter(percent_amounts(amount, percents))
    return [
        [e.amount if e.amount is not None else next(split) if e.percent is not None else 0 for e in m.events]
        for m in milestones
    ]


def resolve_splits(amount: int, milestones: tuple[MilestoneDef, ...], where: str) -> tuple[MilestoneDef, ...]:
    """§4 "split equally": the events marked `"split": true` become fixed amounts sharing equally what the
    fixed and percentage events leave of the agreement's amount, leftover cents on the first ones (the
    same format and rule a template's split events follow when it is applied)."""
    count = sum(1 for m in milestones for e in m.events if e.split)
    if not count:
        return milestones
    taken = sum(sum(row) for row in event_amounts(amount, milestones))
    if taken >= amount:
        raise DefinitionError(f"{where}: nothing is left of the amount for the events split equally")
    shares = iter(split_equally(amount - taken, count))
    return tuple(
        replace(m, events=tuple(replace(e, amount=next(shares), split=False) if e.split else e for e in m.events))
        for m in milestones
    )


def parse_agreement(
    text: str | bytes, what: str = "the definition", known: frozenset[str] = frozenset()
) -> AgreementDef:
    """A definition as §11 gives it. `known`: codes of milestones the agreement already has (an update's
    file may leave them out and still point at them)."""
    data = _load(text, what)
    _keys(data, AGREEMENT_KEYS, AGREEMENT_SHOWN, "the agreement")
    number = data.get("number")
    if number is not None and (not isinstance(number, str) or not NUMBER.match(number)):
        raise DefinitionError(f"agreement number {number!r} must be 1–40 letters, digits, . _ / -")
    where = f"agreement {number}" if number else "the agreement"
    title = _text(data, "title", where, required=True, limit=200) or ""
    kind = _text(data, "kind", where, required=True, limit=60) or ""
    try:
        amount = parse_money(data.get("amount", "0.00"), "amount")
    except MoneyError as exc:
        raise DefinitionError(f"{where}: {exc}") from None
    start, end = _date(data.get("start"), "start", where), _date(data.get("end"), "end", where)
    if start is None or end is None:
        raise DefinitionError(f"{where}: start and end dates are required")
    if end < start:
        raise DefinitionError(f"{where}: end {end.isoformat()} is before start {start.isoformat()}")
    client = data.get("client")
    if client is not None and (isinstance(client, bool) or not isinstance(client, int | str)):
        raise DefinitionError(f"{where}: client must be a client number, or null for the center")
    milestones = _milestones(data.get("milestones"), template=False, known=known)
    check_cycles(milestone_edges(milestones))
    check_percentages([e.percent for m in milestones for e in m.events if e.percent is not None])
    milestones = resolve_splits(amount, milestones, where)
    total = sum(sum(row) for row in event_amounts(amount, milestones))
    over = events_over_amount(total, amount)
    if over:
        raise DefinitionError(f"{where}: {over}")
    status = data.get("status", "active")
    if status not in ("draft", "active", "suspended", "completed", "cancelled"):
        raise DefinitionError(f"{where}: status {status!r} must be draft or active")
    return AgreementDef(
        title=title,
        kind=kind,
        amount=amount,
        start=start,
        end=end,
        number=number,
        client=client,
        counterparty=_text(data, "counterparty", where, limit=200),
        status=status,
        primary_contact=_text(data, "primary_contact", where, limit=320),
        contact_name=_text(data, "contact_name", where, limit=200),
        contact_email=_text(data, "contact_email", where, limit=320),
        contact_phone=_text(data, "contact_phone", where, limit=60),
        notes=_text(data, "notes", where, limit=10000),
        milestones=milestones,
        present=frozenset(data),
    )


def parse_template(text: str | bytes, what: str = "the template") -> TemplateDef:
    data = _load(text, what)
    _keys(data, TEMPLATE_KEYS, TEMPLATE_SHOWN, "the template")
    name = _text(data, "name", "the template", required=True, limit=200) or ""
    kind = _text(data, "kind", f"template {name}", required=True, limit=60) or ""
    milestones = _milestones(data.get("milestones"), template=True)
    check_cycles(milestone_edges(milestones))
    check_percentages([e.percent for m in milestones for e in m.events if e.percent is not None])
    return TemplateDef(name=name, kind=kind, milestones=milestones)
