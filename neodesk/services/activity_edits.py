"""The editable values of a stored milestone or counseling session, as edit dialogs load and merge them.

An edit dialog keeps these (with the record's revision) as its :class:`~neodesk.services.edit_merge.EditBase`;
the save compares them with the record as stored then, field by field. One function per record kind,
so the dialog's base and the service's "theirs" can never be read differently.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from neodesk.models import CounselingSession, Counselor, FundingSource, Milestone

MILESTONE_EDIT_LABELS = {
    "amount": "Value",
    "detail": "Detail",
    "date": "Date",
    "notes": "Notes",
    "reportable": "Reportable",
    "counselor_ids": "Counselor(s)",
    "funding_source_ids": "Funding source(s)",
}

SESSION_VALUE_KEYS = (
    "date",
    "session_type",
    "contact_type",
    "counseling_area",
    "additional_areas",
    "contact_minutes",
    "prep_minutes",
    "travel_minutes",
    "subject",
    "notes",
    "attendees",
    "reportable",
)


def _people(record: Milestone | CounselingSession) -> dict[str, Any]:
    return {
        "counselor_ids": frozenset(c.id for c in record.counselors),
        "funding_source_ids": frozenset(f.id for f in record.funding_sources),
    }


def milestone_edit_values(m: Milestone) -> dict[str, Any]:
    """What the Edit Milestone dialog shows of `m`, by MILESTONE_EDIT_LABELS key."""
    return {
        "amount": m.amount,
        "detail": m.detail,
        "date": m.date,
        "notes": m.notes,
        "reportable": m.reportable,
        **_people(m),
    }


def session_edit_values(record: CounselingSession) -> dict[str, Any]:
    """What the session dialog shows of `record`, by SESSION_LABELS key."""
    return {**{key: getattr(record, key) for key in SESSION_VALUE_KEYS}, **_people(record)}


def plain_text(key: str, value: Any) -> str:
    """A value as prompts show it (picklist labels, grouped money, ISO dates)."""
    # Imported here: neodesk.sync is heavy, and the command line imports this module to build its parser.
    from neodesk.sync.describe import format_value

    return format_value(key, value)


def value_text(tx: Session) -> Callable[[str, Any], str]:
    """How a conflict shows a value: people and funding sources by name, the rest as prompts show them.

    The names are read now (cheap: a desk has a few dozen), while the caller's session is open.
    """
    names = {row[0]: row[1] for row in tx.execute(select(Counselor.id, Counselor.name))}
    names.update({row[0]: row[1] for row in tx.execute(select(FundingSource.id, FundingSource.code))})

    def text(key: str, value: Any) -> str:
        if key in ("counselor_ids", "funding_source_ids") and value:
            return ", ".join(sorted(names.get(v, str(v)) for v in value))
        return plain_text(key, value)

    return text
