"""Checking every value of a bundle with the desk's field rules before anything is written.

A signed bundle proves who sent it, not that its values are ones a desk could have typed: a desk of
another version, a bug or a hand-edited file signed with the desk's key could carry `12.5` as money
(the merge would store $1.25), `-50` employees, `maybe` as a boolean or a February 30th, after which
reports and the SBA upload fail at the central office. So every cell of every member is checked here,
with the field rules of `neodesk.catalog.field_rules` and the limits of `neodesk.catalog.fields` (the
very code the editors and the CLI use), before the import transaction begins:

- every column by its bundle kind (bundle_format: uuid, int, money, bool, date, datetime, json, text)
  in the exact text form the export writes, and required columns present;
- client columns by their field in the field table (picklist codes, counts, money, percent, dates in
  range, ZIP, NAICS, UEI, text length, no control characters, ...);
- session and milestone columns by the same rules (picklists, minutes, dates, text fields);
- any other text by its column's length (or the default limit), on one line.

Picklist codes and milestone types are the catalog's plus those the bundle itself carries (reference
data travels whole in every bundle, inactive values included). One bad value refuses the whole
bundle: the refusal names member, row, column and value for the first few problems and counts the rest.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from neodesk.agreements.statuses import (
    OPERATORS,
    AgreementStatus,
    ApprovalRule,
    ConditionKind,
    ConditionStatus,
    Decision,
    EventKind,
    EventStatus,
    Measure,
    MilestoneStatus,
    ObjectiveStatus,
    PaymentMethod,
    QuestionKind,
    Require,
)
from neodesk.catalog.field_rules import Invalid, parse_count, parse_date, parse_money, parse_value, text_problem
from neodesk.catalog.fields import (
    ACTIVITY_TEXT,
    DEFAULT_TEXT_MAX,
    FIELDS_BY_KEY,
    LARGEST_TEXT,
    SESSION_PICKLISTS,
    Kind,
)
from neodesk.catalog.milestone_types import TYPES_BY_CODE
from neodesk.catalog.picklists import PICKLISTS
from neodesk.exchange.bundle_format import Resource, empty_text_allowed

REPORTED = 5  # problems spelled out in the refusal; the rest are counted
REMEMBERED = 4096  # good values remembered per column (a check is skipped for a value seen before)
# csv's field size limit, derived from the longest value any field takes: a value a little too long is
# still read and refused naming its column; a far longer one stops the reader (refused, never held whole).
CSV_FIELD_LIMIT = 2 * LARGEST_TEXT
MILESTONE_ORIGINS = frozenset({"manual", "client_edit", "readiness"})
LARGEST_INT = 2**63 - 1

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_INT = re.compile(r"-?[0-9]{1,19}")
_MONEY = re.compile(r"-?[0-9]{1,13}\.[0-9]{2}")
_DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?Z")

Check = Callable[[str], object]  # raises Invalid with a sentence completing "<label>: …"


@dataclass(frozen=True, slots=True)
class ValueProblem:
    member: str
    row: int  # 1 = the first row after the header
    column: str
    value: str
    reason: str
    record: str = ""  # which record the row is, for finding it on the desk: "client 12", "id …"

    def sentence(self) -> str:
        shown = self.value if len(self.value) <= 40 else self.value[:37] + "..."
        which = f" ({self.record})" if self.record else ""
        return f"{self.member} row {self.row}{which}, column {self.column}, value {shown!r}: {self.reason}"


class Codes:
    """Codes a bundle's records may hold: the catalog's and those in the bundle's own reference rows."""

    def __init__(self) -> None:
        self.picklists: dict[str, set[str]] = {name: set(codes) for name, codes in PICKLISTS.items()}
        self.milestone_types: set[str] = set(TYPES_BY_CODE)

    def picklist(self, name: str) -> set[str]:
        return self.picklists.setdefault(name, set())

    def learn(self, resource: Resource, row: list[str | None]) -> None:
        at = {c: i for i, c in enumerate(resource.columns)}
        if resource.name == "picklist_value":
            name, code = row[at["picklist"]], row[at["code"]]
            if name and code:
                self.picklist(name).add(code)
        elif resource.name == "milestone_type" and row[at["code"]]:
            self.milestone_types.add(str(row[at["code"]]))


# --- one check per column ---------------------------------------------------------------------------


