"""Agreement use cases (agreements.md §1–§4, §9, §11): each function is one unit of work taking plain
values and returning plain rows; the rules themselves live in neodesk.agreements."""

from __future__ import annotations

from neodesk.agreements.money import split_amount_equally
from neodesk.services.agreements.actions import (
    agreement_status,
    amend,
    event_status,
    mark,
    milestone_status,
    pay,
)
from neodesk.services.agreements.answers import AnswerInput, AnswerResult, ReviewResult, answer, review_objective
from neodesk.services.agreements.approvals import (
    ApprovalGroupRow,
    ApprovalGroupSaved,
    ApprovalResult,
    ApprovalWaitRow,
    approval_group_rows,
    approvals_waiting,
    decide_milestone,
    set_approval_group,
)
from neodesk.services.agreements.editing import apply_template, create_agreement, create_template, update_agreement
from neodesk.services.agreements.processing import RunReport, process
from neodesk.services.agreements.reading import (
    AgreementRow,
    CounselorRow,
    TemplateRow,
    Totals,
    agreement_definition,
    counselor_rows,
    list_agreements,
    template_rows,
)

__all__ = [
    "AgreementRow",
    "AnswerInput",
    "AnswerResult",
    "ApprovalGroupRow",
    "ApprovalGroupSaved",
    "ApprovalResult",
    "ApprovalWaitRow",
    "CounselorRow",
    "ReviewResult",
    "RunReport",
    "TemplateRow",
    "Totals",
    "agreement_definition",
    "agreement_status",
    "amend",
    "answer",
    "apply_template",
    "approval_group_rows",
    "approvals_waiting",
    "counselor_rows",
    "create_agreement",
    "create_template",
    "decide_milestone",
    "event_status",
    "list_agreements",
    "mark",
    "milestone_status",
    "pay",
    "process",
    "review_objective",
    "set_approval_group",
    "split_amount_equally",
    "template_rows",
    "update_agreement",
]
