"""Small value helpers shared by both rule directions: blanks, equality, dates.

A client state is a ``Mapping[str, Any]`` keyed by domain.md field keys; a missing key means blank.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Set
from datetime import date, timedelta
from typing import Any

ClientState = Mapping[str, Any]


def normalised(value: Any) -> Any:
    """The comparable form of a field value.

    Empty strings and empty sets count as blank (``None``) because the editor may hand either for an
    untouched field, and any set-like value becomes a ``frozenset`` so that export countries compare
    as sets, whatever collection the caller used.
    """
    if value is None or value == "":
        return None
    if isinstance(value, Set | list | tuple):
        return frozenset(value) or None
    return value


def is_blank(value: Any) -> bool:
    return normalised(value) is None


def same(a: Any, b: Any) -> bool:
    """Whether two field values mean the same (Decimal("5.0") equals Decimal("5.00"), {} equals None)."""
    return bool(normalised(a) == normalised(b))


def field(state: ClientState | None, key: str) -> Any:
    """A field of a possibly absent state, normalised; absent keys are blank."""
    if state is None:
        return None
    return normalised(state.get(key))


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole calendar months, clamped to the month's last day (Jan 31 + 1 → Feb 28/29)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def within_lock_window(day: date, today: date, lock_days: int) -> bool:
    """Whether a new milestone may carry ``day``: not in the future, not more than ``lock_days`` back."""
    return today - timedelta(days=lock_days) <= day <= today
