"""Client saves with the client → milestone rules, through the store (the pure rules are in tests/sync)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from neodesk.models import Client, Database, Milestone
from neodesk.services.activity import SessionInput, save_counseling_session
from neodesk.services.client_sync import save_client_with_sync
from neodesk.services.errors import ValidationFailed
from neodesk.services.reference import current_counselor
from neodesk.services.settings import save_setting
from neodesk.sync.deciding import AlwaysNo, AlwaysYes, Answer, Question, ScriptedDecider

TODAY = date(2026, 11, 24)


class Recorder:
    """A decider that answers from a list and remembers what it was asked."""

    def __init__(self, *answers: Answer) -> None:
        self.answers = list(answers)
        self.asked: list[Question] = []

    def decide(self, question: Question) -> Answer:
        self.asked.append(question)
        return self.answers.pop(0) if self.answers else Answer.NO


def make_client(db: Database, *, age_days: int = 30, **values: Any) -> uuid.UUID:
    with db.reading() as s:
        me = current_counselor(s).id
    base = {"name": "Acme", "company_status": "B", "date_established": "2015-01-01", **values}
    result = save_client_with_sync(db, None, base, counselor_id=me, today=TODAY, decider=AlwaysNo())
    with db.unit_of_work() as s:  # backdate creation: growth prompts need an established client
        s.get_one(Client, result.client_id).created_at = datetime.now(UTC) - timedelta(days=age_days)
    return result.client_id


def milestones(db: Database, client_id: uuid.UUID) -> list[Milestone]:
    with db.reading() as s:
        rows = s.scalars(select(Milestone).where(Milestone.client_id == client_id).order_by(Milestone.type_code))
        return [r for r in rows if r.counselors is not None and r.funding_sources is not None]


def save(db: Database, client_id: uuid.UUID | None, decider: Any, **values: Any):  # type: ignore[no-untyped-def]
    with db.reading() as s:
        me = current_counselor(s).id
    return save_client_with_sync(db, client_id, values, counselor_id=me, decider=decider, today=TODAY)


def test_accepted_growth_prompt_writes_one_exact_milestone(db: Database) -> None:
    cid = make_client(db, full_time_employees="3", gross_sales="1000")
    decider = Recorder(Answer.YES, Answer.YES)
    save(db, cid, decider, full_time_employees="5", gross_sales="2500.50")
    assert [q.proposal for q in decider.asked] == ["change_in_full_time_staff", "change_in_sales"]
    [staff, sales] = milestones(db, cid)
    assert (staff.type_code, staff.amount, staff.initial_amount, staff.date) == (
        "change_in_full_time_staff",
        Decimal(5),
        Decimal(3),
        TODAY,
    )
    assert (sales.amount, sales.initial_amount, sales.origin) == (Decimal("2500.50"), Decimal("1000.00"), "client_edit")
    assert [c.email for c in sales.counselors] == ["admin@localhost"]
    assert [f.code for f in sales.funding_sources] == ["SBDC"]
    with db.reading() as s:
        client = s.get_one(Client, cid)
        assert (client.full_time_employees, client.gross_sales) == (5, Decimal("2500.50"))


def test_funding_source_comes_from_the_latest_session(db: Database) -> None:
    from neodesk.models import FundingSource

    cid = make_client(db, full_time_employees="3")
    with db.unit_of_work() as s:
        grant = FundingSource(code="GRANT", name="State grant")
        s.add(grant)
    with db.reading() as s:
        me = current_counselor(s).id
    save_counseling_session(
        db,
        cid,
        SessionInput(
            date=TODAY,
            contact_type="PH",
            counseling_area="Other",
            contact_minutes=30,
            counselor_ids=(me,),
            funding_source_ids=(grant.id,),
        ),
        counselor_id=me,
        today=TODAY,
    )
    save(db, cid, AlwaysYes(), full_time_employees="4")
    [staff] = milestones(db, cid)
    assert [f.code for f in staff.funding_sources] == ["GRANT"]


def test_declined_prompt_saves_the_client_but_no_milestone(db: Database) -> None:
    cid = make_client(db, full_time_employees="3")
    result = save(db, cid, AlwaysNo(), full_time_employees="7")
    assert result is not None
    assert milestones(db, cid) == []
    with db.reading() as s:
        assert s.get_one(Client, cid).full_time_employees == 7


def test_no_to_all_declines_the_rest_without_asking(db: Database) -> None:
    cid = make_client(db, full_time_employees="3", part_time_employees="1", gross_sales="10")
    decider = Recorder(Answer.YES, Answer.NO_TO_ALL)
    save(db, cid, decider, full_time_employees="4", part_time_employees="2", gross_sales="20")
    assert len(decider.asked) == 2
    assert [m.type_code for m in milestones(db, cid)] == ["change_in_full_time_staff"]


def test_cancel_writes_nothing_at_all(db: Database) -> None:
    cid = make_client(db, full_time_employees="3", city="Austin")
    result = save(
        db, cid, Recorder(Answer.YES, Answer.CANCEL), full_time_employees="4", gross_sales="99", city="Dallas"
    )
    assert result is None
    assert milestones(db, cid) == []
    with db.reading() as s:
        client = s.get_one(Client, cid)
        assert (client.full_time_employees, client.city) == (3, "Austin")


def test_same_day_client_gets_no_growth_prompt(db: Database) -> None:
    cid = make_client(db, age_days=0, full_time_employees="3")
    decider = Recorder()
    save(db, cid, decider, full_time_employees="9")
    assert decider.asked == []


def test_setting_off_silences_automatic_and_prompted(db: Database) -> None:
    with db.unit_of_work() as s:
        save_setting(s, "prompt_sync_client_milestones", False)
    cid = make_client(db, company_status="P", date_established="")
    decider = Recorder()
    save(db, cid, decider, company_status="S", date_established="2026-06-01", full_time_employees="2")
    assert decider.asked == []
    assert milestones(db, cid) == []


def test_c1_and_c2_in_one_save_make_one_business_established_and_resaving_makes_none(db: Database) -> None:
    cid = make_client(db, company_status="P", date_established="")
    save(db, cid, AlwaysNo(), company_status="S", date_established="2026-06-01")
    save(db, cid, AlwaysNo(), company_status="S", date_established="2026-06-01", city="Waco")
    found = milestones(db, cid)
    assert [(m.type_code, m.date) for m in found] == [("business_established", date(2026, 6, 1))]


def test_p1_closes_and_inactivates_when_both_answers_are_yes(db: Database) -> None:
    cid = make_client(db)
    decider = Recorder(Answer.YES, Answer.YES)
    save(db, cid, decider, company_status="PC")
    assert [q.proposal for q in decider.asked] == ["permanently_closed", "inactivate"]
    with db.reading() as s:
        client = s.get_one(Client, cid)
        assert (client.company_status, client.active, client.client_type) == ("PC", False, "IC")
    assert [m.type_code for m in milestones(db, cid)] == ["permanently_closed"]


def test_invalid_input_asks_nothing_and_writes_nothing(db: Database) -> None:
    cid = make_client(db, full_time_employees="3")
    decider = Recorder()
    with pytest.raises(ValidationFailed):
        save(db, cid, decider, full_time_employees="5", zip="1")
    assert decider.asked == []
    assert milestones(db, cid) == []


def test_new_client_with_dates_gets_the_automatic_milestones(db: Database) -> None:
    result = save(
        db,
        None,
        Recorder(),
        name="Newco",
        company_status="S",
        date_established="2026-05-01",
        business_start_impact_date="2026-05-02",
        full_time_employees="2",
    )
    assert result is not None
    assert sorted((m.type_code, m.date) for m in milestones(db, result.client_id)) == [
        ("business_established", date(2026, 5, 1)),
        ("business_start_impact", date(2026, 5, 2)),
    ]


# --- property: declined never written, no duplicates, client always as saved --------------------

EDITS = st.fixed_dictionaries(
    {},
    optional={
        "full_time_employees": st.integers(0, 20).map(str),
        "part_time_employees": st.integers(0, 20).map(str),
        "gross_sales": st.integers(0, 10_000).map(lambda n: f"{n}.00"),
        "organization": st.sampled_from(["Partnership", "Corporation", "Cooperative"]),
        "hubzone": st.sampled_from(["N", "C", "Y"]),
        "export_countries": st.sets(st.sampled_from(["CA", "MX", "DE", "JP"]), max_size=3).map(",".join),
    },
)
ANSWERS = st.lists(st.sampled_from([Answer.YES, Answer.NO, Answer.NO_TO_ALL, Answer.CANCEL]), max_size=8)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(EDITS, ANSWERS), min_size=1, max_size=4))
def test_random_edits_and_answers(db: Database, steps: list[tuple[dict[str, str], list[Answer]]]) -> None:
    cid = make_client(db, name=f"Prop {uuid.uuid4().hex[:6]}")
    accepted: set[tuple[str, date]] = set()
    for edits, answers in steps:
        with db.reading() as s:
            before = {k: getattr(s.get_one(Client, cid), k) for k in edits}
        decider = ScriptedDecider(answers, default=Answer.NO)
        result = save(db, cid, decider, **edits)
        with db.reading() as s:
            client = s.get_one(Client, cid)
            now = {k: getattr(client, k) for k in edits}
        if result is None:
            assert now == before, "a cancelled save changes nothing"
            continue
        for key, raw in edits.items():
            stored = now[key]
            if key == "export_countries":
                assert (stored or frozenset()) == frozenset(c for c in raw.split(",") if c)
            elif key in ("gross_sales",):
                assert stored == Decimal(raw)
            elif key in ("full_time_employees", "part_time_employees"):
                assert stored == int(raw)
            else:
                assert stored == raw
        written = {(m.type_code, m.date) for m in milestones(db, cid)}
        new = written - accepted
        said_yes = {(q.proposal, q.date) for q, a in decider.asked if a is Answer.YES}
        # These edits trigger prompted rows only: every new milestone of this save was a Yes.
        assert new <= said_yes, "a milestone was written without a Yes"
        accepted |= written
    rows = [(m.type_code, m.date) for m in milestones(db, cid)]
    assert len(rows) == len(set(rows)), "duplicate milestone"
