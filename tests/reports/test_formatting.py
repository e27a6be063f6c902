"""Money, counts, hours and dates read the same in every report table."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from neodesk.catalog.milestone_types import Carries
from neodesk.reports import formatting as fmt


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1250"), "$1,250.00"),
        (Decimal("1250.5"), "$1,250.50"),
        (Decimal("0.005"), "$0.01"),  # half up, not banker's rounding
        (Decimal("-1250.00"), "-$1,250.00"),
        (1250, "$1,250.00"),
        (Decimal("1234567.89"), "$1,234,567.89"),
        (None, "—"),
    ],
)
def test_money(value: Decimal | int | None, expected: str) -> None:
    assert fmt.money(value) == expected


def test_money_signed_shows_gains_with_plus() -> None:
    assert fmt.money(Decimal("2.5"), signed=True) == "+$2.50"
    assert fmt.money(Decimal("0"), signed=True) == "$0.00"


def test_money_refuses_float() -> None:
    with pytest.raises(TypeError, match="float"):
        fmt.money(0.1 + 0.2)  # type: ignore[arg-type]


def test_sum_of_decimals_has_no_float_artifacts() -> None:
    assert fmt.money(sum([Decimal("0.10")] * 3, Decimal(0))) == "$0.30"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(12, "12"), (1234, "1,234"), (Decimal("12"), "12"), (Decimal("12.00"), "12"), (0, "0"), (None, "—")],
)
def test_count(value: int | Decimal | None, expected: str) -> None:
    assert fmt.count(value) == expected


def test_count_signed() -> None:
    assert (fmt.count(3, signed=True), fmt.count(-3, signed=True), fmt.count(0, signed=True)) == ("+3", "-3", "0")


def test_hours_from_minutes_are_exact() -> None:
    assert [fmt.hours(m) for m in (0, 20, 90, 6000)] == ["0.00", "0.33", "1.50", "100.00"]


def test_whole_number_shortcuts_read_as_the_decimal_arithmetic() -> None:
    """Counts and hours of int values skip Decimal (issue 14): the text must be the same to the digit."""
    for minutes in [*range(6000), 59_999_999, 10**12 + 1]:
        exact = (Decimal(minutes) / 60).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
        assert fmt.hours(minutes) == f"{exact:,.2f}", minutes
    for value in [*range(-2000, 2000), 10**9, -(10**9)]:
        for signed in (False, True):
            assert fmt.count(value, signed=signed) == fmt.count(Decimal(value), signed=signed), (value, signed)
    assert fmt.hours(-90) == "-1.50"  # negative minutes keep the Decimal path
    with pytest.raises(TypeError):
        fmt.count(True)  # a bool is not a count


def test_change_by_carries() -> None:
    assert fmt.change(10, 12, Carries.COUNT) == "10 → 12"
    assert fmt.change(None, Decimal("5"), Carries.MONEY) == "— → $5.00"
    assert fmt.change(None, None, Carries.NONE) == ""


def test_day_and_month() -> None:
    assert fmt.day(date(2024, 3, 5)) == "2024-03-05"
    assert fmt.day(datetime(2024, 3, 5, 9, 7)) == "2024-03-05 09:07"
    assert fmt.month_label(date(2024, 12, 1)) == "Dec 2024"
