"""A demo client's counseling sessions, and the rows of the whole story.

Sessions start with the intake on the day the client was created and follow at random until
yesterday; counseling areas lean on what the client does (government contracting, exporting).
Each milestone gets the counselor and funding source of the latest session on or before its date,
as sync-rules.md has the app do for milestones made from prompts.
"""

from __future__ import annotations

import bisect
import random
import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from neodesk.demo.people import Weighted
from neodesk.demo.records import APEX, CDBG, CORE, STATE, STEP, ClientStory, DemoRefs, Event
from neodesk.demo.words import ATTRIBUTION_STATEMENTS, SESSION_NOTES

_CONTACT_TYPES = Weighted([("ON", 25), ("AT", 10), ("EM", 15), ("PH", 25), ("VC", 25)])
_FIRST_AREA_PRE = Weighted(
    [("Start-up Assistance", 40), ("Business Plan", 30), ("Intake Assessment", 20), ("Financing/Capital", 10)]
)
_FIRST_AREA = Weighted(
    [
        ("Intake Assessment", 25),
        ("Financing/Capital", 20),
        ("Managing a Business", 15),
        ("Marketing/Sales", 15),
        ("Cash Flow Management", 10),
        ("Business Plan", 15),
    ]
)
_AREAS = Weighted(
    [
        ("Business Accounting/Budget", 6),
        ("Business Plan", 10),
        ("Buy/Sell Business", 2),
        ("Cash Flow Management", 7),
        ("Credit Counseling or Financial Literacy", 3),
        ("Customer Relations", 2),
        ("Cybersecurity Assistance", 2),
        ("Disaster Planning/Recovery", 2),
        ("eCommerce", 4),
        ("Engineering R&D", 1),
        ("Financing/Capital", 12),
        ("Franchising", 1),
        ("Government Contracting", 3),
        ("Human Resources/Managing Employees", 4),
        ("Intellectual Property", 1),
        ("International Trade", 1),
        ("Investment Funding", 2),
        ("Managing a Business", 10),
        ("Marketing/Sales", 11),
        ("Risk Management", 1),
        ("SBIR/STTR/Other Innovation Programs", 1),
        ("Social Media", 4),
        ("Start-up Assistance", 6),
        ("Talent Acquisition", 1),
        ("Technology Commercialization", 1),
        ("Technology/Computers", 2),
        ("Other", 1),
    ]
)


