"""One Nexus ``CounselingRecord`` (Form 641) from a counseling session, its client and their history.

A record has three parts, in the schema's order: the client's request (Part I: primary contact,
address, survey agreement, signature), the client's intake (Part II: the contact's answers, the
business as it stood at intake — the day the client was created) and the counselor's record
(Part III: the session, and the client's figures and standing at the session date by the rules of
``nexus_figures``).

Valid by construction: every element is written only in the schema's sequence, with a value the
schema accepts (``nexus_codes`` holds the enumerations, lengths, patterns and ranges). What cannot
be made valid leaves the record out with a reason the counselor can act on:

- data the form requires is missing: the center's SBA location code, the contact's first and last
  name, the survey agreement and signature-on-file answers, race, the session's counselor;
- a value the schema bounds is out of its range (e.g. gross sales above $1,000,000,000 at intake);
- the session is dated before 2023-10-01, the first day Nexus takes counseling.

Free text longer than the schema allows (names, street, city, company name) is cut at the
schema's maximum; optional values in a form the schema refuses (an e-mail address with ``+``, a
phone number that is not ten digits, an answer added by an administrator) are left out.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from neodesk.catalog.nexus import BUSINESS_TYPES, NEXUS_PICKLISTS, schema_value
from neodesk.exchange import nexus_codes as codes
from neodesk.exchange.nexus_codes import NO, UNDETERMINED, YES, Coded
from neodesk.exchange.nexus_figures import (
    MilestoneFact,
    business_start_date,
    certifications_at,
    in_business_at,
    value_at,
)

CENT = Decimal("0.01")


@dataclass(slots=True)
class ClientFacts:
    """A client as the upload needs it: its columns by key, its center's code and its milestones."""

    row: Mapping[str, Any]
    center_code: str | None
    milestones: Sequence[MilestoneFact] = ()
    center_location: int | None = None  # the center's SBA location code, when an administrator set it

    @property
    def intake_day(self) -> date:
        created: date = self.row["created_at"]
        return created.date() if isinstance(created, datetime) else created


@dataclass(slots=True)
class SessionFacts:
    id: uuid.UUID
    date: date
    session_type: str
    contact_type: str
    counseling_area: str
    contact_minutes: int
    prep_minutes: int
    travel_minutes: int
    counselor_names: tuple[str, ...] = ()
    funding_codes: tuple[str, ...] = ()


@dataclass(slots=True)
class RecordOutcome:
    """The record built, or None with the reasons it could not be."""

    element: ET.Element | None
    reasons: list[str] = field(default_factory=list)


def partner_session_number(session_id: uuid.UUID) -> str:
    """The session's number in Nexus: the first 20 hex digits of its UUID (String20Type).

    Derived from the id, so it never changes and a re-upload updates the same session; 80 bits keep
    two sessions from sharing one (the exporter still checks within a file).
    """
    return session_id.hex[: codes.MAX_LENGTH["PartnerSessionNumber"]]


def _text(value: str | None, key: str) -> str | None:
    if value is None or not value.strip():
        return None
    return value.strip()[: codes.MAX_LENGTH[key]]


def _money(value: Decimal) -> str:
    return str(value.quantize(CENT, rounding=ROUND_HALF_UP))


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else YES if value else NO


def _hours(minutes: int | None) -> Decimal:
    return (Decimal(minutes or 0) / 60).quantize(CENT, rounding=ROUND_HALF_UP)


def _picklist_value(picklist: str, code: str | None) -> str | None:
    if not code:
        return None
    try:
        return schema_value(picklist, code)
    except KeyError:  # a value an administrator added: not one the schema knows
        return None


def _add(parent: ET.Element, tag: str, text: object | None = None) -> ET.Element:
    child = ET.SubElement(parent, tag)
    if text is not None:
        child.text = str(text)
    return child


def _maybe(parent: ET.Element, tag: str, text: object | None) -> None:
    if text is not None:
        _add(parent, tag, text)


def _coded(parent: ET.Element, tag: str, codes_: Sequence[Coded], other_max: int) -> None:
    """A ``<tag><Code>…</Code>…<Other>…</Other></tag>`` group (Certifications, LegalEntity …)."""
    if not codes_:
        return
    group = _add(parent, tag)
    values = list(dict.fromkeys(c.value for c in codes_))
    for value in values:
        _add(group, "Code", value)
    others = ", ".join(dict.fromkeys(c.other for c in codes_ if c.other))
    if others:
        _add(group, "Other", others[:other_max])


