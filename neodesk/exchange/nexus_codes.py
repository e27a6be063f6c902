"""What the SBA counseling upload (Nexus, Form 641 XML) accepts, and how our codes map to it: tables.

Source: ``shared/nexus/SBA_NEXUS_Counseling-2-14.xsd``, read in place and never shipped. Since the
exporter cannot count on the schema being at hand on a counselor's machine, every restriction it
relies on is written down here (``tests/exchange/test_nexus_codes.py`` checks each table against the
XSD: values it enumerates, lengths, patterns and ranges). The intake answers, states, countries and
business types map through ``neodesk.catalog.nexus``, whose codes are the schema's values already.

Each mapping has one row per code of our picklist; a value ``None`` means "leave the element out".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from neodesk.catalog import certifications as catalog_certifications
from neodesk.catalog import nexus as catalog_nexus
from neodesk.catalog.milestone_types import VALUE_TYPE_BY_FIELD

# -- facts of the schema ----------------------------------------------------------------------------

ROOT = "CounselingInformation"
RECORD = "CounselingRecord"

# Change 125 of the schema's log: Nexus takes no counseling dated before this day.
FIRST_COUNSELING_DATE = date(2023, 10, 1)

# xs:maxLength of the text elements we fill (String20Type, String80Type, PersonType …).
MAX_LENGTH: dict[str, int] = {
    "PartnerClientNumber": 20,  # String20Type
    "PartnerSessionNumber": 20,  # String20Type
    "Last": 40,  # PersonType
    "First": 40,
    "Street1": 80,  # AddressType
    "City": 80,
    "CompanyName": 80,  # String80Type
    "CounselorName": 80,
    "Other": 80,  # LegalEntity/Other and Media/Other (String80Type); the others allow 255
}

# Patterns of the simple types we fill, exactly as the XSD spells them (XSD patterns are anchored).
EMAIL_PATTERN = r"([\.a-zA-Z0-9_-])+@([a-zA-Z0-9_-])+(([a-zA-Z0-9_-])*\.([a-zA-Z0-9_-])+)+"  # EmailType
PHONE_PATTERN = r"[0-9]{10}"  # PhoneType
ZIP_PATTERN = r"\d{5}"  # AddressType/ZipCode
ZIP4_PATTERN = r"\d{4}"  # AddressType/Zip4Code
FIPS_PATTERN = r"\d{5}"  # ClientIntake/FIPS_Code
EMAIL_RE = re.compile(EMAIL_PATTERN)
PHONE_RE = re.compile(PHONE_PATTERN)

# Inclusive ranges of the numbers we fill.
LOCATION_CODE_RANGE = catalog_nexus.LOCATION_CODE_RANGE  # Location/LocationCode
PART2_MONEY_RANGE = (Decimal(0), Decimal(1_000_000_000))  # GrossRevenues, ExportGrossRevenuesOrSales (Part 2)
PART2_PROFIT_MAX = Decimal(1_000_000_000)  # ProfitLoss (Part 2); its minimum is far below any real loss
SMALL_INTEGER_MAX = 32_767  # PositiveSmallIntegerType (Part 3 employee counts)
HOURS_MAX = Decimal("9999.99")  # HourType
EXPORT_COUNTRIES_MAX = 100  # ExportCountryList/Code maxOccurs

YES, NO, UNDETERMINED = "Yes", "No", "Undetermined"

# -- our codes -> the schema's values -----------------------------------------------------------------

# Company status at intake (Client.initial_status) -> ClientIntake/CurrentlyInBusiness (YesNoUndeterminedType).
CURRENTLY_IN_BUSINESS: dict[str, str] = {
    "?": UNDETERMINED,
    "P": NO,
    "S": YES,
    "B": YES,
    "TC": NO,
    "PC": NO,
    "SOLD": NO,
}

# Session contact type -> CounselorRecord/SessionType. An Administrative session is "Update Only"
# and a session without contact time "Prepare Only" (SESSION_TYPE_* below), whatever its contact type.
SESSION_TYPES: dict[str, str] = {
    "ON": "Face-to-face",  # Center Site
    "AT": "Face-to-face",  # Client Site
    "EM": "Online",  # Online (email/chat)
    "PH": "Telephone",
    "VC": "Online",  # Video-conferencing
}
SESSION_TYPE_ADMINISTRATIVE = "Update Only"
SESSION_TYPE_NO_CONTACT = "Prepare Only"


@dataclass(frozen=True, slots=True)
class Coded:
    """A schema enumeration value, with the text for its companion ``Other`` element when it is "Other"."""

    value: str
    other: str | None = None


def _other(text: str) -> Coded:
    return Coded("Other", text)


# Counseling area (domain.md) -> CounselingProvided (and CounselingSeeking): the schema's list is
# shorter; areas without a counterpart go as "Other" with our area as the text.
COUNSELING_AREAS: dict[str, Coded] = {
    "Business Accounting/Budget": Coded("Business Accounting/Budget"),
    "Business Plan": Coded("Business Plan"),
    "Buy/Sell Business": Coded("Buy/Sell Business"),
    "Cash Flow Management": Coded("Business Financial/Cash Flow"),
    "Credit Counseling or Financial Literacy": Coded("Credit Counseling"),
    "Customer Relations": Coded("Customer Relations"),
    "Cybersecurity Assistance": Coded("Cyber Security/Cyber Awareness"),
    "Disaster Planning/Recovery": Coded("Disaster Planning/Recovery"),
    "eCommerce": Coded("eCommerce"),
    "Engineering R&D": _other("Engineering R&D"),
    "Financing/Capital": Coded("Business Financing/Capital Sources"),
    "Franchising": Coded("Franchising"),
    "Government Contracting": Coded("Government Contracting"),
    "Human Resources/Managing Employees": Coded("Human Resources/Managing Employees"),
    "Intake Assessment": _other("Intake Assessment"),
    "Intellectual Property": Coded("Intellectual Property Training"),
    "International Trade": Coded("International Trade"),
    "Investment Funding": Coded("Business Financing/Capital Sources"),
    "Managing a Business": Coded("Business Operations/Management"),
    "Marketing/Sales": Coded("Marketing/Sales"),
    "Risk Management": _other("Risk Management"),
    "SBIR/STTR/Other Innovation Programs": _other("SBIR/STTR/Other Innovation Programs"),
    "Social Media": Coded("Marketing/Sales"),
    "Start-up Assistance": Coded("Business Start-up/Preplanning"),
    "Talent Acquisition": Coded("Human Resources/Managing Employees"),
    "Technology Commercialization": Coded("Technology"),
    "Technology/Computers": Coded("Technology"),
    "Other": Coded("Other"),
}

# Organization (legal form) -> ClientIntake/LegalEntity/Code; None: not said, leave it out.
LEGAL_ENTITIES: dict[str, Coded | None] = {
    "Sole Proprietorship": Coded("Sole Proprietor"),
    "Partnership": Coded("Partnership"),
    "Limited Liability Co.": Coded("LLC"),
    "Corporation": Coded("Corporation"),
    "C Corporation": Coded("Corporation"),
    "Sub S Corporation": Coded("S-Corporation"),
    "B Corporation": _other("B Corporation"),
    "Non-profit Organization": _other("Non-profit Organization"),
    "Cooperative": _other("Cooperative"),
    "Unknown": None,
}

# Funding source code (FundingSource.code) -> CounselorRecord/FundingSource. The schema lists only
# special appropriations (supplemental and disaster programs), each named with its program code;
# a center's funding source whose code is one of these maps to it, any other (core SBDC funding,
# state match …) sends no FundingSource element.
FUNDING_SOURCES: dict[str, str] = {
    "PA2003": "2020 SBDC Portable Assistance – PA2003",
    "PA2023": "2023 Portable Assistance - PA2023",
    "SP2024": "2024 SBDC Supplemental Program - SP2024",
    "1780": "Hurricane Dolly (TX) – 1780",
    "1786": "Hurricane Gustav (LA) – 1786",
    "1794": "Hurricane Gustav (MS) – 1794",
    "1792": "Hurricane Ike (LA) – 1792",
    "1791": "Hurricane Ike (TX) – 1791",
    "SANDY1": "Hurricane Sandy - Phase 1 – SANDY1",
    "SANDY2": "Hurricane Sandy - Phase 2 – SANDY2",
    "CARESRRD": "Resiliency and Recovery Demonstration Grant – CARESRRD",
    "1761": "Severe Storms, and Flooding (GA) – 1761",
    "1747": "Severe Storms, and Flooding (IL) – 1747",
    "1771": "Severe Storms, and Flooding (IL) – 1771",
    "1800": "Severe Storms, and Flooding (IL) – 1800",
    "1795": "Severe Storms, and Flooding (IN) – 1795",
    "1766": "Severe Storms, and Flooding (IN) – 1766",
    "1749": "Severe Storms, and Flooding (MO) – 1749",
    "1773": "Severe Storms, and Flooding (MO) – 1773",
    "1753": "Severe Storms, and Flooding (MS) – 1753",
    "1798": "Severe Storms, and Flooding (PR) – 1798",
    "1809": "Severe Storms, and Flooding, Tornadoes (MO) – 1809",
    "1762": "Severe Storms, and Tornadoes (CO) – 1762",
    "1750": "Severe Storms, and Tornadoes (GA) – 1750",
    "1760": "Severe Storms, and Tornadoes (MO) – 1760",
    "1764": "Severe Storms, and Tornadoes (MS) – 1764",
    "1744": "Severe Storms, Tornadoes, and Flooding (AR) – 1744",
    "1751": "Severe Storms, Tornadoes, and Flooding (AR) – 1751",
    "1758": "Severe Storms, Tornadoes, and Flooding (AR) – 1758",
    "1763": "Severe Storms, Tornadoes, and Flooding (IA) – 1763",
    "1770": "Severe Storms, Tornadoes, and Flooding (NE) – 1770",
    "1768": "Severe Storms, Tornadoes, and Flooding (WI) – 1768",
    "1769": "Severe Storms, Tornadoes, Flooding, Mudslides, and Landslides (WV) – 1769",
    "1746": "Severe Storms, Tornadoes, Straight Line Winds, and Flooding (KY) – 1746",
    "1745": "Severe Storms, Tornadoes, Straight Line Winds, and Flooding (TN) – 1745",
    "1740": "Severe Winter Storm and Flooding (IN) – 1740",
    "1738": "Severe Winter Storm and Flooding (NV) – 1738",
    "1785": "Tropical Storm Fay (FL) – 1785",
    "1810": "Wildfires (CA) – 1810",
}


@dataclass(frozen=True, slots=True)
class Certification:
    """A certification the client holds when its picklist field has ``code``.

    Held at a date when the certification date field is blank or on or before it, or when a
    milestone of ``milestone_type`` is dated on or before it.
    """

    field: str
    code: str
    date_field: str
    milestone_type: str | None
    schema: Coded


# Client certification picklist codes -> CounselorRecord/Certifications/Code, from the catalog's one
# certification table (in its order, the schema's). Certifications the schema does not name (WBE, DBE,
# MBE) go as "Other" with their name, joined into the one Other element.
CERTIFICATIONS: tuple[Certification, ...] = tuple(
    Certification(c.field, c.code, c.date_field, c.milestone_type, Coded(c.sba_value, c.sba_other))
    for c in catalog_certifications.CERTIFICATIONS
)

# Codes of the certification picklists that are no certification (the tests check that every code of
# those picklists is either here or in CERTIFICATIONS).
NOT_CERTIFICATIONS: dict[str, frozenset[str]] = {
    "ownership_gender": frozenset({"-", "M", "F", "B", "NR"}),
    "veteran_status": frozenset({"-", "NA", "VE", "DS", "NR"}),
    "disadvantage_status": frozenset({"NA", "NC"}),
    "hubzone": frozenset({"-", "N", "Y"}),
}

# -- figures at a date ----------------------------------------------------------------------------------

# The client figures the upload reports (staff counts, sales, profits, exports) -> the milestone type
# whose amount is the figure's new value (the catalog's value table, milestones.md).
UPLOAD_FIGURES = (
    "full_time_employees",
    "part_time_employees",
    "export_employees",
    "gross_sales",
    "profits",
    "export_sales",
)
FIGURE_MILESTONES: dict[str, str] = {key: VALUE_TYPE_BY_FIELD[key] for key in UPLOAD_FIGURES}

# Milestones that end being in business, and the one that reports a business start.
CLOSURE_MILESTONES = frozenset({"temporarily_closed", "permanently_closed", "sold_business"})
CLOSED_STATUSES = frozenset({"TC", "PC", "SOLD"})
BUSINESS_START_IMPACT = "business_start_impact"
