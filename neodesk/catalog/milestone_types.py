"""Standard milestone types of milestones.md, as data."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Carries(StrEnum):
    """What value a milestone type asks for in the New Milestone dialog."""

    NONE = "none"
    COUNT = "count"  # non-negative integer (except the NIST score, see min_value)
    MONEY = "money"  # decimal >= 0
    SIGNED_MONEY = "signed_money"  # decimal, may be negative (profits)
    TEXT = "text"  # free detail text


class Category(StrEnum):
    BUSINESS_START = "business_start"
    GROWTH = "growth"
    CERTIFICATIONS = "certifications"
    STATUS_CHANGES = "status_changes"
    READINESS = "readiness"
    OTHER = "other"


CATEGORY_LABELS: dict[Category, str] = {
    Category.BUSINESS_START: "Business start",
    Category.GROWTH: "Growth",
    Category.CERTIFICATIONS: "Certifications",
    Category.STATUS_CHANGES: "Status changes",
    Category.READINESS: "Contract readiness",
    Category.OTHER: "Other",
}


@dataclass(frozen=True, slots=True)
class MilestoneTypeSpec:
    code: str
    name: str
    category: Category
    carries: Carries
    in_business_only: bool
    value_label: str = ""  # what the value is, e.g. "new full-time staff"
    client_field: str | None = None  # the client field the value mirrors (for "Current …: x")
    detail_optional: bool = True  # TEXT types: may the detail be blank?
    notes_required: bool = False
    min_value: int | None = None
    max_value: int | None = None
    date_field: str | None = None  # the client date field dated with the value (Gross Revenue Date)


# Standard names a release corrected: a stored standard type still named the old way is renamed on
# start (models/seed.py), so existing databases read the SBA's spelling too.
RENAMED_TYPES: dict[str, str] = {"cert_8a": "8(A) Certification Obtained"}  # code → the old name

_S = MilestoneTypeSpec
C = Category
K = Carries

STANDARD_TYPES: tuple[MilestoneTypeSpec, ...] = (
    _S("business_established", "Business Established", C.BUSINESS_START, K.NONE, False),
    _S("bought_business", "Bought Business", C.BUSINESS_START, K.NONE, False),
    _S("business_start_impact", "Business Start Impact", C.BUSINESS_START, K.NONE, False),
    _S(
        "change_in_full_time_staff",
        "Change in Full-Time Staff",
        C.GROWTH,
        K.COUNT,
        True,
        "new full-time staff",
        "full_time_employees",
    ),
    _S(
        "change_in_part_time_staff",
        "Change in Part-Time Staff",
        C.GROWTH,
        K.COUNT,
        True,
        "new part-time staff",
        "part_time_employees",
    ),
    _S(
        "change_in_export_staff",
        "Change in Export-related Staff",
        C.GROWTH,
        K.COUNT,
        True,
        "new export-related staff",
        "export_employees",
    ),
    _S(
        "change_in_sales",
        "Change in Sales",
        C.GROWTH,
        K.MONEY,
        True,
        "new gross sales",
        "gross_sales",
        date_field="gross_sales_date",
    ),
    _S(
        "change_in_profits",
        "Change in Profits",
        C.GROWTH,
        K.SIGNED_MONEY,
        True,
        "new profits/losses",
        "profits",
        date_field="profits_date",
    ),
    _S("change_in_exports", "Change in Exports", C.GROWTH, K.MONEY, True, "new export-related sales", "export_sales"),
    _S(
        "change_in_bonding", "Change in Bonding Amount", C.GROWTH, K.MONEY, True, "new bonding amount", "bonding_amount"
    ),
    _S(
        "changed_legal_form",
        "Changed Legal Form",
        C.STATUS_CHANGES,
        K.TEXT,
        True,
        "new organization type",
        "organization",
        detail_optional=False,
    ),
    _S(
        "entered_new_foreign_markets",
        "Entered New Foreign Markets",
        C.GROWTH,
        K.TEXT,
        True,
        "countries entered",
        "export_countries",
    ),
    _S("jobs_retained", "Jobs Retained", C.GROWTH, K.COUNT, True, "jobs retained"),
    _S("sales_retained", "Sales Retained", C.GROWTH, K.MONEY, True, "sales retained"),
    _S("business_expansion", "Business Expansion", C.GROWTH, K.NONE, True),
    _S("temporarily_altered", "Temporarily Altered Business", C.STATUS_CHANGES, K.NONE, True),
    _S("temporarily_closed", "Temporarily Closed Business", C.STATUS_CHANGES, K.NONE, True),
    _S("permanently_closed", "Permanently Closed Business", C.STATUS_CHANGES, K.NONE, True),
    _S("sold_business", "Sold the Business", C.STATUS_CHANGES, K.NONE, True),
    _S("cert_8a", "8(a) Certification Obtained", C.CERTIFICATIONS, K.NONE, True),
    _S("dbe_certified", "DBE Certified", C.CERTIFICATIONS, K.NONE, True),
    _S("mbe_certified", "MBE Certified", C.CERTIFICATIONS, K.NONE, True),
    _S("sdb_self_certified", "SDB Self-certified", C.CERTIFICATIONS, K.NONE, True),
    _S("edwosb_certified", "EDWOSB Certification Obtained", C.CERTIFICATIONS, K.NONE, True),
    _S("wosb_certified", "WOSB Certification Obtained", C.CERTIFICATIONS, K.NONE, True),
    _S("wbe_certified", "WBE Certified", C.CERTIFICATIONS, K.NONE, True),
    _S("hubzone_certified", "HUBZone Certification Obtained", C.CERTIFICATIONS, K.NONE, True),
    _S("vosb_verified", "VOSB Verification Obtained", C.CERTIFICATIONS, K.NONE, True),
    _S("sdvosb_verified", "SDVOSB Verification Obtained", C.CERTIFICATIONS, K.NONE, True),
    _S("success_story", "Success Story", C.OTHER, K.NONE, False, notes_required=True),
    # Contract Readiness (APEX Accelerators). Readiness steps are not limited to in-business
    # clients by the spec's table, so in_business_only is False.
    _S("sam_registered", "SAM Registration Active", C.READINESS, K.TEXT, False, "UEI", "uei", detail_optional=False),
    _S(
        "cage_assigned",
        "CAGE Code Assigned",
        C.READINESS,
        K.TEXT,
        False,
        "CAGE code",
        "cage_code",
        detail_optional=False,
    ),
    _S("naics_identified", "NAICS Codes Identified", C.READINESS, K.TEXT, False, "NAICS codes", "naics_codes"),
    _S("sbs_profile", "SBS (Dynamic Small Business Search) Profile Completed", C.READINESS, K.NONE, False),
    _S("capability_statement", "Capability Statement Prepared", C.READINESS, K.NONE, False),
    _S(
        "nist_800_171_assessed",
        "NIST SP 800-171 Self-Assessment Posted to SPRS",
        C.READINESS,
        K.COUNT,
        False,
        "SPRS score",
        min_value=-203,
        max_value=110,
    ),
    _S("cmmc_level1", "CMMC Level 1 Self-Assessment Affirmed", C.READINESS, K.NONE, False),
    _S("state_vendor_registered", "Registered as a State/Local Government Vendor", C.READINESS, K.NONE, False),
    _S("first_bid_submitted", "First Government Bid or Proposal Submitted", C.READINESS, K.NONE, False),
    _S("government_contract_award", "Government Contract Award", C.READINESS, K.MONEY, False, "award amount"),
    _S("dib_ready", "DIB Ready", C.READINESS, K.NONE, False),
    _S("gib_ready", "GIB Ready", C.READINESS, K.NONE, False),
)

TYPES_BY_CODE: dict[str, MilestoneTypeSpec] = {t.code: t for t in STANDARD_TYPES}

VALUE_CARRIES = frozenset({Carries.COUNT, Carries.MONEY, Carries.SIGNED_MONEY})


@dataclass(frozen=True, slots=True)
class ValueField:
    """A value type: the milestone's amount is the new total of a client field (sync-rules.md M2–M7,
    P2–P4, P11–P14), and ``date_field``, if any, takes the milestone's date with it."""

    type_code: str
    field: str
    date_field: str | None


