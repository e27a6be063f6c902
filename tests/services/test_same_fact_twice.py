"""The same fact twice (sync-rules.md): a second change of a value on one day, a second certification."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from test_client_sync import TODAY, Recorder, make_client, save

from neodesk.models import Client, Database, Milestone
from neodesk.services.milestones import MilestoneEntry, MilestoneForm, log_milestones
from neodesk.services.reference import current_counselor, default_funding_source_id
from neodesk.sync.deciding import Answer


def staff(db: Database, client_id: uuid.UUID) -> list[tuple[date, Decimal | None, Decimal | None]]:
    with db.reading() as s:
        rows = s.execute(
            select(Milestone.date, Milestone.amount, Milestone.initial_amount).where(
                Milestone.client_id == client_id, Milestone.type_code == "change_in_part_time_staff"
            )
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


def test_second_same_day_change_updates_the_milestone(db: Database) -> None:
    client_id = make_client(db, part_time_employees="1")
    assert save(db, client_id, Recorder(Answer.YES), part_time_employees="4") is not None
    second = Recorder(Answer.YES)
    assert save(db, client_id, second, part_time_employees="7") is not None
    # Asked, in the spec's words, and the one milestone of the day now says 7 (initial kept at 1).
    assert [q.change for q in second.asked] == ["Change in Part-Time Staff of 2026-11-24: 4 → 7"]
    assert staff(db, client_id) == [(TODAY, Decimal(7), Decimal(1))]
    with db.reading() as s:
        assert s.get_one(Client, client_id).part_time_employees == 7


def test_declining_the_update_leaves_the_milestone(db: Database) -> None:
    client_id = make_client(db, part_time_employees="1")
    save(db, client_id, Recorder(Answer.YES), part_time_employees="4")
    save(db, client_id, Recorder(Answer.NO), part_time_employees="7")
    assert staff(db, client_id) == [(TODAY, Decimal(4), Decimal(1))]


def test_client_edit_does_not_propose_a_certification_the_client_has(db: Database) -> None:
    client_id = make_client(db, hubzone="N")
    save(db, client_id, Recorder(Answer.YES), hubzone="C")
    save(db, client_id, Recorder(Answer.YES), hubzone="N")
    again = Recorder(Answer.YES)
    save(db, client_id, again, hubzone="C")
    assert [q.proposal for q in again.asked] == []


def _log(db: Database, client_id: uuid.UUID, decider: Recorder, *codes: str) -> object:
    with db.reading() as s:
        me = current_counselor(s)
        funding = default_funding_source_id(s, client_id, me)
        me_id = me.id
    form = MilestoneForm(
        entries=tuple(MilestoneEntry(c) for c in codes),
        date=TODAY,
        counselor_ids=(me_id,),
        funding_source_ids=(funding,) if funding else (),
    )
    return log_milestones(db, client_id, form, counselor_id=me_id, decider=decider, today=TODAY)


def test_second_certification_needs_a_confirmation(db: Database) -> None:
    client_id = make_client(db)
    assert _log(db, client_id, Recorder(Answer.NO), "wosb_certified") is not None
    cancelled = Recorder(Answer.NO)
    assert _log(db, client_id, cancelled, "wosb_certified") is None
    assert cancelled.asked[0].change == "WOSB Certification Obtained: already logged on 2026-11-24."
    with db.reading() as s:
        count = len(list(s.scalars(select(Milestone.id).where(Milestone.type_code == "wosb_certified"))))
    assert count == 1