def _kind_check(kind: str, column: Any, resource: Resource) -> Check:
    """The bundle's text form of a column kind, exactly as the export writes it."""
    if kind == "uuid":
        return _pattern(_UUID, "enter a UUID in its canonical form.")
    if kind == "int":

        def whole(text: str) -> None:
            if not _INT.fullmatch(text) or abs(int(text)) > LARGEST_INT:
                raise Invalid("enter a whole number.")

        return whole
    if kind == "money":
        return _pattern(_MONEY, "enter an amount with exactly two decimals, such as 1250.00.")
    if kind == "bool":

        def boolean(text: str) -> None:
            if text not in ("true", "false"):
                raise Invalid("enter true or false.")

        return boolean
    if kind == "date":
        return lambda text: parse_date(text)
    if kind == "datetime":

        def stamp(text: str) -> None:
            try:
                if not _DATETIME.fullmatch(text):
                    raise ValueError
                datetime.fromisoformat(text[:-1])
            except ValueError:
                raise Invalid("enter a UTC time such as 2026-01-31T09:30:00.000000Z.") from None

        return stamp
    if kind == "json":
        return _code_list(None)
    rule = ACTIVITY_TEXT.get((resource.name, column.name))
    spec = FIELDS_BY_KEY.get(column.name) if resource.name == "client" else None
    if (resource.name, column.name) in AGREEMENT_TEXT:
        return _text(*AGREEMENT_TEXT[(resource.name, column.name)])
    if rule is not None:
        return _text(rule.max_length, rule.multiline)
    if spec is not None and spec.max_length is not None:
        return _text(spec.max_length, spec.multiline)
    return _text(getattr(column.type, "length", None) or DEFAULT_TEXT_MAX, False)


def _pattern(pattern: re.Pattern[str], sentence: str) -> Check:
    def check(text: str) -> None:
        if not pattern.fullmatch(text):
            raise Invalid(sentence)

    return check


def _text(limit: int, multiline: bool) -> Check:
    def check(text: str) -> None:
        if (problem := text_problem(text, limit, multiline)) is not None:
            raise Invalid(problem)

    return check


def _json_list(text: str) -> list[str]:
    try:
        items = json.loads(text)
    except ValueError:
        raise Invalid("enter a JSON array of codes.") from None
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise Invalid("enter a JSON array of codes.")
    return items


def _code_list(codes: set[str] | None) -> Check:
    def check(text: str) -> None:
        for item in _json_list(text):
            if (problem := text_problem(item, DEFAULT_TEXT_MAX)) is not None:
                raise Invalid(problem)
            if codes is not None and item not in codes:
                raise Invalid(f"{item!r} is not one of the allowed values.")

    return check


def _client_check(key: str, codes: Codes) -> Check | None:
    """The field table's rule for a client column (None: no field of the table; the kind check only)."""
    spec = FIELDS_BY_KEY.get(key)
    if spec is None or spec.kind in (Kind.BOOL, Kind.REFERENCE, Kind.DATE, Kind.TEXT, Kind.NAME):
        return None  # the kind check is the whole rule: true/false, UUIDs, dates in range, the field's text
    allowed = codes.picklist(spec.picklist) if spec.picklist else None
    if spec.kind in (Kind.CODE_SET, Kind.NAICS):
        return lambda text: parse_value(spec, _json_list(text), allowed)
    return lambda text: parse_value(spec, text, allowed)


def _session_check(key: str, codes: Codes) -> Check | None:
    if key in SESSION_PICKLISTS:
        allowed = codes.picklist(SESSION_PICKLISTS[key])
        if key == "additional_areas":
            return _code_list(allowed)
        return _one_of(allowed)
    if key in ("contact_minutes", "prep_minutes", "travel_minutes"):
        return lambda text: parse_count(text)
    if key == "attendees":
        return lambda text: parse_count(text, low=1)
    return None


def _milestone_check(key: str, codes: Codes) -> Check | None:
    if key == "type_code":
        return _one_of(codes.milestone_types)
    if key == "origin":
        return _one_of(MILESTONE_ORIGINS)
    if key in ("amount", "initial_amount"):
        return lambda text: parse_money(text, signed=True)
    return None


def _one_of(allowed: Iterable[str]) -> Check:
    def check(text: str) -> None:
        if text not in allowed:
            raise Invalid(f"{text!r} is not one of the allowed values.")

    return check


# The agreements' code columns (agreements.md §1–§4): one of the vocabulary's codes, as the desk stores them.
AGREEMENT_CODES: dict[str, dict[str, frozenset[str]]] = {
    "agreement": {"status": frozenset(AgreementStatus)},
    "agreement_milestone": {"status": frozenset(MilestoneStatus), "require": frozenset(Require)},
    "agreement_condition": {
        "kind": frozenset(ConditionKind),
        "status": frozenset(ConditionStatus),
        "measure": frozenset(Measure),
        "op": frozenset(OPERATORS),
    },
    "agreement_event": {"kind": frozenset(EventKind), "status": frozenset(EventStatus)},
    "agreement_payment": {"method": frozenset(PaymentMethod)},
    "agreement_objective": {"status": frozenset(ObjectiveStatus)},
    "agreement_question": {"kind": frozenset(QuestionKind)},
    "agreement_answer": {},
    "agreement_approval": {"decision": frozenset(Decision)},
    "approval_group": {"rule": frozenset(ApprovalRule)},
}
# Agreement text columns a person writes at length, possibly over several lines (§5–§7): answers,
# prompts, reasons and comments. (limit in characters, multiline)
AGREEMENT_TEXT: dict[tuple[str, str], tuple[int, bool]] = {
    ("agreement_answer", "value"): (10_000, True),
    ("agreement_question", "prompt"): (2_000, True),
    ("agreement_objective", "description"): (2_000, True),
    ("agreement_objective", "status_reason"): (2_000, True),
    ("agreement_approval", "comment"): (2_000, True),
    ("agreement_history", "reason"): (2_000, True),
}
_SHA256 = re.compile(r"[0-9a-f]{64}")


