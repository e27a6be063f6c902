"""Human text for prompts: field values as a counselor reads them, "old → new" lines, and the question.

The app's SyncPrompt and the CLI's printed prompts read the same sentences from here, so a counselor
sees the same words for what Yes does wherever a save asks.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from neodesk.catalog.fields import FIELDS_BY_KEY
from neodesk.catalog.milestone_types import TYPES_BY_CODE, Carries
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
    return "; ".join(change_lines(client, updates))


def _money(value: Any) -> str:
    amount = Decimal(str(value))
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):,.2f}"


def milestone_value(type_code: str, amount: Decimal | int | None, detail: str | None = None) -> str:
    """A milestone's value as a sentence reads it: "9", "$250,000.00", "Texas" ("" without one)."""
    spec = TYPES_BY_CODE.get(type_code)
    if amount is not None:
        if spec is not None and spec.carries in (Carries.MONEY, Carries.SIGNED_MONEY):
            return _money(amount)
        return f"{int(amount):,}" if Decimal(str(amount)) == int(amount) else str(amount)
    return (detail or "").strip()


def _article(name: str) -> str:
    return "an" if name[:1].lower() in "aeiou" or name[:1] == "8" else "a"


def milestone_question(
    type_code: str, day: date | None, amount: Decimal | int | None = None, detail: str | None = None
) -> str:
    """What Yes does to a client → milestone prompt: "Log a Change in Full-Time Staff milestone of 9, dated
    2026-12-03?"."""
    name = type_name(type_code)
    value = milestone_value(type_code, amount, detail)
    parts = [f"Log {_article(name)} {name} milestone"]
    if value:
        parts.append(f" of {value}")
    if day is not None:
        parts.append(f", dated {day.isoformat()}")
    return "".join(parts) + "?"


def milestone_update_question(type_code: str, day: date, amount: Decimal | int | None) -> str:
    """What Yes does to a "the same fact twice" prompt: "Update the Change in Part-Time Staff milestone of
    2026-12-03 to 7?"."""
    value = milestone_value(type_code, amount) or BLANK
    return f"Update the {type_name(type_code)} milestone of {day.isoformat()} to {value}?"


def update_question(updates: Mapping[str, Any]) -> str:
    """What Yes does to a milestone → client prompt: "Update the client's Full-Time Employees to 9?"."""
    pieces = [f"{field_label(key)} to {format_value(key, value)}" for key, value in updates.items()]
    if not pieces:
        return "Update the client?"
    listed = pieces[0] if len(pieces) == 1 else ", ".join(pieces[:-1]) + " and " + pieces[-1]
    return f"Update the client's {listed}?"


def change_lines(client: Mapping[str, Any], updates: Mapping[str, Any]) -> tuple[str, ...]:
    """The "old → new" line of every update that changes the client, one per line of a prompt."""
    return tuple(
        describe_change(key, client.get(key), new) for key, new in updates.items() if not same(client.get(key), new)
    )
