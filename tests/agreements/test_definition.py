"""§11 definitions: what parses, and each refusal of the issue's "Bad input" list that needs no database."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from neodesk.agreements.definition import DefinitionError, event_amounts, parse_agreement, parse_template
from neodesk.agreements.query_rules import query_refusal

SPEC_EXAMPLE: dict[str, Any] = {
    "number": "AG-1",
    "title": "Job creation grant",
    "kind": "grant",
    "client": 12,
    "counterparty": "City of Fargo",
    "amount": "100000.00",
    "start": "2026-01-01",
    "end": "2026-12-31",
    "status": "active",
    "primary_contact": "maria.delgado@sbdc.example",
    "milestones": [
        {"code": "PLAN", "description": "Plan", "conditions": [{"kind": "user"}]},
        {
            "code": "HIRE10",
            "description": "Ten new full-time jobs",
            "due": "2026-09-30",
            "financial": True,
            "require": "all",
            "approval": ["Program"],
            "status": "ready",
            "conditions": [
                {"kind": "metric", "measure": "increase", "field": "full_time_employees", "op": ">=", "target": 10},
                {"kind": "milestone", "milestone": "PLAN", "lag_days": 0},
                {"kind": "date", "date": "2026-06-30"},
                {"kind": "user"},
                {"kind": "query", "sql": "SELECT count(*) >= 3 FROM counseling_session WHERE client_id = :client_id"},
            ],
            "events": [
                {"kind": "disbursement", "percent": "50.00", "scheduled": "2026-10-15"},
                {"kind": "revenue", "amount": "250.00"},
            ],
        },
    ],
}


def _with(**changes: Any) -> str:
    data = json.loads(json.dumps(SPEC_EXAMPLE))
    data.update(changes)
    return json.dumps(data)


def _milestone(**changes: Any) -> str:
    data = json.loads(json.dumps(SPEC_EXAMPLE))
    data["milestones"][1].update(changes)
    return json.dumps(data)


def test_the_spec_example_parses() -> None:
    agreement = parse_agreement(json.dumps(SPEC_EXAMPLE))
    assert (agreement.number, agreement.amount, agreement.start, agreement.client) == (
        "AG-1",
        10_000_000,
        date(2026, 1, 1),
        12,
    )
    hire = agreement.milestones[1]
    assert [c.kind for c in hire.conditions] == ["metric", "milestone", "date", "user", "query"]
    assert hire.conditions[0].target == Decimal(10)
    assert hire.approval == ("Program",)
    assert event_amounts(agreement.amount, agreement.milestones) == [[], [5_000_000, 25_000]]


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("{not json", "the definition is not JSON"),
        (_with(colour="red"), "the agreement: unknown key colour"),
        (_milestone(colour="red"), "milestone HIRE10: unknown key colour"),
        (
            _milestone(conditions=[{"kind": "weather"}]),
            "milestone HIRE10 condition 1: unknown condition kind 'weather'",
        ),
        (
            _milestone(events=[{"kind": "bonus", "amount": "1.00"}]),
            "milestone HIRE10 event 1: unknown event kind 'bonus'",
        ),
        (_milestone(code="PLAN"), "milestone code PLAN is used twice"),
        (
            _milestone(conditions=[{"kind": "milestone", "milestone": "NOPE"}]),
            "milestone HIRE10: its condition points at milestone NOPE, which does not exist",
        ),
        (
            _milestone(conditions=[{"kind": "milestone", "milestone": "HIRE10"}]),
            "would create a cycle: HIRE10 → HIRE10",
        ),
        (
            _milestone(events=[{"kind": "billing", "percent": "60.00"}, {"kind": "billing", "percent": "50.00"}]),
            "percentages total 110.00%, more than 100%",
        ),
        (
            _milestone(events=[{"kind": "billing", "amount": "110000.00"}]),
            "agreement AG-1: events total 110.00% (110,000.00) of 100,000.00",
        ),
        (_milestone(conditions=[{"kind": "date"}]), "milestone HIRE10 condition 1: a date condition needs a date"),
        (_milestone(code="m 1"), "milestone 2: code 'm 1' must be 1–20 of A–Z 0–9 _ -"),
        (_with(end="2025-01-01"), "agreement AG-1: end 2025-01-01 is before start 2026-01-01"),
        (_with(amount=1.5), "agreement AG-1: amount must be written as a decimal string"),
        (
            _milestone(objectives=[{"title": "x"}]),
            "milestone HIRE10 objective 1: an objective needs at least one question",
        ),
        (
            _milestone(objectives=[{"title": "x", "questions": [{"prompt": "p", "kind": "essay"}]}]),
            "milestone HIRE10 objective 1 question 1: unknown question kind 'essay'",
        ),
        (
            _milestone(objectives=[{"title": "x", "questions": [{"prompt": "p", "kind": "choice"}]}]),
            "milestone HIRE10 objective 1 question 1: a choice question needs its options",
        ),
        (
            _milestone(objectives=[{"title": "x", "questions": [{"prompt": "p", "kind": "text", "options": ["a"]}]}]),
            "milestone HIRE10 objective 1 question 1: only a choice question has options",
        ),
        (
            _milestone(objectives=[{"questions": [{"prompt": "p", "kind": "text"}]}]),
            "milestone HIRE10 objective 1: title is required",
        ),
    ],
)
def test_refusals(text: str, sentence: str) -> None:
    with pytest.raises(DefinitionError) as info:
        parse_agreement(text)
    assert str(info.value).startswith(sentence)


def test_a_longer_cycle_is_named() -> None:
    data = {
        "title": "t",
        "kind": "grant",
        "amount": "0",
        "start": "2026-01-01",
        "end": "2026-01-02",
        "milestones": [
            {"code": c, "conditions": [{"kind": "milestone", "milestone": n}]}
            for c, n in (("C", "A"), ("A", "B"), ("B", "C"))
        ],
    }
    with pytest.raises(DefinitionError, match=r"^would create a cycle: C → A → B → C$"):
        parse_agreement(json.dumps(data))


def test_template_offsets_and_split() -> None:
    template = parse_template(
        json.dumps(
            {
                "name": "Grant",
                "kind": "grant",
                "milestones": [
                    {
                        "code": "M1",
                        "conditions": [{"kind": "date", "offset": "start+90d"}],
                        "events": [{"kind": "disbursement", "split": True}],
                    },
                    {
                        "code": "M2",
                        "due": "end-30d",
                        "conditions": [{"kind": "milestone", "milestone": "M1"}],
                        "events": [{"kind": "disbursement", "percent": "40.00"}],
                    },
                ],
            }
        )
    )
    assert str(template.milestones[0].conditions[0].offset) == "start+90d"
    assert template.milestones[0].events[0].split
    assert str(template.milestones[1].due_offset) == "end-30d"
    with pytest.raises(DefinitionError, match="a template's events are percentages or split equally"):
        parse_template(
            json.dumps(
                {
                    "name": "G",
                    "kind": "grant",
                    "milestones": [{"code": "M1", "events": [{"kind": "billing", "amount": "5.00"}]}],
                }
            )
        )


@pytest.mark.parametrize(
    ("sql", "refusal"),
    [
        ("SELECT 1", None),
        ("WITH x AS (SELECT 1 AS a) SELECT a FROM x", None),
        ("select count(*) from milestone where client_id = :client_id and date <= :today", None),
        ("SELECT 'drop' AS word", None),
        ("DELETE FROM client", "the query must be a SELECT"),
        ("SELECT 1; DELETE FROM client", "the query must be exactly one statement"),
        ("SELECT date('now')", "the query reads the clock or random numbers: use :today for the as-of date"),
        ("SELECT CURRENT_DATE", "the query reads the clock or random numbers: use :today for the as-of date"),
        ("SELECT random()", "the query reads the clock or random numbers: use :today for the as-of date"),
        (
            "WITH RECURSIVE r(n) AS (SELECT 1 UNION SELECT n+1 FROM r) SELECT n FROM r",
            "a recursive WITH is not allowed",
        ),
        ("WITH d AS (DELETE FROM client RETURNING 1) SELECT 1", "the query may only read (DELETE is not allowed)"),
        ("SELECT 1 FROM pragma_table_info('client')", None),
        ("", "the query is empty"),
    ],
)
def test_query_text_rules(sql: str, refusal: str | None) -> None:
    assert query_refusal(sql) == refusal


def test_objectives_with_their_questions_are_parsed() -> None:
    data = json.loads(_milestone())
    data["milestones"][1]["objectives"] = [
        {
            "title": "Payroll evidence",
            "questions": [
                {"prompt": "Payroll report for Q3", "kind": "file", "required": True},
                {"prompt": "New hires", "kind": "number"},
                {"prompt": "Sector", "kind": "choice", "options": ["Retail", " Food "], "required": False},
            ],
        },
        {"title": "Photos", "required": False, "questions": [{"prompt": "Storefront", "kind": "file"}]},
    ]
    hire = parse_agreement(json.dumps(data)).milestones[1]
    first, second = hire.objectives
    assert (first.title, first.required, second.required) == ("Payroll evidence", True, False)
    assert [(q.kind, q.required) for q in first.questions] == [("file", True), ("number", True), ("choice", False)]
    assert first.questions[2].options == ("Retail", "Food")