def _agreement_check(table: str) -> Callable[[str, Codes], Check | None]:
    def rule(key: str, codes: Codes) -> Check | None:
        if (table, key) == ("agreement_answer", "file_sha256"):  # names a file in the attachments store
            return _pattern(_SHA256, "enter a SHA-256 hash: 64 lower-case hexadecimal digits.")
        allowed = AGREEMENT_CODES[table].get(key)
        return _one_of(allowed) if allowed is not None else None

    return rule


_RECORD_RULES: dict[str, Callable[[str, Codes], Check | None]] = {
    "client": _client_check,
    "counseling_session": _session_check,
    "milestone": _milestone_check,
    **{table: _agreement_check(table) for table in AGREEMENT_CODES},
}


def _both(first: Check, then: Check) -> Check:
    def check(text: str) -> None:
        first(text)
        then(text)

    return check


def column_checks(resource: Resource, codes: Codes) -> list[tuple[str, bool, Check]]:
    """(column, required, check) per column of `resource`, in CSV order: the kind's text form, then the
    field's rule where the column is a client, session or milestone field."""
    out = []
    rule = _RECORD_RULES.get(resource.name)
    for field in resource.fields:
        check = _kind_check(field.kind, resource.table.c[field.name], resource)
        if rule is not None and (extra := rule(field.name, codes)) is not None:
            check = _both(check, extra)
        out.append((field.name, field.required and not empty_text_allowed(resource.name, field), check))
    return out


# --- checking a member ------------------------------------------------------------------------------


def check_rows(resource: Resource, rows: Iterator[list[str]], codes: Codes, problems: list[ValueProblem]) -> int:
    """Check every row of one member (header already read); append problems; return the bad-value count.

    Only the first REPORTED problems are kept; the count covers all of them.
    """
    checks = column_checks(resource, codes)
    width = len(checks)
    # Values already found good, per column: dates, codes, counts and the links' counselor ids repeat a
    # lot, and a check depends on nothing but the text (codes are only ever added while reading).
    passed: list[set[str]] = [set() for _ in checks]
    bad = 0
    number = 0
    try:
        for number, row in enumerate(rows, 1):
            if len(row) != width:
                bad += 1
                _keep(
                    problems,
                    ValueProblem(resource.path, number, "*", "", f"the row has {len(row)} values, not {width}."),
                )
                continue
            for (name, required, check), good, text in zip(checks, passed, row, strict=True):
                if text in good:
                    continue
                if text == "":
                    if required:
                        bad += 1
                        _keep(
                            problems,
                            ValueProblem(
                                resource.path, number, name, "", "a value is required.", _record(resource, row)
                            ),
                        )
                    else:
                        good.add(text)
                    continue
                try:
                    check(text)
                except Invalid as exc:
                    bad += 1
                    _keep(problems, ValueProblem(resource.path, number, name, text, str(exc), _record(resource, row)))
                else:
                    if len(good) < REMEMBERED:
                        good.add(text)
            if resource.group == "reference":
                codes.learn(resource, [v or None for v in row])
    except csv.Error as exc:
        bad += 1
        reason = (
            f"a value is longer than the {LARGEST_TEXT:,} characters any field takes."
            if "field larger than field limit" in str(exc)
            else f"the CSV is damaged ({exc})."
        )
        _keep(problems, ValueProblem(resource.path, number + 1, "*", "", reason))
    return bad


def _record(resource: Resource, row: list[str]) -> str:
    """The row's record as the desk shows it: the client number, else the id."""
    columns = resource.columns
    if "client_no" in columns and (number := row[columns.index("client_no")]):
        return f"client {number}"
    if "id" in columns and (ident := row[columns.index("id")]):
        return f"id {ident}"
    return ""


def _keep(problems: list[ValueProblem], problem: ValueProblem) -> None:
    if len(problems) < REPORTED:
        problems.append(problem)


def refusal(problems: list[ValueProblem], total: int) -> str:
    """The sentence(s) refusing a bundle: the first problems, one sentence each, and how many more."""
    lines = [f"The bundle holds {total} value{'s' if total != 1 else ''} no desk accepts; nothing was imported."]
    lines += [p.sentence() for p in problems]
    if total > len(problems):
        lines.append(f"And {total - len(problems)} more.")
    return " ".join(lines)
