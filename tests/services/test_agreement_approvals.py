"""Objectives, answers, files and approvals on the database (agreements.md §5, §6): the done-when story
(answer with a payroll report, review, processing, a second counselor approves and the disbursement is
released by that approval), a decline's resets, maker/checker and the self-approval setting, and every
refusal of issue 12's "Bad input" list: one sentence, nothing written (no audit row, no file)."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from neodesk import attachments, paths
from neodesk.models import AgreementHistory, AuditEntry, Database
from neodesk.services.agreements import (
    AnswerInput,
    agreement_definition,
    answer,
    apply_template,
    approval_group_rows,
    approvals_waiting,
    create_agreement,
    create_template,
    decide_milestone,
    mark,
    milestone_status,
    process,
    review_objective,
    set_approval_group,
    update_agreement,
)
from neodesk.services.agreements.answers import apply_answers
from neodesk.services.agreements.common import load_agreement, milestone_of
from neodesk.services.changes import Kind
from neodesk.services.errors import ValidationFailed
from neodesk.services.settings import save_setting
from tests.services.agreement_fixtures import ADMIN, COUNSELOR, END, START, add_counselor, text

BEN, CY = "ben@sbdc.example", "cy@sbdc.example"


def _audit_count(db: Database) -> int:
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry)) or 0


def _files() -> list[Path]:
    folder = paths.data_dir() / "attachments"
    return sorted(folder.iterdir()) if folder.exists() else []


def refused(db: Database, call: Any, *args: Any, **kwargs: Any) -> str:
    before, files = _audit_count(db), _files()
    with pytest.raises(ValidationFailed) as info:
        call(*args, **kwargs)
    assert _audit_count(db) == before, "a refusal wrote something"
    assert _files() == files, "a refusal kept a file"
    assert len(info.value.problems) == 1
    message = info.value.problems[0].message
    assert "\n" not in message
    return message


def payroll_grant(approval: list[str] | None = None, **milestone: Any) -> str:
    m: dict[str, Any] = {
        "code": "PAYROLL",
        "description": "Payroll report for Q3",
        "status": "ready",
        "approval": ["Program"] if approval is None else approval,
        "events": [{"kind": "disbursement", "amount": "5000.00"}],
        "objectives": [
            {
                "title": "Payroll evidence",
                "questions": [
                    {"prompt": "Payroll report for Q3", "kind": "file"},
                    {"prompt": "New hires", "kind": "number"},
                    {"prompt": "Sector", "kind": "choice", "options": ["Retail", "Food"], "required": False},
                ],
            }
        ],
    }
    m.update(milestone)
    return text(
        {
            "number": "AG-9",
            "title": "Payroll grant",
            "kind": "grant",
            "client": None,
            "amount": "10000.00",
            "start": START.isoformat(),
            "end": END.isoformat(),
            "status": "active",
            "primary_contact": COUNSELOR,
            "milestones": [m],
        }
    )


def make_desk(db: Database) -> Database:
    """Maria (the maker), Ben and Cy (the Program group, any one approving) and the payroll grant."""
    add_counselor(db, COUNSELOR)
    add_counselor(db, BEN)
    add_counselor(db, CY)
    set_approval_group(db, "Program", [BEN, CY], rule="any", counselor_email=ADMIN)
    create_agreement(db, payroll_grant(), counselor_email=COUNSELOR)
    return db


@pytest.fixture
def desk(db: Database) -> Database:
    return make_desk(db)


def report(tmp_path: Path, size: int = 2048, name: str = "payroll Q3.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.4\n" + b"x" * (size - 9))
    return path


def milestone(db: Database) -> dict[str, Any]:
    return agreement_definition(db, "AG-9")["milestones"][0]


def answered(db: Database, tmp_path: Path, who: str = COUNSELOR) -> None:
    answer(db, "AG-9", "PAYROLL", 1, 1, file=report(tmp_path), counselor_email=who)
    answer(db, "AG-9", "PAYROLL", 1, 2, value="12", counselor_email=who)


def test_answers_files_review_and_an_approval_that_releases_the_disbursement(desk: Database, tmp_path: Path) -> None:
    story(desk, tmp_path)


def story(db: Database, tmp_path: Path) -> None:
    """The done-when story on `db` (also run on PostgreSQL: test_agreement_approvals_pg)."""
    first = answer(db, "AG-9", "PAYROLL", 1, 1, file=report(tmp_path), counselor_email=COUNSELOR)
    assert first.objectives == ((1, "open"),)  # the number question is still missing
    assert answer(db, "AG-9", "PAYROLL", 1, 2, value="12", counselor_email=COUNSELOR).objectives == ((1, "submitted"),)
    shown = milestone(db)
    question = shown["objectives"][0]["questions"][0]
    assert question["answer"]["file"]["name"] == "payroll Q3.pdf"
    assert question["answer"]["file"]["size"] == 2048
    sha = question["answer"]["file"]["sha256"]
    stored = paths.data_dir() / "attachments" / sha
    assert attachments.load(sha) == report(tmp_path).read_bytes()
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert stat.S_IMODE(stored.parent.stat().st_mode) == 0o700
    assert shown["objectives"][0]["questions"][1]["answer"]["value"] == "12"

    result = review_objective(db, "AG-9", "PAYROLL", 1, "accept", counselor_email=BEN)
    assert result.status == "accepted"
    assert result.objectives_met is not None
    assert [c["status"] for c in milestone(db)["conditions"]] == ["complete"]
    assert process(db).awaiting_approval == ("AG-9/PAYROLL",)
    assert milestone(db)["events"][0]["status"] == "pending"
    assert [(w.agreement, w.milestone, w.group) for w in approvals_waiting(db)] == [("AG-9", "PAYROLL", "Program")]

    done = decide_milestone(db, "AG-9", "PAYROLL", "approve", comment="payroll matches", counselor_email=CY)
    assert done.status == "complete"
    assert [(r.label, str(r.amount)) for r in done.released] == [("PAYROLL event 1", "5000.00")]
    shown = agreement_definition(db, "AG-9")
    assert shown["milestones"][0]["events"][0]["status"] == "released"  # no processing run in between
    assert shown["status"] == "completed"
    assert shown["milestones"][0]["approvals"][0]["who"] == CY
    actions = [(h["record"], h["action"]) for h in shown["history"]]
    for step in [
        ("objective", "answer"),
        ("objective", "accept"),
        ("condition", "complete"),
        ("milestone", "awaiting_approval"),
        ("approval", "approve"),
        ("event", "release"),
        ("agreement", "complete"),
    ]:
        assert step in actions
    assert approvals_waiting(db) == []


def test_the_approval_and_its_release_are_one_transaction(desk: Database, tmp_path: Path, monkeypatch: Any) -> None:
    """A failure after the milestone completes (here: in the agreement's completion) leaves neither the
    approval nor the released event: they are written together or not at all."""
    db = desk
    answered(db, tmp_path)
    review_objective(db, "AG-9", "PAYROLL", 1, "accept", counselor_email=BEN)
    process(db)
    from neodesk.services.agreements import approvals as module

    def boom(*args: Any) -> None:
        raise RuntimeError("power cut")

    monkeypatch.setattr(module, "_complete_agreement", boom)
    with pytest.raises(RuntimeError):
        decide_milestone(db, "AG-9", "PAYROLL", "approve", counselor_email=CY)
    shown = milestone(db)
    assert (shown["status"], shown["events"][0]["status"], shown["approvals"]) == ("awaiting_approval", "pending", [])


def test_a_decline_sends_it_back_for_resubmission(desk: Database, tmp_path: Path) -> None:
    db = desk
    answered(db, tmp_path)
    review_objective(db, "AG-9", "PAYROLL", 1, "accept", counselor_email=BEN)
    process(db)
    message = refused(db, decide_milestone, db, "AG-9", "PAYROLL", "decline", comment=" ", counselor_email=BEN)
    assert message == "to decline PAYROLL give a comment"
    result = decide_milestone(db, "AG-9", "PAYROLL", "decline", comment="Q3 pages missing", counselor_email=BEN)
    assert (result.status, result.round) == ("ready", 1)
    shown = milestone(db)
    assert (shown["status"], shown["approval_round"], shown["resubmission_requested"]) == ("ready", 2, True)
    assert [c["status"] for c in shown["conditions"]] == ["ready"]
    assert (shown["objectives"][0]["status"], shown["objectives"][0]["status_reason"]) == (
        "declined",
        "Q3 pages missing",
    )
    assert shown["events"][0]["status"] == "pending"
    # Resubmitted: answered again, accepted again, approved in round 2.
    answer(db, "AG-9", "PAYROLL", 1, 2, value="13", counselor_email=COUNSELOR)
    assert milestone(db)["objectives"][0]["status"] == "submitted"
    review_objective(db, "AG-9", "PAYROLL", 1, "accept", counselor_email=CY)
    assert milestone(db)["resubmission_requested"] is True  # until it is sent for approval again
    process(db)
    assert (milestone(db)["status"], milestone(db)["resubmission_requested"]) == ("awaiting_approval", False)
    done = decide_milestone(db, "AG-9", "PAYROLL", "approve", counselor_email=BEN)
    assert (done.status, done.round) == ("complete", 2)
    assert milestone(db)["resubmission_requested"] is False


def test_groups_in_sequence_with_rule_all(desk: Database, tmp_path: Path) -> None:
    db = desk
    set_approval_group(db, "Finance", [BEN, CY], rule="all", counselor_email=ADMIN)
    create_agreement(
        db,
        payroll_grant(["Program", "Finance"]).replace('"AG-9"', '"AG-10"'),
        counselor_email=COUNSELOR,
    )
    for q, value in ((1, None), (2, "3")):
        if value is None:
            answer(db, "AG-10", "PAYROLL", 1, q, file=report(tmp_path), counselor_email=COUNSELOR)
        else:
            answer(db, "AG-10", "PAYROLL", 1, q, value=value, counselor_email=COUNSELOR)
    review_objective(db, "AG-10", "PAYROLL", 1, "accept", counselor_email=BEN)
    process(db)
    first = decide_milestone(db, "AG-10", "PAYROLL", "approve", counselor_email=BEN)
    assert (first.status, first.group, first.waiting_for) == ("awaiting_approval", "Program", "Finance")
    second = decide_milestone(db, "AG-10", "PAYROLL", "approve", counselor_email=BEN)
    assert (second.group, second.waiting_for) == ("Finance", "Finance")
    message = refused(db, decide_milestone, db, "AG-10", "PAYROLL", "approve", counselor_email=BEN)
    assert message == f"{BEN} has already approved PAYROLL for Finance in round 1"
    assert decide_milestone(db, "AG-10", "PAYROLL", "approve", counselor_email=CY).status == "complete"


def test_maker_checker_and_the_self_approval_setting(db: Database, tmp_path: Path) -> None:
    add_counselor(db, COUNSELOR)
    add_counselor(db, BEN)
    set_approval_group(db, "Solo", [COUNSELOR], counselor_email=ADMIN)
    create_agreement(db, payroll_grant(["Solo"]), counselor_email=COUNSELOR)
    answered(db, tmp_path)
    message = refused(db, review_objective, db, "AG-9", "PAYROLL", 1, "accept", counselor_email=COUNSELOR)
    assert message == "objective 1 of PAYROLL was answered by you: another counselor must review it"
    review_objective(db, "AG-9", "PAYROLL", 1, "accept", counselor_email=BEN)
    process(db)
    message = refused(db, decide_milestone, db, "AG-9", "PAYROLL", "approve", counselor_email=COUNSELOR)
    assert message == f"{COUNSELOR} marked or answered PAYROLL's conditions and cannot approve it (maker/checker)"
    with db.unit_of_work() as s:
        save_setting(s, "allow_self_approval", True)
    assert decide_milestone(db, "AG-9", "PAYROLL", "approve", counselor_email=COUNSELOR).status == "complete"


def test_a_user_condition_marker_is_a_maker(desk: Database) -> None:
    db = desk
    create_agreement(
        db,
        payroll_grant(objectives=[], conditions=[{"kind": "user"}]).replace('"AG-9"', '"AG-11"'),
        counselor_email=COUNSELOR,
    )
    mark(db, "AG-11", "PAYROLL", counselor_email=BEN)
    process(db)
    message = refused(db, decide_milestone, db, "AG-11", "PAYROLL", "approve", counselor_email=BEN)
    assert "cannot approve it (maker/checker)" in message
    assert decide_milestone(db, "AG-11", "PAYROLL", "approve", counselor_email=CY).status == "complete"


def test_bad_input_is_refused_in_one_sentence_and_nothing_is_written(desk: Database, tmp_path: Path) -> None:
    db = desk
    q = 'question 1.2 ("New hires")'
    assert refused(db, answer, db, "AG-9", "PAYROLL", 1, 2, value="a dozen", counselor_email=COUNSELOR) == (
        f"{q} takes a number, not 'a dozen'"
    )
    assert refused(db, answer, db, "AG-9", "PAYROLL", 1, 3, value="Mining", counselor_email=COUNSELOR) == (
        "question 1.3 (\"Sector\") takes one of Retail, Food, not 'Mining'"
    )
    f = 'question 1.1 ("Payroll report for Q3")'
    big = report(tmp_path, 25 * 1024 * 1024 + 1, "big.pdf")
    assert refused(db, answer, db, "AG-9", "PAYROLL", 1, 1, file=big, counselor_email=COUNSELOR) == (
        f"{f}: big.pdf is 25.0 MB, more than the 25 MB allowed"
    )
    exe = report(tmp_path, 100, "tool.exe")
    assert refused(db, answer, db, "AG-9", "PAYROLL", 1, 1, file=exe, counselor_email=COUNSELOR).startswith(
        f"{f}: tool.exe is not a type allowed"
    )

    def packet_with_folder_part() -> None:
        with db.unit_of_work() as tx:
            agreement = load_agreement(tx, "AG-9", for_update=True)
            apply_answers(
                tx,
                agreement,
                milestone_of(agreement, "PAYROLL"),
                [AnswerInput(1, 2, "12"), AnswerInput(1, 1, file_name="../../payroll.pdf", file_data=b"%PDF-")],
                who=None,
                packet_hash="ab" * 32,
            )

    assert refused(db, packet_with_folder_part) == (
        f"{f}: the file name '../../payroll.pdf' has a folder part; give the file's name alone"
    )
    assert refused(db, answer, db, "AG-9", "PAYROLL", 2, 1, value="x", counselor_email=COUNSELOR) == (
        "PAYROLL has no objective 2"
    )
    assert refused(db, review_objective, db, "AG-9", "PAYROLL", 1, "accept", counselor_email=BEN) == (
        "objective 1 of PAYROLL is open: accept applies only to submitted objectives"
    )
    answered(db, tmp_path)
    assert refused(db, review_objective, db, "AG-9", "PAYROLL", 1, "decline", counselor_email=BEN) == (
        "to decline objective 1 of PAYROLL give a reason"
    )
    assert refused(db, decide_milestone, db, "AG-9", "PAYROLL", "approve", counselor_email=BEN) == (
        "PAYROLL is ready: approve applies only to awaiting_approval milestones"
    )
    review_objective(db, "AG-9", "PAYROLL", 1, "accept", counselor_email=BEN)
    process(db)
    assert refused(db, decide_milestone, db, "AG-9", "PAYROLL", "approve", counselor_email=COUNSELOR) == (
        f"{COUNSELOR} is not a member of approval group Program, which PAYROLL waits for"
    )
    assert refused(db, answer, db, "AG-9", "PAYROLL", 1, 2, value="4", counselor_email=COUNSELOR) == (
        "PAYROLL is awaiting_approval: its objectives can no longer be answered"
    )


def test_approval_groups_are_set_by_administrators(desk: Database) -> None:
    db = desk
    assert [(g.name, g.rule, g.members) for g in approval_group_rows(db)] == [("Program", "any", (BEN, CY))]
    saved = set_approval_group(db, "Program", [CY, BEN], rule="2", counselor_email=ADMIN)
    assert (saved.row.rule, saved.row.members) == ("2", (BEN, CY))
    assert saved.changes.touches_record(Kind.APPROVAL_GROUP, saved.row.id)
    assert refused(db, set_approval_group, db, "Board", [BEN], counselor_email=COUNSELOR) == (
        "only an administrator can set approval group Board"
    )
    assert refused(db, set_approval_group, db, "Board", [BEN, "nobody@x.example"], counselor_email=ADMIN) == (
        "approval group Board: no active counselor has the email nobody@x.example"
    )
    assert refused(db, set_approval_group, db, "Board", [BEN], rule="3", counselor_email=ADMIN) == (
        "approval group Board: rule 3 needs at least 3 members, it has 1"
    )
    assert refused(db, set_approval_group, db, "Board", [BEN], rule="most", counselor_email=ADMIN) == (
        "approval group Board: the rule 'most' must be any, all or a number of members (1 or more)"
    )
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(AgreementHistory)) > 0


def test_show_json_fed_back_to_update_keeps_objectives_and_answers(desk: Database, tmp_path: Path) -> None:
    db = desk
    answered(db, tmp_path)
    before = agreement_definition(db, "AG-9")
    update_agreement(db, "AG-9", json.dumps(before), counselor_email=COUNSELOR)
    after = agreement_definition(db, "AG-9")
    assert after["milestones"][0]["objectives"] == before["milestones"][0]["objectives"]
    changed = json.loads(json.dumps(before))
    changed["milestones"][0]["objectives"][0]["title"] = "Payroll and bank statement"
    assert refused(db, update_agreement, db, "AG-9", json.dumps(changed), counselor_email=COUNSELOR) == (
        "set PAYROLL to Pending first"
    )
    milestone_status(db, "AG-9", ["PAYROLL"], "set_pending", counselor_email=COUNSELOR)
    changed["milestones"][0]["status"] = "pending"
    update_agreement(db, "AG-9", json.dumps(changed), counselor_email=COUNSELOR)
    objective = milestone(db)["objectives"][0]
    assert (objective["title"], objective["status"]) == ("Payroll and bank statement", "open")
    assert [c["kind"] for c in milestone(db)["conditions"]] == ["objectives"]


def test_a_milestone_names_only_approval_groups_that_exist(desk: Database) -> None:
    db = desk
    definition = payroll_grant(["Board"]).replace('"AG-9"', '"AG-12"')
    assert refused(db, create_agreement, db, definition, counselor_email=COUNSELOR) == (
        "agreement AG-12 milestone PAYROLL: no approval group Board (an administrator sets it up first)"
    )


def test_a_reopened_milestone_is_judged_and_approved_again(desk: Database, tmp_path: Path) -> None:
    db = desk
    data = json.loads(payroll_grant())
    data["number"] = "AG-13"
    data["milestones"].append({"code": "LATER", "status": "ready", "conditions": [{"kind": "user"}]})
    create_agreement(db, json.dumps(data), counselor_email=COUNSELOR)
    answer(db, "AG-13", "PAYROLL", 1, 1, file=report(tmp_path), counselor_email=COUNSELOR)
    answer(db, "AG-13", "PAYROLL", 1, 2, value="12", counselor_email=COUNSELOR)
    review_objective(db, "AG-13", "PAYROLL", 1, "accept", counselor_email=BEN)
    process(db)
    decide_milestone(db, "AG-13", "PAYROLL", "approve", counselor_email=CY)
    milestone_status(db, "AG-13", ["PAYROLL"], "reopen", reason="bank statement disputed", counselor_email=ADMIN)
    shown = agreement_definition(db, "AG-13")["milestones"][0]
    assert (shown["status"], shown["approval_round"], shown["conditions"][0]["status"]) == ("ready", 2, "ready")
    assert process(db).awaiting_approval == ("AG-13/PAYROLL",)  # its objectives are still accepted
    assert [(w.agreement, w.round) for w in approvals_waiting(db)] == [("AG-13", 2)]
    assert decide_milestone(db, "AG-13", "PAYROLL", "approve", counselor_email=BEN).status == "complete"


def test_an_accepted_objectives_answers_no_longer_change(desk: Database, tmp_path: Path) -> None:
    db = desk
    data = json.loads(payroll_grant())
    data["number"] = "AG-14"
    data["milestones"][0]["conditions"] = [{"kind": "user"}]  # so acceptance alone does not move it on
    create_agreement(db, json.dumps(data), counselor_email=COUNSELOR)
    answer(db, "AG-14", "PAYROLL", 1, 1, file=report(tmp_path), counselor_email=COUNSELOR)
    answer(db, "AG-14", "PAYROLL", 1, 2, value="12", counselor_email=COUNSELOR)
    review_objective(db, "AG-14", "PAYROLL", 1, "accept", counselor_email=BEN)
    assert refused(db, answer, db, "AG-14", "PAYROLL", 1, 2, value="14", counselor_email=COUNSELOR) == (
        "objective 1 of PAYROLL is accepted: its answers can no longer change"
    )
    assert refused(db, review_objective, db, "AG-14", "PAYROLL", 1, "decline", reason="late", counselor_email=CY) == (
        "objective 1 of PAYROLL is accepted: decline applies only to submitted objectives"
    )


def test_a_template_carries_objectives_and_approval_into_the_agreement(desk: Database) -> None:
    db = desk
    template = {
        "name": "Payroll template",
        "kind": "grant",
        "milestones": [
            {
                "code": "PAYROLL2",
                "approval": ["Program"],
                "conditions": [{"kind": "date", "offset": "start+30d"}],
                "objectives": [{"title": "Payroll", "questions": [{"prompt": "Register", "kind": "file"}]}],
            }
        ],
    }
    create_template(db, json.dumps(template), counselor_email=ADMIN)
    apply_template(db, "AG-9", "Payroll template", counselor_email=COUNSELOR)
    copied = agreement_definition(db, "AG-9")["milestones"][1]
    assert (copied["code"], copied["status"], copied["approval"]) == ("PAYROLL2", "pending", ["Program"])
    assert copied["objectives"][0]["questions"][0]["prompt"] == "Register"
    assert [c["kind"] for c in copied["conditions"]] == ["date", "objectives"]
    template["name"], template["milestones"][0]["code"] = "Board template", "BOARD"
    template["milestones"][0]["approval"] = ["Board"]
    create_template(db, json.dumps(template), counselor_email=ADMIN)
    assert refused(db, apply_template, db, "AG-9", "Board template", counselor_email=COUNSELOR) == (
        "agreement AG-9 milestone BOARD: no approval group Board (an administrator sets it up first)"
    )
