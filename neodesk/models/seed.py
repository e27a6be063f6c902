"""Standard reference data written on first start (and topped up after upgrades): idempotent."""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.orm import Session

from neodesk.catalog.milestone_types import RENAMED_TYPES, STANDARD_TYPES, TYPES_BY_CODE
from neodesk.catalog.picklists import PICKLISTS
from neodesk.models.reference import Center, Counselor, FundingSource, MilestoneType, PicklistValue, Setting

DEFAULT_ADMIN_EMAIL = "admin@localhost"
DEFAULT_FUNDING_CODE = "SBDC"


SEED_MARKER = "seeded_catalog"


def catalog_fingerprint() -> str:
    """Changes whenever a release adds standard picklist values or milestone types."""
    text = repr(sorted((k, sorted(v.items())) for k, v in PICKLISTS.items())) + repr(STANDARD_TYPES)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def seed_reference_data(tx: Session) -> None:
    """Add whatever standard picklist values, milestone types and defaults are missing.

    A marker row remembers the catalog last seeded, so an ordinary start costs one lookup.
    """
    fingerprint = catalog_fingerprint()
    marker = tx.get(Setting, SEED_MARKER)
    if marker is not None and marker.value == fingerprint:
        return
    existing_values = {(r[0], r[1]) for r in tx.execute(select(PicklistValue.picklist, PicklistValue.code))}
    for picklist, values in PICKLISTS.items():
        for order, (code, label) in enumerate(values.items()):
            if (picklist, code) not in existing_values:
                tx.add(
                    PicklistValue(
                        picklist=picklist, code=code, label=label, sort_order=order, standard=True, active=True
                    )
                )
    existing_types = set(tx.scalars(select(MilestoneType.code)))
    for order, spec in enumerate(STANDARD_TYPES):
        if spec.code not in existing_types:
            tx.add(
                MilestoneType(
                    code=spec.code,
                    name=spec.name,
                    category=spec.category.value,
                    carries=spec.carries.value,
                    in_business_only=spec.in_business_only,
                    active=True,
                    standard=True,
                    sort_order=order,
                )
            )
    for code, old_name in RENAMED_TYPES.items():
        stored = tx.scalars(
            select(MilestoneType).where(MilestoneType.code == code, MilestoneType.name == old_name)
        ).first()
        if stored is not None and stored.standard:
            stored.name = TYPES_BY_CODE[code].name
    funding = tx.scalars(select(FundingSource).limit(1)).first()
    if funding is None:
        funding = FundingSource(code=DEFAULT_FUNDING_CODE, name="SBDC core funding", active=True)
        tx.add(funding)
    if tx.scalars(select(Center).limit(1)).first() is None:
        tx.add(Center(code="MAIN", name="Main Center", active=True))
    if tx.scalars(select(Counselor).limit(1)).first() is None:
        tx.flush()
        tx.add(
            Counselor(
                name="Administrator",
                email=DEFAULT_ADMIN_EMAIL,
                role="administrator",
                active=True,
                default_funding_source_id=funding.id,
            )
        )
    if marker is None:
        tx.add(Setting(key=SEED_MARKER, value=fingerprint))
    else:
        marker.value = fingerprint
