"""§2: when a condition is met on an as-of date, and with what effective date (plain inputs only).

Metric and query values are observed by the caller (the services, over the impact records or in
the run's transaction) and passed in; the comparison and the truth rule live here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from neodesk.agreements.statuses import ConditionKind, MilestoneStatus, Require


@dataclass(frozen=True, slots=True)
class Verdict:
    met: bool
    effective_date: date | None = None
    observed: str | None = None  # what it saw ("7 of 10"), for the screens and the run log


def compare(value: Decimal, op: str, target: Decimal) -> bool:
    return {
        ">=": value >= target,
        ">": value > target,
        "=": value == target,
        "<=": value <= target,
        "<": value < target,
    }[op]


def is_true(value: Any) -> bool:
    """A query's first column of its first row counts as true unless NULL, 0 or ''."""
    return value is not None and value != 0 and value != "" and value is not False


def number_text(value: Decimal) -> str:
    normal = value.normalize()
    return f"{normal:f}" if normal == normal.to_integral() else str(value)


def milestone_met(as_of: date, status: str, effective: date | None, lag_days: int) -> Verdict:
    """`milestone` kind: that milestone is complete and as_of ≥ its effective date + lag."""
    if status != MilestoneStatus.COMPLETE or effective is None:
        return Verdict(False, observed=f"that milestone is {status}")
    when = effective + timedelta(days=lag_days)
    return Verdict(as_of >= when, when if as_of >= when else None, f"complete {effective.isoformat()}")


def date_met(as_of: date, on: date) -> Verdict:
    """`date` kind: as_of ≥ the date; effective the date itself (even when processed later)."""
    return Verdict(as_of >= on, on if as_of >= on else None)


def metric_met(as_of: date, value: Decimal, op: str, target: Decimal) -> Verdict:
    """`metric` kind: measure(as_of) op target; effective the as-of date."""
    met = compare(value, op, target)
    return Verdict(met, as_of if met else None, f"{number_text(value)} of {number_text(target)}")


def query_met(as_of: date, value: Any) -> Verdict:
    """`query` kind: the first column of the first row is true; effective the as-of date."""
    met = is_true(value)
    return Verdict(met, as_of if met else None, "no rows" if value is None else str(value))


def combine(require: str, completed: Sequence[date], total: int) -> date | None:
    """§2 all/one: the milestone's effective date when met (latest for all, earliest for one), else None."""
    if total == 0 or not completed:
        return None
    if require == Require.ALL:
        return max(completed) if len(completed) == total else None
    return min(completed)


__all__ = [
    "ConditionKind",
    "Verdict",
    "combine",
    "compare",
    "date_met",
    "is_true",
    "metric_met",
    "milestone_met",
    "query_met",
]
