"""Human text for prompts: field values as a counselor reads them, and "old → new" lines."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from neodesk.catalog.fields import FIELDS_BY_KEY
from neodesk.catalog.milestone_types import TYPES_BY_CODE
from neodesk.catalog.picklists import label
from neodesk.sync.values import normalised, same

BLANK = "(blank)"
ARROW = " → "


def field_label(key: str) -> str:
    spec = FIELDS_BY_KEY.get(key)
    return spec.label if spec is not None else key


def type_name(type_code: str) -> str:
    spec = TYPES_BY_CODE.get(type_code)
    return spec.name if spec is not None else type_code


def format_value(key: str, value: Any) -> str:
    """One field value as shown in a prompt: picklist labels, grouped money, ISO dates, Yes/No."""
    value = normalised(value)
    if value is None:
        return BLANK
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, frozenset):
        return ", ".join(sorted(str(v) for v in value))
    spec = FIELDS_BY_KEY.get(key)
    if spec is not None and spec.picklist is not None:
        return label(spec.picklist, str(value))
    return str(value)


def describe_change(key: str, old: Any, new: Any) -> str:
    """``"Full-Time Employees: 3 → 5"``."""
    return f"{field_label(key)}: {format_value(key, old)}{ARROW}{format_value(key, new)}"


def describe_updates(client: Mapping[str, Any], updates: Mapping[str, Any]) -> str:
    """The "old → new" lines of every update that changes the client, joined by "; "."""
    return "; ".join(
        describe_change(key, client.get(key), new) for key, new in updates.items() if not same(client.get(key), new)
    )
