"""One demo client's three years with the center: the client record, its milestones and sessions.

The story is generated in time order and the client record is *derived* from it, the way the sync
rules (sync-rules.md) would have left it: the newest value milestone of each kind holds the client's
current value (and date), each milestone's `initial_amount` is the value before it, certifications
and readiness flags carry their milestones' dates, and a business that started while counseled has a
`business_established` milestone on its date of establishment, saved with a staff milestone.

Pure Python over a `random.Random` and a fixed `today`: the same seed and day give the same story.
Record ids are the exception (fresh UUIDs, so that a second demo run never collides with the first).
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from neodesk.catalog.certifications import CERTIFICATION_DATE_FIELDS, certified_types
from neodesk.catalog.milestone_types import DEFAULT_READINESS_REQUIREMENTS
from neodesk.demo.activity import build_activity
from neodesk.demo.people import Identity, Weighted, intake_answers, pick_identity
from neodesk.demo.records import APEX, STEP, ClientStory, DemoRefs, Event, cents
from neodesk.demo.words import (
    AGENCIES,
    EXPORT_MARKETS,
    ORGANIZATIONS,
    SUCCESS_NOTES,
)

DAYS_BACK = 3 * 365  # clients were taken on over the past three years

# Certified picklist codes -> the milestone that records obtaining the certification (M8-M12).
GENDER_CERTS = certified_types("ownership_gender")
VETERAN_CERTS = certified_types("veteran_status")
DISADVANTAGE_CERTS = certified_types("disadvantage_status")
HUBZONE_CERTS = certified_types("hubzone")
# What a certification drawn for a client who cannot have obtained it falls back to.
_UNCERTIFIED = {
    "WB": "F",
    "E": "F",
    "W": "F",
    "VO": "VE",
    "SD": "DS",
    "DBE": "NC",
    "MBE": "NC",
    "8A": "NC",
    "SC": "NC",
    "C": "Y",
}

_STAGES = Weighted([("P", 38), ("S", 17), ("B", 45)])
_GENDER = Weighted([("M", 44), ("F", 24), ("B", 14), ("WB", 3), ("W", 3.5), ("E", 1.5), ("NR", 5), ("-", 5)])
_GENDER_PRE = Weighted([("M", 45), ("F", 30), ("B", 12), ("NR", 6), ("-", 7)])
_VETERAN = Weighted([("NA", 76), ("VE", 8), ("DS", 3), ("VO", 4), ("SD", 3), ("NR", 3), ("-", 3)])
_VETERAN_PRE = Weighted([("NA", 82), ("VE", 9), ("DS", 3), ("NR", 3), ("-", 3)])
_DISADVANTAGE = Weighted([("NA", 55), ("NC", 18), ("SC", 9), ("DBE", 5), ("MBE", 8), ("8A", 5)])
_DISADVANTAGE_PRE = Weighted([("NA", 75), ("NC", 25)])
_HUBZONE = Weighted([("N", 78), ("-", 6), ("Y", 9), ("C", 7)])
_HUBZONE_PRE = Weighted([("N", 85), ("-", 8), ("Y", 7)])
_WOMAN_OWNED = frozenset({"F", "WB", "E", "W"})

_FT_EVENTS = Weighted([(0, 45), (1, 30), (2, 15), (3, 10)])
_PT_EVENTS = Weighted([(0, 60), (1, 25), (2, 10), (3, 5)])
_SALES_EVENTS = Weighted([(0, 40), (1, 30), (2, 18), (3, 12)])
_FEW_EVENTS = Weighted([(0, 50), (1, 35), (2, 15)])
_STAFF_STEP = (-2, -1, 1, 1, 1, 2, 2, 3, 5)
_MARKETS = Weighted(EXPORT_MARKETS)
_ORGS = Weighted([(org, weight) for org, _suffix, weight in ORGANIZATIONS])

_UEI_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"  # SAM's UEI alphabet leaves out I and O
_CAGE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
# (cumulative probability, low, high) bands of intake staff counts
_FT_BANDS = ((0.25, 0, 0), (0.6, 1, 3), (0.85, 4, 10), (0.98, 11, 50), (1.0, 51, 200))
_PT_BANDS = ((0.45, 0, 0), (0.8, 1, 3), (0.96, 4, 10), (1.0, 11, 40))


def year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _headcount(rng: random.Random, part_time: bool) -> int:
    """A staff count shaped like small businesses': many with none, few above fifty."""
    bands = _PT_BANDS if part_time else _FT_BANDS
    r = rng.random()
    for limit, low, high in bands:
        if r < limit:
            return rng.randint(low, high)
    return 0


