"""The field rules: parsing and checking one value by its kind, for the editors, the CLI and imports.

Every message completes "<Field label>: …" and says what is allowed (domain.md "Validation").
Digits are ASCII digits only (`str.isdigit()`, the regular expression `\\d` and `int()` take other
scripts' digits too, which no upload or report reads); text keeps the field table's length and takes no
control characters (tabs and line breaks only in multi-line fields); dates stay within the catalog's range.
These rules sit beside the tables they read so that every layer can use them: the services validate
forms with them and the central office's bundle import checks every incoming value with them.
"""

from __future__ import annotations

import calendar
import re
import uuid
from collections.abc import Callable, Set
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from neodesk.catalog.fields import EARLIEST_DATE, LARGEST_COUNT, LATEST_DATE, FieldSpec, Kind

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_ZIP = re.compile(r"[0-9]{5}(-[0-9]{4})?")
_NAICS = re.compile(r"[0-9]{6}")
_FIPS = re.compile(r"[0-9]{5}")
_ALNUM = re.compile(r"[A-Z0-9]+")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_WHOLE = re.compile(r"-?[0-9]+")
# C0 and C1 control characters and DEL; a multi-line field allows tab, line feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

TRUE_WORDS = frozenset({"1", "true", "yes", "on", "y"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", "n"})
_PLAIN_AMOUNT = re.compile(r"-?([0-9]+(\.[0-9]*)?|\.[0-9]+)")


class Invalid(ValueError):
    """A value refused by a parser; the message completes "<Field label>: …"."""


def is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


DATE_RANGE_SENTENCE = f"enter a date from {EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()}."


def text_problem(text: str, max_length: int | None, multiline: bool = False) -> str | None:
    """What is wrong with `text` as a field's value (completing "<Field label>: …"), or None."""
    if (_CONTROL_MULTILINE if multiline else _CONTROL).search(text):
        allowed = "only tabs and line breaks are allowed" if multiline else "no tabs or line breaks either"
        return f"remove the control characters ({allowed})."
    if max_length is not None and len(text) > max_length:
        return f"must be at most {max_length:,} characters (this is {len(text):,})."
    return None


def check_text(raw: Any, max_length: int | None, multiline: bool = False) -> str | None:
    """The stripped text (None when blank), or Invalid: too long, or a control character where the
    field allows none (a tab or a line break outside a multi-line field, or any other one)."""
    text = "" if raw is None else str(raw).strip()
    if not text:
        return None
    if (problem := text_problem(text, max_length, multiline)) is not None:
        raise Invalid(problem)
    return text


def check_date_range(value: date) -> date:
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise Invalid(DATE_RANGE_SENTENCE)
    return value


def parse_date(raw: Any) -> date | None:
    if is_blank(raw):
        return None
    if isinstance(raw, date):
        return check_date_range(raw)
    match = _DATE.fullmatch(str(raw).strip())
    if match is None:
        raise Invalid("enter a date as YYYY-MM-DD.")
    year, month, day = (int(g) for g in match.groups())
    if not EARLIEST_DATE.year <= year <= LATEST_DATE.year:
        raise Invalid(DATE_RANGE_SENTENCE)
    if not 1 <= month <= 12:
        raise Invalid(f"there is no month {month:02d}; enter a date as YYYY-MM-DD.")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise Invalid(f"{calendar.month_name[month]} {year} has {days} days.")
    return check_date_range(date(year, month, day))


def parse_count(raw: Any, *, low: int = 0, high: int | None = None) -> int | None:
    if is_blank(raw):
        return None
    if isinstance(raw, bool):
        raise Invalid("enter a whole number.")
    if isinstance(raw, int):
        value = raw
    else:
        text = str(raw).strip().replace(",", "")
        if not _WHOLE.fullmatch(text):  # ASCII digits only: int() takes other scripts' digits too
            raise Invalid(f"enter a whole number of {low} or more.")
        value = int(text)
    if value < low:
        raise Invalid(
            f"enter a whole number from {low} to {high}."
            if high is not None
            else f"enter a whole number of {low} or more."
        )
    if value > (high if high is not None else LARGEST_COUNT):
        raise Invalid(f"enter a whole number from {low} to {high if high is not None else LARGEST_COUNT:,}.")
    return value


def parse_money(raw: Any, *, signed: bool = False) -> Decimal | None:
    if is_blank(raw):
        return None
    if isinstance(raw, float):
        raise Invalid("money must be entered as an exact amount.")
    text = str(raw).strip().replace(",", "").replace("$", "")
    negative = text.startswith("(") and text.endswith(")")  # accountants' (1,200.00)
    text = text.strip("()")
    if not _PLAIN_AMOUNT.fullmatch(text):  # no exponents ("1e3"), no "NaN": what a person types
        raise Invalid("enter an amount such as 1250.00.")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise Invalid("enter an amount such as 1250.00.") from None
    if negative:
        value = -value
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise Invalid("enter an amount with at most two decimals.")
    if value < 0 and not signed:
        raise Invalid("enter an amount of 0 or more.")
    if abs(value) >= Decimal("1e13"):
        raise Invalid("enter an amount below 10,000,000,000,000.")
    return value.quantize(Decimal("0.01"))


def _listed(allowed: Set[str]) -> str:
    # Short lists are spelled out; long ones (countries, states) would drown the message.
    return f" ({', '.join(sorted(allowed))})" if len(allowed) <= 12 else ""


# -- one parser per field kind ------------------------------------------------------------------------------------
# A parser takes the field, the raw value and (for picklists and code sets) the allowed codes, and
# returns the stored form or raises Invalid. parse_value looks the kind up in PARSERS.
Parser = Callable[[FieldSpec, Any, Set[str] | None], Any]
TextCheck = Callable[[FieldSpec, str, Set[str] | None], str]


def _bool(spec: FieldSpec, raw: Any, allowed: Set[str] | None) -> bool | None:
    if isinstance(raw, str):
        word = raw.strip().lower()
        if word in TRUE_WORDS | FALSE_WORDS:
            return word in TRUE_WORDS
        if not word:
            return None
        raise Invalid("enter yes or no.")
    return bool(raw) if raw is not None else None


def _items(raw: Any) -> list[Any]:
    """A list typed as text (separated by spaces, commas or semicolons) or given as a collection."""
    return re.split(r"[\s,;]+", raw.strip()) if isinstance(raw, str) else list(raw or [])


def _code_set(spec: FieldSpec, raw: Any, allowed: Set[str] | None) -> frozenset[str] | None:
    upper = spec.picklist == "country"
    codes = frozenset(str(i).strip().upper() if upper else str(i).strip() for i in _items(raw) if str(i).strip())
    if allowed is not None and (bad := sorted(codes - allowed)):
        raise Invalid(f"{', '.join(bad)} is not a known value.")
    return codes or None


def _naics(spec: FieldSpec, raw: Any, allowed: Set[str] | None) -> tuple[str, ...] | None:
    codes = tuple(dict.fromkeys(str(i).strip() for i in _items(raw) if str(i).strip()))
    if bad := [c for c in codes if not _NAICS.fullmatch(c)]:
        raise Invalid(f"{bad[0]} is not a 6-digit NAICS code; the first code is the primary one.")
    return codes or None


def _reference(spec: FieldSpec, raw: Any, allowed: Set[str] | None) -> uuid.UUID | None:
    if is_blank(raw):
        return None
    try:
        return raw if isinstance(raw, uuid.UUID) else uuid.UUID(str(raw))
    except ValueError:
        raise Invalid("choose a value from the list.") from None


def _name(spec: FieldSpec, raw: Any, allowed: Set[str] | None) -> str:
    text = check_text(raw, spec.max_length, spec.multiline)
    if not text:
        raise Invalid(f"is required (1 to {spec.max_length} characters).")
    return text


def _text_kind(check: TextCheck) -> Parser:
    """A text-like kind: checked as text (length, control characters); blank is None; then `check`."""

    def parse(spec: FieldSpec, raw: Any, allowed: Set[str] | None) -> str | None:
        text = check_text(raw, spec.max_length, spec.multiline)
        return None if text is None else check(spec, text, allowed)

    return parse


def _matching(pattern: re.Pattern[str], message: str, *, upper: bool = False, length: int | None = None) -> TextCheck:
    """Text that must match `pattern` whole (after upper-casing, at exactly `length` characters)."""

    def check(spec: FieldSpec, text: str, allowed: Set[str] | None) -> str:
        text = text.upper() if upper else text
        if (length is not None and len(text) != length) or not pattern.fullmatch(text):
            raise Invalid(message)
        return text

    return check


def _picklist(spec: FieldSpec, text: str, allowed: Set[str] | None) -> str:
    if allowed is not None and text not in allowed:
        raise Invalid(f"'{text}' is not one of the allowed values{_listed(allowed)}.")
    return text


def _email(spec: FieldSpec, text: str, allowed: Set[str] | None) -> str:
    if not _EMAIL.match(text):
        raise Invalid("enter an email address such as name@example.com.")
    return text


def _phone(spec: FieldSpec, text: str, allowed: Set[str] | None) -> str:
    digits = re.sub(r"[^0-9]", "", text)
    if not 7 <= len(digits) <= 15 or not re.fullmatch(r"[0-9 ()+.\-x]+", text):
        raise Invalid("enter a phone number such as (512) 555-0100.")
    return text


def _any_text(spec: FieldSpec, text: str, allowed: Set[str] | None) -> str:
    return text


PARSERS: dict[Kind, Parser] = {
    Kind.BOOL: _bool,
    Kind.DATE: lambda spec, raw, allowed: parse_date(raw),
    Kind.COUNT: lambda spec, raw, allowed: parse_count(raw),
    Kind.PERCENT: lambda spec, raw, allowed: parse_count(raw, high=100),
    Kind.MONEY: lambda spec, raw, allowed: parse_money(raw),
    Kind.SIGNED_MONEY: lambda spec, raw, allowed: parse_money(raw, signed=True),
    Kind.CODE_SET: _code_set,
    Kind.NAICS: _naics,
    Kind.REFERENCE: _reference,
    Kind.NAME: _name,
    Kind.TEXT: _text_kind(_any_text),
    Kind.PICKLIST: _text_kind(_picklist),
    Kind.UEI: _text_kind(
        _matching(_ALNUM, "enter the 12 letters and digits of the SAM Unique Entity ID.", upper=True, length=12)
    ),
    Kind.CAGE: _text_kind(_matching(_ALNUM, "enter the 5 letters and digits of the CAGE code.", upper=True, length=5)),
    Kind.ZIP: _text_kind(_matching(_ZIP, "enter 5 digits or ZIP+4 (12345 or 12345-6789).")),
    Kind.FIPS: _text_kind(_matching(_FIPS, "enter the 5-digit county FIPS code.")),
    Kind.EMAIL: _text_kind(_email),
    Kind.PHONE: _text_kind(_phone),
}


def parse_value(spec: FieldSpec, raw: Any, allowed: Set[str] | None = None) -> Any:
    """Turn a typed or textual value into the stored form for `spec`, or raise Invalid."""
    return PARSERS[spec.kind](spec, raw, allowed)
