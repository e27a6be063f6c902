"""Certifications as data: milestone type ↔ client picklist code ↔ date field ↔ SBA upload value.

One row per certification a client can hold. The sync rules (sync-rules.md P5, P7, P9 and M8–M10,
M12), the New Milestone dialog's "Current: certified since …", the client report's header, the SBA
upload (``CounselorRecord/Certifications``) and the demo generator all read this table; nothing else
spells the mapping. ``tests/catalog/test_spec_tables.py`` checks it against sync-rules.md and
``tests/exchange/test_nexus_codes.py`` checks the SBA values against the schema
(``shared/nexus/SBA_NEXUS_Counseling-2-14.xsd``).

Rows are in the order of the schema's enumeration (then the ones sent as "Other"): the upload lists a
client's certifications in this order.
"""

from __future__ import annotations

from dataclasses import dataclass

from neodesk.catalog.fields import CLIENT_FIELDS

SBA_OTHER = "Other"  # the schema's value for a certification it does not name; the text goes in <Other>


@dataclass(frozen=True, slots=True)
class Certification:
    """A certification the client holds when its picklist ``field`` has ``code``, since ``date_field``.

    ``milestone_type`` is the milestone that records obtaining it. ``sba_value`` is what the SBA upload
    sends for it; for ``SBA_OTHER``, ``sba_other`` is the text of the upload's ``Other`` element.
    """

    milestone_type: str
    field: str
    code: str
    date_field: str
    sba_value: str
    sba_other: str | None = None


_C = Certification

CERTIFICATIONS: tuple[Certification, ...] = (
    _C("cert_8a", "disadvantage_status", "8A", "sdb_certification_date", "8(a)"),
    _C("hubzone_certified", "hubzone", "C", "hubzone_certification_date", "Hubzones"),
    _C("sdb_self_certified", "disadvantage_status", "SC", "sdb_certification_date", "Small Disadvantage Business"),
    _C("edwosb_certified", "ownership_gender", "E", "gender_certification_date",
       "Economically Disadvantaged Women-Owned Small Business"),
    _C("sdvosb_verified", "veteran_status", "SD", "veteran_verification_date",
       "Service-Disabled Veteran-Owned Small Business"),
    _C("vosb_verified", "veteran_status", "VO", "veteran_verification_date", "Veteran Owned Small Business"),
    _C("wosb_certified", "ownership_gender", "W", "gender_certification_date", "Women-Owned Small Business"),
    _C("wbe_certified", "ownership_gender", "WB", "gender_certification_date", SBA_OTHER, "WBE"),
    _C("dbe_certified", "disadvantage_status", "DBE", "sdb_certification_date", SBA_OTHER, "DBE"),
    _C("mbe_certified", "disadvantage_status", "MBE", "sdb_certification_date", SBA_OTHER, "MBE"),
)  # fmt: skip

CERTIFICATION_BY_TYPE: dict[str, Certification] = {c.milestone_type: c for c in CERTIFICATIONS}

# The client fields that hold certifications, in the order of the client's fields (domain.md).
CERTIFICATION_FIELDS: tuple[str, ...] = tuple(
    f.key for f in CLIENT_FIELDS if any(c.field == f.key for c in CERTIFICATIONS)
)
# Each such field's date field ("certified since").
CERTIFICATION_DATE_FIELDS: dict[str, str] = {c.field: c.date_field for c in CERTIFICATIONS}


def certified_types(field: str) -> dict[str, str]:
    """The certified codes of a client field → the milestone type of each ("WB" → "wbe_certified")."""
    return {c.code: c.milestone_type for c in CERTIFICATIONS if c.field == field}


def certified_codes(field: str) -> dict[str, str]:
    """The milestone types of a client field's certifications → their codes ("wbe_certified" → "WB")."""
    return {c.milestone_type: c.code for c in CERTIFICATIONS if c.field == field}