def _dollars(rng: random.Random, whole: int) -> int:
    """`whole` dollars as cents, now and then with odd cents (money is exact, not round)."""
    return whole * 100 + (rng.randrange(100) if rng.random() < 0.25 else 0)


class _Story:
    """Builds one client; instance state is the client being built (discarded afterwards)."""

    def __init__(self, rng: random.Random, refs: DemoRefs, today: date) -> None:
        self.rng = rng
        self.refs = refs
        self.today = today
        # Nothing is dated today: a record stamped later today would be "in the future" until evening.
        self.end = today - timedelta(days=1)
        self.events: list[Event] = []
        self.client: dict[str, Any] = {}

    # -- helpers ---------------------------------------------------------------------------------
    def _dates(self, lo: date, hi: date, k: int) -> list[date]:
        """Up to k distinct dates in [lo, hi], ascending (distinct so that "newest" is unambiguous)."""
        span = (hi - lo).days + 1
        if k <= 0 or span <= 0:
            return []
        return [lo + timedelta(days=o) for o in sorted(self.rng.sample(range(span), min(k, span)))]

    def _day(self, lo: date, hi: date) -> date:
        return lo + timedelta(days=self.rng.randint(0, (hi - lo).days))

    def _track(
        self, code: str, start: int, lo: date, hi: date, count: int, step: Any, *, money: bool
    ) -> tuple[int, date | None]:
        """Value milestones of one kind; returns the final value and the newest milestone's date."""
        value, last = start, None
        convert = cents if money else Decimal
        origin = "client_edit" if self.rng.random() < 0.4 else "manual"
        for day in self._dates(lo, hi, count):
            new = step(value)
            if new == value:
                new += 10_000 if money else 1
            self.events.append(Event(day, code, convert(new), convert(value), origin=origin))
            value, last = new, day
        return value, last

    def _certify(
        self, code: str, certs: dict[str, str], lo: date, hi: date, before: tuple[date, date] | None
    ) -> tuple[str, date | None]:
        """A certified code gets its date: obtained while counseled (a milestone) or before intake (none)."""
        if code not in certs:
            return code, None
        rng = self.rng
        if lo <= hi and (before is None or rng.random() < 0.6):
            day = self._day(lo, hi)
            self.events.append(Event(day, certs[code]))
            return code, day
        if before is not None:
            return code, self._day(*before)
        return _UNCERTIFIED[code], None

    # -- the story -------------------------------------------------------------------------------
    def build(self) -> ClientStory:
        rng, c = self.rng, self.client
        created = self.end - timedelta(days=rng.randrange(DAYS_BACK))
        created_at = datetime.combine(created, time(13 + rng.randrange(10), rng.randrange(60), rng.randrange(60)), UTC)
        stage = _STAGES.pick(rng)
        span = (self.end - created).days
        established: date | None = None
        started_here = False
        if stage == "P":
            if span >= 30 and rng.random() < 0.4:
                established = created + timedelta(days=rng.randint(14, min(span, 540)))
                started_here = True
        elif stage == "S":
            established = created - timedelta(days=rng.randint(0, 330))
        else:
            established = created - timedelta(days=rng.randint(366, 25 * 365))
        in_business = established is not None

        gender = (_GENDER if in_business else _GENDER_PRE).pick(rng)
        owner_sex = "Female" if gender in _WOMAN_OWNED else "Male" if gender == "M" else None
        person = pick_identity(rng, owner_sex)
        veteran = (_VETERAN if in_business else _VETERAN_PRE).pick(rng)
        disadvantage = (_DISADVANTAGE if in_business else _DISADVANTAGE_PRE).pick(rng)
        hubzone = (_HUBZONE if in_business else _HUBZONE_PRE).pick(rng)
        counselor = self._primary_counselor()
        self._identity_fields(person, created, created_at, stage, established, counselor)

        # Growth is recorded after intake, or from the day a business started while counseled.
        lo = (established if established and started_here else created) + timedelta(days=1)
        hi = self.end
        if in_business:
            assert established is not None
            self._business(person, stage, created, established, started_here, lo, hi)
            before = None
            if not started_here:
                start = max(established, created - timedelta(days=4 * 365))
                before = (start, created - timedelta(days=1)) if start < created else None
            dated = CERTIFICATION_DATE_FIELDS  # each certification field's date field
            gender, c[dated["ownership_gender"]] = self._certify(gender, GENDER_CERTS, lo, hi, before)
            veteran, c[dated["veteran_status"]] = self._certify(veteran, VETERAN_CERTS, lo, hi, before)
            disadvantage, c[dated["disadvantage_status"]] = self._certify(
                disadvantage, DISADVANTAGE_CERTS, lo, hi, before
            )
            hubzone, c[dated["hubzone"]] = self._certify(hubzone, HUBZONE_CERTS, lo, hi, before)
        else:
            c["company_status"] = "P"
            c["international_trade"] = "None"
        c["ownership_gender"], c["veteran_status"] = gender, veteran
        c["disadvantage_status"], c["hubzone"] = disadvantage, hubzone
        c["women_ownership_pct"] = (
            (100 if rng.random() < 0.6 else rng.randint(51, 99))
            if gender in _WOMAN_OWNED
            else 50
            if gender == "B"
            else 0
            if gender == "M"
            else None
        )
        c.update(intake_answers(rng, person, veteran))
        c["signature_date"] = created if c["signature_on_file"] else None

        if self.events and rng.random() < 0.06:
            first = min(e.date for e in self.events)
            self.events.append(Event(self._day(first, hi), "success_story", notes=rng.choice(SUCCESS_NOTES)))
        if in_business:
            self._closure(lo, hi)
        return build_activity(
            rng, self.refs, self.today, c, self.events, counselor, rural=person.place.rural_urban == "Rural"
        )

    def _primary_counselor(self) -> int:
        # The first counselors of the list carry more clients, as senior counselors do.
        n = len(self.refs.counselor_ids)
        return min(int(self.rng.expovariate(0.35)), n - 1) if n else -1

    def _identity_fields(
        self,
        person: Identity,
        created: date,
        created_at: datetime,
        stage: str,
        established: date | None,
        counselor: int,
    ) -> None:
        c, rng, place = self.client, self.rng, person.place
        c.update(
            name=person.name,
            client_type="AC",
            initial_status=stage,
            date_established=established,
            organization=person.organization,
            business_type=person.trade.business_type,
            online_business=rng.random() < 0.3,
            employee_owned=rng.random() < 0.02,
            active=True,
            street=person.street,
            city=place.city,
            state=place.state,
            zip=person.zip,
            county=place.county,
            fips_code=place.fips,
            rural_urban=place.rural_urban,
            contact_first_name=person.first_name,
            contact_last_name=person.last_name,
            contact_email=person.email,
            contact_phone=person.phone,
            counselor_id=self.refs.counselor_ids[counselor] if counselor >= 0 else None,
            center_id=self.refs.center_id,
            created_at=created_at,
        )

    def _business(
        self, person: Identity, stage: str, created: date, established: date, started_here: bool, lo: date, hi: date
    ) -> None:
        """Staff, sales, profits, bonding, exports, readiness and the odd status change of a business."""
        rng, c, trade = self.rng, self.client, person.trade
        if started_here:
            # C1/C2: the client became a business; milestones.md makes that save carry a staff milestone.
            self.events.append(Event(established, "business_established", origin="client_edit"))
            ft0 = rng.randint(1, 4) if rng.random() < 0.75 else 0
            pt0 = rng.randint(1, 3) if ft0 == 0 or rng.random() < 0.4 else 0
            if ft0:
                self.events.append(Event(established, "change_in_full_time_staff", Decimal(ft0), Decimal(0)))
            if pt0:
                self.events.append(Event(established, "change_in_part_time_staff", Decimal(pt0), Decimal(0)))
            if rng.random() < 0.5:
                c["business_start_impact_date"] = established
                self.events.append(Event(established, "business_start_impact", origin="client_edit"))
            sales0, sales_lo = 0, established + timedelta(days=30)
            intake_day = None
        else:
            ft0, pt0 = _headcount(rng, False), _headcount(rng, True)
            per_head = rng.randint(45_000, 160_000)
            sales0 = (2 * ft0 + pt0 + 2) * per_head // 200 * 100 * 100
            if stage == "S":
                sales0 = sales0 // 20_000 * 10_000  # half, in whole dollars
            sales_lo = lo
            year_end = date(created.year - 1, 12, 31)
            intake_day = year_end if established <= year_end else created

        def staff_step(v: int) -> int:
            return max(0, v + rng.choice(_STAFF_STEP))

        c["full_time_employees"], _ = self._track(
            "change_in_full_time_staff", ft0, lo, hi, _FT_EVENTS.pick(rng), staff_step, money=False
        )
        c["part_time_employees"], _ = self._track(
            "change_in_part_time_staff", pt0, lo, hi, _PT_EVENTS.pick(rng), staff_step, money=False
        )

        def sales_step(v: int) -> int:
            if v == 0:
                return _dollars(rng, rng.randint(5_000, 150_000))
            return _dollars(rng, v * rng.randint(85, 160) // 10_000)

        sales, day = self._track(
            "change_in_sales", sales0, sales_lo, hi, _SALES_EVENTS.pick(rng), sales_step, money=True
        )
        if day or intake_day:
            c["gross_sales"], c["gross_sales_date"] = cents(sales), day or intake_day
        scale = max(sales, 2_000_000)

        if rng.random() < 0.4:
            profits0 = 0 if started_here else sales0 * rng.randint(-15, 25) // 10_000 * 100

            def profit_step(v: int) -> int:
                return (v + scale * rng.randint(-8, 12) // 100) // 100 * 100

            profits, day = self._track(
                "change_in_profits", profits0, lo, hi, _FEW_EVENTS.pick(rng), profit_step, money=True
            )
            if day or intake_day:
                c["profits"], c["profits_date"] = cents(profits), day or intake_day

        if trade.bonded and rng.random() < 0.5:
            bond0 = 0 if started_here else rng.randint(1, 40) * 25_000 * 100

            def bond_step(v: int) -> int:
                change = rng.randint(1, 20) * 25_000 * 100
                return max(0, v - change) if rng.random() < 0.15 else v + change

            bond, day = self._track("change_in_bonding", bond0, lo, hi, _FEW_EVENTS.pick(rng), bond_step, money=True)
            if day or bond:
                c["bonding_amount"] = cents(bond)

        exporter = rng.random() < (0.3 if trade.exporter else 0.03)
        if exporter and (not started_here or lo <= hi):
            self._exports(started_here, sales0, lo, hi)
        else:
            c["international_trade"] = "Importer" if rng.random() < 0.03 else "None"

        if rng.random() < (0.3 if trade.govcon else 0.02):
            self._readiness(person, lo, hi)
        self._other_growth(lo, hi)

    def _exports(self, started_here: bool, sales0: int, lo: date, hi: date) -> None:
        rng, c = self.rng, self.client
        countries: set[str] = set()
        if not started_here:
            wanted = rng.randint(1, 2)
            while len(countries) < wanted:
                countries.add(_MARKETS.pick(rng))
        markets = max(_FEW_EVENTS.pick(rng), 1 if started_here else 0)
        for day in self._dates(lo, hi, markets):
            added = {_MARKETS.pick(rng) for _ in range(rng.randint(1, 2))} - countries
            if not added:
                continue
            countries |= added
            self.events.append(Event(day, "entered_new_foreign_markets", detail=", ".join(sorted(added)), funding=STEP))
        c["export_countries"] = frozenset(countries)
        c["international_trade"] = "Importer/Exporter" if rng.random() < 0.25 else "Exporter"

        def export_step(v: int) -> int:
            if v == 0:
                return _dollars(rng, rng.randint(2_000, 80_000))
            return _dollars(rng, v * rng.randint(90, 170) // 10_000)

        export0 = 0 if started_here else sales0 * rng.randint(3, 35) // 10_000 * 100
        count = max(_FEW_EVENTS.pick(rng), 1 if started_here else 0)
        exports, _ = self._track("change_in_exports", export0, lo, hi, count, export_step, money=True)
        c["export_sales"] = cents(exports)

        staff = (c["full_time_employees"] or 0) + (c["part_time_employees"] or 0)
        export_staff = 0 if started_here else min(staff, rng.randint(0, 2))
        if staff and lo <= hi and rng.random() < 0.35:
            # Export staff never exceeds the current total staff (domain.md warns about that).
            new = min(staff, export_staff + rng.randint(1, 2))
            if new != export_staff:
                self.events.append(
                    Event(self._day(lo, hi), "change_in_export_staff", Decimal(new), Decimal(export_staff))
                )
                export_staff = new
        c["export_employees"] = export_staff

    def _readiness(self, person: Identity, lo: date, hi: date) -> None:
        """APEX contract-readiness steps; DIB/GIB ready logged on the latest required step's date (M15)."""
        rng, c = self.rng, self.client
        c["government_contracting"] = True
        if rng.random() < 0.45:
            steps = [
                "sam_registered",
                "cage_assigned",
                "naics_identified",
                "capability_statement",
                "sbs_profile",
                "nist_800_171_assessed",
                "cmmc_level1",
                "first_bid_submitted",
                "government_contract_award",
            ]
        else:
            steps = [
                "state_vendor_registered" if rng.random() < 0.3 else "sam_registered",
                "naics_identified",
                "capability_statement",
                "first_bid_submitted",
                "government_contract_award",
            ]
            if steps[0] == "sam_registered" and rng.random() < 0.5:
                steps.insert(1, "cage_assigned")
        k = len(steps) if rng.random() < 0.45 else rng.randint(1, len(steps) - 1)
        logged: dict[str, date] = {}
        for code, day in zip(steps, self._dates(lo, hi, k), strict=False):
            event = Event(day, code, funding=APEX)
            if code == "sam_registered":
                c["uei"] = event.detail = rng.choice(_UEI_CHARS[:-10]) + "".join(rng.choices(_UEI_CHARS, k=11))
            elif code == "cage_assigned":
                middle = "".join(rng.choices(_CAGE_CHARS, k=3))
                c["cage_code"] = event.detail = f"{rng.randrange(10)}{middle}{rng.randrange(10)}"
            elif code == "naics_identified":
                codes = person.trade.naics
                c["naics_codes"] = codes
                event.detail = ", ".join(codes)
            elif code == "nist_800_171_assessed":
                event.amount = Decimal(rng.choice((110, 110, 104, 97, 88, 71, 45, 12, -34, -87, -203)))
            elif code == "government_contract_award":
                event.amount = cents(rng.randint(250, 25_000) * 10_000)
                piid = (
                    f"{rng.choice(('W912', 'SP47', '36C2', '47QS', 'N400', 'FA86'))}{rng.randint(10, 99)}"
                    f"{rng.choice('PCD')}{rng.randrange(10_000):04d}"
                )
                event.detail = f"{rng.choice(AGENCIES)}; contract {piid}"
            self.events.append(event)
            logged[code] = day
        for goal, requirements in DEFAULT_READINESS_REQUIREMENTS.items():
            met: list[date] = []
            for alternatives in requirements:
                days = [logged[a] for a in alternatives if a in logged]
                if not days:
                    break
                met.append(min(days))  # the requirement was met when its first alternative was logged
            else:
                ready = max(met)
                self.events.append(Event(ready, goal, origin="readiness", funding=APEX))
                c[goal], c[f"{goal}_date"] = True, ready

    def _other_growth(self, lo: date, hi: date) -> None:
        rng, c = self.rng, self.client
        if lo > hi:
            return
        if rng.random() < 0.04:
            new = _ORGS.pick(rng)
            if new != c["organization"]:
                self.events.append(Event(self._day(lo, hi), "changed_legal_form", detail=new))
                c["organization"] = new
        if rng.random() < 0.04:
            staff = (c["full_time_employees"] or 0) + (c["part_time_employees"] or 0)
            self.events.append(Event(self._day(lo, hi), "jobs_retained", Decimal(rng.randint(1, max(staff, 1)))))
        if rng.random() < 0.03:
            self.events.append(Event(self._day(lo, hi), "sales_retained", cents(rng.randint(50, 5_000) * 10_000)))
        if rng.random() < 0.03:
            self.events.append(Event(self._day(lo, hi), "business_expansion"))
        if rng.random() < 0.01:
            self.events.append(Event(self._day(lo, hi), "temporarily_altered"))

    def _closure(self, lo: date, hi: date) -> None:
        """A few businesses close, pause or sell, after everything else in their story."""
        rng, c = self.rng, self.client
        r = rng.random()
        outcome = "PC" if r < 0.02 else "TC" if r < 0.03 else "SOLD" if r < 0.036 else None
        if outcome is not None:
            first = max([lo, *(e.date + timedelta(days=1) for e in self.events)])
            if first <= hi:
                code = {"PC": "permanently_closed", "TC": "temporarily_closed", "SOLD": "sold_business"}[outcome]
                self.events.append(Event(self._day(first, hi), code))
                c["company_status"] = outcome
                if outcome != "TC":
                    c["active"], c["client_type"] = False, "IC"  # P1/M11: closed clients are inactivated
                return
        established = c["date_established"]
        c["company_status"] = "B" if established < year_before(self.today) else "S"
        c["verified_in_business"] = rng.random() < 0.6


def build_client(rng: random.Random, refs: DemoRefs, today: date) -> ClientStory:
    """One client with its sessions and milestones, consistent with each other (see module doc)."""
    return _Story(rng, refs, today).build()
