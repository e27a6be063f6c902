"""An agreement's due dates as an iCalendar file (agreements.md §7 "Add due dates to calendar…").

Written with the maintained `icalendar` library (RFC 5545). One all-day VEVENT per milestone with a
due date. Each event's UID is the milestone's id, so importing a newer file updates the events
instead of adding duplicates; SEQUENCE is the milestone's revision, which only grows, so calendar
programs take the newer copy. A milestone that is complete or cancelled stays in the file as
STATUS:CANCELLED: importing the file again takes its reminder out of the calendar. An alarm fires
`reminder_days` before the due date (the same window as the Tasks panel).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from icalendar import Alarm, Calendar, Event

PRODUCT = "-//NeoDesk//Agreement due dates//EN"
UID_DOMAIN = "neodesk"
DONE = frozenset({"complete", "cancelled"})


@dataclass(frozen=True, slots=True)
class DueDate:
    milestone_id: uuid.UUID
    code: str
    description: str
    due: date
    status: str
    revision: int
    missing: tuple[str, ...] = ()  # what the stakeholder still has to provide, one line each


def event_uid(milestone_id: uuid.UUID) -> str:
    return f"{milestone_id}@{UID_DOMAIN}"


def calendar(
    agreement_number: str,
    agreement_title: str,
    dates: tuple[DueDate, ...],
    *,
    now: datetime,
    reminder_days: int = 7,
) -> Calendar:
    """The calendar (`now`: an aware datetime for DTSTAMP)."""
    cal = Calendar()
    cal.add("prodid", PRODUCT)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{agreement_number} due dates")
    for d in dates:
        event = Event()
        event.add("uid", event_uid(d.milestone_id))
        event.add("dtstamp", now)
        event.add("sequence", d.revision)
        event.add("dtstart", d.due)
        event.add("dtend", d.due + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        event.add("summary", f"{agreement_number} {d.code} due: {d.description}")
        lines = [f"Agreement {agreement_number}: {agreement_title}", f"Milestone {d.code} ({d.status})"]
        if d.missing:
            lines += ["Still missing:", *(f"- {m}" for m in d.missing)]
        event.add("description", "\n".join(lines))
        event.add("status", "CANCELLED" if d.status in DONE else "CONFIRMED")
        if d.status not in DONE and reminder_days > 0:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"{agreement_number} {d.code} is due on {d.due.isoformat()}")
            alarm.add("trigger", timedelta(days=-reminder_days))
            event.add_component(alarm)
        cal.add_component(event)
    return cal


def ics_bytes(
    agreement_number: str,
    agreement_title: str,
    dates: tuple[DueDate, ...],
    *,
    now: datetime,
    reminder_days: int = 7,
) -> bytes:
    return bytes(calendar(agreement_number, agreement_title, dates, now=now, reminder_days=reminder_days).to_ical())
