"""Agreement use cases on the database: create/update, the §1 refusals, marks, events, payments,
amendments, templates, processing (fixed point, dry run, metrics, queries, cycles), nothing written
on a refusal."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from neodesk.models import AgreementEvent, AgreementHistory, AgreementRun, AuditEntry, Database
from neodesk.services.agreements import (
    agreement_definition,
    agreement_status,
    amend,
    apply_template,
    create_agreement,
    create_template,
    event_status,
    list_agreements,
    mark,
    milestone_status,
    pay,
    process,
    update_agreement,
)
from neodesk.services.errors import NotFound, ValidationFailed
from tests.services.agreement_fixtures import (
    ADMIN,
    COUNSELOR,
    START,
    TODAY,
    add_client,
    add_counselor,
    add_hires,
    grant,
    text,
)


def _audit_count(db: Database) -> int:
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry)) or 0


def _refused(db: Database, call: Any, *args: Any, **kwargs: Any) -> str:
    before = _audit_count(db)
    with pytest.raises(ValidationFailed) as info:
        call(*args, **kwargs)
    assert _audit_count(db) == before, "a refusal wrote something"
    assert len(info.value.problems) == 1
    return info.value.problems[0].message


def _event_ids(db: Database, code: str) -> list[str]:
    shown = agreement_definition(db, "AG-1")
    return [e["id"] for m in shown["milestones"] if m["code"] == code for e in m["events"]]


def test_the_done_when_story(db: Database) -> None:
    client = add_client(db, staff=3)
    assert create_agreement(db, text(grant(client))) == "AG-1"
    shown = agreement_definition(db, "AG-1")
    assert [e["amount"] for m in shown["milestones"] for e in m["events"]] == ["33330.00", "33330.00", "33340.00"]

    report = process(db)
    assert report.completed == ("AG-1/MIDYEAR",)
    add_hires(db, client, 3, 8, TODAY - timedelta(days=2))
    report = process(db)
    assert report.completed == ("AG-1/HIRE5",)
    assert [(r.milestone, r.amount) for r in report.released] == [("AG-1/HIRE5", Decimal("33330.00"))]
    assert process(db).changes == 0  # a second run changes nothing

    mark(db, "AG-1", "SIGNOFF", note="final report received")
    report = process(db)
    assert report.completed == ("AG-1/SIGNOFF",)
    assert report.released[0].amount == Decimal("33340.00")

    hire_event = _event_ids(db, "HIRE5")[0]
    assert pay(db, "AG-1", hire_event, amount="33330.00", on=TODAY, method="eft", reference="T-1") == "paid"
    shown = agreement_definition(db, "AG-1")
    assert shown["status"] == "completed"
    assert (shown["released"], shown["paid"], shown["remaining"]) == ("100000.00", "33330.00", "0.00")
    hire = shown["milestones"][0]
    assert hire["status"] == "complete"
    assert hire["conditions"][0]["observed"] == "5 of 5"
    assert hire["effective_date"] == TODAY.isoformat()
    assert any(h["action"] == "release" and h["run"] for h in shown["history"])


def test_show_json_feeds_back_into_update_unchanged(db: Database) -> None:
    client = add_client(db)
    create_agreement(db, text(grant(client)))
    before = _audit_count(db)
    shown = agreement_definition(db, "AG-1")
    update_agreement(db, "AG-1", json.dumps(shown))
    assert _audit_count(db) == before


def test_milestone_moves_and_their_refusals(db: Database) -> None:
    add_counselor(db)
    client = add_client(db)
    data = grant(client)
    data["milestones"].append({"code": "EMPTY", "description": "no conditions yet"})
    create_agreement(db, text(data))
    assert _refused(db, milestone_status, db, "AG-1", ["EMPTY"], "set_ready") == (
        "EMPTY has no conditions: add one before setting it ready"
    )
    assert _refused(db, milestone_status, db, "AG-1", ["HIRE5"], "cancel") == "to cancel HIRE5 give a reason"
    assert milestone_status(db, "AG-1", ["HIRE5"], "set_pending") == [("HIRE5", "pending")]
    process(db)
    assert (
        _refused(db, milestone_status, db, "AG-1", ["MIDYEAR"], "reopen", reason="x", counselor_email=COUNSELOR)
        == "only an administrator can reopen MIDYEAR"
    )
    assert milestone_status(db, "AG-1", ["MIDYEAR"], "reopen", reason="wrong date") == [("MIDYEAR", "ready")]
    assert {
        e["status"]
        for m in agreement_definition(db, "AG-1")["milestones"]
        if m["code"] == "MIDYEAR"
        for e in m["events"]
    } == {"reversed"}
    milestone_status(db, "AG-1", ["EMPTY"], "cancel", reason="dropped")
    assert milestone_status(db, "AG-1", ["EMPTY"], "restore", reason="back") == [("EMPTY", "pending")]


def test_editing_ready_or_complete_milestones_is_refused(db: Database) -> None:
    client = add_client(db)
    create_agreement(db, text(grant(client)))
    data = grant(client)
    data["milestones"][0]["description"] = "Six jobs"
    assert _refused(db, update_agreement, db, "AG-1", text(data)) == "set HIRE5 to Pending first"
    process(db)
    data = grant(client)
    data["milestones"][1]["description"] = "changed"
    assert _refused(db, update_agreement, db, "AG-1", text(data)) == "MIDYEAR is complete and cannot be changed"
    milestone_status(db, "AG-1", ["HIRE5"], "set_pending")
    data = grant(client)
    data["milestones"][0]["description"] = "Six jobs"
    data["milestones"][0]["status"] = "pending"
    data["milestones"][1]["status"] = "complete"
    update_agreement(db, "AG-1", text(data))
    assert agreement_definition(db, "AG-1")["milestones"][0]["description"] == "Six jobs"


def test_refusals_at_create_write_nothing(db: Database) -> None:
    add_counselor(db)
    client = add_client(db)
    query = grant(client)
    query["milestones"][0]["conditions"] = [{"kind": "query", "sql": "SELECT 1"}]
    assert _refused(db, create_agreement, db, text(query), counselor_email=COUNSELOR) == (
        "agreement AG-1 milestone HIRE5 condition 1: only an administrator can save a query condition"
    )
    writes = grant(client)
    writes["milestones"][0]["conditions"] = [{"kind": "query", "sql": "SELECT date('now')"}]
    assert _refused(db, create_agreement, db, text(writes)).endswith("use :today for the as-of date")
    bad = grant(client)
    bad["milestones"][0]["conditions"] = [{"kind": "query", "sql": "SELECT nosuch FROM client"}]
    assert "does not compile" in _refused(db, create_agreement, db, text(bad))
    func_ = grant(client)
    func_["milestones"][0]["conditions"] = [{"kind": "query", "sql": "SELECT load_extension('x')"}]
    assert _refused(db, create_agreement, db, text(func_)).endswith("it may only read, with the allowed functions")
    assert _refused(db, create_agreement, db, "{nope").startswith("the definition is not JSON")
    assert _refused(db, create_agreement, db, text(grant(999))) == "agreement AG-1: no client 999 in this database"
    assert _refused(db, create_agreement, db, text(grant(client, kind="lottery"))).startswith(
        "agreement AG-1: unknown kind 'lottery'"
    )
    over = grant(client)
    over["milestones"][0]["events"].append({"kind": "billing", "amount": "10000.00"})
    assert _refused(db, create_agreement, db, text(over)) == (
        "agreement AG-1: events total 110.00% (110,000.00) of 100,000.00"
    )
    create_agreement(db, text(grant(client)))
    assert _refused(db, create_agreement, db, text(grant(client))) == "agreement AG-1 already exists"


def test_update_cycle_is_refused(db: Database) -> None:
    client = add_client(db)
    data = grant(client)
    for m in data["milestones"]:
        m["status"] = "pending"
    data["milestones"][0]["conditions"].append({"kind": "milestone", "milestone": "SIGNOFF"})
    create_agreement(db, text(data))
    data["milestones"][2]["conditions"].append({"kind": "milestone", "milestone": "HIRE5"})
    assert _refused(db, update_agreement, db, "AG-1", text(data)) == ("would create a cycle: HIRE5 → SIGNOFF → HIRE5")


def test_events_hold_reverse_and_payments(db: Database) -> None:
    add_counselor(db)
    client = add_client(db)
    create_agreement(db, text(grant(client)))
    signoff = _event_ids(db, "SIGNOFF")[0]
    assert event_status(db, "AG-1", signoff, "hold", reason="audit") == "on_hold"
    mark(db, "AG-1", "SIGNOFF")
    process(db)
    assert agreement_definition(db, "AG-1")["milestones"][2]["events"][0]["status"] == "on_hold"
    event_status(db, "AG-1", signoff, "unhold", reason="audit done")
    process(db)  # released after all, dated the milestone's effective date
    assert agreement_definition(db, "AG-1")["milestones"][2]["events"][0]["status"] == "released"
    assert _refused(db, pay, db, "AG-1", signoff, amount="40000.00", on=TODAY, method="eft").endswith(
        "the payment of 40,000.00 is more than the 33,340.00 left"
    )
    assert _refused(db, pay, db, "AG-1", signoff, amount="1.00", on=TODAY, method="bitcoin").endswith(
        "method 'bitcoin' must be one of eft, check, cash, card"
    )
    assert pay(db, "AG-1", signoff, amount="1000.00", on=TODAY, method="check") == "partly_paid"
    assert _refused(db, event_status, db, "AG-1", signoff, "reverse", reason="x", counselor_email=COUNSELOR).startswith(
        "only an administrator can reverse event"
    )
    assert event_status(db, "AG-1", signoff, "reverse", reason="clawback") == "reversed"
    hire = _event_ids(db, "HIRE5")[0]
    assert "pending: pay applies only to" in _refused(db, pay, db, "AG-1", hire, amount="1.00", on=TODAY, method="eft")


def test_amend_keeps_released_amounts_and_recomputes_pending(db: Database) -> None:
    client = add_client(db)
    create_agreement(db, text(grant(client)))
    process(db)  # MIDYEAR released at 33,330.00
    assert _refused(db, amend, db, "AG-1", amount="50000.00", reason=None) == "to amend agreement AG-1 give a reason"
    amend(db, "AG-1", amount="200000.00", reason="second year")
    amounts = [e["amount"] for m in agreement_definition(db, "AG-1")["milestones"] for e in m["events"]]
    assert amounts == ["66660.00", "33330.00", "66680.00"]
    assert _refused(db, amend, db, "AG-1", amount="50000.00", reason="cut").startswith("agreement AG-1: events total")


def test_cancel_suspend_resume(db: Database) -> None:
    client = add_client(db)
    create_agreement(db, text(grant(client)))
    assert _refused(db, agreement_status, db, "AG-1", "suspend") == "to suspend agreement AG-1 give a reason"
    agreement_status(db, "AG-1", "suspend", reason="audit")
    assert process(db).changes == 0  # suspended: nothing completes
    agreement_status(db, "AG-1", "resume")
    agreement_status(db, "AG-1", "cancel", reason="closed")
    shown = agreement_definition(db, "AG-1")
    assert {m["status"] for m in shown["milestones"]} == {"cancelled"}
    assert {e["status"] for m in shown["milestones"] for e in m["events"]} == {"cancelled"}
    assert _refused(db, milestone_status, db, "AG-1", ["HIRE5"], "restore", reason="x") == (
        "the agreement is cancelled, so HIRE5 cannot be restored"
    )


def test_mark_refusals(db: Database) -> None:
    client = add_client(db)
    create_agreement(db, text(grant(client)))
    assert _refused(db, mark, db, "AG-1", "HIRE5") == "HIRE5 has no user condition to mark"
    assert _refused(db, mark, db, "AG-1", "SIGNOFF", on=TODAY + timedelta(days=1)).endswith("is in the future")
    with pytest.raises(NotFound):
        mark(db, "AG-1", "NOPE")


def test_dry_run_writes_nothing_but_its_log_and_future_needs_it(db: Database) -> None:
    client = add_client(db)
    create_agreement(db, text(grant(client)))
    later = TODAY + timedelta(days=30)
    assert _refused(db, process, db, as_of=later) == (
        f"the as-of date {later.isoformat()} is in the future: only a dry run (--dry-run) may look ahead"
    )
    before = _audit_count(db)
    report = process(db, as_of=later, dry_run=True)
    assert report.completed == ("AG-1/MIDYEAR",)
    assert report.moves[0].why.startswith("date:")
    assert report.cash_flow[0][1] == Decimal("33330.00")
    assert _audit_count(db) == before
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(AgreementRun)) == 1
        assert (
            s.scalar(select(func.count()).select_from(AgreementHistory).where(AgreementHistory.run_id.is_not(None)))
            == 0
        )


def test_query_conditions_run_read_only_and_failures_are_flagged(db: Database) -> None:
    client = add_client(db)
    with db.unit_of_work() as s:
        s.connection().exec_driver_sql("CREATE TABLE scratch (x)")
    data = grant(client)
    data["milestones"][0]["conditions"] = [
        {"kind": "query", "sql": "SELECT count(*) >= 1 FROM agreement WHERE id = :agreement_id AND :today <> ''"}
    ]
    data["milestones"][2]["conditions"] = [{"kind": "query", "sql": "SELECT count(*) FROM scratch"}]
    create_agreement(db, text(data))
    with db.unit_of_work() as s:  # the table goes away after save: the run flags it and goes on
        s.connection().exec_driver_sql("DROP TABLE scratch")
    report = process(db)
    assert set(report.completed) == {"AG-1/HIRE5", "AG-1/MIDYEAR"}
    assert [(p.milestone, p.reason) for p in report.problems] == [
        ("AG-1/SIGNOFF", "query failed: no such table: scratch")
    ]
    with db.unit_of_work() as s:  # writes are back on after the query
        s.connection().exec_driver_sql("CREATE TABLE after_run (x)")


def test_query_sandbox_refuses_writes_and_stops_long_queries(db: Database) -> None:
    from neodesk.services.agreements.query_sandbox import QueryFailed, run_query

    with db.unit_of_work() as s:
        with pytest.raises(QueryFailed, match="it may only read"):
            run_query(s, "DELETE FROM client", {})
        with pytest.raises(QueryFailed, match="it may only read"):
            run_query(s, "SELECT randomblob(4)", {})
        slow = "SELECT count(*) FROM " + ", ".join(f"milestone_type t{i}" for i in range(6))
        with pytest.raises(QueryFailed, match=r"took longer than 0\.5 s"):
            run_query(s, slow, {})
        assert run_query(s, "SELECT count(*) > 0 FROM milestone_type", {}) == 1
        s.connection().exec_driver_sql("CREATE TABLE still_writable (x)")


def test_metric_count_and_session_measures(db: Database) -> None:
    client = add_client(db)
    data = grant(client)
    data["milestones"][0]["conditions"] = [
        {"kind": "metric", "measure": "count", "type": "change_in_full_time_staff", "op": ">=", "target": 2}
    ]
    create_agreement(db, text(data))
    add_hires(db, client, 3, 4, START + timedelta(days=1))
    assert "AG-1/HIRE5" not in process(db).completed
    assert agreement_definition(db, "AG-1")["milestones"][0]["conditions"][0]["observed"] == "1 of 2"
    add_hires(db, client, 4, 5, START + timedelta(days=2))
    assert "AG-1/HIRE5" in process(db).completed


def test_templates_copy_resolve_offsets_and_refuse_duplicates(db: Database) -> None:
    add_counselor(db)
    client = add_client(db)
    template = {
        "name": "Standard grant",
        "kind": "grant",
        "milestones": [
            {
                "code": "T1",
                "due": "start+3m",
                "conditions": [{"kind": "date", "offset": "start+90d"}],
                "events": [{"kind": "disbursement", "split": True}],
            },
            {
                "code": "T2",
                "conditions": [{"kind": "milestone", "milestone": "T1"}],
                "events": [{"kind": "disbursement", "split": True}],
            },
        ],
    }
    assert _refused(db, create_template, db, json.dumps(template), counselor_email=COUNSELOR) == (
        "only an administrator can create template Standard grant"
    )
    create_template(db, json.dumps(template))
    create_agreement(db, text(grant(client, amount="100000.01", milestones=[])))
    assert apply_template(db, "AG-1", "Standard grant") == ["T1", "T2"]
    shown = agreement_definition(db, "AG-1")
    t1, t2 = shown["milestones"]
    assert (t1["status"], t2["status"]) == ("ready", "pending")
    assert t1["conditions"][0]["date"] == (START + timedelta(days=90)).isoformat()
    assert [t1["events"][0]["amount"], t2["events"][0]["amount"]] == ["50000.01", "50000.00"]
    assert _refused(db, apply_template, db, "AG-1", "Standard grant") == "agreement AG-1: duplicate codes T1, T2"


def test_list_rows(db: Database) -> None:
    client = add_client(db)
    create_agreement(db, text(grant(client)))
    create_agreement(db, text(grant(None, number="CENTER-1", kind="cooperative_agreement", milestones=[])))
    rows = list_agreements(db)
    assert [(r.number, r.client_no, r.progress) for r in rows] == [
        ("AG-1", client, "0 of 3 complete"),
        ("CENTER-1", None, "0 of 0 complete"),
    ]
    assert [r.number for r in list_agreements(db, client=str(client))] == ["AG-1"]
    assert list_agreements(db, status="draft") == []


def test_two_concurrent_runs_release_each_event_once(db: Database) -> None:
    client = add_client(db)
    create_agreement(db, text(grant(client)))
    mark(db, "AG-1", "SIGNOFF")
    reports: list[Any] = []
    threads = [threading.Thread(target=lambda: reports.append(process(db))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(len(r.released) for r in reports) == [0, 2]
    with db.reading() as s:
        assert (
            s.scalar(select(func.count()).select_from(AgreementHistory).where(AgreementHistory.action == "release"))
            == 2
        )
        assert (
            s.scalar(select(func.count()).select_from(AgreementEvent).where(AgreementEvent.status == "released")) == 2
        )


def test_who_acts_is_recorded(db: Database) -> None:
    client = add_client(db)
    create_agreement(db, text(grant(client)))
    shown = agreement_definition(db, "AG-1")
    assert shown["history"][0]["who"] == ADMIN


def test_processing_is_bookkept_like_any_save(db: Database) -> None:
    from neodesk.models import AgreementMilestone

    client = add_client(db)
    create_agreement(db, text(grant(client)))
    with db.reading() as s:
        before = s.scalars(select(AgreementMilestone).where(AgreementMilestone.code == "MIDYEAR")).one()
        revision = before.revision
    process(db)
    with db.reading() as s:
        after = s.scalars(select(AgreementMilestone).where(AgreementMilestone.code == "MIDYEAR")).one()
        assert after.revision > revision
        assert after.updated_by_id is not None
        audit = s.scalars(
            select(AuditEntry).where(AuditEntry.record_id == after.id, AuditEntry.field == "status")
        ).all()
        assert [(a.old_value, a.new_value) for a in audit][-1] == ("ready", "complete")
        rows = s.scalars(
            select(AgreementHistory).where(AgreementHistory.record_id == after.id, AgreementHistory.run_id.is_not(None))
        ).all()
        assert [(h.from_status, h.to_status) for h in rows] == [("ready", "complete")]


def test_update_file_may_point_at_milestones_it_leaves_out(db: Database) -> None:
    """`agreement update` with one new milestone waiting for a stored one (not in the file) was refused
    "which does not exist": the file is checked against the agreement's own codes."""
    client = add_client(db)
    create_agreement(db, text(grant(client)))
    wait = {
        "code": "FINAL",
        "description": "Close-out",
        "status": "pending",
        "conditions": [{"kind": "milestone", "milestone": "SIGNOFF", "lag_days": 0}],
    }
    update_agreement(db, "AG-1", text(grant(client, milestones=[wait])))
    codes = [m["code"] for m in agreement_definition(db, "AG-1")["milestones"]]
    assert codes == ["HIRE5", "MIDYEAR", "SIGNOFF", "FINAL"]
    wait_for_none = dict(wait, code="LAST", conditions=[{"kind": "milestone", "milestone": "NOPE"}])
    assert _refused(db, update_agreement, db, "AG-1", text(grant(client, milestones=[wait_for_none]))) == (
        "milestone LAST: its condition points at milestone NOPE, which does not exist"
    )
