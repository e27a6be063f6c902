"""The schema picklists of neodesk.catalog.nexus agree with the SBA counseling upload XSD in shared/."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from neodesk.catalog import nexus
from neodesk.catalog.nexus import (
    ADDED_PREFER_NOT_TO_SAY,
    NEXUS_PICKLISTS,
    PREFER_NOT_TO_SAY,
    US_STATE_CODES,
    schema_value,
)
from neodesk.catalog.picklists import PICKLISTS

XSD_PATH = Path(__file__).parents[3] / "shared" / "nexus" / nexus.XSD_FILE
XS = "{http://www.w3.org/2001/XMLSchema}"
ISO_3166_JSON = Path("/usr/share/iso-codes/json/iso_3166-1.json")  # Debian's iso-codes, when installed

# Picklist -> the (unique, non-commented) xs:element whose anonymous simple type enumerates its codes.
CODE_ELEMENTS = {
    "business_type": "BusinessType",
    "race": "Race",
    "ethnicity": "Ethnicity",
    "sex": "Sex",
    "disability": "Disability",
    "military_status": "MilitaryStatus",
    "branch_of_service": "BranchOfService",
    "media": "Media",
}
INTAKE = ("race", "ethnicity", "sex", "disability", "military_status", "branch_of_service", "media")

# Plausible sizes (inclusive); the schema's lists change rarely and by a few values.
SIZES = {
    "business_type": (15, 30),
    "state": (50, 70),
    "country": (200, 260),
    "race": (5, 15),
    "ethnicity": (3, 5),
    "sex": (3, 5),
    "disability": (3, 5),
    "military_status": (5, 12),
    "branch_of_service": (5, 10),
    "media": (10, 30),
}


@pytest.fixture(scope="module")
def xsd_path() -> Path:
    if not XSD_PATH.is_file():
        pytest.skip(f"SBA counseling schema not found at {XSD_PATH} (shared/ must sit beside the repo)")
    return XSD_PATH


@pytest.fixture(scope="module")
def xsd(xsd_path: Path) -> ET.Element:
    return ET.parse(xsd_path).getroot()


def _enumeration(node: ET.Element) -> list[str]:
    return [e.get("value", "") for e in node.iter(f"{XS}enumeration")]


def element_enum(root: ET.Element, name: str) -> list[str]:
    """Enumeration values under the only active xs:element named ``name`` (comments are not parsed)."""
    found = [e for e in root.iter(f"{XS}element") if e.get("name") == name]
    assert len(found) == 1, f"expected one xs:element {name!r} in the schema, found {len(found)}"
    values = _enumeration(found[0])
    assert values, f"xs:element {name!r} has no enumeration"
    return values


def complex_type_enum(root: ET.Element, name: str) -> list[str]:
    found = [t for t in root.findall(f"{XS}complexType") if t.get("name") == name]
    assert len(found) == 1, f"expected one xs:complexType {name!r}, found {len(found)}"
    return _enumeration(found[0])


@pytest.mark.parametrize("picklist", sorted(CODE_ELEMENTS))
def test_codes_are_schema_values(xsd: ET.Element, picklist: str) -> None:
    schema = set(element_enum(xsd, CODE_ELEMENTS[picklist])) - {""}
    codes = set(NEXUS_PICKLISTS[picklist])
    added = {PREFER_NOT_TO_SAY} if picklist in ADDED_PREFER_NOT_TO_SAY else set()
    assert codes - added <= schema, f"{picklist}: not in the schema: {sorted(codes - added - schema)}"
    assert schema <= codes, f"{picklist}: schema values missing from the picklist: {sorted(schema - codes)}"
    # Only the values the schema lacks are declared as added.
    assert not (added & schema)


@pytest.mark.parametrize("picklist", INTAKE)
def test_intake_lists_offer_prefer_not_to_say(picklist: str) -> None:
    assert PREFER_NOT_TO_SAY in NEXUS_PICKLISTS[picklist]


def test_states_are_the_schema_state_list(xsd: ET.Element) -> None:
    states = NEXUS_PICKLISTS["state"]
    schema = element_enum(xsd, "State")
    assert sorted(states.values()) == sorted(schema)  # every schema value once, nothing else
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code in states)
    assert frozenset(states) == US_STATE_CODES
    expected = {"CA": "California", "DC": "District of Columbia", "PR": "Puerto Rico", "WY": "Wyoming"}
    assert expected.items() <= states.items()


def test_state_codes_match_the_schemas_former_code_list(xsd_path: Path) -> None:
    """The XSD keeps its former USPS-code State list as a comment: our codes must agree with it."""
    parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
    root = ET.parse(xsd_path, parser).getroot()
    comments = [c.text or "" for c in root.iter(ET.Comment) if "State Code" in (c.text or "")]
    assert len(comments) == 1
    former = set(re.findall(r'<xs:enumeration value="([A-Z]{2})"/>', comments[0]))
    assert len(former) == 59
    # The current list added the Armed Forces codes and the Minor Outlying Islands.
    assert former == US_STATE_CODES - {"AA", "AE", "AP", "UM"}


def test_countries_are_the_schema_country_list(xsd: ET.Element) -> None:
    countries = NEXUS_PICKLISTS["country"]
    country_list = complex_type_enum(xsd, "CountryList")
    export_list = complex_type_enum(xsd, "ExportCountryList")
    assert sorted(countries.values()) == sorted(country_list)
    assert set(export_list) - set(countries.values()) == {"Other"}
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code in countries)
    assert {
        "US": "United States",
        "GB": "United Kingdom",
        "DE": "Germany",
        "CH": "Switzerland",
        "KR": "Korea, Republic of",
        "CD": "Congo, the Democratic Republic of the",
    }.items() <= countries.items()


def test_country_codes_are_iso_3166_alpha_2() -> None:
    if not ISO_3166_JSON.is_file():
        pytest.skip(f"{ISO_3166_JSON} not installed (Debian package iso-codes)")
    iso = {c["alpha_2"] for c in json.loads(ISO_3166_JSON.read_text(encoding="utf-8"))["3166-1"]}
    assert set(NEXUS_PICKLISTS["country"]) - iso == {"XK"}  # Kosovo: user-assigned, as in Salesforce


@pytest.mark.parametrize("picklist", sorted(SIZES))
def test_sizes_are_plausible(picklist: str) -> None:
    low, high = SIZES[picklist]
    values = NEXUS_PICKLISTS[picklist]
    assert low <= len(values) <= high
    assert all(code and label for code, label in values.items())


def test_picklists_include_the_schema_lists() -> None:
    assert set(SIZES) == set(NEXUS_PICKLISTS)
    for name, values in NEXUS_PICKLISTS.items():
        assert PICKLISTS[name] == values


def test_schema_value() -> None:
    assert schema_value("state", "VI") == "U.S. Virgin Islands"
    assert schema_value("country", "CI") == "Cote d’Ivoire"
    assert schema_value("media", "SBDC") == "SBDC"
    assert schema_value("race", PREFER_NOT_TO_SAY) == PREFER_NOT_TO_SAY
    assert schema_value("sex", PREFER_NOT_TO_SAY) is None
    assert schema_value("media", PREFER_NOT_TO_SAY) is None
    with pytest.raises(KeyError):
        schema_value("state", "ZZ")
