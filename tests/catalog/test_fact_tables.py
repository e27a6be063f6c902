"""The catalog's fact tables hold together (no spec needed: these run in an installed copy too).

The certification table names real fields, codes, dates and types; the value table real count and money
fields; every settings row's default passes its own rule; the new-client defaults are valid values.
"""

from __future__ import annotations

from dataclasses import fields

import pytest

from neodesk.catalog.certifications import (
    CERTIFICATION_DATE_FIELDS,
    CERTIFICATION_FIELDS,
    CERTIFICATIONS,
    SBA_OTHER,
    Certification,
    certified_codes,
    certified_types,
)
from neodesk.catalog.field_rules import parse_value
from neodesk.catalog.fields import CLIENT_FIELDS, FIELDS_BY_KEY, NEW_CLIENT_DEFAULTS, Kind
from neodesk.catalog.milestone_types import STANDARD_TYPES, TYPES_BY_CODE, VALUE_FIELDS, Carries, Category
from neodesk.catalog.picklists import PICKLISTS
from neodesk.catalog.settings import ADMINISTRATOR, SETTING_SPECS, Settings


@pytest.mark.parametrize("cert", CERTIFICATIONS, ids=lambda c: c.milestone_type)
def test_each_certification_row_names_real_things(cert: Certification) -> None:
    field = FIELDS_BY_KEY[cert.field]
    assert field.kind is Kind.PICKLIST
    assert cert.code in PICKLISTS[field.picklist or ""]
    assert FIELDS_BY_KEY[cert.date_field].kind is Kind.DATE
    assert TYPES_BY_CODE[cert.milestone_type].category is Category.CERTIFICATIONS
    assert (cert.sba_other is not None) == (cert.sba_value == SBA_OTHER)


def test_every_certification_type_has_one_row() -> None:
    types = [c.milestone_type for c in CERTIFICATIONS]
    assert sorted(types) == sorted(t.code for t in STANDARD_TYPES if t.category is Category.CERTIFICATIONS)
    assert len({(c.field, c.code) for c in CERTIFICATIONS}) == len(CERTIFICATIONS)  # one type per code


def test_one_date_field_per_certification_field_and_the_lookups_agree() -> None:
    for key in CERTIFICATION_FIELDS:
        rows = [c for c in CERTIFICATIONS if c.field == key]
        assert {c.date_field for c in rows} == {CERTIFICATION_DATE_FIELDS[key]}
        assert certified_types(key) == {c.code: c.milestone_type for c in rows}
        assert certified_codes(key) == {c.milestone_type: c.code for c in rows}
    # In the client's field order (domain.md): the report header lists them so.
    order = [f.key for f in CLIENT_FIELDS]
    assert list(CERTIFICATION_FIELDS) == sorted(CERTIFICATION_FIELDS, key=order.index)


def test_value_fields_are_count_and_money_fields_of_value_types() -> None:
    assert VALUE_FIELDS  # staff, sales, profits, exports, bonding
    for code, value in VALUE_FIELDS.items():
        t = TYPES_BY_CODE[code]
        assert t.carries in (Carries.COUNT, Carries.MONEY, Carries.SIGNED_MONEY)
        kind = FIELDS_BY_KEY[value.field].kind
        assert kind.value == t.carries.value, code  # a count type fills a count field, money money
        if value.date_field is not None:
            assert FIELDS_BY_KEY[value.date_field].kind is Kind.DATE
    assert len({v.field for v in VALUE_FIELDS.values()}) == len(VALUE_FIELDS)


def test_new_client_defaults_are_valid_values() -> None:
    assert set(NEW_CLIENT_DEFAULTS) == {"client_type", "company_status", "active"}
    for key, value in NEW_CLIENT_DEFAULTS.items():
        spec = FIELDS_BY_KEY[key]
        allowed = set(PICKLISTS[spec.picklist]) if spec.picklist else None
        assert parse_value(spec, value, allowed) == value, key


@pytest.mark.parametrize("key", list(SETTING_SPECS))
def test_each_setting_default_passes_its_own_rule(key: str) -> None:
    spec = SETTING_SPECS[key]
    assert spec.kind in (bool, int, str)
    assert spec.label
    assert spec.changed_by == ADMINISTRATOR
    if spec.kind is int:
        assert spec.low <= int(spec.default) <= spec.high
    if spec.kind is str:
        assert spec.check is not None  # text settings are checked
        assert spec.check(str(spec.default)) is None
        assert spec.hint


def test_settings_class_and_table_are_the_same_rows() -> None:
    defaults = Settings()
    assert [f.name for f in fields(Settings)] == list(SETTING_SPECS)
    assert all(getattr(defaults, key) == spec.default for key, spec in SETTING_SPECS.items())
