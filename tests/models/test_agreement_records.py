"""Agreement records: tracked (revisions, audit, tombstones), exact money, the seeded agreement_kind picklist."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from neodesk.models import (
    Agreement,
    AgreementCondition,
    AgreementEvent,
    AgreementMilestone,
    AuditEntry,
    Database,
    PicklistValue,
    Tombstone,
)


def test_agreement_tree_is_tracked_and_cents_are_exact(db: Database) -> None:
    with db.unit_of_work() as s:
        agreement = Agreement(
            number="AG-1",
            title="Grant",
            kind="grant",
            amount=Decimal("100000.01"),
            start_date=date(2026, 1, 1),
            end_date=date(2026, 12, 31),
            status="active",
        )
        milestone = AgreementMilestone(code="M1", position=1)
        milestone.conditions.append(AgreementCondition(kind="date", on_date=date(2026, 6, 30)))
        agreement.milestones.append(milestone)
        s.add(agreement)
        s.flush()
        s.add(
            AgreementEvent(milestone=milestone, agreement_id=agreement.id, kind="billing", amount=Decimal("33333.34"))
        )
    with db.reading() as s:
        stored = s.scalars(select(Agreement)).one()
        assert stored.amount == Decimal("100000.01")
        assert stored.revision > 0
        assert stored.milestones[0].conditions[0].on_date == date(2026, 6, 30)
        assert s.scalars(select(AgreementEvent.amount)).one() == Decimal("33333.34")
        kinds = {r.record_type for r in s.scalars(select(AuditEntry))}
        assert {"agreement", "agreement_milestone", "agreement_condition", "agreement_event"} <= kinds
    with db.unit_of_work() as s:
        s.delete(s.scalars(select(AgreementEvent)).one())
    with db.reading() as s:
        assert s.scalars(select(Tombstone.record_type)).all() == ["agreement_event"]


def test_agreement_kind_picklist_is_seeded(db: Database) -> None:
    with db.reading() as s:
        codes = set(s.scalars(select(PicklistValue.code).where(PicklistValue.picklist == "agreement_kind")))
    assert codes == {"contract", "subcontract", "grant", "loan", "incentive", "cooperative_agreement"}
