"""Milestone processing: Start-ups past the start-up period become In Business, in one audited unit of work."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from neodesk.models import AuditEntry, Client, Database
from neodesk.services.client_sync import save_client_with_sync
from neodesk.services.processing import run_milestone_processing, startup_period_over
from neodesk.services.reference import current_counselor
from neodesk.services.settings import save_setting
from neodesk.sync.deciding import AlwaysNo

TODAY = date(2026, 11, 24)


def me(db: Database) -> uuid.UUID:
    with db.reading() as s:
        return current_counselor(s).id


def make(db: Database, name: str, status: str, established: str | None, **values: Any) -> uuid.UUID:
    fields = {"name": name, "company_status": status, "date_established": established, **values}
    return save_client_with_sync(db, None, fields, counselor_id=me(db), today=TODAY, decider=AlwaysNo()).client_id


def status(db: Database, client_id: uuid.UUID) -> tuple[str, int]:
    with db.reading() as s:
        client = s.get_one(Client, client_id)
        return client.company_status, client.revision


@pytest.mark.parametrize(
    ("established", "months", "over"),
    [
        (date(2025, 11, 23), 12, True),  # a year and a day
        (date(2025, 11, 24), 12, False),  # exactly the period: still a Start-up (as rule M1)
        (date(2025, 11, 25), 12, False),
        (date(2026, 5, 23), 6, True),
        (date(2024, 2, 29), 12, True),  # leap day: Feb 28 next year
        (date(2026, 8, 31), 2, True),  # Aug 31 + 2 months = Oct 31
        (date(2026, 9, 30), 2, False),  # Sep 30 + 2 months = Nov 30
    ],
)
def test_the_period_rule(established: date, months: int, over: bool) -> None:
    assert startup_period_over(established, months, TODAY) is over


def test_only_start_ups_past_the_period_change(db: Database) -> None:
    old = make(db, "Old Start-up", "S", "2025-06-01", full_time_employees="1")
    young = make(db, "Young Start-up", "S", "2026-06-01", full_time_employees="1")
    boundary = make(db, "Boundary Start-up", "S", "2025-11-24", full_time_employees="1")
    in_business = make(db, "Going Concern", "B", "2010-01-01", full_time_employees="1")
    dreamer = make(db, "Dreamer", "P", None)
    closed = make(db, "Closed Shop", "PC", "2001-01-01")
    before = {cid: status(db, cid) for cid in (young, boundary, in_business, dreamer, closed)}

    result = run_milestone_processing(db, counselor_id=me(db), today=TODAY)

    assert [p.name for p in result.promoted] == ["Old Start-up"]
    assert result.changed == 1
    assert result.startup_period_months == 12
    assert status(db, old)[0] == "B"
    assert {cid: status(db, cid) for cid in before} == before  # not even a new revision
    with db.reading() as s:
        audit = s.scalars(
            select(AuditEntry).where(AuditEntry.record_id == old, AuditEntry.field == "company_status")
        ).all()
        assert [(a.old_value, a.new_value, a.counselor_id) for a in audit] == [("S", "B", me(db))]


def test_the_period_is_the_administrators_setting(db: Database) -> None:
    client = make(db, "Six Months In", "S", "2026-05-01", full_time_employees="1")
    assert run_milestone_processing(db, counselor_id=me(db), today=TODAY).changed == 0
    with db.unit_of_work() as s:
        save_setting(s, "startup_period_months", 6)
    result = run_milestone_processing(db, counselor_id=me(db), today=TODAY)
    assert (result.changed, result.startup_period_months) == (1, 6)
    assert status(db, client)[0] == "B"


def test_a_second_run_changes_nothing(db: Database) -> None:
    make(db, "Old Start-up", "S", "2020-01-01", full_time_employees="1")
    assert run_milestone_processing(db, counselor_id=me(db), today=TODAY).changed == 1
    assert run_milestone_processing(db, counselor_id=me(db), today=TODAY).promoted == []


def test_many_clients_in_one_run(db: Database) -> None:
    with db.unit_of_work() as s:
        s.add_all(
            [
                Client(
                    name=f"Start-up {i:04}",
                    company_status="S",
                    date_established=date(2020, 1, 1),
                    client_type="AC",
                    active=True,
                )
                for i in range(1200)
            ]
        )
    result = run_milestone_processing(db, counselor_id=me(db), today=TODAY)
    assert result.changed == 1200
    assert [p.client_no for p in result.promoted] == sorted(p.client_no for p in result.promoted)
    with db.reading() as s:
        assert set(s.scalars(select(Client.company_status))) == {"B"}


def test_nothing_is_written_when_the_run_fails(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    first = make(db, "First", "S", "2020-01-01", full_time_employees="1")
    make(db, "Second", "S", "2020-01-01", full_time_employees="1")
    import neodesk.services.processing as processing

    made: list[Any] = []
    real = processing.PromotedClient

    def fail_on_second(*args: Any) -> Any:
        if made:
            raise RuntimeError("disk gone")
        made.append(real(*args))
        return made[-1]

    monkeypatch.setattr(processing, "PromotedClient", fail_on_second)
    with pytest.raises(RuntimeError):
        run_milestone_processing(db, counselor_id=me(db), today=TODAY)
    assert len(made) == 1  # one client was promoted in the session before the failure
    assert status(db, first)[0] == "S"  # and rolled back with the rest
