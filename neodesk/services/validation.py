"""Validating forms: a client's values together (required fields, in-business rules, warnings).

One value's rules (parsing by kind, text limits, digits, dates) are the catalog's field_rules, shared
with the bundle import; they are re-exported here for the dialogs and the CLI.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from datetime import date
from functools import cache
from typing import Any

from neodesk.catalog.field_rules import (
    DATE_RANGE_SENTENCE,
    FALSE_WORDS,
    TRUE_WORDS,
    Invalid,
    check_date_range,
    check_text,
    is_blank,
    parse_count,
    parse_date,
    parse_money,
    parse_value,
)
from neodesk.catalog.fields import FIELDS_BY_KEY, FieldSpec, Kind, TextSpec
from neodesk.catalog.picklists import is_in_business, label
from neodesk.services.errors import FieldProblem, ValidationFailed
from neodesk.services.settings import Settings

__all__ = [
    "DATE_RANGE_SENTENCE",
    "FALSE_WORDS",
    "PAST_DATES",
    "TRUE_WORDS",
    "Invalid",
    "check_date_range",
    "check_text",
    "check_text_field",
    "client_warnings",
    "parse_count",
    "parse_date",
    "parse_money",
    "parse_value",
    "validate_client",
]

# Client dates that record something that already happened: a future date is a typo.
PAST_DATES = frozenset(
    {
        "date_established",
        "business_start_impact_date",
        "gross_sales_date",
        "profits_date",
        "gender_certification_date",
        "veteran_verification_date",
        "sdb_certification_date",
        "hubzone_certification_date",
        "dib_ready_date",
        "gib_ready_date",
        "signature_date",
    }
)


def check_text_field(spec: TextSpec, raw: Any) -> tuple[str | None, list[FieldProblem]]:
    """A session or milestone text field (catalog ACTIVITY_TEXT_FIELDS): the text, or its problem."""
    try:
        return check_text(raw, spec.max_length, spec.multiline), []
    except Invalid as exc:
        return None, [FieldProblem(spec.key, f"{spec.label}: {exc}")]


@cache
def _not_null_columns() -> frozenset[str]:
    """Client columns that cannot hold a blank (the CLI can send `key=` for any of them)."""
    from neodesk.models.client import Client

    return frozenset(c.name for c in Client.__table__.columns if not c.nullable)


def _parse_against_codes(spec: FieldSpec, raw: Any, held: Any, allowed: Mapping[str, Set[str]]) -> Any:
    """`raw` parsed; a picklist's codes are what the record holds plus the active ones.

    The codes the record already holds are tried first: a save sends every field, and an unchanged
    picklist value is valid whatever else is active, so `allowed` (which may read the picklists
    when first asked) is consulted only for a value the record does not hold.
    """
    if not spec.picklist:
        return parse_value(spec, raw, None)
    kept: set[str] = set() if held is None else set(held) if isinstance(held, frozenset) else {held}
    try:
        return parse_value(spec, raw, kept)
    except Invalid:
        codes = allowed.get(spec.picklist)
        return parse_value(spec, raw, None if codes is None else set(codes) | kept)


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
        try:
            parsed[key] = _parse_against_codes(spec, raw, current.get(key), allowed)
        except Invalid as exc:
            problems.append(FieldProblem(key, f"{spec.label}: {exc}"))
            continue
        if parsed[key] is None and key in _not_null_columns():  # a blank the column cannot store
            sentence = "enter yes or no." if spec.kind is Kind.BOOL else "cannot be blank."
            problems.append(FieldProblem(key, f"{spec.label}: {sentence}"))
    merged = {**current, **parsed}
    for key in PAST_DATES & parsed.keys():
        if parsed[key] is not None and parsed[key] > today:
            problems.append(FieldProblem(key, f"{FIELDS_BY_KEY[key].label}: the date cannot be in the future."))
    for spec in FIELDS_BY_KEY.values():
        if spec.required and spec.key not in {p.key for p in problems} and is_blank(merged.get(spec.key)):
            problems.append(FieldProblem(spec.key, f"{spec.label}: is required."))
    if is_in_business(merged.get("company_status")):
        if merged.get("date_established") is None and "date_established" not in {p.key for p in problems}:
            problems.append(
                FieldProblem(
                    "date_established",
                    f"Date Company Established: is required when the Company Status is "
                    f"{label('company_status', merged.get('company_status'))}.",
                )
            )
        staff = (merged.get("full_time_employees") or 0) + (merged.get("part_time_employees") or 0)
        if settings.require_one_employee and staff < 1:
            problems.append(
                FieldProblem(
                    "full_time_employees",
                    "Full-Time Employees: an in-business client must have at least one employee (full- or part-time).",
                )
            )
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
