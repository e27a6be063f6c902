"""Client fields of domain.md as data: key, label, kind, group, and whether they need "in business".

The editor builds its Profile tab from this table, validation checks by kind, the CLI prints by key.
The limits every value must keep live here too, once, for entry, export and import alike: the
longest text of each text field (`max_length`), which text fields may hold line breaks
(`multiline`; no other field takes a tab, a line break or any other control character), the
session and milestone text fields, the date range and the largest count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Kind(StrEnum):
    TEXT = "text"
    NAME = "name"  # required text, 1-200 chars
    PICKLIST = "picklist"
    DATE = "date"
    BOOL = "bool"
    COUNT = "count"  # integer >= 0
    MONEY = "money"  # decimal >= 0, two places
    SIGNED_MONEY = "signed_money"  # decimal, two places, may be negative
    PERCENT = "percent"  # integer 0-100
    CODE_SET = "code_set"  # set of picklist codes (export countries, race)
    NAICS = "naics"  # list of 6-digit codes, first is primary
    UEI = "uei"
    CAGE = "cage"
    ZIP = "zip"
    FIPS = "fips"
    EMAIL = "email"
    PHONE = "phone"
    REFERENCE = "reference"  # counselor / center id


class Group(StrEnum):
    COMPANY = "Company"
    STATUS = "Status & dates"
    EMPLOYEES = "Employees"
    FINANCES = "Finances"
    EXPORT = "Export"
    OWNERSHIP = "Ownership & certifications"
    GOVCON = "Government contracting"
    ADDRESS = "Address & contact"
    INTAKE = "Intake"


@dataclass(frozen=True, slots=True)
class FieldSpec:
    key: str
    label: str
    kind: Kind
    group: Group
    picklist: str | None = None
    in_business_only: bool = False
    required: bool = False
    personal: bool = False  # intake data: shown only on the Intake group and in the upload
    max_length: int | None = None  # text kinds: the most characters the field takes
    multiline: bool = False  # text kinds: line breaks and tabs allowed
    default: str | bool | None = None  # what a new client gets (the New Client form shows it)


F, K, G = FieldSpec, Kind, Group

CLIENT_FIELDS: tuple[FieldSpec, ...] = (
    # Company
    F("name", "Company Name", K.NAME, G.COMPANY, required=True, max_length=200),
    F("client_type", "Client/Pre-client Type", K.PICKLIST, G.COMPANY, "client_type", required=True, default="AC"),
    F("organization", "Organization Type (legal form)", K.PICKLIST, G.COMPANY, "organization"),
    F("business_type", "Business Type", K.PICKLIST, G.COMPANY, "business_type"),
    F("online_business", "Conducting business online?", K.BOOL, G.COMPANY),
    F("employee_owned", "Employee owned?", K.BOOL, G.COMPANY),
    F("active", "Active", K.BOOL, G.COMPANY, default=True),
    F("counselor_id", "Primary counselor", K.REFERENCE, G.COMPANY),
    F("center_id", "Center", K.REFERENCE, G.COMPANY),
    # Status & dates
    F("company_status", "Company Status", K.PICKLIST, G.STATUS, "company_status", required=True, default="P"),
    F("initial_status", "Initial Business Status", K.PICKLIST, G.STATUS, "company_status"),
    F("date_established", "Date Company Established", K.DATE, G.STATUS),
    F("business_start_impact_date", "Reportable Business Start Impact", K.DATE, G.STATUS),
    F("verified_in_business", "Verified to be in business?", K.BOOL, G.STATUS),
    # Employees
    F("full_time_employees", "Full-Time Employees", K.COUNT, G.EMPLOYEES, in_business_only=True),
    F("part_time_employees", "Part-Time Employees", K.COUNT, G.EMPLOYEES, in_business_only=True),
    F("export_employees", "Export-Related Employees", K.COUNT, G.EMPLOYEES, in_business_only=True),
    # Finances
    F("gross_sales", "Gross Revenues/Sales", K.MONEY, G.FINANCES, in_business_only=True),
    F("gross_sales_date", "Gross Revenue Date", K.DATE, G.FINANCES, in_business_only=True),
    F("profits", "Profits/Losses", K.SIGNED_MONEY, G.FINANCES, in_business_only=True),
    F("profits_date", "Profits/Losses Date", K.DATE, G.FINANCES, in_business_only=True),
    F("bonding_amount", "Current Bonding Amount", K.MONEY, G.FINANCES, in_business_only=True),
    # Export
    F("export_sales", "Gross Export-Related Revenues/Sales", K.MONEY, G.EXPORT, in_business_only=True),
    F("international_trade", "International Trade", K.PICKLIST, G.EXPORT, "international_trade"),
    F("export_countries", "Export Countries", K.CODE_SET, G.EXPORT, "country"),
    # Ownership & certifications
    F("ownership_gender", "Company Ownership Gender", K.PICKLIST, G.OWNERSHIP, "ownership_gender"),
    F("gender_certification_date", "Ownership Gender Certification Date", K.DATE, G.OWNERSHIP),
    F("women_ownership_pct", "Percentage of Woman Ownership", K.PERCENT, G.OWNERSHIP),
    F("veteran_status", "Company Veteran Status", K.PICKLIST, G.OWNERSHIP, "veteran_status"),
    F("veteran_verification_date", "Veteran Status Verification Date", K.DATE, G.OWNERSHIP),
    F("disadvantage_status", "Disadvantage Status", K.PICKLIST, G.OWNERSHIP, "disadvantage_status"),
    F("sdb_certification_date", "SDB Certification Date", K.DATE, G.OWNERSHIP),
    F("hubzone", "HUBZone", K.PICKLIST, G.OWNERSHIP, "hubzone"),
    F("hubzone_certification_date", "HUBZone Certification Date", K.DATE, G.OWNERSHIP),
    # Government contracting
    F("government_contracting", "Government contracting potential?", K.BOOL, G.GOVCON),
    F("uei", "SAM Unique Entity ID", K.UEI, G.GOVCON),
    F("cage_code", "CAGE code", K.CAGE, G.GOVCON),
    F("naics_codes", "NAICS codes", K.NAICS, G.GOVCON),
    F("dib_ready", "Defense Industrial Base (DIB) ready?", K.BOOL, G.GOVCON),
    F("dib_ready_date", "DIB ready date", K.DATE, G.GOVCON),
    F("gib_ready", "Government Industrial Base (GIB) ready?", K.BOOL, G.GOVCON),
    F("gib_ready_date", "GIB ready date", K.DATE, G.GOVCON),
    # Address & contact
    F("street", "Street", K.TEXT, G.ADDRESS, max_length=200),
    F("city", "City", K.TEXT, G.ADDRESS, max_length=100),
    F("state", "State", K.PICKLIST, G.ADDRESS, "state"),
    F("zip", "ZIP", K.ZIP, G.ADDRESS),
    F("county", "County", K.TEXT, G.ADDRESS, max_length=100),
    F("fips_code", "County FIPS code", K.FIPS, G.ADDRESS),
    F("rural_urban", "Rural vs Urban", K.PICKLIST, G.ADDRESS, "rural_urban"),
    F("contact_first_name", "Contact first name", K.TEXT, G.ADDRESS, max_length=100),
    F("contact_last_name", "Contact last name", K.TEXT, G.ADDRESS, max_length=100),
    F("contact_email", "Contact email", K.EMAIL, G.ADDRESS, max_length=320),
    F("contact_phone", "Contact phone", K.PHONE, G.ADDRESS, max_length=40),
    # Intake (SBA Form 641 Part I/II): personal data, Intake group only
    F("survey_agreement", "Agrees to be surveyed?", K.BOOL, G.INTAKE, personal=True),
    F("signature_on_file", "Client signature on file?", K.BOOL, G.INTAKE, personal=True),
    F("signature_date", "Signature date", K.DATE, G.INTAKE, personal=True),
    F("race", "Race", K.CODE_SET, G.INTAKE, "race", personal=True),
    F("ethnicity", "Ethnicity", K.PICKLIST, G.INTAKE, "ethnicity", personal=True),
    F("sex", "Sex", K.PICKLIST, G.INTAKE, "sex", personal=True),
    F("disability", "Disability", K.PICKLIST, G.INTAKE, "disability", personal=True),
    F("military_status", "Military status", K.PICKLIST, G.INTAKE, "military_status", personal=True),
    F("branch_of_service", "Branch of service", K.PICKLIST, G.INTAKE, "branch_of_service", personal=True),
    F("media", "How they heard of the center", K.PICKLIST, G.INTAKE, "media", personal=True),
)

FIELDS_BY_KEY: dict[str, FieldSpec] = {f.key: f for f in CLIENT_FIELDS}

# What a new client holds before anything is typed: the form's blank state, the save's "before" of a
# new client and the database columns' defaults (Active Client, Pre-venture, active).
NEW_CLIENT_DEFAULTS: dict[str, str | bool] = {f.key: f.default for f in CLIENT_FIELDS if f.default is not None}

# Keys the service layer fills in, never the editor.
SYSTEM_FIELDS = ("id", "client_no", "created_at", "updated_at", "updated_by", "revision")


# Session and milestone text fields (domain.md "Counseling session", "Milestone") and the client's notes
# (not on the Profile tab): the same rules.
@dataclass(frozen=True, slots=True)
class TextSpec:
    table: str
    key: str
    label: str
    max_length: int
    multiline: bool = False


NOTES_MAX = 20_000  # about ten pages: a session's notes, a milestone's story
ACTIVITY_TEXT_FIELDS: tuple[TextSpec, ...] = (
    TextSpec("counseling_session", "subject", "Subject", 200),
    TextSpec("counseling_session", "notes", "Notes", NOTES_MAX, multiline=True),
    TextSpec("milestone", "detail", "Detail", 1_000),
    TextSpec("milestone", "notes", "Notes", NOTES_MAX, multiline=True),
    TextSpec("milestone", "attribution_source", "Attribution source", 200),
    TextSpec("milestone", "attribution_statement", "Attribution statement", 5_000, multiline=True),
    TextSpec("client", "notes", "Notes", NOTES_MAX, multiline=True),
)
ACTIVITY_TEXT: dict[tuple[str, str], TextSpec] = {(t.table, t.key): t for t in ACTIVITY_TEXT_FIELDS}

# Session field -> the picklist its values come from (administrators may add values: the database's
# active codes are offered, the catalog's are the built-in ones).
SESSION_PICKLISTS: dict[str, str] = {
    "session_type": "session_type",
    "contact_type": "contact_type",
    "counseling_area": "counseling_area",
    "additional_areas": "counseling_area",
}

# Any other text column (reference data: names, codes) takes at most this, on one line.
DEFAULT_TEXT_MAX = 200
# The longest value any field allows, in characters: the importer's csv field size limit.
LARGEST_TEXT = max(
    DEFAULT_TEXT_MAX,
    *(f.max_length for f in CLIENT_FIELDS if f.max_length is not None),
    *(t.max_length for t in ACTIVITY_TEXT_FIELDS),
)

# Dates a record may hold: anything outside is a typo (year 0001, 20266).
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)
# Whole numbers (employees, minutes, attendees, percentages) fit a 32-bit column everywhere.
LARGEST_COUNT = 2_147_483_647
