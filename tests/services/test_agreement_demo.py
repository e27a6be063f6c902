"""`neodesk demo` adds agreements at every stage, built through the use cases; a repeat adds none."""

from __future__ import annotations

from neodesk.demo import generate_demo
from neodesk.models import Database
from neodesk.services.agreements import agreement_definition, approval_group_rows, list_agreements
from neodesk.services.agreements.demo import add_demo_agreements


def test_demo_agreements_cover_every_stage(db: Database) -> None:
    generate_demo(db, 40, 3)
    made = add_demo_agreements(db, 3)
    assert made.created == 8
    assert made.released >= 3
    rows = list_agreements(db)
    assert {r.status for r in rows} == {"draft", "active", "suspended", "cancelled"}
    assert {r.kind for r in rows} == {"grant", "contract", "cooperative_agreement"}
    assert any(r.client_no is None for r in rows)
    assert any(r.totals.paid > 0 for r in rows)
    assert add_demo_agreements(db, 3).created == 0
    payroll = agreement_definition(db, "DEMO-3-P1")["milestones"][0]
    assert payroll["approval"] == ["Program"]
    assert payroll["objectives"][0]["title"] == "Payroll report"
    assert payroll["objectives"][0]["questions"][0]["kind"] == "file"
    assert payroll["status"] == "ready"
    assert [g.name for g in approval_group_rows(db)] == ["Program"]
    assert approval_group_rows(db)[0].members
