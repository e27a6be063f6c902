"""Metric measures over value-carrying client fields (§2), bonding included: the boundary of a target."""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest

from neodesk.models import Client, Database, Milestone
from neodesk.services.agreements import agreement_definition, create_agreement, process
from neodesk.services.agreements.measures import FIELD_TYPES, FIELDS
from neodesk.services.clients import save_client
from tests.services.agreement_support import START, grant, text


def _bonded_client(db: Database) -> int:
    result = save_client(
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
    )
    with db.session() as s:
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
