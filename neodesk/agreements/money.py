"""Exact money for agreements (integer cents) and the §4 splitting rules.

**Percentage events.** Each is the agreement amount × percent / 100. When the percentages of an
agreement's events total exactly 100.00 they are split by the *largest remainder* method: each is
first rounded down to the cent, then the cents still missing go one each to the events with the
largest dropped fractions (ties: the earlier one in the list, i.e. the earlier milestone, then the
earlier event), so they sum to the amount exactly. Otherwise each rounds half up on its own.

**Split equally into N.** Fixed amounts, the leftover cents one each on the first ones.

| amount | rule | parts |
| --- | --- | --- |
| 100,000.00 | 33.33 / 33.33 / 33.34 % | 33,330.00 / 33,330.00 / 33,340.00 |
| 5.47 | 33.34 / 33.33 / 33.33 % | 1.83 / 1.82 / 1.82 |
| 100,000.00 | split equally into 3 | 33,333.34 / 33,333.33 / 33,333.33 |
| 10.00 | 33.333 is refused (two decimals) | — |
| 0.05 | 50 / 25 % (total 75: half up) | 0.03 / 0.01 |
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation

HUNDRED = Decimal(100)
PERCENT_MIN, PERCENT_MAX = Decimal("0.01"), Decimal("100.00")


class MoneyError(ValueError):
    """A money or percent text that is not one; the message is a sentence fragment for the user."""


def parse_money(value: object, what: str = "amount") -> int:
    """'1250.00', '1250', 1250 → cents. Refuses floats (not exact), negatives and more than 2 decimals."""
    if isinstance(value, bool | float):
        raise MoneyError(f'{what} must be written as a decimal string such as "1250.00"')
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        raise MoneyError(f"{what} {value!r} is not an amount of money") from None
    if not number.is_finite() or number < 0:
        raise MoneyError(f"{what} {value!r} must be zero or more")
    if number != number.quantize(Decimal("0.01")):
        raise MoneyError(f"{what} {value!r} has more than two decimals")
    return int(number * 100)


def parse_percent(value: object) -> Decimal:
    """'50.00' → Decimal('50.00'); 0.01–100.00 with at most two decimals."""
    if isinstance(value, bool | float):
        raise MoneyError('percent must be written as a decimal string such as "50.00"')
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise MoneyError(f"percent {value!r} is not a number") from None
    if not number.is_finite() or number != number.quantize(Decimal("0.01")):
        raise MoneyError(f"percent {value!r} must have at most two decimals")
    if not PERCENT_MIN <= number <= PERCENT_MAX:
        raise MoneyError(f"percent {value!r} must be between 0.01 and 100.00")
    return number.quantize(Decimal("0.01"))


def cents_to_decimal(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


def decimal_to_cents(value: Decimal) -> int:
    return int((value * 100).to_integral_value(rounding=ROUND_HALF_UP))


def money_text(cents: int) -> str:
    """12345678 → '123,456.78' (how refusals and reports show money)."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole:,}.{part:02d}"


def percent_amounts(amount_cents: int, percents: Sequence[Decimal]) -> list[int]:
    """The cents of each percentage event of an agreement, in list order (see the module's rule)."""
    exact = [Decimal(amount_cents) * p / HUNDRED for p in percents]
    if sum(percents, Decimal(0)) != HUNDRED:
        return [int(x.to_integral_value(rounding=ROUND_HALF_UP)) for x in exact]
    floors = [int(x.to_integral_value(rounding=ROUND_FLOOR)) for x in exact]
    missing = amount_cents - sum(floors)
    # Largest dropped fraction first; sorted() is stable, so ties keep list order.
    order = sorted(range(len(exact)), key=lambda i: exact[i] - floors[i], reverse=True)
    for i in order[:missing]:
        floors[i] += 1
    return floors


def split_equally(amount_cents: int, parts: int) -> list[int]:
    """`amount_cents` in `parts` fixed amounts, leftover cents one each on the first ones."""
    if parts < 1:
        raise MoneyError("split equally needs at least one part")
    base, extra = divmod(amount_cents, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def percent_of(part_cents: int, amount_cents: int) -> Decimal:
    """`part` as a percentage of `amount`, two decimals (0 of 0 is 0 %)."""
    if amount_cents == 0:
        return Decimal("0.00") if part_cents == 0 else Decimal("Infinity")
    return (Decimal(part_cents) * HUNDRED / Decimal(amount_cents)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def events_over_amount(events_cents: int, amount_cents: int) -> str | None:
    """The §4 refusal when the events exceed the agreement's amount, else None."""
    if events_cents <= amount_cents:
        return None
    share = percent_of(events_cents, amount_cents)
    shown = "more than 0.00%" if share.is_infinite() else f"{share}%"
    return f"events total {shown} ({money_text(events_cents)}) of {money_text(amount_cents)}"
