"""Validation of every field kind: accepted forms, refusals naming the field, cross-field rules."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from neodesk.catalog.fields import CLIENT_FIELDS, FIELDS_BY_KEY, Kind
from neodesk.services.errors import ValidationFailed
from neodesk.services.settings import Settings
from neodesk.services.validation import Invalid, parse_value, validate_client

TODAY = date(2026, 11, 24)
UID = uuid.UUID("12345678-1234-5678-1234-567812345678")

# kind → (field used, accepted raw → stored, refused raws)
CASES: dict[Kind, tuple[str, list[tuple[Any, Any]], list[Any]]] = {
    Kind.NAME: ("name", [(" Acme  ", "Acme"), ("é" * 200, "é" * 200)], ["", "   ", "x" * 201]),
    Kind.TEXT: ("city", [(" Austin ", "Austin"), ("", None)], ["x" * 201]),
    Kind.PICKLIST: ("company_status", [("B", "B"), ("", None)], ["ZZ"]),
    Kind.DATE: (
        "date_established",
        [("2020-02-29", date(2020, 2, 29)), (date(2021, 1, 1), date(2021, 1, 1)), ("", None)],
        ["2020-02-30", "next week", "02/03/2020x"],
    ),
    Kind.BOOL: ("online_business", [(True, True), ("yes", True), ("no", False)], []),
    Kind.COUNT: ("full_time_employees", [("12", 12), (0, 0), ("1,200", 1200), ("", None)], ["-1", "1.5", "ten", True]),
    Kind.MONEY: (
        "gross_sales",
        [("1250", Decimal("1250.00")), ("$1,250.5", Decimal("1250.50")), ("", None)],
        ["-1", "12.345", "abc", 1.5, "NaN", "1e20"],
    ),
    Kind.SIGNED_MONEY: (
        "profits",
        [("-300.25", Decimal("-300.25")), ("(1,200.00)", Decimal("-1200.00"))],
        ["12.345", "--1"],
    ),
    Kind.PERCENT: ("women_ownership_pct", [("51", 51), ("0", 0), ("100", 100)], ["101", "-5", "50.5"]),
    Kind.CODE_SET: (
        "export_countries",
        [("ca, mx", frozenset({"CA", "MX"})), (["DE"], frozenset({"DE"})), ("", None)],
        ["CA, XX"],
    ),
    Kind.NAICS: ("naics_codes", [("541511, 541512", ("541511", "541512")), ("", None)], ["54151", "5415111", "abcdef"]),
    Kind.UEI: ("uei", [("abcdefghj123", "ABCDEFGHJ123")], ["ABC", "ABCDEFGHJ12-", "ABCDEFGHJ1234"]),
    Kind.CAGE: ("cage_code", [("1abc2", "1ABC2")], ["1234", "12-45"]),
    Kind.ZIP: ("zip", [("78701", "78701"), ("78701-1234", "78701-1234")], ["7870", "78701-12", "ABCDE"]),
    Kind.FIPS: ("fips_code", [("48453", "48453")], ["4845", "4845a"]),
    Kind.EMAIL: ("contact_email", [("ana@example.com", "ana@example.com")], ["ana@", "ana example.com", "@x.io"]),
    Kind.PHONE: (
        "contact_phone",
        [("(512) 555-0100", "(512) 555-0100"), ("+44 20 7946 0958", "+44 20 7946 0958")],
        ["555", "call me", "512-555-0100-5555-5555"],
    ),
    Kind.REFERENCE: ("counselor_id", [(str(UID), UID), (UID, UID), ("", None)], ["not-a-uuid"]),
}

ALLOWED = {"company_status": {"P", "S", "B"}, "country": {"CA", "MX", "DE"}}


def test_every_kind_in_the_catalog_has_cases() -> None:
    assert {f.kind for f in CLIENT_FIELDS} <= CASES.keys()


@pytest.mark.parametrize(
    ("kind", "raw", "stored"), [(k, raw, stored) for k, (_, ok, _) in CASES.items() for raw, stored in ok]
)
def test_accepted_values(kind: Kind, raw: Any, stored: Any) -> None:
    spec = FIELDS_BY_KEY[CASES[kind][0]]
    assert parse_value(spec, raw, ALLOWED.get(spec.picklist or "")) == stored


@pytest.mark.parametrize(("kind", "raw"), [(k, raw) for k, (_, _, bad) in CASES.items() for raw in bad])
def test_refused_values_name_the_field(kind: Kind, raw: Any) -> None:
    spec = FIELDS_BY_KEY[CASES[kind][0]]
    with pytest.raises(ValidationFailed) as info:
        validate_client(
            {spec.key: raw},
            {"name": "Acme", "client_type": "AC", "company_status": "P"},
            {"company_status": {"P", "S", "B"}, "country": {"CA", "MX", "DE"}, "client_type": {"AC"}},
            Settings(),
            TODAY,
        )
    problem = info.value.problems[0]
    assert problem.key == spec.key
    assert problem.message.startswith(spec.label)


def test_parse_value_raises_invalid_for_bad_money() -> None:
    with pytest.raises(Invalid, match="two decimals"):
        parse_value(FIELDS_BY_KEY["gross_sales"], "1.234")


BASE = {"name": "Acme", "client_type": "AC", "company_status": "P"}
CODES = {"company_status": {"P", "S", "B", "PC"}, "client_type": {"AC", "IC"}}


def test_in_business_requires_date_established() -> None:
    with pytest.raises(ValidationFailed) as info:
        validate_client({"company_status": "S"}, BASE, CODES, Settings(), TODAY)
    assert info.value.by_key().keys() == {"date_established"}
    changes, _ = validate_client(
        {"company_status": "S", "date_established": "2026-01-01"}, BASE, CODES, Settings(), TODAY
    )
    assert changes["date_established"] == date(2026, 1, 1)


def test_future_dates_are_refused_for_things_that_happened() -> None:
    with pytest.raises(ValidationFailed, match="future"):
        validate_client({"date_established": "2026-12-01"}, BASE, CODES, Settings(), TODAY)


def test_require_one_employee_setting() -> None:
    current = {**BASE, "company_status": "B", "date_established": date(2020, 1, 1)}
    validate_client({"full_time_employees": "0"}, current, CODES, Settings(), TODAY)
    with pytest.raises(ValidationFailed, match="at least one employee"):
        validate_client({"full_time_employees": "0"}, current, CODES, Settings(require_one_employee=True), TODAY)


def test_inactive_picklist_value_stays_valid_on_a_record_that_holds_it() -> None:
    current = {**BASE, "client_type": "OLD"}
    changes, _ = validate_client({"client_type": "OLD", "city": "Waco"}, current, CODES, Settings(), TODAY)
    assert changes["client_type"] == "OLD"
    with pytest.raises(ValidationFailed):
        validate_client({"client_type": "OLD"}, BASE, CODES, Settings(), TODAY)


def test_warnings_do_not_stop_the_save() -> None:
    current = {**BASE, "company_status": "B", "date_established": date(2020, 1, 1)}
    _, warnings = validate_client(
        {"full_time_employees": "1", "export_employees": "3", "international_trade": "Exporter"},
        current,
        {**CODES, "international_trade": {"Exporter"}},
        Settings(),
        TODAY,
    )
    assert any("Export-Related Employees (3)" in w for w in warnings)
    assert any("no Export Countries" in w for w in warnings)


def test_unknown_field_is_refused() -> None:
    with pytest.raises(ValidationFailed, match="not a client field"):
        validate_client({"colour": "red"}, BASE, CODES, Settings(), TODAY)


@pytest.mark.parametrize("raw", ["maybe", "2"])
def test_booleans_refuse_words_that_are_not_yes_or_no(raw: str) -> None:
    with pytest.raises(Invalid, match="yes or no"):
        parse_value(FIELDS_BY_KEY["verified_in_business"], raw)


@pytest.mark.parametrize("raw", ["1e3", "1E3", "Infinity", "12.5.1"])
def test_money_refuses_what_a_person_would_not_type(raw: str) -> None:
    with pytest.raises(Invalid):
        parse_value(FIELDS_BY_KEY["gross_sales"], raw)


def test_short_picklists_name_the_allowed_codes() -> None:
    with pytest.raises(Invalid, match=r"\(B, P, S\)"):
        parse_value(FIELDS_BY_KEY["company_status"], "Z", {"P", "S", "B"})


def test_every_kind_has_its_parser_in_the_table() -> None:
    from neodesk.catalog.field_rules import PARSERS

    assert set(PARSERS) == set(Kind)


@pytest.mark.parametrize(
    ("key", "raw", "message"),
    [
        ("name", " ", "is required (1 to 200 characters)."),
        ("online_business", "maybe", "enter yes or no."),
        ("date_established", "2026-02-30", "February 2026 has 28 days."),
        ("full_time_employees", "ten", "enter a whole number of 0 or more."),
        ("gross_sales", "12.345", "enter an amount with at most two decimals."),
        ("naics_codes", "54151", "54151 is not a 6-digit NAICS code; the first code is the primary one."),
        ("uei", "abc", "enter the 12 letters and digits of the SAM Unique Entity ID."),
        ("cage_code", "12", "enter the 5 letters and digits of the CAGE code."),
        ("zip", "1234", "enter 5 digits or ZIP+4 (12345 or 12345-6789)."),
        ("fips_code", "4845", "enter the 5-digit county FIPS code."),
        ("company_status", "ZZ", "'ZZ' is not one of the allowed values (B, P)."),
        ("contact_email", "nope", "enter an email address such as name@example.com."),
        ("contact_phone", "555", "enter a phone number such as (512) 555-0100."),
        ("counselor_id", "not-an-id", "choose a value from the list."),
    ],
)
def test_each_parser_refuses_in_its_own_words(key: str, raw: Any, message: str) -> None:
    """The sentences of the kinds' parsers, as counselors and the CLI read them (unchanged by the table)."""
    with pytest.raises(Invalid) as exc:
        parse_value(FIELDS_BY_KEY[key], raw, frozenset({"B", "P"}))  # the allowed codes, for the picklist
    assert str(exc.value) == message
