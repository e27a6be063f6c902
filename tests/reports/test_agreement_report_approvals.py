"""The agreement report's objectives, answers, approvals and history sections (agreements.md §7), read
back from the PDF after the done-when story (a file answer, a review, a decline, a resubmission and
the approval that released the disbursement)."""

from __future__ import annotations

from pathlib import Path

from neodesk.models import Database
from neodesk.services.agreements import (
    answer,
    create_agreement,
    decide_milestone,
    process,
    review_objective,
    set_approval_group,
)
from neodesk.services.agreements.report_data import agreement_report
from tests.reports.report_inputs import pdf_text
from tests.services.agreement_fixtures import ADMIN, COUNSELOR, END, START, add_counselor, text

BEN = "ben@sbdc.example"


def story(db: Database, tmp_path: Path) -> None:
    add_counselor(db, COUNSELOR)
    add_counselor(db, BEN)
    set_approval_group(db, "Program", [BEN], counselor_email=ADMIN)
    create_agreement(
        db,
        text(
            {
                "number": "AG-9",
                "title": "Payroll grant",
                "kind": "grant",
                "client": None,
                "amount": "10000.00",
                "start": START.isoformat(),
                "end": END.isoformat(),
                "milestones": [
                    {
                        "code": "PAYROLL",
                        "description": "Payroll report for Q3",
                        "status": "ready",
                        "approval": ["Program"],
                        "events": [{"kind": "disbursement", "amount": "5000.00"}],
                        "objectives": [
                            {
                                "title": "Payroll evidence",
                                "questions": [
                                    {"prompt": "Payroll report for Q3", "kind": "file"},
                                    {"prompt": "New hires", "kind": "number"},
                                ],
                            }
                        ],
                    }
                ],
            }
        ),
        counselor_email=COUNSELOR,
    )
    report = tmp_path / "payroll-q3.pdf"
    report.write_bytes(b"%PDF-1.4\n" + b"0" * 3000)
    answer(db, "AG-9", "PAYROLL", 1, 1, file=report, counselor_email=COUNSELOR)
    answer(db, "AG-9", "PAYROLL", 1, 2, value="12", counselor_email=COUNSELOR)
    review_objective(db, "AG-9", "PAYROLL", 1, "accept", counselor_email=BEN)
    process(db)
    decide_milestone(db, "AG-9", "PAYROLL", "decline", comment="Q3 page 2 missing", counselor_email=BEN)
    answer(db, "AG-9", "PAYROLL", 1, 2, value="13", counselor_email=COUNSELOR)
    review_objective(db, "AG-9", "PAYROLL", 1, "accept", counselor_email=BEN)
    process(db)
    decide_milestone(db, "AG-9", "PAYROLL", "approve", comment="complete now", counselor_email=BEN)


def test_objectives_answers_approvals_and_history_read_back(db: Database, tmp_path: Path) -> None:
    story(db, tmp_path)
    pdf = agreement_report(db, "AG-9", counselor_email=ADMIN)
    (tmp_path / "report.pdf").write_bytes(pdf)
    text_ = pdf_text(pdf)
    for expected in (
        "Objectives and answers",
        "1. Payroll evidence",
        "accepted by ben@sbdc.example",
        "1.1 Payroll report for Q3",
        "payroll-q3.pdf (3 KB, sha256",
        "1.2 New hires",
        "13",
        "Approvals",
        "Program",
        "decline",
        "Q3 page 2 missing",
        "approve",
        "complete now",
        "History",
        "reset: accepted → declined",
        "release: pending → released",
    ):
        assert expected in text_, expected
