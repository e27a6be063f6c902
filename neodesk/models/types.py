"""Column types: exact money, code sets, UUIDs."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import BigInteger, Dialect, Text
from sqlalchemy.types import TypeDecorator

CENT = Decimal("0.01")


def to_money(value: Any) -> Decimal | None:
    """Normalize to a two-place Decimal (None stays None). Floats are refused: they are not exact."""
    if value is None:
        return None
    if isinstance(value, float):
        raise TypeError("money must not be a float")
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


class Money(TypeDecorator[Decimal]):
    """Money stored as integer cents.

    SQLite has no decimal type (Numeric falls back to REAL and loses cents), so cents in a BIGINT
    keep amounts exact, sortable and summable in SQL on SQLite and PostgreSQL alike.
    """

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        money = to_money(value)
        return None if money is None else int(money * 100)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else (Decimal(int(value)) / 100).quantize(CENT)


class CodeSet(TypeDecorator[frozenset[str]]):
    """A set of codes (export countries, race, counseling areas) as a sorted JSON array.

    These are values from fixed lists, not references to rows, and are always read and written
    whole with their record; a JSON array keeps the row self-contained for export. Sorting makes
    equal sets store equal text, so change detection and audit see no spurious edits.
    """

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return json.dumps(sorted({str(v) for v in value}))

    def process_result_value(self, value: Any, dialect: Dialect) -> frozenset[str] | None:
        if value is None:
            return None
        return frozenset(json.loads(value))


class CodeList(TypeDecorator[tuple[str, ...]]):
    """An ordered list of codes (NAICS codes: the first is the primary) as a JSON array."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return json.dumps([str(v) for v in value])

    def process_result_value(self, value: Any, dialect: Dialect) -> tuple[str, ...] | None:
        if value is None:
            return None
        return tuple(json.loads(value))
