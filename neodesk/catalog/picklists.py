"""Standard picklists of domain.md (code = label). Administrators may add values in the database."""

from __future__ import annotations

from collections.abc import Mapping

from neodesk.catalog.agreements import AGREEMENT_PICKLISTS
from neodesk.catalog.nexus import NEXUS_PICKLISTS

# Picklist name -> ordered {code: label}. Order is the display order.
PICKLISTS: Mapping[str, Mapping[str, str]] = {
    "company_status": {
        "?": "Undefined",
        "P": "Pre-venture/Nascent",
        "S": "Start-up (in business < 1 year)",
        "B": "In Business (> 1 year)",
        "TC": "Temporarily Closed",
        "PC": "Permanently Closed",
        "SOLD": "Sold",
    },
    "client_type": {
        "AC": "Active Client",
        "IC": "Inactive Client",
        "PC": "Pre-client",
        "PI": "Pre-client (Inactive)",
        "SH": "Stakeholder",
    },
    "ownership_gender": {
        "-": "Undefined",
        "M": "Male-Owned",
        "F": "Woman-Owned",
        "B": "Male/Female-Owned",
        "WB": "WBE Certified",
        "E": "EDWOSB Certified",
        "W": "Woman-Owned (WOSB) Certified",
        "NR": "Prefer not to say",
    },
    "veteran_status": {
        "-": "Undefined",
        "NA": "Non-veteran",
        "VE": "Veteran",
        "DS": "Service-Disabled Veteran",
        "VO": "VOSB Certified",
        "SD": "SDVOSB Certified",
        "NR": "Prefer not to say",
    },
    "disadvantage_status": {
        "NA": "Not Applicable",
        "NC": "Uncertified",
        "SC": "Self-certified Disadvantaged/Minority Owned",
        "DBE": "DBE Certified",
        "MBE": "MBE Certified",
        "8A": "SBA 8(a) Certified",
    },
    "hubzone": {"-": "Undefined", "N": "No", "Y": "Location Only", "C": "Certified"},
    # The spec lists labels only; the code is the label, so exports carry the readable value.
    "organization": {
        v: v
        for v in (
            "Sole Proprietorship",
            "Partnership",
            "Limited Liability Co.",
            "Corporation",
            "C Corporation",
            "Sub S Corporation",
            "B Corporation",
            "Non-profit Organization",
            "Cooperative",
            "Unknown",
        )
    },
    "international_trade": {v: v for v in ("None", "Exporter", "Importer", "Importer/Exporter")},
    "rural_urban": {v: v for v in ("Rural", "Urban", "Undetermined")},
    "session_type": {v: v for v in ("Initial/New", "Follow-up", "Administrative")},
    "contact_type": {
        "ON": "Center Site",
        "AT": "Client Site",
        "EM": "Online (email/chat)",
        "PH": "Phone",
        "VC": "Video-conferencing",
    },
    "counseling_area": {
        v: v
        for v in (
            "Business Accounting/Budget",
            "Business Plan",
            "Buy/Sell Business",
            "Cash Flow Management",
            "Credit Counseling or Financial Literacy",
            "Customer Relations",
            "Cybersecurity Assistance",
            "Disaster Planning/Recovery",
            "eCommerce",
            "Engineering R&D",
            "Financing/Capital",
            "Franchising",
            "Government Contracting",
            "Human Resources/Managing Employees",
            "Intake Assessment",
            "Intellectual Property",
            "International Trade",
            "Investment Funding",
            "Managing a Business",
            "Marketing/Sales",
            "Risk Management",
            "SBIR/STTR/Other Innovation Programs",
            "Social Media",
            "Start-up Assistance",
            "Talent Acquisition",
            "Technology Commercialization",
            "Technology/Computers",
            "Other",
        )
    },
}

# Schema enumerations (states, countries, sectors, intake answers) join the standard lists.
PICKLISTS = {**PICKLISTS, **NEXUS_PICKLISTS, **AGREEMENT_PICKLISTS}

IN_BUSINESS_STATUSES = frozenset({"S", "B"})
PRE_VENTURE = "P"


def is_in_business(company_status: str | None) -> bool:
    """Spec: "in business" means company status Start-up or In Business."""
    return company_status in IN_BUSINESS_STATUSES


def label(picklist: str, code: str | None) -> str:
    """Display label for a code of a standard picklist (the code itself when unknown)."""
    if code is None:
        return ""
    return PICKLISTS.get(picklist, {}).get(code, code)
