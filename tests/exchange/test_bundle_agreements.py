"""Agreements travel in bundles (agreements.md §10): every agreement record arrives intact, center
agreements included, a repeat import changes nothing, and import runs no processing."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from neodesk.exchange.bundle_export import export_bundle
from neodesk.exchange.bundle_format import AGREEMENT_TABLES, BY_NAME
from neodesk.exchange.bundle_import import import_bundle
from neodesk.exchange.keys import export_key
from neodesk.models import AgreementRun, Database, open_database
from neodesk.models.base import Base
from neodesk.services.agreements import (
    agreement_definition,
    create_agreement,
    create_template,
    mark,
    pay,
    process,
)
from tests.services.agreement_fixtures import TODAY, add_client, grant, text


def _agreement_rows(db: Database) -> dict[str, Any]:
    """Every agreement record, reference ids replaced by natural keys as the bundle snapshot does."""
    out: dict[str, Any] = {}
    with db.engine.connect() as conn:
        counselors = {r.id: r.email for r in conn.execute(select(Base.metadata.tables["counselor"]))}
        centers = {r.id: r.code for r in conn.execute(select(Base.metadata.tables["center"]))}
        for name in AGREEMENT_TABLES:
            refs = ("primary_contact_id", "marked_by_id", "counselor_id", "updated_by_id")
            rows = {}
            for r in conn.execute(select(BY_NAME[name].table)):
                row = dict(r._mapping)
                for column in refs:
                    if column in row and row[column] is not None:
                        row[column] = counselors.get(row[column], row[column])
                if row.get("center_id") is not None:
                    row["center_id"] = centers.get(row["center_id"], row["center_id"])
                for column in ("created_at", "updated_at", "recorded_at"):
                    if column in row and row[column] is not None:
                        row[column] = row[column].replace(tzinfo=None)
                row.pop("revision")
                rows[row["id"]] = row
            out[name] = rows
    return out


def test_agreements_round_trip_intact(db: Database, tmp_path: Path) -> None:
    client = add_client(db)
    create_agreement(db, text(grant(client)))
    create_agreement(db, text(grant(None, number="CENTER-1", kind="cooperative_agreement", milestones=[])))
    create_template(
        db,
        json.dumps(
            {
                "name": "T",
                "kind": "grant",
                "milestones": [
                    {
                        "code": "T1",
                        "conditions": [{"kind": "date", "offset": "start+30d"}],
                        "events": [{"kind": "billing", "percent": "10.00"}],
                    }
                ],
            }
        ),
    )
    mark(db, "AG-1", "SIGNOFF", on=TODAY - timedelta(days=1), note="signed")
    process(db)
    event = agreement_definition(db, "AG-1")["milestones"][2]["events"][0]["id"]
    pay(db, "AG-1", event, amount="100.00", on=TODAY, method="check", reference="CHK 7")
    key = export_key(tmp_path / "desk.pem")
    bundle = export_bundle(db, tmp_path / "b.zip")
    assert bundle.counts["agreement"] == 2
    assert bundle.counts["agreement_history"] > 5

    central = open_database(tmp_path / "central.sqlite3")
    try:
        result = import_bundle(central, bundle.path, trust=key)
        assert result.applied["agreement_payment"] == 1
        assert _agreement_rows(central) == _agreement_rows(db)
        shown = agreement_definition(central, "AG-1")
        assert shown == agreement_definition(db, "AG-1")
        assert (shown["paid"], shown["milestones"][2]["status"]) == ("100.00", "complete")
        with central.reading() as s:
            assert s.scalars(select(AgreementRun)).all() == []  # import runs no processing
        again = import_bundle(central, bundle.path)
        assert again.already_taken or sum(again.applied.values()) == 0
        assert _agreement_rows(central) == _agreement_rows(db)
    finally:
        central.close()
