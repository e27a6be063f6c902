"""One Nexus record from hand-made facts: the figures-at-a-date rule, certifications, impacts, the
values the record carries, and text and formats made to fit the schema."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import xmlschema

from neodesk.catalog import nexus as catalog_nexus
from neodesk.exchange.nexus_figures import (
    MilestoneFact,
    business_start_date,
    certifications_at,
    in_business_at,
    value_at,
)
from neodesk.exchange.nexus_records import ClientFacts, SessionFacts, build_record

XSD_PATH = Path(__file__).parents[3] / "shared" / "nexus" / catalog_nexus.XSD_FILE
D = date.fromisoformat


def client_row(**changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": uuid.uuid4(),
        "client_no": 42,
        "name": "Harbor Light Bakery",
        "client_type": "AC",
        "company_status": "B",
        "initial_status": "B",
        "date_established": D("2015-04-01"),
        "business_start_impact_date": None,
        "verified_in_business": True,
        "full_time_employees": 6,
        "part_time_employees": 2,
        "export_employees": 1,
        "gross_sales": Decimal("480000.00"),
        "profits": Decimal("-1250.50"),
        "export_sales": Decimal("15000.00"),
        "international_trade": "Exporter",
        "export_countries": frozenset({"CA", "MX"}),
        "organization": "Limited Liability Co.",
        "ownership_gender": "W",
        "gender_certification_date": D("2024-06-01"),
        "women_ownership_pct": 100,
        "veteran_status": "NA",
        "veteran_verification_date": None,
        "disadvantage_status": "DBE",
        "sdb_certification_date": None,
        "hubzone": "N",
        "hubzone_certification_date": None,
        "street": "12 Wharf St",
        "city": "Portland",
        "state": "ME",
        "zip": "04101-2233",
        "contact_first_name": "Ana",
        "contact_last_name": "Silva",
        "contact_email": "ana@harborlight.example",
        "contact_phone": "+1 (207) 555-0142",
        "business_type": "Retail Trade",
        "online_business": True,
        "employee_owned": False,
        "rural_urban": "Urban",
        "fips_code": "23005",
        "survey_agreement": True,
        "signature_on_file": True,
        "signature_date": D("2024-02-01"),
        "race": frozenset({"White", "Asian"}),
        "ethnicity": "Hispanic or Latino",
        "sex": "Female",
        "disability": "No",
        "military_status": "No military service",
        "branch_of_service": None,
        "media": "SBDC",
        "created_at": datetime(2024, 2, 1, 15, 0, tzinfo=UTC),
    }
    row.update(changes)
    return row


def counseling_session(**changes: Any) -> SessionFacts:
    values: dict[str, Any] = {
        "id": uuid.UUID("0123456789abcdef0123456789abcdef"),
        "date": D("2025-03-10"),
        "session_type": "Follow-up",
        "contact_type": "VC",
        "counseling_area": "Cash Flow Management",
        "contact_minutes": 50,
        "prep_minutes": 20,
        "travel_minutes": 0,
        "counselor_names": ("Maria Delgado", "Zed Young"),
        "funding_codes": ("SBDC", "SP2024"),
    }
    values.update(changes)
    return SessionFacts(**values)


def ms(
    code: str, day: str, amount: str | None = None, initial: str | None = None, reportable: bool = True
) -> MilestoneFact:
    return MilestoneFact(
        code,
        D(day),
        None if amount is None else Decimal(amount),
        None if initial is None else Decimal(initial),
        reportable,
    )


@pytest.fixture(scope="module")
def schema() -> xmlschema.XMLSchema:
    if not XSD_PATH.is_file():
        pytest.skip(f"SBA counseling schema not found at {XSD_PATH} (shared/ must sit beside the repo)")
    return xmlschema.XMLSchema(str(XSD_PATH))


def validate(schema: xmlschema.XMLSchema, record: ET.Element) -> None:
    root = ET.Element("CounselingInformation")
    root.append(record)
    schema.validate(root)


def text(record: ET.Element, path: str) -> str | None:
    found = record.find(path)
    return None if found is None else found.text


# -- figures at a date -----------------------------------------------------------------------------------


SALES = [
    ms("change_in_sales", "2024-05-01", "500000", "480000"),
    ms("change_in_sales", "2025-01-15", "650000", "500000"),
]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2024-04-30", "480000"),  # before any milestone: the first one's initial amount
        ("2024-05-01", "500000"),  # on a milestone's date: its new total
        ("2024-12-31", "500000"),
        ("2025-01-15", "650000"),
        ("2026-01-01", "650000"),  # after the last one: its new total, whatever the client says now
    ],
)
def test_value_at_follows_the_milestones(day: str, expected: str) -> None:
    client = client_row(gross_sales=Decimal("700000"))
    assert value_at(client, SALES, "gross_sales", D(day)) == Decimal(expected)


def test_value_at_without_milestones_is_the_current_value() -> None:
    assert value_at(client_row(), [], "full_time_employees", D("2020-01-01")) == 6
    assert value_at(client_row(gross_sales=None), [], "gross_sales", D("2020-01-01")) is None


def test_in_business_at() -> None:
    assert in_business_at(client_row(), [], D("2015-04-01"))
    assert not in_business_at(client_row(), [], D("2015-03-31"))
    assert not in_business_at(client_row(company_status="P", date_established=None), [], D("2025-01-01"))
    closed = client_row(company_status="PC")
    history = [ms("permanently_closed", "2025-02-01")]
    assert in_business_at(closed, history, D("2025-01-31"))
    assert not in_business_at(closed, history, D("2025-02-01"))
    assert not in_business_at(closed, [], D("2025-01-31"))  # closed, and we cannot tell since when


def test_certifications_at() -> None:
    client = client_row()
    names = [c.schema.value for c in certifications_at(client, [], D("2024-05-31"))]
    assert names == ["Other"]  # DBE (undated); WOSB only from its certification date
    names = [c.schema.value for c in certifications_at(client, [ms("cert_8a", "2024-03-01")], D("2024-06-01"))]
    assert names == ["8(a)", "Women-Owned Small Business", "Other"]


def test_business_start_date() -> None:
    assert business_start_date(client_row(business_start_impact_date=D("2024-09-01")), []) == D("2024-09-01")
    history = [ms("business_start_impact", "2024-09-01", reportable=False)]
    assert business_start_date(client_row(business_start_impact_date=D("2024-09-01")), history) is None
    history = [ms("business_start_impact", "2024-08-01"), ms("business_start_impact", "2024-09-01")]
    assert business_start_date(client_row(), history) == D("2024-08-01")


# -- the record ------------------------------------------------------------------------------------------


def test_a_complete_record(schema: xmlschema.XMLSchema) -> None:
    history = [
        *SALES,
        ms("change_in_full_time_staff", "2024-10-01", "9", "6"),
        ms("business_start_impact", "2024-11-05"),
    ]
    outcome = build_record(ClientFacts(client_row(), "EAST", history, center_location=123), counseling_session())
    assert outcome.reasons == []
    assert outcome.element is not None
    record = outcome.element
    validate(schema, record)
    expected = {
        "PartnerClientNumber": "42",
        "Location/LocationCode": "123",
        "ClientRequest/ClientNamePart1/Last": "Silva",
        "ClientRequest/Email": "ana@harborlight.example",
        "ClientRequest/PhonePart1/Primary": "2075550142",
        "ClientRequest/AddressPart1/State": "Maine",
        "ClientRequest/AddressPart1/ZipCode": "04101",
        "ClientRequest/AddressPart1/Zip4Code": "2233",
        "ClientRequest/AddressPart1/Country/Code": "United States",
        "ClientIntake/CurrentlyInBusiness": "Yes",
        "ClientIntake/TotalNumberOfEmployees": "8",  # at intake (2024-02-01): 6 FT + 2 PT
        "ClientIntake/ClientAnnualIncomePart2/GrossRevenues": "480000.00",
        "ClientIntake/LegalEntity/Code": "LLC",
        "ClientIntake/Media/Code": "SBDC",
        "CounselorRecord/PartnerSessionNumber": "0123456789abcdef0123",
        "CounselorRecord/FundingSource": "2024 SBDC Supplemental Program - SP2024",
        "CounselorRecord/VerifiedToBeInBusiness": "Yes",
        "CounselorRecord/ReportableImpact": "Yes",
        "CounselorRecord/DateOfReportableImpact": "2024-11-05",
        "CounselorRecord/TotalNumberOfEmployees": "11",  # at the session: 9 FT + 2 PT
        "CounselorRecord/ClientAnnualIncomePart3/GrossRevenues": "650000.00",
        "CounselorRecord/ClientAnnualIncomePart3/ProfitLoss": "-1250.50",
        "CounselorRecord/CounselingProvided/Code": "Business Financial/Cash Flow",
        "CounselorRecord/SessionType": "Online",
        "CounselorRecord/DateCounseled": "2025-03-10",
        "CounselorRecord/CounselorName": "Maria Delgado",
        "CounselorRecord/CounselingHours/Contact": "0.83",
        "CounselorRecord/CounselingHours/Prepare": "0.33",
        "CounselorRecord/Certifications/Other": "DBE",
    }
    assert {path: text(record, path) for path in expected} == expected
    assert [e.text for e in record.iterfind("ClientIntake/Race/Code")] == ["Asian", "White"]
    assert [e.text for e in record.iterfind("CounselorRecord/Certifications/Code")] == [
        "Women-Owned Small Business",
        "Other",
    ]
    assert [e.text for e in record.iterfind("CounselorRecord/ExportCountries/Code")] == ["Canada", "Mexico"]


def test_before_the_impact_and_for_a_pre_venture(schema: xmlschema.XMLSchema) -> None:
    client = client_row(
        company_status="P",
        initial_status="P",
        date_established=None,
        full_time_employees=None,
        part_time_employees=None,
        export_employees=None,
        gross_sales=None,
        profits=None,
        export_sales=None,
        export_countries=None,
        business_start_impact_date=D("2026-01-01"),
        organization="Unknown",
        ownership_gender="-",
        disadvantage_status="NA",
    )
    outcome = build_record(
        ClientFacts(client, "EAST", center_location=123),
        counseling_session(session_type="Administrative", funding_codes=()),
    )
    assert outcome.element is not None, outcome.reasons
    record = outcome.element
    validate(schema, record)
    assert text(record, "ClientIntake/CurrentlyInBusiness") == "No"
    assert text(record, "CounselorRecord/VerifiedToBeInBusiness") == "No"
    assert text(record, "CounselorRecord/ReportableImpact") == "No"
    assert text(record, "CounselorRecord/SessionType") == "Update Only"
    for absent in (
        "CounselorRecord/DateOfReportableImpact",
        "CounselorRecord/FundingSource",
        "CounselorRecord/ClientAnnualIncomePart3",
        "CounselorRecord/Certifications",
        "ClientIntake/LegalEntity",
        "CounselorRecord/ExportCountries",
    ):
        assert record.find(absent) is None, absent


def test_text_is_cut_to_fit_and_bad_formats_are_left_out(schema: xmlschema.XMLSchema) -> None:
    client = client_row(
        name="N" * 150,
        contact_first_name="F" * 60,
        contact_email="ana+news@harborlight.example",
        contact_phone="555-0142",
        zip="ABCDE",
        street="S" * 120,
        media="Prefer not to say",
        sex="Prefer not to say",
        race=frozenset({"Prefer not to say"}),
    )
    outcome = build_record(
        ClientFacts(client, "EAST", center_location=123),
        counseling_session(counseling_area="Risk Management", counselor_names=("C" * 90,), contact_minutes=0),
    )
    assert outcome.element is not None, outcome.reasons
    record = outcome.element
    validate(schema, record)
    assert text(record, "ClientIntake/CompanyName") == "N" * 80
    assert text(record, "ClientRequest/ClientNamePart1/First") == "F" * 40
    assert text(record, "CounselorRecord/CounselorName") == "C" * 80
    assert text(record, "CounselorRecord/CounselingProvided/Code") == "Other"
    assert text(record, "CounselorRecord/CounselingProvided/Other") == "Risk Management"
    assert text(record, "CounselorRecord/SessionType") == "Prepare Only"
    assert text(record, "ClientIntake/Race/Code") == "Prefer not to say"
    for absent in (
        "ClientRequest/Email",
        "ClientRequest/PhonePart1",
        "ClientRequest/AddressPart1/ZipCode",
        "ClientIntake/Media",
        "ClientIntake/Sex",
    ):
        assert record.find(absent) is None, absent


def test_values_out_of_the_schemas_range_leave_the_record_out() -> None:
    client = client_row(gross_sales=Decimal("1000000000.01"))
    outcome = build_record(
        ClientFacts(client, "EAST", center_location=123), counseling_session(date=D("2023-09-30"), contact_type="XX")
    )
    assert outcome.element is None
    assert outcome.reasons == [
        "dated before 2023-10-01, the first day Nexus takes",
        "gross sales at intake (1000000000.01) are outside the schema's 0 to 1,000,000,000",
        "the contact type 'XX' has no Nexus session type",
    ]


def test_a_numeric_center_code_is_not_taken_as_the_location() -> None:
    outcome = build_record(ClientFacts(client_row(), "123"), counseling_session())
    assert outcome.element is None
    assert (
        "the client's center '123' has no SBA location code (an administrator sets it in Admin ▸ Centers)"
        in outcome.reasons
    )
