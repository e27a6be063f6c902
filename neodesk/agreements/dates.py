"""Date arithmetic for agreements: months with end-of-month clamping, and template offsets.

**Months** are counted from the start each time (never month by month) and a day the target month
lacks is clamped to that month's last day:

| start | + months | date |
| --- | --- | --- |
| 2027-01-31 | 1 | 2027-02-28 |
| 2027-01-31 | 2 | 2027-03-31 |
| 2027-01-31 | 3 | 2027-04-30 |
| 2028-01-31 | 1 | 2028-02-29 (leap year) |
| 2027-03-31 | -1 | 2027-02-28 |
| 2027-12-15 | 2 | 2028-02-15 |

**Offsets** (template date conditions): ``start+90d``, ``start+3m``, ``end-30d``: an anchor (the
agreement's start or end), a sign, a count and a unit (``d`` calendar days, ``m`` months as above).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

OFFSET = re.compile(r"^(start|end)([+-])(\d{1,4})([dm])$")


def add_months(day: date, months: int) -> date:
    """`day` + `months`, clamped to the end of the target month (see the module's table)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def monthly(start: date, count: int) -> list[date]:
    """`count` dates a month apart from `start`, each counted from the start ("monthly from")."""
    return [add_months(start, n) for n in range(count)]


@dataclass(frozen=True, slots=True)
class Offset:
    anchor: str  # "start" | "end"
    amount: int  # signed
    unit: str  # "d" | "m"

    def __str__(self) -> str:
        return f"{self.anchor}{'+' if self.amount >= 0 else '-'}{abs(self.amount)}{self.unit}"

    def resolve(self, start: date, end: date) -> date:
        base = start if self.anchor == "start" else end
        return base + timedelta(days=self.amount) if self.unit == "d" else add_months(base, self.amount)


def parse_offset(text: str) -> Offset:
    """'start+90d' → Offset; ValueError with a sentence fragment otherwise."""
    found = OFFSET.match(str(text).strip())
    if not found:
        raise ValueError(f"offset {text!r} must look like start+90d, start+3m or end-30d")
    anchor, sign, count, unit = found.groups()
    return Offset(anchor, int(count) * (-1 if sign == "-" else 1), unit)
