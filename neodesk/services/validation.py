"""Parsing and checking field values by kind: one place for the dialogs, the CLI and imports.

Every message names the field by its label and says what is allowed (domain.md "Validation").
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Set
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from neodesk.catalog.fields import FIELDS_BY_KEY, FieldSpec, Kind
from neodesk.catalog.picklists import is_in_business, label
from neodesk.services.errors import FieldProblem, ValidationFailed
from neodesk.services.settings import Settings

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_ZIP = re.compile(r"^\d{5}(-\d{4})?$")
_NAICS = re.compile(r"^\d{6}$")
_ALNUM = re.compile(r"^[A-Z0-9]+$")

# Client dates that record something that already happened: a future date is a typo.
PAST_DATES = frozenset({
    "date_established", "business_start_impact_date", "gross_sales_date", "profits_date",
    "gender_certification_date", "veteran_verification_date", "sdb_certification_date",
    "hubzone_certification_date", "dib_ready_date", "gib_ready_date", "signature_date",
})


TRUE_WORDS = frozenset({"1", "true", "yes", "on", "y"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", "n"})
_PLAIN_AMOUNT = re.compile(r"^-?(\d+(\.\d*)?|\.\d+)$")


class Invalid(ValueError):
    """A value refused by a parser; the message completes "<Field label>: …"."""


def _blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def parse_date(raw: Any) -> date | None:
    if _blank(raw):
        return None
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw).strip())
    except ValueError:
        raise Invalid("enter a date as YYYY-MM-DD.") from None


def parse_count(raw: Any, *, low: int = 0, high: int | None = None) -> int | None:
    if _blank(raw):
        return None
    if isinstance(raw, bool):
        raise Invalid("enter a whole number.")
    try:
        value = int(raw) if isinstance(raw, int) else int(str(raw).strip().replace(",", ""))
    except ValueError:
        raise Invalid(f"enter a whole number of {low} or more.") from None
    if value < low or (high is not None and value > high):
        raise Invalid(f"enter a whole number from {low} to {high}." if high is not None
                      else f"enter a whole number of {low} or more.")
    return value


def parse_money(raw: Any, *, signed: bool = False) -> Decimal | None:
    if _blank(raw):
        return None
    if isinstance(raw, float):
        raise Invalid("money must be entered as an exact amount.")
    text = str(raw).strip().replace(",", "").replace("$", "")
    negative = text.startswith("(") and text.endswith(")")  # accountants' (1,200.00)
    text = text.strip("()")
    if not _PLAIN_AMOUNT.match(text):  # no exponents ("1e3"), no "NaN": what a person types
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


def parse_value(spec: FieldSpec, raw: Any, allowed: Set[str] | None = None) -> Any:
    """Turn a typed or textual value into the stored form for `spec`, or raise Invalid."""
    kind = spec.kind
    if kind is Kind.BOOL:
        if isinstance(raw, str):
            word = raw.strip().lower()
            if word in TRUE_WORDS | FALSE_WORDS:
                return word in TRUE_WORDS
            if not word:
                return None
            raise Invalid("enter yes or no.")
        return bool(raw) if raw is not None else None
    if kind is Kind.DATE:
        return parse_date(raw)
    if kind is Kind.COUNT:
        return parse_count(raw)
    if kind is Kind.PERCENT:
        return parse_count(raw, high=100)
    if kind is Kind.MONEY:
        return parse_money(raw)
    if kind is Kind.SIGNED_MONEY:
        return parse_money(raw, signed=True)
    if kind is Kind.CODE_SET:
        items = re.split(r"[\s,;]+", raw.strip()) if isinstance(raw, str) else list(raw or [])
        codes = frozenset(str(i).strip().upper() if spec.picklist == "country" else str(i).strip()
                          for i in items if str(i).strip())
        if allowed is not None and (bad := sorted(codes - allowed)):
            raise Invalid(f"{', '.join(bad)} is not a known value.")
        return codes or None
    if kind is Kind.NAICS:
        items = re.split(r"[\s,;]+", raw.strip()) if isinstance(raw, str) else list(raw or [])
        codes = tuple(dict.fromkeys(str(i).strip() for i in items if str(i).strip()))
        if bad := [c for c in codes if not _NAICS.match(c)]:
            raise Invalid(f"{bad[0]} is not a 6-digit NAICS code; the first code is the primary one.")
        return codes or None
    if kind is Kind.REFERENCE:
        if _blank(raw):
            return None
        try:
            return raw if isinstance(raw, uuid.UUID) else uuid.UUID(str(raw))
        except ValueError:
            raise Invalid("choose a value from the list.") from None
    # Text-like kinds.
    text = "" if raw is None else str(raw).strip()
    if kind is Kind.NAME:
        if not text:
            raise Invalid("is required (1 to 200 characters).")
        if len(text) > 200:
            raise Invalid("must be at most 200 characters.")
        return text
    if not text:
        return None
    if kind is Kind.PICKLIST:
        if allowed is not None and text not in allowed:
            raise Invalid(f"'{text}' is not one of the allowed values{_listed(allowed)}.")
        return text
    if kind is Kind.UEI:
        text = text.upper()
        if len(text) != 12 or not _ALNUM.match(text):
            raise Invalid("enter the 12 letters and digits of the SAM Unique Entity ID.")
        return text
    if kind is Kind.CAGE:
        text = text.upper()
        if len(text) != 5 or not _ALNUM.match(text):
            raise Invalid("enter the 5 letters and digits of the CAGE code.")
        return text
    if kind is Kind.ZIP:
        if not _ZIP.match(text):
            raise Invalid("enter 5 digits or ZIP+4 (12345 or 12345-6789).")
        return text
    if kind is Kind.FIPS:
        if not (len(text) == 5 and text.isdigit()):
            raise Invalid("enter the 5-digit county FIPS code.")
        return text
    if kind is Kind.EMAIL:
        if not _EMAIL.match(text) or len(text) > 320:
            raise Invalid("enter an email address such as name@example.com.")
        return text
    if kind is Kind.PHONE:
        digits = re.sub(r"\D", "", text)
        if not 7 <= len(digits) <= 15 or not re.fullmatch(r"[\d\s()+.\-x]+", text):
            raise Invalid("enter a phone number such as (512) 555-0100.")
        return text
    if len(text) > 200:
        raise Invalid("must be at most 200 characters.")
    return text


@cache
def _not_null_columns() -> frozenset[str]:
    """Client columns that cannot hold a blank (the CLI can send `key=` for any of them)."""
    from neodesk.models.client import Client

    return frozenset(c.name for c in Client.__table__.columns if not c.nullable)


def validate_client(
    values: Mapping[str, Any],
    current: Mapping[str, Any],
    allowed: Mapping[str, Set[str]],
    settings: Settings,
    today: date,
) -> tuple[dict[str, Any], list[str]]:
    """Check edited client values against `current` (the stored record, or {} for a new client).

    Returns the parsed changes and the warnings; raises ValidationFailed naming every bad field.
    Picklist values inactive today stay valid where the record already holds them.
    """
    problems: list[FieldProblem] = []
    parsed: dict[str, Any] = {}
    for key, raw in values.items():
        spec = FIELDS_BY_KEY.get(key)
        if spec is None:
            problems.append(FieldProblem(key, f"{key} is not a client field."))
            continue
        codes = allowed.get(spec.picklist) if spec.picklist else None
        if codes is not None and current.get(key) is not None:
            held = current[key]
            codes = set(codes) | (set(held) if isinstance(held, frozenset) else {held})
        try:
            parsed[key] = parse_value(spec, raw, codes)
        except Invalid as exc:
            problems.append(FieldProblem(key, f"{spec.label}: {exc}"))
            continue
        if parsed[key] is None and key in _not_null_columns():  # a blank the column cannot store
            problems.append(FieldProblem(key, f"{spec.label}: " + ("enter yes or no." if spec.kind is Kind.BOOL
                                                                   else "cannot be blank.")))
    merged = {**current, **parsed}
    for key in PAST_DATES & parsed.keys():
        if parsed[key] is not None and parsed[key] > today:
            problems.append(FieldProblem(key, f"{FIELDS_BY_KEY[key].label}: the date cannot be in the future."))
    for spec in FIELDS_BY_KEY.values():
        if spec.required and spec.key not in {p.key for p in problems} and _blank(merged.get(spec.key)):
            problems.append(FieldProblem(spec.key, f"{spec.label}: is required."))
    if is_in_business(merged.get("company_status")):
        if merged.get("date_established") is None:
            problems.append(FieldProblem(
                "date_established",
                f"Date Company Established: is required when the Company Status is "
                f"{label('company_status', merged.get('company_status'))}.",
            ))
        staff = (merged.get("full_time_employees") or 0) + (merged.get("part_time_employees") or 0)
        if settings.require_one_employee and staff < 1:
            problems.append(FieldProblem(
                "full_time_employees",
                "Full-Time Employees: an in-business client must have at least one employee (full- or part-time).",
            ))
    if problems:
        raise ValidationFailed(problems)
    return parsed, client_warnings(merged)


def client_warnings(client: Mapping[str, Any]) -> list[str]:
    """Things worth a second look that do not stop the save."""
    warnings: list[str] = []
    staff = (client.get("full_time_employees") or 0) + (client.get("part_time_employees") or 0)
    export_staff = client.get("export_employees") or 0
    if export_staff > staff:
        warnings.append(f"Export-Related Employees ({export_staff}) is more than the total staff ({staff}).")
    if client.get("international_trade") in {"Exporter", "Importer/Exporter"} and not client.get("export_countries"):
        warnings.append("The client is an exporter but no Export Countries are recorded.")
    return warnings
