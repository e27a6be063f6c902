"""Logging milestones: one record per type, client effects, follow-up session, all or nothing."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from neodesk.models import Client, CounselingSession, Database, Milestone, MilestoneType, Tombstone
from neodesk.services.activity import delete_milestone
from neodesk.services.client_sync import save_client_with_sync
from neodesk.services.errors import ValidationFailed
from neodesk.services.milestones import (
    FollowUp,
    MilestoneEntry,
    MilestoneForm,
    log_milestones,
    offered_types,
    type_infos,
    update_milestone,
)
from neodesk.services.reference import current_counselor, funding_sources
from neodesk.sync.deciding import AlwaysNo, AlwaysYes, Answer, ScriptedDecider

TODAY = date(2026, 11, 24)


@pytest.fixture
def ids(db: Database) -> tuple[uuid.UUID, uuid.UUID]:
    with db.reading() as s:
        return current_counselor(s).id, funding_sources(s)[0].id


def client(db: Database, **values: Any) -> uuid.UUID:
    base = {"name": "Acme", "company_status": "B", "date_established": "2015-01-01", **values}
    return save_client_with_sync(db, None, base, counselor_id=None, today=TODAY, decider=AlwaysNo()).client_id


def form(ids: tuple[uuid.UUID, uuid.UUID], *entries: MilestoneEntry, **over: Any) -> MilestoneForm:
    return MilestoneForm(
        entries=entries, date=over.pop("date", TODAY), counselor_ids=(ids[0],), funding_source_ids=(ids[1],), **over
    )


def stored(db: Database, cid: uuid.UUID) -> list[Milestone]:
    with db.reading() as s:
        rows = list(s.scalars(select(Milestone).where(Milestone.client_id == cid).order_by(Milestone.type_code)))
        for r in rows:
            _ = (r.counselors, r.funding_sources)
        return rows


def get_client(db: Database, cid: uuid.UUID) -> Client:
    with db.reading() as s:
        return s.get_one(Client, cid)


def test_one_record_per_checked_type_with_initial_amounts(db: Database, ids: Any) -> None:
    cid = client(db, full_time_employees="4", gross_sales="1000")
    result = log_milestones(
        db,
        cid,
        form(
            ids,
            MilestoneEntry("change_in_full_time_staff", "6"),
            MilestoneEntry("change_in_sales", "1500.25"),
            MilestoneEntry("business_expansion"),
            notes="Opened a second shop",
        ),
        counselor_id=ids[0],
        decider=AlwaysNo(),
        today=TODAY,
    )
    assert result is not None
    rows = stored(db, cid)
    assert [(m.type_code, m.amount, m.initial_amount) for m in rows] == [
        ("business_expansion", None, None),
        ("change_in_full_time_staff", Decimal(6), Decimal(4)),
        ("change_in_sales", Decimal("1500.25"), Decimal("1000.00")),
    ]
    assert all(m.notes == "Opened a second shop" and m.origin == "manual" and m.reportable for m in rows)
    assert all([f.id for f in m.funding_sources] == [ids[1]] for m in rows)
    c = get_client(db, cid)
    assert (c.full_time_employees, c.gross_sales, c.gross_sales_date) == (6, Decimal("1500.25"), TODAY)  # M5, M6


def test_prompted_effects_apply_only_on_yes(db: Database, ids: Any) -> None:
    cid = client(db)
    decider = ScriptedDecider([Answer.NO, Answer.YES])
    log_milestones(
        db,
        cid,
        form(ids, MilestoneEntry("change_in_profits", "-50"), MilestoneEntry("hubzone_certified")),
        counselor_id=ids[0],
        decider=decider,
        today=TODAY,
    )
    assert [q.proposal for q, _ in decider.asked] == ["profits", "hubzone"]
    c = get_client(db, cid)
    assert (c.profits, c.hubzone, c.hubzone_certification_date) == (None, "C", TODAY)
    assert len(stored(db, cid)) == 2


def test_cancel_writes_nothing(db: Database, ids: Any) -> None:
    cid = client(db)
    result = log_milestones(
        db,
        cid,
        form(ids, MilestoneEntry("change_in_profits", "10"), followup=FollowUp("PH", "Business Plan")),
        counselor_id=ids[0],
        decider=ScriptedDecider([Answer.CANCEL]),
        today=TODAY,
    )
    assert result is None
    assert stored(db, cid) == []
    with db.reading() as s:
        assert s.scalars(select(CounselingSession)).all() == []


def test_follow_up_session_has_same_date_people_notes_and_no_prep_time(db: Database, ids: Any) -> None:
    cid = client(db)
    result = log_milestones(
        db,
        cid,
        form(
            ids,
            MilestoneEntry("business_expansion"),
            notes="Lease signed",
            date=TODAY - timedelta(days=3),
            followup=FollowUp("VC", "Financing/Capital", "Marketing/Sales"),
        ),
        counselor_id=ids[0],
        decider=AlwaysNo(),
        today=TODAY,
    )
    assert result is not None
    with db.reading() as s:
        counseling_session = s.get_one(CounselingSession, result.session_id)
        assert (
            counseling_session.date,
            counseling_session.contact_type,
            counseling_session.counseling_area,
            counseling_session.additional_areas,
        ) == (
            TODAY - timedelta(days=3),
            "VC",
            "Financing/Capital",
            frozenset({"Marketing/Sales"}),
        )
        assert (counseling_session.notes, counseling_session.prep_minutes, counseling_session.travel_minutes) == (
            "Lease signed",
            0,
            0,
        )
        assert [c.id for c in counseling_session.counselors] == [ids[0]]
        assert [f.id for f in counseling_session.funding_sources] == [ids[1]]


def test_a_failure_in_the_middle_leaves_no_milestone(db: Database, ids: Any) -> None:
    cid = client(db, full_time_employees="2")

    def explode(tx: Session) -> None:
        raise OperationalError("INSERT INTO counseling_session", {}, Exception("disk I/O error"))

    with pytest.raises(OperationalError):
        log_milestones(
            db,
            cid,
            form(ids, MilestoneEntry("change_in_full_time_staff", "9"), followup=FollowUp("PH", "Other")),
            counselor_id=ids[0],
            decider=AlwaysYes(),
            today=TODAY,
            before_commit=explode,
        )
    assert stored(db, cid) == []
    assert get_client(db, cid).full_time_employees == 2


@pytest.mark.parametrize(
    ("entries", "over", "key"),
    [
        ((), {}, "types"),
        ((MilestoneEntry("change_in_sales", ""),), {}, "value.change_in_sales"),
        ((MilestoneEntry("change_in_sales", "12.345"),), {}, "value.change_in_sales"),
        ((MilestoneEntry("change_in_full_time_staff", "-1"),), {}, "value.change_in_full_time_staff"),
        ((MilestoneEntry("nist_800_171_assessed", "111"),), {}, "value.nist_800_171_assessed"),
        ((MilestoneEntry("changed_legal_form", ""),), {}, "value.changed_legal_form"),
        ((MilestoneEntry("success_story"),), {}, "milestone.notes"),
        ((MilestoneEntry("business_expansion"),), {"date": TODAY + timedelta(days=1)}, "milestone.date"),
        ((MilestoneEntry("business_expansion"),), {"date": TODAY - timedelta(days=366)}, "milestone.date"),
        ((MilestoneEntry("business_expansion"),), {"funding_source_ids": ()}, "milestone.funding_sources"),
        ((MilestoneEntry("business_expansion"),), {"followup": FollowUp(None, "Other")}, "followup.contact_type"),
    ],
)
def test_validation_problems_write_nothing(db: Database, ids: Any, entries: Any, over: Any, key: str) -> None:
    cid = client(db)
    f = form(ids, *entries)
    f = MilestoneForm(**{**{k: getattr(f, k) for k in f.__dataclass_fields__}, **over})
    with pytest.raises(ValidationFailed) as info:
        log_milestones(db, cid, f, counselor_id=ids[0], decider=AlwaysYes(), today=TODAY)
    assert key in info.value.by_key()
    assert stored(db, cid) == []


def test_pre_venture_client_needs_business_start_and_staff(db: Database, ids: Any) -> None:
    cid = client(db, company_status="P", date_established="")
    with pytest.raises(ValidationFailed) as info:
        log_milestones(
            db,
            cid,
            form(ids, MilestoneEntry("change_in_sales", "100")),
            counselor_id=ids[0],
            decider=AlwaysYes(),
            today=TODAY,
        )
    assert "type.change_in_sales" in info.value.by_key()
    with pytest.raises(ValidationFailed) as info:
        log_milestones(
            db,
            cid,
            form(ids, MilestoneEntry("business_established")),
            counselor_id=ids[0],
            decider=AlwaysYes(),
            today=TODAY,
        )
    assert "staff milestone" in info.value.by_key()["type.change_in_full_time_staff"]
    log_milestones(
        db,
        cid,
        form(ids, MilestoneEntry("business_established"), MilestoneEntry("change_in_full_time_staff", "2")),
        counselor_id=ids[0],
        decider=AlwaysYes(),
        today=TODAY,
    )
    c = get_client(db, cid)
    assert (c.company_status, c.date_established, c.full_time_employees) == ("S", TODAY, 2)  # M1, M5


def test_offered_types_hide_in_business_types_until_a_start_is_checked(db: Database) -> None:
    with db.reading() as s:
        infos = type_infos(list(s.scalars(select(MilestoneType))))
    hidden = {t.code for t in offered_types(infos, False, set())}
    shown = {t.code for t in offered_types(infos, False, {"business_established"})}
    assert "change_in_sales" not in hidden
    assert "change_in_sales" in shown
    assert "success_story" in hidden


def test_older_dated_milestone_updates_nothing_and_says_so(db: Database, ids: Any) -> None:
    cid = client(db, gross_sales="100")
    log_milestones(
        db,
        cid,
        form(ids, MilestoneEntry("change_in_sales", "500")),
        counselor_id=ids[0],
        decider=AlwaysNo(),
        today=TODAY,
    )
    result = log_milestones(
        db,
        cid,
        form(ids, MilestoneEntry("change_in_sales", "300"), date=TODAY - timedelta(days=10)),
        counselor_id=ids[0],
        decider=AlwaysNo(),
        today=TODAY,
    )
    assert result is not None
    assert result.notices
    assert get_client(db, cid).gross_sales == Decimal("500.00")


def test_m13_returns_a_warning_and_changes_nothing(db: Database, ids: Any) -> None:
    cid = client(db)
    result = log_milestones(
        db,
        cid,
        form(ids, MilestoneEntry("entered_new_foreign_markets", detail="Canada")),
        counselor_id=ids[0],
        decider=AlwaysYes(),
        today=TODAY,
    )
    assert result is not None
    assert any("Export Countries" in w for w in result.warnings)
    assert result.client_updates == {}


def test_last_readiness_step_prompts_for_gib_ready(db: Database, ids: Any) -> None:
    cid = client(db)
    log_milestones(
        db,
        cid,
        form(
            ids,
            MilestoneEntry("state_vendor_registered"),
            MilestoneEntry("naics_identified", detail="541511"),
            date=TODAY - timedelta(days=5),
        ),
        counselor_id=ids[0],
        decider=AlwaysNo(),
        today=TODAY,
    )
    decider = ScriptedDecider([Answer.YES])
    log_milestones(
        db,
        cid,
        form(ids, MilestoneEntry("capability_statement"), date=TODAY - timedelta(days=2)),
        counselor_id=ids[0],
        decider=decider,
        today=TODAY,
    )
    assert [q.proposal for q, _ in decider.asked] == ["gib_ready"]
    assert ("gib_ready", TODAY - timedelta(days=2)) in {(m.type_code, m.date) for m in stored(db, cid)}
    c = get_client(db, cid)
    assert (c.gib_ready, c.gib_ready_date) == (True, TODAY - timedelta(days=2))


def test_editing_the_newest_amount_asks_to_update_the_client(db: Database, ids: Any) -> None:
    cid = client(db, full_time_employees="3")
    log_milestones(
        db,
        cid,
        form(ids, MilestoneEntry("change_in_full_time_staff", "5")),
        counselor_id=ids[0],
        decider=AlwaysNo(),
        today=TODAY,
    )
    [m] = stored(db, cid)
    decider = ScriptedDecider([Answer.YES])
    assert update_milestone(db, m.id, amount="6", counselor_id=ids[0], decider=decider, today=TODAY) == {
        "full_time_employees": 6
    }
    assert [q.proposal for q, _ in decider.asked] == ["full_time_employees"]
    assert get_client(db, cid).full_time_employees == 6
    update_milestone(db, m.id, amount="7", counselor_id=ids[0], decider=AlwaysNo(), today=TODAY)
    assert get_client(db, cid).full_time_employees == 6
    assert stored(db, cid)[0].amount == Decimal(7)


def test_delete_leaves_tombstone_and_client_unchanged(db: Database, ids: Any) -> None:
    cid = client(db, gross_sales="1")
    log_milestones(
        db,
        cid,
        form(ids, MilestoneEntry("change_in_sales", "50")),
        counselor_id=ids[0],
        decider=AlwaysNo(),
        today=TODAY,
    )
    [m] = stored(db, cid)
    delete_milestone(db, m.id, counselor_id=ids[0])
    with db.reading() as s:
        assert s.get(Tombstone, m.id) is not None
    assert get_client(db, cid).gross_sales == Decimal("50.00")


def test_back_dated_milestone_takes_the_earlier_amount_as_initial(db: Database, ids: Any) -> None:
    cid = client(db, gross_sales="100")
    for amount, days_ago in (("300", 40), ("900", 5)):
        log_milestones(
            db,
            cid,
            form(ids, MilestoneEntry("change_in_sales", amount), date=TODAY - timedelta(days=days_ago)),
            counselor_id=ids[0],
            decider=AlwaysNo(),
            today=TODAY,
        )
    log_milestones(
        db,
        cid,
        form(ids, MilestoneEntry("change_in_sales", "500"), date=TODAY - timedelta(days=20)),
        counselor_id=ids[0],
        decider=AlwaysNo(),
        today=TODAY,
    )
    by_amount = {m.amount: m.initial_amount for m in stored(db, cid)}
    assert by_amount == {
        Decimal("300.00"): Decimal("100.00"),
        Decimal("900.00"): Decimal("300.00"),
        Decimal("500.00"): Decimal("300.00"),
    }
    assert get_client(db, cid).gross_sales == Decimal("900.00")  # the back-dated one changed nothing


@pytest.mark.parametrize(
    ("code", "detail", "stored_detail"),
    [
        ("sam_registered", "abcdefghj123", "ABCDEFGHJ123"),
        ("cage_assigned", "1abc2", "1ABC2"),
        ("naics_identified", "541511 541512", "541511, 541512"),
    ],
)
def test_readiness_details_are_normalized(db: Database, ids: Any, code: str, detail: str, stored_detail: str) -> None:
    cid = client(db)
    log_milestones(
        db, cid, form(ids, MilestoneEntry(code, detail=detail)), counselor_id=ids[0], decider=AlwaysNo(), today=TODAY
    )
    assert [m.detail for m in stored(db, cid)] == [stored_detail]


@pytest.mark.parametrize(
    ("code", "detail"), [("sam_registered", "bad"), ("cage_assigned", "TOOLONG1"), ("naics_identified", "5415")]
)
def test_readiness_details_with_the_wrong_format_are_refused(db: Database, ids: Any, code: str, detail: str) -> None:
    cid = client(db)
    with pytest.raises(ValidationFailed) as info:
        log_milestones(
            db,
            cid,
            form(ids, MilestoneEntry(code, detail=detail)),
            counselor_id=ids[0],
            decider=AlwaysNo(),
            today=TODAY,
        )
    assert f"value.{code}" in info.value.by_key()
    assert stored(db, cid) == []


def test_edit_prompt_is_silent_when_the_setting_is_off(db: Database, ids: Any) -> None:
    from neodesk.services.settings import save_setting

    cid = client(db, full_time_employees="3")
    log_milestones(
        db,
        cid,
        form(ids, MilestoneEntry("change_in_full_time_staff", "5")),
        counselor_id=ids[0],
        decider=AlwaysNo(),
        today=TODAY,
    )
    with db.unit_of_work() as s:
        save_setting(s, "prompt_sync_client_milestones", False)
    [m] = stored(db, cid)
    decider = ScriptedDecider([])
    assert update_milestone(db, m.id, amount="8", counselor_id=ids[0], decider=decider, today=TODAY) == {}
    assert decider.asked == []
    assert get_client(db, cid).full_time_employees == 5
