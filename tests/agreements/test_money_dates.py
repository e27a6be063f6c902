"""§4: the split and month examples, money parsing, and the events-over-amount sentence."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from neodesk.agreements.dates import Offset, add_months, monthly, parse_offset
from neodesk.agreements.money import (
    MoneyError,
    events_over_amount,
    money_text,
    parse_money,
    parse_percent,
    percent_amounts,
    split_equally,
)

D = Decimal


@pytest.mark.parametrize(
    ("amount", "percents", "parts"),
    [
        (10_000_000, ["33.33", "33.33", "33.34"], [3_333_000, 3_333_000, 3_334_000]),
        (547, ["33.34", "33.33", "33.33"], [183, 182, 182]),
        (100, ["33.33", "33.33", "33.34"], [33, 33, 34]),
        (1, ["50.00", "50.00"], [1, 0]),  # tie: the earlier one
        (5, ["50.00", "25.00"], [3, 1]),  # not 100 %: each half up
        (10_000_000, ["50.00"], [5_000_000]),
    ],
)
def test_percentage_split_examples(amount: int, percents: list[str], parts: list[int]) -> None:
    assert percent_amounts(amount, [D(p) for p in percents]) == parts


def test_split_equally_puts_leftover_cents_first() -> None:
    assert split_equally(10_000_000, 3) == [3_333_334, 3_333_333, 3_333_333]
    assert split_equally(5, 3) == [2, 2, 1]


@given(st.integers(0, 10**12), st.lists(st.integers(1, 9_999), min_size=1, max_size=8))
def test_largest_remainder_sums_exactly(amount: int, weights: list[int]) -> None:
    # Scale random weights to percentages that total exactly 100.00.
    raw = [D(w) * D(10_000) / D(sum(weights)) for w in weights]
    cents = [int(x) for x in raw]
    cents[-1] += 10_000 - sum(cents)
    percents = [D(c) / 100 for c in cents]
    if any(p <= 0 for p in percents):
        return
    parts = percent_amounts(amount, percents)
    assert sum(parts) == amount
    assert all(abs(D(p) - D(amount) * pc / 100) < 1 for p, pc in zip(parts, percents, strict=True))


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2027, 1, 31), 2, date(2027, 3, 31)),
        (date(2027, 1, 31), 3, date(2027, 4, 30)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2027, 3, 31), -1, date(2027, 2, 28)),
        (date(2027, 12, 15), 2, date(2028, 2, 15)),
    ],
)
def test_month_examples(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_monthly_counts_from_the_start_each_time() -> None:
    assert monthly(date(2027, 1, 31), 4) == [date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31), date(2027, 4, 30)]


@pytest.mark.parametrize(
    ("text", "resolved"),
    [
        ("start+90d", date(2026, 4, 1)),  # 31 + 28 + 31 days
        ("start+3m", date(2026, 4, 1)),
        ("end-30d", date(2026, 12, 1)),
        ("end+0m", date(2026, 12, 31)),
    ],
)
def test_offsets(text: str, resolved: date) -> None:
    offset = parse_offset(text)
    assert str(offset) == text
    assert offset.resolve(date(2026, 1, 1), date(2026, 12, 31)) == resolved


@pytest.mark.parametrize("text", ["start+", "begin+3d", "start+3y", "start 3d", "90d"])
def test_bad_offsets_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="must look like start"):
        parse_offset(text)


def test_offset_is_plain_data() -> None:
    assert Offset("end", -30, "d") == parse_offset("end-30d")


def test_money_parsing() -> None:
    assert parse_money("100000.00") == 10_000_000
    assert parse_money("1,250") == 125_000
    assert parse_money(7) == 700
    for bad in (1.5, "-1", "1.234", "abc", True):
        with pytest.raises(MoneyError):
            parse_money(bad)
    assert parse_percent("50") == D("50.00")
    for bad in ("0", "100.01", "33.333", 50.0):
        with pytest.raises(MoneyError):
            parse_percent(bad)


def test_events_over_amount_sentence() -> None:
    assert events_over_amount(11_000_000, 10_000_000) == "events total 110.00% (110,000.00) of 100,000.00"
    assert events_over_amount(10_000_000, 10_000_000) is None
    assert money_text(-123456) == "-1,234.56"
