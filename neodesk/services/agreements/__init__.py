"""Agreement use cases (agreements.md §1–§4, §9, §11): each function is one unit of work taking plain
values and returning plain rows; the rules themselves live in neodesk.agreements."""

from __future__ import annotations

from neodesk.services.agreements.actions import (
    agreement_status,
    amend,
    event_status,
    mark,
    milestone_status,
    pay,
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
    "CounselorRow",
    "RunReport",
    "TemplateRow",
    "Totals",
    "agreement_definition",
    "agreement_status",
    "amend",
    "apply_template",
    "counselor_rows",
    "create_agreement",
    "create_template",
    "event_status",
    "list_agreements",
    "mark",
    "milestone_status",
    "pay",
    "process",
    "template_rows",
    "update_agreement",
]
