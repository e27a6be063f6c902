"""The Tasks of agreements.md §7 for two counselors and several dates: due within the reminder window,
overdue, nothing for the other counselor, a processing problem, the setting and what is new since."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from neodesk.models import Client, Counselor, Database
from neodesk.services.agreements import (
    create_agreement,
    decide_milestone,
    milestone_status,
    process,
    review_objective,
    set_approval_group,
)
from neodesk.services.agreements.tasks import TaskKind, new_since, notification_text, task_list
from neodesk.services.client_sync import save_client_with_sync
from neodesk.services.settings import save_setting
from neodesk.sync.deciding import AlwaysNo
from tests.services.agreement_fixtures import ADMIN, COUNSELOR, add_counselor
from tests.services.test_agreement_approvals import BEN, CY, answered, desk, payroll_grant

__all__ = ["desk"]  # the fixture, shared with the approval tests

DAY = date(2026, 6, 1)


def _agreement(db: Database) -> None:
    """A center agreement of the administrator's; M2 is Maria's, M3 done, M4 has no due date."""
    create_agreement(
        db,
        json.dumps(
            {
                "number": "AG-T",
                "title": "Tasks",
                "kind": "grant",
                "client": None,
                "amount": "1000.00",
                "start": "2026-01-01",
                "end": "2026-12-31",
                "status": "active",
                "primary_contact": ADMIN,
                "milestones": [
                    {"code": "M1", "description": "Plan", "due": "2026-06-05", "conditions": [{"kind": "user"}]},
                    {
                        "code": "M2",
                        "description": "Report",
                        "due": "2026-05-20",
                        "primary_contact": COUNSELOR,
                        "conditions": [{"kind": "user"}],
                    },
                    {"code": "M3", "due": "2026-06-02", "conditions": [{"kind": "user"}]},
                    {"code": "M4", "conditions": [{"kind": "user"}]},
                ],
            }
        ),
        counselor_email=ADMIN,
    )
    milestone_status(db, "AG-T", ["M3"], "cancel", reason="dropped", counselor_email=ADMIN)


@pytest.fixture
def agreement(db: Database) -> Database:
    add_counselor(db)
    _agreement(db)
    return db


def _seen(db: Database, who: str, on: date, days: int | None = None) -> list[tuple[str, str, str]]:
    return [(r.kind.value, r.milestone, r.text) for r in task_list(db, who=who, as_of=on, days=days).rows]


def test_each_counselor_sees_their_own_milestones_by_date(agreement: Database) -> None:
    # Before the window: nothing. Seven days ahead (the default): M1 is due in 4 days for the administrator.
    assert _seen(agreement, ADMIN, DAY - timedelta(days=10)) == []
    assert _seen(agreement, ADMIN, DAY) == [("due", "M1", "M1 is due 2026-06-05, in 4 days: Plan")]
    assert _seen(agreement, ADMIN, date(2026, 6, 5)) == [("due", "M1", "M1 is due today: Plan")]
    assert _seen(agreement, ADMIN, date(2026, 6, 6)) == [("overdue", "M1", "M1 was due 2026-06-05, 1 day ago: Plan")]
    # Maria's M2 is overdue on DAY and nobody else sees it; the cancelled M3 and the undated M4 are no task.
    assert _seen(agreement, COUNSELOR, DAY) == [("overdue", "M2", "M2 was due 2026-05-20, 12 days ago: Report")]
    assert _seen(agreement, COUNSELOR, date(2026, 5, 10)) == []
    assert _seen(agreement, COUNSELOR, date(2026, 5, 10), days=10) == [
        ("due", "M2", "M2 is due 2026-05-20, in 10 days: Report")
    ]


def test_reminder_days_is_a_setting(agreement: Database) -> None:
    with agreement.unit_of_work() as tx:
        save_setting(tx, "reminder_days", 2)
    assert _seen(agreement, ADMIN, DAY) == []
    assert task_list(agreement, who=ADMIN, as_of=DAY).days == 2
    assert [r.milestone for r in task_list(agreement, who=ADMIN, as_of=DAY, days=4).rows] == ["M1"]


def test_a_processing_problem_is_a_task_of_the_milestones_contact(db: Database) -> None:
    add_counselor(db)
    create_agreement(
        db,
        json.dumps(
            {
                "number": "AG-Q",
                "title": "Cancelled dependency",
                "kind": "grant",
                "client": None,
                "amount": "0.00",
                "start": "2026-01-01",
                "end": "2026-12-31",
                "status": "active",
                "primary_contact": COUNSELOR,
                "milestones": [
                    {"code": "A", "conditions": [{"kind": "user"}]},
                    {"code": "B", "status": "ready", "conditions": [{"kind": "milestone", "milestone": "A"}]},
                ],
            }
        ),
        counselor_email=ADMIN,
    )
    milestone_status(db, "AG-Q", ["A"], "cancel", reason="dropped", counselor_email=ADMIN)
    process(db, counselor_email=ADMIN)
    rows = task_list(db, who=COUNSELOR).rows
    assert [(r.kind, r.agreement, r.milestone) for r in rows] == [(TaskKind.PROBLEM, "AG-Q", "B")]
    assert "cancelled" in rows[0].text
    assert task_list(db, who=ADMIN).rows == ()


def test_new_since_names_what_the_last_look_did_not_show(agreement: Database) -> None:
    first = task_list(agreement, who=ADMIN, as_of=DAY).rows
    assert notification_text(new_since(first, [])) == "1 new task: AG-T/M1 due soon (see the Tasks panel)."
    seen = [r.key for r in first]
    assert new_since(task_list(agreement, who=ADMIN, as_of=DAY).rows, seen) == []
    # The same milestone turning overdue is new again.
    later = new_since(task_list(agreement, who=ADMIN, as_of=date(2026, 6, 6)).rows, seen)
    assert [(r.kind, r.milestone) for r in later] == [(TaskKind.OVERDUE, "M1")]
    assert notification_text([]) == ""


def _kinds(db: Database, who: str) -> list[tuple[str, str, str]]:
    return [(r.kind.value, r.milestone, r.text) for r in task_list(db, who=who).rows]


def test_review_approval_and_resubmission_tasks_follow_the_story(desk: Database, tmp_path: Path) -> None:
    # The administrator answers Maria's objective: it is hers to review.
    answered(desk, tmp_path, who=ADMIN)
    assert _kinds(desk, COUNSELOR) == [("review", "PAYROLL", "PAYROLL objective 1 submitted: Payroll evidence")]
    assert _kinds(desk, BEN) == []
    review_objective(desk, "AG-9", "PAYROLL", 1, "accept", counselor_email=COUNSELOR)
    process(desk, counselor_email=COUNSELOR)
    # Awaiting the Program group: each of its members sees the approval, Maria does not.
    waiting = "PAYROLL waits for your approval (Program, round 1): Payroll report for Q3"
    assert _kinds(desk, BEN) == [("approval", "PAYROLL", waiting)]
    assert _kinds(desk, CY) == [("approval", "PAYROLL", waiting)]
    assert _kinds(desk, COUNSELOR) == []
    decide_milestone(desk, "AG-9", "PAYROLL", "decline", comment="wrong quarter", counselor_email=BEN)
    assert _kinds(desk, BEN) == []
    assert _kinds(desk, COUNSELOR) == [
        ("resubmission", "PAYROLL", "PAYROLL: resubmission requested (an approver declined it): Payroll report for Q3")
    ]


def test_a_review_of_ones_own_answers_says_another_counselor_reviews_it(desk: Database, tmp_path: Path) -> None:
    answered(desk, tmp_path, who=COUNSELOR)
    [row] = task_list(desk, who=COUNSELOR).rows
    assert row.text.endswith("(you answered it: another counselor reviews it)")
    with desk.unit_of_work() as tx:
        save_setting(tx, "allow_self_approval", True)
    [row] = task_list(desk, who=COUNSELOR).rows
    assert row.text == "PAYROLL objective 1 submitted: Payroll evidence"


def test_approvals_in_sequence_show_only_the_current_groups_members(db: Database, tmp_path: Path) -> None:
    for email in (COUNSELOR, BEN, CY):
        add_counselor(db, email)
    set_approval_group(db, "Program", [BEN], rule="any", counselor_email=ADMIN)
    set_approval_group(db, "Finance", [CY], rule="any", counselor_email=ADMIN)
    create_agreement(db, payroll_grant(["Program", "Finance"]), counselor_email=COUNSELOR)
    answered(db, tmp_path, who=ADMIN)
    review_objective(db, "AG-9", "PAYROLL", 1, "accept", counselor_email=COUNSELOR)
    process(db, counselor_email=COUNSELOR)
    assert [r.kind for r in task_list(db, who=BEN).rows] == [TaskKind.APPROVAL]
    assert task_list(db, who=CY).rows == ()
    decide_milestone(db, "AG-9", "PAYROLL", "approve", counselor_email=BEN)
    assert task_list(db, who=BEN).rows == ()
    assert [r.text for r in task_list(db, who=CY).rows] == [
        "PAYROLL waits for your approval (Finance, round 1): Payroll report for Q3"
    ]


def test_without_a_primary_contact_the_clients_counselor_has_the_task(db: Database) -> None:
    add_counselor(db)
    with db.reading() as tx:
        maria = tx.query(Counselor).filter(Counselor.email == COUNSELOR).one().id
    client = save_client_with_sync(
        db, None, {"name": "Prairie Bakery", "counselor_id": str(maria)}, counselor_id=maria, decider=AlwaysNo()
    )
    with db.reading() as tx:
        number = tx.get_one(Client, client.client_id).client_no
    create_agreement(
        db,
        json.dumps(
            {
                "number": "AG-C",
                "title": "No contact named",
                "kind": "grant",
                "client": number,
                "amount": "0.00",
                "start": "2026-01-01",
                "end": "2026-12-31",
                "status": "active",
                "milestones": [{"code": "M1", "due": "2026-06-05", "conditions": [{"kind": "user"}]}],
            }
        ),
        counselor_email=ADMIN,
    )
    assert [r.milestone for r in task_list(db, who=COUNSELOR, as_of=DAY).rows] == ["M1"]
    assert task_list(db, who=ADMIN, as_of=DAY).rows == ()