# Value type → its client field, read off the table above (its `client_field` and `date_field`): the
# sync rules of both directions, the milestone edit question, the upload's figures and the demo use it.
VALUE_FIELDS: dict[str, ValueField] = {
    t.code: ValueField(t.code, t.client_field, t.date_field)
    for t in STANDARD_TYPES
    if t.carries in VALUE_CARRIES and t.client_field is not None
}
VALUE_TYPE_BY_FIELD: dict[str, str] = {v.field: v.type_code for v in VALUE_FIELDS.values()}

READINESS_CODES: tuple[str, ...] = tuple(t.code for t in STANDARD_TYPES if t.category is C.READINESS)

# Business start types that, for a client not yet in business, reveal the in-business-only types and
# require a staff milestone in the same save.
BUSINESS_START_CODES = frozenset({"business_established", "bought_business"})
STAFF_CODES = frozenset({"change_in_full_time_staff", "change_in_part_time_staff"})

# Readiness goals and their default required steps. Each requirement is a set of alternatives: one
# of them must be logged ("sam_registered or state_vendor_registered"). Administrators can change
# these (stored as a setting); these are the defaults.
DEFAULT_READINESS_REQUIREMENTS: dict[str, tuple[frozenset[str], ...]] = {
    "dib_ready": tuple(
        frozenset({c})
        for c in (
            "sam_registered",
            "cage_assigned",
            "naics_identified",
            "sbs_profile",
            "capability_statement",
            "nist_800_171_assessed",
            "cmmc_level1",
        )
    ),
    "gib_ready": (
        frozenset({"sam_registered", "state_vendor_registered"}),
        frozenset({"naics_identified"}),
        frozenset({"capability_statement"}),
    ),
}
