"""The Nexus mapping tables cover our picklists and map to values the SBA schema enumerates.

The schema is read in place (shared/nexus/, beside the repository); tests needing it skip when absent.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest

from neodesk.catalog import nexus as catalog_nexus
from neodesk.catalog.milestone_types import STANDARD_TYPES
from neodesk.catalog.picklists import PICKLISTS
from neodesk.exchange import nexus_codes as codes

XSD_PATH = Path(__file__).parents[3] / "shared" / "nexus" / catalog_nexus.XSD_FILE
XS = "{http://www.w3.org/2001/XMLSchema}"
MILESTONE_TYPES = {spec.code for spec in STANDARD_TYPES}


@pytest.fixture(scope="module")
def xsd() -> ET.Element:
    if not XSD_PATH.is_file():
        pytest.skip(f"SBA counseling schema not found at {XSD_PATH} (shared/ must sit beside the repo)")
    return ET.parse(XSD_PATH).getroot()  # comments (the schema's former lists) are not parsed


def elements(root: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in root.iter(f"{XS}element") if e.get("name") == name]


def element(root: ET.Element, name: str) -> ET.Element:
    found = elements(root, name)
    assert len(found) == 1, f"expected one xs:element {name!r}, found {len(found)}"
    return found[0]


def enumeration(node: ET.Element) -> set[str]:
    values = {e.get("value", "") for e in node.iter(f"{XS}enumeration")}
    assert values, "no enumeration found"
    return values


def simple_type(root: ET.Element, name: str) -> ET.Element:
    found = [t for t in root.findall(f"{XS}simpleType") if t.get("name") == name]
    assert len(found) == 1
    return found[0]


def facet(node: ET.Element, kind: str) -> str:
    found = {e.get("value", "") for e in node.iter(f"{XS}{kind}")}
    assert len(found) == 1, f"expected one {kind} facet, found {found}"
    return found.pop()


# -- mappings: complete over our codes, onto the schema's values ---------------------------------------------


@pytest.mark.parametrize("element_name", ["CounselingProvided", "CounselingSeeking"])
def test_every_counseling_area_maps_to_a_schema_value(xsd: ET.Element, element_name: str) -> None:
    assert set(codes.COUNSELING_AREAS) == set(PICKLISTS["counseling_area"])
    allowed = enumeration(element(xsd, element_name))
    for area, coded in codes.COUNSELING_AREAS.items():
        assert coded.value in allowed, f"{area!r} maps to {coded.value!r}, not a {element_name} value"
        assert coded.other is None or (coded.value == "Other" and len(coded.other) <= 255)


def test_every_contact_type_maps_to_a_session_type(xsd: ET.Element) -> None:
    assert set(codes.SESSION_TYPES) == set(PICKLISTS["contact_type"])
    allowed = enumeration(element(xsd, "SessionType"))
    used = {*codes.SESSION_TYPES.values(), codes.SESSION_TYPE_ADMINISTRATIVE, codes.SESSION_TYPE_NO_CONTACT}
    assert used <= allowed


def test_every_company_status_maps_to_currently_in_business(xsd: ET.Element) -> None:
    assert set(codes.CURRENTLY_IN_BUSINESS) == set(PICKLISTS["company_status"])
    assert set(codes.CURRENTLY_IN_BUSINESS.values()) <= enumeration(simple_type(xsd, "YesNoUndeterminedType"))
    assert {codes.YES, codes.NO} == enumeration(simple_type(xsd, "YesNoType"))


def test_every_organization_maps_to_a_legal_entity(xsd: ET.Element) -> None:
    assert set(codes.LEGAL_ENTITIES) == set(PICKLISTS["organization"])
    legal = element(xsd, "LegalEntity")
    allowed = enumeration(legal)
    other_max = int(facet(simple_type(xsd, "String80Type"), "maxLength"))
    for organization, coded in codes.LEGAL_ENTITIES.items():
        if coded is None:
            continue
        assert coded.value in allowed, organization
        assert coded.other is None or len(coded.other) <= other_max


def test_funding_sources_are_the_schema_list(xsd: ET.Element) -> None:
    allowed = enumeration(element(xsd, "FundingSource"))
    assert set(codes.FUNDING_SOURCES.values()) == allowed  # every schema value reachable, nothing else
    for code, value in codes.FUNDING_SOURCES.items():
        assert re.split(r"\s[–-]\s", value)[-1] == code  # keyed by the program code the value ends with
        assert len(code) <= 40  # fits FundingSource.code


def test_certifications_cover_every_certification_code(xsd: ET.Element) -> None:
    allowed = enumeration(element(xsd, "Certifications"))
    for picklist, not_certs in codes.NOT_CERTIFICATIONS.items():
        certs = {c.code for c in codes.CERTIFICATIONS if c.field == picklist}
        assert not certs & not_certs
        assert certs | not_certs == set(PICKLISTS[picklist]), picklist
    for cert in codes.CERTIFICATIONS:
        assert cert.schema.value in allowed
        assert cert.milestone_type in MILESTONE_TYPES
        assert cert.date_field.endswith("_date")
    # Every schema certification but the catch-all is reachable from our codes.
    assert {c.schema.value for c in codes.CERTIFICATIONS} == allowed


def test_history_milestone_types_exist() -> None:
    assert set(codes.FIGURE_MILESTONES.values()) <= MILESTONE_TYPES
    assert codes.CLOSURE_MILESTONES <= MILESTONE_TYPES
    assert codes.BUSINESS_START_IMPACT in MILESTONE_TYPES
    assert set(PICKLISTS["company_status"]) > codes.CLOSED_STATUSES


def test_us_country_value_is_in_the_country_list(xsd: ET.Element) -> None:
    country_list = next(t for t in xsd.findall(f"{XS}complexType") if t.get("name") == "CountryList")
    assert catalog_nexus.COUNTRIES["US"] in enumeration(country_list)


# -- the schema facts the exporter relies on without the schema ------------------------------------------------

STRING_TYPES = {
    "PartnerClientNumber": "String20Type",
    "PartnerSessionNumber": "String20Type",
    "CompanyName": "String80Type",
    "CounselorName": "String80Type",
}


def test_text_lengths_match_the_schema(xsd: ET.Element) -> None:
    for name, type_name in STRING_TYPES.items():
        assert element(xsd, name).get("type") == type_name
        assert codes.MAX_LENGTH[name] == int(facet(simple_type(xsd, type_name), "maxLength"))
    for name in ("Last", "First", "Street1", "City"):
        assert codes.MAX_LENGTH[name] == int(facet(element(xsd, name), "maxLength")), name
    for parent in ("LegalEntity", "Media"):
        other = [e for e in element(xsd, parent).iter(f"{XS}element") if e.get("name") == "Other"]
        assert other[0].get("type") == "String80Type"
    assert codes.MAX_LENGTH["Other"] == 80


def test_patterns_match_the_schema(xsd: ET.Element) -> None:
    assert facet(simple_type(xsd, "EmailType"), "pattern") == codes.EMAIL_PATTERN
    assert facet(simple_type(xsd, "PhoneType"), "pattern") == codes.PHONE_PATTERN
    assert facet(element(xsd, "ZipCode"), "pattern") == codes.ZIP_PATTERN
    assert facet(element(xsd, "Zip4Code"), "pattern") == codes.ZIP4_PATTERN
    assert facet(element(xsd, "FIPS_Code"), "pattern") == codes.FIPS_PATTERN


def test_ranges_match_the_schema(xsd: ET.Element) -> None:
    location = element(xsd, "LocationCode")
    assert (int(facet(location, "minInclusive")), int(facet(location, "maxInclusive"))) == codes.LOCATION_CODE_RANGE
    part2 = element(xsd, "ClientAnnualIncomePart2")
    for name in ("GrossRevenues", "ExportGrossRevenuesOrSales"):
        node = next(e for e in part2.iter(f"{XS}element") if e.get("name") == name)
        assert (Decimal(facet(node, "minInclusive")), Decimal(facet(node, "maxInclusive"))) == codes.PART2_MONEY_RANGE
    profit = next(e for e in part2.iter(f"{XS}element") if e.get("name") == "ProfitLoss")
    assert Decimal(facet(profit, "maxInclusive")) == codes.PART2_PROFIT_MAX
    assert int(facet(simple_type(xsd, "PositiveSmallIntegerType"), "maxInclusive")) == codes.SMALL_INTEGER_MAX
    assert Decimal(facet(simple_type(xsd, "HourType"), "maxInclusive")) == codes.HOURS_MAX
    export_list = next(t for t in xsd.findall(f"{XS}complexType") if t.get("name") == "ExportCountryList")
    assert int(export_list.find(f".//{XS}element").get("maxOccurs", "0")) == codes.EXPORT_COUNTRIES_MAX


def test_root_and_record_elements(xsd: ET.Element) -> None:
    roots = [e.get("name") for e in xsd.findall(f"{XS}element")]
    assert roots == [codes.ROOT]
    assert element(xsd, codes.RECORD).get("type") == "CounselingInformationType"


def test_first_counseling_date_is_the_schemas() -> None:
    if not XSD_PATH.is_file():
        pytest.skip(f"SBA counseling schema not found at {XSD_PATH}")
    log = XSD_PATH.read_text(encoding="utf-8")
    assert f"date cannot be before {codes.FIRST_COUNSELING_DATE.isoformat()}" in log
