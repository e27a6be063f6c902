"""The Contract Readiness overview: one row per readiness type, newest milestone, DIB / GIB progress."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from neodesk.catalog.milestone_types import READINESS_CODES
from neodesk.models import Database, MilestoneType
from neodesk.services.client_sync import save_client_with_sync
from neodesk.services.errors import NotFound
from neodesk.services.milestones import MilestoneEntry, MilestoneForm, log_milestones
from neodesk.services.readiness import readiness_overview
from neodesk.services.reference import current_counselor, funding_sources
from neodesk.services.sync_context import save_requirements
from neodesk.sync.deciding import AlwaysNo

TODAY = date(2026, 11, 24)


def new_client(db: Database, **values: Any) -> uuid.UUID:
    base = {"name": "Acme", "company_status": "B", "date_established": "2015-01-01", **values}
    return save_client_with_sync(db, None, base, counselor_id=None, today=TODAY, decider=AlwaysNo()).client_id


def log(db: Database, cid: uuid.UUID, day: date, *entries: MilestoneEntry) -> None:
    with db.reading() as s:
        me, fund = current_counselor(s).id, funding_sources(s)[0].id
    form = MilestoneForm(entries=entries, date=day, counselor_ids=(me,), funding_source_ids=(fund,))
    assert log_milestones(db, cid, form, counselor_id=me, decider=AlwaysNo(), today=TODAY) is not None


def test_one_row_per_readiness_type_with_its_newest_milestone(db: Database) -> None:
    cid = new_client(db)
    log(db, cid, TODAY - timedelta(days=9), MilestoneEntry("sam_registered", detail="ABCDEFGH1234"))
    log(
        db,
        cid,
        TODAY - timedelta(days=2),
        MilestoneEntry("sam_registered", detail="ABCDEFGH9999"),
        MilestoneEntry("government_contract_award", "125000", "Army, W911-26-C-0001"),
    )
    with db.reading() as s:
        overview = readiness_overview(s, cid)
    assert [step.code for step in overview.steps] == list(READINESS_CODES)
    sam = overview.step("sam_registered")
    assert sam is not None
    assert (sam.done, sam.date, sam.detail, sam.required_for) == (
        True,
        TODAY - timedelta(days=2),
        "ABCDEFGH9999",
        ("dib_ready", "gib_ready"),
    )
    award = overview.step("government_contract_award")
    assert award is not None
    assert (award.amount, award.detail, award.required_for) == (Decimal("125000.00"), "Army, W911-26-C-0001", ())
    cage = overview.step("cage_assigned")
    assert cage is not None
    assert (cage.done, cage.milestone_id, cage.date) == (False, None, None)
    assert overview.government_contracting is True  # M16: a SAM registration turns it on


def test_goal_progress_and_client_flags(db: Database) -> None:
    cid = new_client(db, government_contracting=True, dib_ready=True, dib_ready_date="2026-01-05")
    log(
        db,
        cid,
        TODAY - timedelta(days=3),
        MilestoneEntry("state_vendor_registered"),
        MilestoneEntry("naics_identified", detail="541511"),
        MilestoneEntry("cmmc_level1"),
    )
    with db.reading() as s:
        overview = readiness_overview(s, cid)
    goals = {g.code: g for g in overview.goals}
    assert (goals["dib_ready"].ready, goals["dib_ready"].date) == (True, date(2026, 1, 5))
    assert goals["dib_ready"].progress_text == "2 of 7 required steps"  # NAICS, CMMC
    assert (goals["gib_ready"].ready, goals["gib_ready"].date) == (False, None)
    assert goals["gib_ready"].progress_text == "2 of 3 required steps"  # state vendor (or SAM), NAICS
    assert goals["dib_ready"].name == "DIB Ready"
    assert overview.government_contracting is True


def test_requirements_follow_the_administrators_setting(db: Database) -> None:
    cid = new_client(db)
    log(db, cid, TODAY, MilestoneEntry("capability_statement"))
    with db.unit_of_work() as s:
        save_requirements(s, {"gib_ready": (frozenset({"capability_statement"}),)})
    with db.reading() as s:
        overview = readiness_overview(s, cid)
    assert [(g.code, g.progress_text, g.progress.complete) for g in overview.goals] == [
        ("gib_ready", "1 of 1 required steps", True)
    ]
    step = overview.step("sam_registered")
    assert step is not None
    assert step.required_for == ()


def test_inactive_types_show_only_where_used(db: Database) -> None:
    cid = new_client(db)
    log(db, cid, TODAY, MilestoneEntry("first_bid_submitted"))
    with db.unit_of_work() as s:
        for code in ("first_bid_submitted", "cmmc_level1"):
            s.scalars(select(MilestoneType).where(MilestoneType.code == code)).one().active = False
    with db.reading() as s:
        overview = readiness_overview(s, cid)
    codes = [step.code for step in overview.steps]
    assert "cmmc_level1" not in codes
    bid = overview.step("first_bid_submitted")
    assert bid is not None
    assert (bid.done, bid.active) == (True, False)


def test_missing_client(db: Database) -> None:
    with db.reading() as s, pytest.raises(NotFound):
        readiness_overview(s, uuid.uuid4())
