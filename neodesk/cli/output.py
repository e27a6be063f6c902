"""How records print: JSON values per interfaces.md and plain tables for people."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any


def json_value(value: Any) -> Any:
    """Dates as ISO strings, money as decimal strings ("1250.00"), sets as sorted lists."""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, frozenset | set):
        return sorted(json_value(v) for v in value)
    if isinstance(value, tuple | list):
        return [json_value(v) for v in value]
    return value


def print_json(data: Any) -> None:
    print(
        json.dumps(json_value(data) if not isinstance(data, dict | list) else _deep(data), indent=2, ensure_ascii=False)
    )


def _deep(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _deep(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_deep(v) for v in data]
    return json_value(data)


def text(value: Any) -> str:
    kind = type(value)  # the common cells first: a listing of 100,000 clients is 600,000 of them
    if kind is str:
        return str(value)
    if value is None:
        return ""
    if kind is int:
        return str(value)
    value = json_value(value)
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def print_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    body = [[text(v) for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(headers)]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
    for row in body:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
