"""How numbers, money, hours and dates read in reports: one place, so every table agrees.

Money is formatted from `Decimal` (or `int`) with exact decimal arithmetic. A float is refused with a
`TypeError` rather than formatted: a float reaching a report means a caller lost exactness earlier,
and printing "$0.30" for 0.30000000000000004 would hide that bug.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from neodesk.catalog.milestone_types import Carries
from neodesk.reports.report_records import Amount

CENT = Decimal("0.01")
BLANK = "—"  # shown for a value that was never recorded (distinct from zero)
ARROW = "→"


def _exact(value: object, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{what} must be Decimal or int, not {type(value).__name__}")
    return Decimal(value)


def money(value: Amount | None, *, signed: bool = False) -> str:
    """`Decimal("1250")` → "$1,250.00"; negative → "-$1,250.00"; `signed` adds "+" to gains."""
    if value is None:
        return BLANK
    q = _exact(value, "money").quantize(CENT, rounding=ROUND_HALF_UP)
    sign = "-" if q < 0 else ("+" if signed and q > 0 else "")
    return f"{sign}${abs(q):,.2f}"


def count(value: Amount | None, *, signed: bool = False) -> str:
    """12 → "12", 1234 → "1,234"; a whole Decimal reads as an integer."""
    if value is None:
        return BLANK
    if type(value) is int:  # the usual case (a report's table has tens of thousands): no Decimal needed
        return f"+{value:,}" if signed and value > 0 else f"{value:,}"
    d = _exact(value, "count")
    sign = "-" if d < 0 else ("+" if signed and d > 0 else "")
    d = abs(d)
    if d == d.to_integral_value():
        return f"{sign}{int(d):,}"
    return f"{sign}{d.normalize():,f}"


def hours(minutes: int) -> str:
    """Minutes as hours with two decimals: 90 → "1.50" (exact, rounded half up)."""
    if type(minutes) is int and minutes >= 0:
        # Exact in integers: hundredths of an hour = minutes × 100 / 60, rounded half up.
        cents = (minutes * 10 + 3) // 6
        return f"{cents // 100:,}.{cents % 100:02d}"
    h = (_exact(minutes, "minutes") / 60).quantize(CENT, rounding=ROUND_HALF_UP)
    return f"{h:,.2f}"


def amount(value: Amount | None, carries: Carries, *, signed: bool = False) -> str:
    """A milestone value as its type carries it (money or count); "" for types without a number."""
    if carries in (Carries.MONEY, Carries.SIGNED_MONEY):
        return money(value, signed=signed)
    if carries is Carries.COUNT:
        return count(value, signed=signed)
    return ""


def change(initial: Amount | None, new: Amount | None, carries: Carries) -> str:
    """ "10 → 12" / "$1,000.00 → $1,500.00"; "" for types without a number."""
    if carries in (Carries.NONE, Carries.TEXT) or (initial is None and new is None):
        return ""
    return f"{amount(initial, carries)} {ARROW} {amount(new, carries)}"


def day(d: date | None) -> str:
    """ISO date (unambiguous whatever the reader's locale); a datetime also shows hours:minutes."""
    if d is None:
        return BLANK
    if isinstance(d, datetime):
        return d.strftime("%Y-%m-%d %H:%M")
    return d.isoformat()


def month_label(d: date) -> str:
    """ "Jan 2025" (English month names: the report is in English, whatever the process locale)."""
    return f"{_MONTHS[d.month - 1]} {d.year}"


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