def build_activity(
    rng: random.Random,
    refs: DemoRefs,
    today: date,
    c: dict[str, Any],
    events: list[Event],
    counselor: int,
    *,
    rural: bool,
) -> ClientStory:
    """Sessions for client `c` (its record so far) and the rows of it, its sessions and `events`.

    Also settles what depends on the activity: the client's id, `last_activity`, `updated_at`, and
    inactivation of clients gone quiet for a year.
    """
    end = today - timedelta(days=1)
    created_at: datetime = c["created_at"]
    created = created_at.date()
    span = (end - created).days
    count = 1 + min(int(rng.expovariate(1 / 2.6)), 40) + len(events) // 3
    days = [created, *sorted(created + timedelta(days=rng.randint(0, span)) for _ in range(count - 1))]
    client_id = c["id"] = uuid.uuid4()
    govcon, exporter = c.get("government_contracting"), c.get("export_countries")
    n_counselors = len(refs.counselor_ids)
    sessions: list[dict[str, Any]] = []
    session_links: list[tuple[uuid.UUID, tuple[uuid.UUID, ...], tuple[uuid.UUID, ...]]] = []
    session_people: list[tuple[uuid.UUID | None, str]] = []
    for k, day in enumerate(days):
        if k == 0:
            kind = "Initial/New"
            area = (_FIRST_AREA if c["initial_status"] != "P" else _FIRST_AREA_PRE).pick(rng)
        else:
            kind = "Administrative" if rng.random() < 0.06 else "Follow-up"
            r = rng.random()
            area = (
                "Government Contracting"
                if govcon and r < 0.35
                else "International Trade"
                if exporter and r < 0.3
                else _AREAS.pick(rng)
            )
        contact = _CONTACT_TYPES.pick(rng)
        if area == "Government Contracting":
            funding = APEX
        elif area == "International Trade" and rng.random() < 0.7:
            funding = STEP
        else:
            r = rng.random()
            funding = CORE if r < 0.82 else CDBG if rural and r < 0.9 else STATE
        who = counselor if rng.random() < 0.9 or n_counselors < 2 else rng.randrange(n_counselors)
        who_ids: tuple[uuid.UUID, ...] = (refs.counselor_ids[who],) if who >= 0 else ()
        if who_ids and n_counselors > 1 and rng.random() < 0.08:
            other = refs.counselor_ids[(who + 1 + rng.randrange(n_counselors - 1)) % n_counselors]
            who_ids = (*who_ids, other)
        fundings: tuple[uuid.UUID, ...] = (refs.funding_ids[funding],)
        if rng.random() < 0.05 and funding != CORE:
            fundings = (*fundings, refs.funding_ids[CORE])
        extra = frozenset(_AREAS.pick(rng) for _ in range(rng.randint(1, 2))) - {area} if rng.random() < 0.25 else None
        stamp = (
            created_at + timedelta(minutes=10 * (k + 1))
            if day == created
            else datetime.combine(day, time(14), UTC) + timedelta(minutes=(k * 47) % 420)
        )
        session_id = uuid.uuid4()
        admin = kind == "Administrative"
        sessions.append(
            {
                "id": session_id,
                "client_id": client_id,
                "date": day,
                "session_type": kind,
                "contact_type": contact,
                "counseling_area": area,
                "additional_areas": extra or None,
                "contact_minutes": rng.choice((5, 10, 15)) if admin else rng.choice((30, 45, 60, 60, 90, 120)),
                "prep_minutes": rng.choice((0, 0, 15, 30, 60)),
                "travel_minutes": rng.choice((15, 30, 45, 60)) if contact == "AT" else 0,
                "subject": "Intake and needs assessment" if k == 0 else area,
                "notes": rng.choice(SESSION_NOTES) or None,
                "attendees": 1 if rng.random() < 0.8 else rng.randint(2, 3),
                "reportable": not admin or rng.random() < 0.5,
                "created_at": stamp,
                "updated_at": stamp,
                "updated_by_id": who_ids[0] if who_ids else None,
            }
        )
        session_links.append((session_id, who_ids, fundings))
        session_people.append((who_ids[0] if who_ids else None, funding))

    milestones: list[dict[str, Any]] = []
    milestone_links: list[tuple[uuid.UUID, uuid.UUID, uuid.UUID]] = []
    updated_at = created_at
    events.sort(key=lambda e: e.date)
    for k, event in enumerate(events):
        # Counselor and funding of the latest session on or before the milestone (sync-rules.md).
        who_id, funding = session_people[bisect.bisect_right(days, event.date) - 1]
        funding = event.funding or funding
        stamp = (
            created_at + timedelta(minutes=5 * (k + 1))
            if event.date == created
            else datetime.combine(event.date, time(15), UTC) + timedelta(minutes=(k * 31) % 360)
        )
        updated_at = max(updated_at, stamp)
        attributed = event.type_code != "business_established" and rng.random() < 0.1
        milestone_id = uuid.uuid4()
        milestones.append(
            {
                "id": milestone_id,
                "client_id": client_id,
                "type_code": event.type_code,
                "date": event.date,
                "amount": event.amount,
                "initial_amount": event.initial,
                "detail": event.detail,
                "notes": event.notes,
                "reportable": rng.random() < 0.97,
                "attribution_source": rng.choice(("Client e-mail", "Client survey", "Signed attribution form"))
                if attributed
                else None,
                "attribution_statement": rng.choice(ATTRIBUTION_STATEMENTS) if attributed else None,
                "attribution_date": min(event.date + timedelta(days=rng.randint(0, 30)), end) if attributed else None,
                "origin": event.origin,
                "created_at": stamp,
                "updated_at": stamp,
                "updated_by_id": who_id,
            }
        )
        if who_id is not None:
            milestone_links.append((milestone_id, who_id, refs.funding_ids[funding]))

    last = max(days[-1], events[-1].date) if events else days[-1]
    c["last_activity"] = last
    if c["active"] and (today - last).days > 365 and rng.random() < 0.3:
        c["active"], c["client_type"] = False, "IC"  # gone quiet for a year: the center inactivates
    c["updated_at"] = updated_at
    c["updated_by_id"] = c["counselor_id"]
    return ClientStory(c, sessions, milestones, session_links, milestone_links)
