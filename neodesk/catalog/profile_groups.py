"""The Profile's groups and their order, as data: the one table the client editor lays out.

The fields themselves (labels, kinds) stay in catalog/fields.py; this table only says which group
each field sits in on the Profile and which group comes first. A counselor opens a client to see who
it is and how to reach it, so name, status, contact and address come first; the SBA detail follows.
Every client field appears in exactly one group (a test checks it).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ProfileGroup:
    key: str  # the group box is ``group.<key>``, its index link ``profileIndex.<key>``
    title: str
    short: str  # the index link's text
    fields: tuple[str, ...]


PROFILE_GROUPS: tuple[ProfileGroup, ...] = (
    ProfileGroup("client", "Name, status & contact", "Contact", (
        "name", "company_status", "client_type", "active",
        "contact_first_name", "contact_last_name", "contact_email", "contact_phone",
        "street", "city", "state", "zip", "county", "fips_code", "rural_urban",
    )),
    ProfileGroup("company", "Company", "Company", (
        "organization", "business_type", "online_business", "employee_owned", "counselor_id", "center_id",
    )),
    ProfileGroup("status", "Status & dates", "Dates", (
        "initial_status", "date_established", "business_start_impact_date", "verified_in_business",
    )),
    ProfileGroup("employees", "Employees", "Employees", (
        "full_time_employees", "part_time_employees", "export_employees",
    )),
    ProfileGroup("finances", "Finances", "Finances", (
        "gross_sales", "gross_sales_date", "profits", "profits_date", "bonding_amount",
    )),
    ProfileGroup("export", "Export", "Export", ("export_sales", "international_trade", "export_countries")),
    ProfileGroup("ownership", "Ownership & certifications", "Ownership", (
        "ownership_gender", "gender_certification_date", "women_ownership_pct", "veteran_status",
        "veteran_verification_date", "disadvantage_status", "sdb_certification_date", "hubzone",
        "hubzone_certification_date",
    )),
    ProfileGroup("govcon", "Government contracting", "Gov. contracting", (
        "government_contracting", "uei", "cage_code", "naics_codes", "dib_ready", "dib_ready_date",
        "gib_ready", "gib_ready_date",
    )),
    ProfileGroup("intake", "Intake", "Intake", (
        "survey_agreement", "signature_on_file", "signature_date", "race", "ethnicity", "sex", "disability",
        "military_status", "branch_of_service", "media",
    )),
)  # fmt: skip

GROUP_OF_FIELD: dict[str, str] = {key: group.key for group in PROFILE_GROUPS for key in group.fields}
