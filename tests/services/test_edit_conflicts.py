"""Lost updates between editors (issue 9, point 2): an editor saves what it loaded merged with what
was saved elsewhere since; fields both changed are decided through a ConflictResolver."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from neodesk.models import Client, CounselingSession, Counselor, Database, Milestone
from neodesk.services.activity import SessionInput, save_counseling_session
from neodesk.services.activity_edits import milestone_edit_values, session_edit_values
from neodesk.services.client_sync import save_client_with_sync
from neodesk.services.clients import client_values
from neodesk.services.edit_merge import EditBase, Keep, ScriptedResolver
from neodesk.services.errors import Conflict
from neodesk.services.milestones import MilestoneEntry, MilestoneForm, log_milestones, update_milestone
from neodesk.services.reference import current_counselor, funding_sources
from neodesk.sync.deciding import AlwaysNo, AlwaysYes, ScriptedDecider

TODAY = date(2026, 11, 24)


@pytest.fixture
def ids(db: Database) -> tuple[uuid.UUID, uuid.UUID]:
    with db.reading() as s:
        return current_counselor(s).id, funding_sources(s)[0].id


@pytest.fixture
def client_id(db: Database, ids: tuple[uuid.UUID, uuid.UUID]) -> uuid.UUID:
    values = {
        "name": "Acme",
        "company_status": "B",
        "date_established": "2015-01-01",
        "full_time_employees": "12",
        "city": "Waco",
    }
    cid = save_client_with_sync(db, None, values, counselor_id=ids[0], today=TODAY, decider=AlwaysNo()).client_id
    with db.unit_of_work() as s:  # an established client: staff changes are growth (rule G) and prompt
        s.get_one(Client, cid).created_at = datetime.now(UTC) - timedelta(days=30)
    return cid


def opened(db: Database, cid: uuid.UUID) -> EditBase:
    """What the client editor keeps when it shows the client."""
    with db.reading() as s:
        client = s.get_one(Client, cid)
        return EditBase(client.revision, client_values(client))


def stored(db: Database, cid: uuid.UUID) -> Client:
    with db.reading() as s:
        return s.get_one(Client, cid)


def staff_milestones(db: Database, cid: uuid.UUID) -> list[tuple[date, Decimal | None]]:
    with db.reading() as s:
        rows = s.scalars(
            select(Milestone).where(Milestone.client_id == cid, Milestone.type_code == "change_in_full_time_staff")
        )
        return [(m.date, m.amount) for m in rows]


def cli_set(db: Database, cid: uuid.UUID, me: uuid.UUID, **values: Any) -> None:
    """The other editor: `neodesk set` (no base: it loads and saves at once)."""
    assert save_client_with_sync(db, cid, values, counselor_id=me, decider=AlwaysNo(), today=TODAY) is not None


def editor_save(
    db: Database,
    cid: uuid.UUID,
    me: uuid.UUID,
    base: EditBase,
    resolver: Any = None,
    decider: Any = None,
    **values: Any,
):  # type: ignore[no-untyped-def]
    return save_client_with_sync(
        db, cid, values, counselor_id=me, decider=decider or AlwaysNo(), today=TODAY, base=base, resolver=resolver
    )


# -- clients -----------------------------------------------------------------------------------------------------
def test_the_other_sides_change_to_another_field_survives(db: Database, ids: Any, client_id: uuid.UUID) -> None:
    base = opened(db, client_id)
    cli_set(db, client_id, ids[0], full_time_employees="77")
    resolver = ScriptedResolver()
    result = editor_save(db, client_id, ids[0], base, resolver, city="Austin")
    assert result is not None
    client = stored(db, client_id)
    assert (client.full_time_employees, client.city) == (77, "Austin")
    assert result.theirs_kept == ("full_time_employees",)
    assert resolver.seen == []  # nothing to decide


def test_the_issue_case_asks_instead_of_overwriting(db: Database, ids: Any, client_id: uuid.UUID) -> None:
    """The editor shows 12, the CLI sets 77, the editor saves 40: 77 is not lost without a word."""
    base = opened(db, client_id)
    cli_set(db, client_id, ids[0], full_time_employees="77")
    with pytest.raises(Conflict, match="Full-Time Employees"):  # no resolver: refused, nothing written
        editor_save(db, client_id, ids[0], base, None, full_time_employees="40")
    assert stored(db, client_id).full_time_employees == 77
    resolver = ScriptedResolver({"full_time_employees": Keep.THEIRS})
    assert editor_save(db, client_id, ids[0], base, resolver, full_time_employees="40", city="Austin") is not None
    [conflict] = resolver.seen
    assert (conflict.key, conflict.theirs_text, conflict.mine_text) == ("full_time_employees", "77", "40")
    client = stored(db, client_id)
    assert (client.full_time_employees, client.city) == (77, "Austin")


def test_keep_mine_writes_mine_and_the_rules_compare_with_the_stored_client(
    db: Database,
    ids: Any,
    client_id: uuid.UUID,
) -> None:
    base = opened(db, client_id)
    cli_set(db, client_id, ids[0], full_time_employees="77")
    decider = ScriptedDecider(default=AlwaysYes().decide(None))  # type: ignore[arg-type]
    result = editor_save(
        db,
        client_id,
        ids[0],
        base,
        ScriptedResolver({"full_time_employees": Keep.MINE}),
        decider,
        full_time_employees="40",
    )
    assert result is not None
    assert stored(db, client_id).full_time_employees == 40
    [(question, _)] = decider.asked
    assert question.change == "Full-Time Employees: 77 → 40"  # from the stored 77, not the stale 12


def test_cancel_writes_nothing(db: Database, ids: Any, client_id: uuid.UUID) -> None:
    base = opened(db, client_id)
    cli_set(db, client_id, ids[0], full_time_employees="77")
    revision = stored(db, client_id).revision
    assert (
        editor_save(db, client_id, ids[0], base, ScriptedResolver(None), full_time_employees="40", city="Austin")
        is None
    )
    client = stored(db, client_id)
    assert (client.revision, client.full_time_employees, client.city) == (revision, 77, "Waco")


def test_a_change_the_other_side_already_made_raises_no_second_milestone(
    db: Database,
    ids: Any,
    client_id: uuid.UUID,
) -> None:
    base = opened(db, client_id)
    assert (
        save_client_with_sync(
            db, client_id, {"full_time_employees": "77"}, counselor_id=ids[0], decider=AlwaysYes(), today=TODAY
        )
        is not None
    )
    assert len(staff_milestones(db, client_id)) == 1
    # The stale editor typed the same 77 (and a city): no question, no second staff milestone.
    result = editor_save(
        db, client_id, ids[0], base, ScriptedResolver(), ScriptedDecider(), full_time_employees="77", city="Austin"
    )
    assert result is not None
    assert result.milestone_ids == []
    assert len(staff_milestones(db, client_id)) == 1


def test_an_unchanged_record_saves_without_merging(db: Database, ids: Any, client_id: uuid.UUID) -> None:
    base = opened(db, client_id)
    result = editor_save(db, client_id, ids[0], base, ScriptedResolver(), full_time_employees="40")
    assert result is not None
    assert result.theirs_kept == ()
    assert stored(db, client_id).full_time_employees == 40


# -- milestones ----------------------------------------------------------------------------------------------------
def logged_milestone(db: Database, cid: uuid.UUID, ids: Any) -> uuid.UUID:
    form = MilestoneForm(
        entries=(MilestoneEntry("change_in_full_time_staff", "5"),),
        date=TODAY,
        counselor_ids=(ids[0],),
        funding_source_ids=(ids[1],),
        notes="first",
    )
    result = log_milestones(db, cid, form, counselor_id=ids[0], decider=AlwaysNo(), today=TODAY)
    assert result is not None
    return result.milestone_ids[0]


def milestone_opened(db: Database, mid: uuid.UUID) -> EditBase:
    with db.reading() as s:
        m = s.get_one(
            Milestone, mid, options=[selectinload(Milestone.counselors), selectinload(Milestone.funding_sources)]
        )
        return EditBase(m.revision, milestone_edit_values(m))


def milestone(db: Database, mid: uuid.UUID) -> Milestone:
    with db.reading() as s:
        return s.get_one(Milestone, mid)


def dialog_save(db: Database, mid: uuid.UUID, ids: Any, base: EditBase, resolver: Any, **over: Any) -> Any:
    """What the Edit Milestone dialog sends: every field as shown, the date only when changed."""
    shown = {
        "amount": "5",
        "detail": None,
        "notes": "first",
        "reportable": True,
        "counselor_ids": (ids[0],),
        "funding_source_ids": (ids[1],),
        **over,
    }
    return update_milestone(
        db, mid, **shown, counselor_id=ids[0], decider=AlwaysNo(), today=TODAY, base=base, resolver=resolver
    )


def test_milestone_edits_merge_with_a_change_saved_elsewhere(db: Database, ids: Any, client_id: uuid.UUID) -> None:
    mid = logged_milestone(db, client_id, ids)
    base = milestone_opened(db, mid)
    update_milestone(db, mid, notes="theirs", counselor_id=ids[0], decider=AlwaysNo(), today=TODAY)
    assert dialog_save(db, mid, ids, base, ScriptedResolver(), amount="8") == {}
    m = milestone(db, mid)
    assert (m.amount, m.notes) == (Decimal(8), "theirs")  # today the dialog's "first" overwrote "theirs"


@pytest.mark.parametrize(("choice", "notes"), [(Keep.MINE, "mine"), (Keep.THEIRS, "theirs"), (None, "theirs")])
def test_milestone_conflict_keep_mine_take_theirs_cancel(
    db: Database,
    ids: Any,
    client_id: uuid.UUID,
    choice: Keep | None,
    notes: str,
) -> None:
    mid = logged_milestone(db, client_id, ids)
    base = milestone_opened(db, mid)
    update_milestone(db, mid, notes="theirs", counselor_id=ids[0], decider=AlwaysNo(), today=TODAY)
    resolver = ScriptedResolver(None if choice is None else {"notes": choice})
    result = dialog_save(db, mid, ids, base, resolver, notes="mine", amount="9")
    assert [(c.key, c.theirs_text, c.mine_text) for c in resolver.seen] == [("notes", "theirs", "mine")]
    m = milestone(db, mid)
    if choice is None:
        assert result is None
        assert m.amount == Decimal(5)  # nothing written
    else:
        assert m.amount == Decimal(9)
    assert m.notes == notes


# -- counseling sessions ------------------------------------------------------------------------------------------
def session_form(ids: Any, **over: Any) -> SessionInput:
    values = {
        "date": TODAY,
        "contact_type": "PH",
        "counseling_area": "Business Plan",
        "session_type": "Follow-up",
        "contact_minutes": "30",
        "counselor_ids": (ids[0],),
        "funding_source_ids": (ids[1],),
        "notes": "first",
        **over,
    }
    return SessionInput(**values)


def session_opened(db: Database, sid: uuid.UUID) -> EditBase:
    with db.reading() as s:
        record = s.get_one(CounselingSession, sid)
        return EditBase(record.revision, session_edit_values(record))


def counseling(db: Database, sid: uuid.UUID) -> CounselingSession:
    with db.reading() as s:
        return s.get_one(CounselingSession, sid)


def test_session_edits_merge_with_a_change_saved_elsewhere(db: Database, ids: Any, client_id: uuid.UUID) -> None:
    sid = save_counseling_session(db, client_id, session_form(ids), counselor_id=ids[0], today=TODAY)
    assert sid is not None
    base = session_opened(db, sid)
    save_counseling_session(
        db, client_id, session_form(ids, contact_minutes="90"), counselor_id=ids[0], session_id=sid, today=TODAY
    )
    assert (
        save_counseling_session(
            db,
            client_id,
            session_form(ids, notes="mine"),
            counselor_id=ids[0],
            session_id=sid,
            today=TODAY,
            base=base,
            resolver=ScriptedResolver(),
        )
        == sid
    )
    record = counseling(db, sid)
    assert (record.contact_minutes, record.notes) == (90, "mine")


@pytest.mark.parametrize(("choice", "minutes"), [(Keep.MINE, 45), (Keep.THEIRS, 90), (None, 90)])
def test_session_conflict_keep_mine_take_theirs_cancel(
    db: Database,
    ids: Any,
    client_id: uuid.UUID,
    choice: Keep | None,
    minutes: int,
) -> None:
    sid = save_counseling_session(db, client_id, session_form(ids), counselor_id=ids[0], today=TODAY)
    assert sid is not None
    base = session_opened(db, sid)
    save_counseling_session(
        db, client_id, session_form(ids, contact_minutes="90"), counselor_id=ids[0], session_id=sid, today=TODAY
    )
    resolver = ScriptedResolver(None if choice is None else {"contact_minutes": choice})
    result = save_counseling_session(
        db,
        client_id,
        session_form(ids, contact_minutes="45", notes="mine"),
        counselor_id=ids[0],
        session_id=sid,
        today=TODAY,
        base=base,
        resolver=resolver,
    )
    assert [(c.key, c.theirs_text, c.mine_text) for c in resolver.seen] == [("contact_minutes", "90", "45")]
    record = counseling(db, sid)
    assert record.contact_minutes == minutes
    assert record.notes == ("first" if choice is None else "mine")
    assert result == (None if choice is None else sid)


def test_milestone_conflict_shows_counts_and_people_as_read(db: Database, ids: Any, client_id: uuid.UUID) -> None:
    mid = logged_milestone(db, client_id, ids)
    base = milestone_opened(db, mid)
    with db.unit_of_work() as s:
        dana = Counselor(name="Dana Ortiz", email="dana@example.org")
        s.add(dana)
    with db.reading() as s:
        me = current_counselor(s).name
    update_milestone(
        db, mid, amount="7", counselor_ids=(dana.id,), counselor_id=ids[0], decider=AlwaysNo(), today=TODAY
    )
    resolver = ScriptedResolver({})
    dialog_save(db, mid, ids, base, resolver, amount="9", counselor_ids=(ids[0], dana.id))
    shown = {c.key: (c.label, c.theirs_text, c.mine_text) for c in resolver.seen}
    assert shown == {
        "amount": ("Value", "7", "9"),
        "counselor_ids": ("Counselor(s)", "Dana Ortiz", ", ".join(sorted([me, "Dana Ortiz"]))),
    }