class _RecordBuilder:
    def __init__(self, client: ClientFacts, tx: SessionFacts, location: int | None) -> None:
        self.client, self.c, self.session = client, client.row, tx
        self.history = client.milestones
        self.location = location
        self.reasons: list[str] = []

    def refuse(self, reason: str) -> None:
        self.reasons.append(reason)

    # -- record ---------------------------------------------------------------------------------
    def build(self) -> RecordOutcome:
        s = self.session
        if s.date < codes.FIRST_COUNSELING_DATE:
            self.refuse(f"dated before {codes.FIRST_COUNSELING_DATE.isoformat()}, the first day Nexus takes")
        record = ET.Element(codes.RECORD)
        _add(record, "PartnerClientNumber", str(self.c["client_no"]))
        # Only the code an administrator entered: a center's own code is an internal name, and sending
        # it as a location would be valid XML with a wrong location (migration 0005 took over numeric ones).
        location = self.location if self.location is not None else self.client.center_location
        if location is None:
            center = self.client.center_code
            self.refuse(
                "the client has no center"
                if center is None
                else f"the client's center {center!r} has no SBA location code (an administrator sets it "
                f"in Admin ▸ Centers)"
            )
        _add(_add(record, "Location"), "LocationCode", location)
        self.client_request(_add(record, "ClientRequest"))
        self.client_intake(_add(record, "ClientIntake"))
        self.counselor_record(_add(record, "CounselorRecord"))
        return RecordOutcome(None if self.reasons else record, self.reasons)

    # -- Part I ------------------------------------------------------------------------------------
    def client_request(self, part: ET.Element) -> None:
        c = self.c
        last = _text(c["contact_last_name"], "Last")
        first = _text(c["contact_first_name"], "First")
        if last is None or first is None:
            missing = " and ".join(n for n, v in (("first", first), ("last", last)) if v is None)
            self.refuse(f"the primary contact's {missing} name is missing")
        name = _add(part, "ClientNamePart1")
        _add(name, "Last", last)
        _add(name, "First", first)
        email = (c["contact_email"] or "").strip()
        if codes.EMAIL_RE.fullmatch(email):
            _add(part, "Email", email)
        phone = _phone(c["contact_phone"])
        if phone is not None:
            _add(_add(part, "PhonePart1"), "Primary", phone)
        self.address(_add(part, "AddressPart1"))
        if c["survey_agreement"] is None:
            self.refuse("the survey agreement (intake) is not answered")
        _add(part, "SurveyAgreement", _yes_no(c["survey_agreement"]))
        signature = _add(part, "ClientSignature")
        _maybe(signature, "Date", c["signature_date"].isoformat() if c["signature_date"] else None)
        if c["signature_on_file"] is None:
            self.refuse("the client signature on file (intake) is not answered")
        _add(signature, "OnFile", _yes_no(c["signature_on_file"]))

    def address(self, address: ET.Element) -> None:
        c = self.c
        _maybe(address, "Street1", _text(c["street"], "Street1"))
        _maybe(address, "City", _text(c["city"], "City"))
        _maybe(address, "State", _picklist_value("state", c["state"]))
        zip_code, zip4 = _zip(c["zip"])
        _maybe(address, "ZipCode", zip_code)
        _maybe(address, "Zip4Code", zip4)
        _add(_add(address, "Country"), "Code", NEXUS_PICKLISTS["country"]["US"])

    # -- Part II -----------------------------------------------------------------------------------
    def client_intake(self, part: ET.Element) -> None:
        c, day = self.c, self.client.intake_day
        race_codes = c["race"] or frozenset()
        races = [v for v in (_picklist_value("race", code) for code in _in_order("race", race_codes)) if v]
        if not races:
            self.refuse("race (intake) is not answered")
        race = _add(part, "Race")
        for value in races:
            _add(race, "Code", value)
        for key, tag in (
            ("ethnicity", "Ethnicity"),
            ("sex", "Sex"),
            ("disability", "Disability"),
            ("military_status", "MilitaryStatus"),
            ("branch_of_service", "BranchOfService"),
        ):
            _maybe(part, tag, _picklist_value(key, c[key]))
        media = _picklist_value("media", c["media"])
        if media is not None:
            _add(_add(part, "Media"), "Code", media)
        _add(part, "CurrentlyInBusiness", codes.CURRENTLY_IN_BUSINESS.get(c["initial_status"] or "?", UNDETERMINED))
        exports = value_at(c, self.history, "export_sales", day)
        _maybe(part, "CurrentlyExporting", None if exports is None else _yes_no(exports > 0))
        _maybe(part, "CompanyName", _text(c["name"], "CompanyName"))
        _maybe(part, "BusinessType", c["business_type"] if c["business_type"] in BUSINESS_TYPES else None)
        pct = c["women_ownership_pct"]
        if pct is not None and 0 <= pct <= 100:
            _add(_add(part, "BusinessOwnership"), "Female", pct)
        _maybe(part, "ConductingBusinessOnline", _yes_no(c["online_business"]))
        held = {cert.schema.value for cert in certifications_at(c, self.history, day)}
        _add(part, "ClientIntake_Certified8a", _yes_no("8(a)" in held))
        _maybe(part, "Employee_Owned", _yes_no(c["employee_owned"]))
        staff = self.staff(day)
        _maybe(part, "TotalNumberOfEmployees", staff)
        export_staff = value_at(c, self.history, "export_employees", day)
        _maybe(part, "NumberOfEmployeesInExportingBusiness", None if export_staff is None else int(export_staff))
        self.income_part2(part, day)
        legal = codes.LEGAL_ENTITIES.get(c["organization"]) if c["organization"] else None
        _coded(part, "LegalEntity", [legal] if legal else [], codes.MAX_LENGTH["Other"])
        self.rural_urban(part)

    def staff(self, day: date) -> int | None:
        counts = [value_at(self.c, self.history, key, day) for key in ("full_time_employees", "part_time_employees")]
        known = [int(n) for n in counts if n is not None]
        return sum(known) if known else None

    def income_part2(self, part: ET.Element, day: date) -> None:
        c = self.c
        sales = value_at(c, self.history, "gross_sales", day)
        profits = value_at(c, self.history, "profits", day)
        exports = value_at(c, self.history, "export_sales", day)
        low, high = codes.PART2_MONEY_RANGE
        for label, value in (("gross sales", sales), ("export sales", exports)):
            if value is not None and not low <= value <= high:
                self.refuse(f"{label} at intake ({_money(value)}) are outside the schema's 0 to {high:,}")
        if profits is not None and profits > codes.PART2_PROFIT_MAX:
            self.refuse(f"profits at intake ({_money(profits)}) are above the schema's {codes.PART2_PROFIT_MAX:,}")
        if sales is None and profits is None and exports is None:
            return
        income = _add(part, "ClientAnnualIncomePart2")
        for tag, value in (("GrossRevenues", sales), ("ProfitLoss", profits), ("ExportGrossRevenuesOrSales", exports)):
            _maybe(income, tag, None if value is None else _money(value))

    def rural_urban(self, part: ET.Element) -> None:
        kind, fips = self.c["rural_urban"], (self.c["fips_code"] or "").strip()
        if kind not in ("Rural", "Urban", "Undetermined"):
            return
        fips_ok = len(fips) == 5 and fips.isdigit()
        if kind in ("Rural", "Urban") and not fips_ok:
            self.refuse(f"{kind} needs the county FIPS code (5 digits)")
        _add(part, "Rural_vs_Urban", kind)
        _maybe(part, "FIPS_Code", fips if fips_ok else None)

    # -- Part III ----------------------------------------------------------------------------------
    def counselor_record(self, part: ET.Element) -> None:
        c, s, day = self.c, self.session, self.session.date
        _add(part, "PartnerSessionNumber", partner_session_number(s.id))
        funding = [codes.FUNDING_SOURCES[code] for code in sorted(s.funding_codes) if code in codes.FUNDING_SOURCES]
        _maybe(part, "FundingSource", funding[0] if funding else None)
        in_business = in_business_at(c, self.history, day)
        verified = (YES if c["verified_in_business"] else UNDETERMINED) if in_business else NO
        _add(part, "VerifiedToBeInBusiness", verified)
        start = business_start_date(c, self.history)
        impact = start is not None and start <= day
        _add(part, "ReportableImpact", _yes_no(impact))
        _maybe(part, "DateOfReportableImpact", start.isoformat() if impact and start else None)
        exports = value_at(c, self.history, "export_sales", day)
        _maybe(part, "CurrentlyExporting", None if exports is None else _yes_no(exports > 0))
        established = c["date_established"]
        _maybe(
            part,
            "BusinessStartDatePart3",
            established.isoformat() if established is not None and established <= day else None,
        )
        staff = self.staff(day)
        export_staff = value_at(c, self.history, "export_employees", day)
        for label, count in (("staff", staff), ("export staff", export_staff)):
            if count is not None and int(count) > codes.SMALL_INTEGER_MAX:
                self.refuse(
                    f"{label} at the session date ({int(count)}) are above the schema's {codes.SMALL_INTEGER_MAX}"
                )
        _maybe(part, "TotalNumberOfEmployees", staff)
        _maybe(part, "NumberOfEmployeesInExportingBusiness", None if export_staff is None else int(export_staff))
        self.income_part3(part, day, exports)
        certs = certifications_at(c, self.history, day)
        _coded(part, "Certifications", [cert.schema for cert in certs], 255)
        self.counseling_provided(part)
        self.session_type(part)
        _add(part, "DateCounseled", day.isoformat())
        names = [n for n in (_text(n, "CounselorName") for n in s.counselor_names) if n]
        if not names:
            self.refuse("the session has no counselor")
        _maybe(part, "CounselorName", names[0] if names else None)
        hours = _add(part, "CounselingHours")
        for tag, minutes in (("Contact", s.contact_minutes), ("Prepare", s.prep_minutes), ("Travel", s.travel_minutes)):
            value = _hours(minutes)
            if value > codes.HOURS_MAX:
                self.refuse(f"{tag.lower()} time ({value} hours) is above the schema's {codes.HOURS_MAX}")
            _add(hours, tag, value)
        countries = [
            v
            for v in (_picklist_value("country", code) for code in _in_order("country", c["export_countries"] or ()))
            if v
        ]
        if countries and exports:
            group = _add(part, "ExportCountries")
            for country in countries[: codes.EXPORT_COUNTRIES_MAX]:
                _add(group, "Code", country)

    def income_part3(self, part: ET.Element, day: date, exports: Decimal | None) -> None:
        sales = value_at(self.c, self.history, "gross_sales", day)
        profits = value_at(self.c, self.history, "profits", day)
        if sales is None and profits is None and exports is None:
            return
        income = _add(part, "ClientAnnualIncomePart3")
        for tag, value in (("GrossRevenues", sales), ("ProfitLoss", profits), ("ExportGrossRevenuesOrSales", exports)):
            _maybe(income, tag, None if value is None else _money(value))

    def counseling_provided(self, part: ET.Element) -> None:
        area = self.session.counseling_area
        coded = codes.COUNSELING_AREAS.get(area) or Coded("Other", area)  # an area an administrator added
        _coded(part, "CounselingProvided", [coded], 255)

    def session_type(self, part: ET.Element) -> None:
        s = self.session
        if s.session_type == "Administrative":
            value: str | None = codes.SESSION_TYPE_ADMINISTRATIVE
        elif not s.contact_minutes:
            value = codes.SESSION_TYPE_NO_CONTACT
        else:
            value = codes.SESSION_TYPES.get(s.contact_type)
        if value is None:
            self.refuse(f"the contact type {s.contact_type!r} has no Nexus session type")
        _maybe(part, "SessionType", value)


def _phone(text: str | None) -> str | None:
    digits = "".join(ch for ch in (text or "") if ch.isdigit())
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    return digits if codes.PHONE_RE.fullmatch(digits) else None


def _zip(text: str | None) -> tuple[str | None, str | None]:
    parts = (text or "").strip().split("-")
    zip_code = parts[0] if len(parts[0]) == 5 and parts[0].isdigit() else None
    zip4 = parts[1] if zip_code and len(parts) == 2 and len(parts[1]) == 4 and parts[1].isdigit() else None
    return zip_code, zip4


def _in_order(picklist: str, chosen: Sequence[str] | frozenset[str]) -> list[str]:
    """Codes of a set in the picklist's order (unknown ones last, sorted), so output is deterministic."""
    order = {code: k for k, code in enumerate(NEXUS_PICKLISTS[picklist])}
    return sorted(chosen, key=lambda code: (order.get(code, len(order)), code))


def build_record(client: ClientFacts, tx: SessionFacts, *, location: int | None = None) -> RecordOutcome:
    """The Nexus record of ``session``; ``location`` overrides the SBA location code of the client's center."""
    return _RecordBuilder(client, tx, location).build()
