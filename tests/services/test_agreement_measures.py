"""Metric measures over value-carrying client fields (§2), bonding included (the boundary of a target),
and §4 "split equally into N" for a screen and in a definition."""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest

from neodesk.agreements.definition import DefinitionError, parse_agreement
from neodesk.agreements.money import MoneyError
from neodesk.models import Client, Database, Milestone
from neodesk.services.agreements import agreement_definition, create_agreement, process, split_amount_equally
from neodesk.services.agreements.measures import FIELD_TYPES, FIELDS
from neodesk.services.client_sync import save_client_with_sync
from neodesk.sync.deciding import AlwaysNo
from tests.services.agreement_fixtures import START, grant, text


def _bonded_client(db: Database) -> int:
    result = save_client_with_sync(
        db,
        None,
        {
            "name": "Prairie Builders",
            "company_status": "B",
            "date_established": "2015-01-01",
            "bonding_amount": "10000.00",
        },
        counselor_id=None,
        today=START,
        decider=AlwaysNo(),
    )
    with db.reading() as s:
        return s.get_one(Client, result.client_id).client_no


def _bonding(db: Database, client_no: int, before: str, after: str) -> None:
    with db.unit_of_work() as s:
        client = s.query(Client).filter(Client.client_no == client_no).one()
        s.add(
            Milestone(
                id=uuid.uuid4(),
                client_id=client.id,
                type_code="change_in_bonding",
                date=START + timedelta(days=5),
                amount=Decimal(after),
                initial_amount=Decimal(before),
                reportable=True,
            )
        )
        client.bonding_amount = Decimal(after)


def test_bonding_is_a_metric_field_read_from_the_catalog() -> None:
    assert FIELD_TYPES["bonding_amount"] == "change_in_bonding"
    assert {"full_time_employees", "gross_sales", "profits", "export_sales", "bonding_amount"} <= set(FIELDS)


@pytest.mark.parametrize(
    ("measure", "target", "done"),
    [
        ("increase", "50000.00", True),
        ("increase", "50000.01", False),
        ("value", "60000.00", True),
        ("value", "60000.01", False),
    ],
)
def test_bonding_increase_and_value_at_the_boundary(db: Database, measure: str, target: str, done: bool) -> None:
    client = _bonded_client(db)
    data = grant(client)
    data["milestones"][0]["conditions"] = [
        {"kind": "metric", "measure": measure, "field": "bonding_amount", "op": ">=", "target": target}
    ]
    create_agreement(db, text(data))
    _bonding(db, client, "10000.00", "60000.00")
    assert ("AG-1/HIRE5" in process(db).completed) is done
    observed = agreement_definition(db, "AG-1")["milestones"][0]["conditions"][0]["observed"]
    assert observed.startswith("50000" if measure == "increase" else "60000")


def test_split_equally_into_three_puts_the_leftover_cent_first() -> None:
    assert split_amount_equally("100000.00", 3) == (Decimal("33333.34"), Decimal("33333.33"), Decimal("33333.33"))
    assert sum(split_amount_equally(Decimal("5.47"), 4)) == Decimal("5.47")
    with pytest.raises(MoneyError):
        split_amount_equally("10.00", 0)


def test_a_definition_splits_events_equally_like_a_template(db: Database) -> None:
    client = _bonded_client(db)
    data = grant(client)
    for m in data["milestones"]:
        m["events"] = [{"kind": "disbursement", "split": True}]
    create_agreement(db, text(data))
    shown = agreement_definition(db, "AG-1")
    amounts = [e["amount"] for m in shown["milestones"] for e in m["events"]]
    assert amounts == ["33333.34", "33333.33", "33333.33"]


def test_split_events_share_what_fixed_and_percentage_events_leave() -> None:
    data = grant(1)
    data["milestones"][0]["events"] = [{"kind": "disbursement", "amount": "10000.00"}]
    data["milestones"][1]["events"] = [{"kind": "disbursement", "percent": "50"}]
    data["milestones"][2]["events"] = [{"kind": "disbursement", "split": True}, {"kind": "billing", "split": True}]
    parsed = parse_agreement(text(data))
    assert [[e.amount for e in m.events] for m in parsed.milestones] == [[1_000_000], [None], [2_000_000, 2_000_000]]
    assert not any(e.split for m in parsed.milestones for e in m.events)
    data["milestones"][1]["events"] = [{"kind": "disbursement", "percent": "90"}]
    with pytest.raises(DefinitionError, match="nothing is left of the amount"):
        parse_agreement(text(data))
