"""The draft e-mail (.eml) and the due-date calendar (.ics) of agreements.md §7, read back with the
standard library's email.parser and with icalendar."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

import pytest
from icalendar import Calendar

from neodesk.exchange.due_calendar import DueDate, event_uid, ics_bytes
from neodesk.exchange.stakeholder_email import (
    AddressProblem,
    DueMilestone,
    DueObjective,
    StakeholderLetter,
    eml_bytes,
)

NOW = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)
TODAY = date(2026, 6, 1)


def letter(**changes: object) -> StakeholderLetter:
    values: dict[str, object] = {
        "agreement_number": "AG-1",
        "agreement_title": "Job creation grant",
        "contact_name": "Jane Roë",
        "contact_email": "jane@fargo.example",
        "counselor_name": "Maria Delgado",
        "counselor_email": "maria.delgado@sbdc.example",
        "milestones": (
            DueMilestone(
                "HIRE10",
                "Ten new full-time jobs",
                TODAY + timedelta(days=3),
                "ready",
                (
                    DueObjective(1, "Payroll evidence", "declined", ("Payroll report for Q3",), "the scan is blurred"),
                    DueObjective(2, "Hiring plan", "open", ("New hires", "Start dates")),
                    DueObjective(3, "Training", "submitted", ()),
                ),
            ),
            DueMilestone("PLAN", "Business plan", TODAY - timedelta(days=1), "pending"),
        ),
        "today": TODAY,
    }
    values.update(changes)
    return StakeholderLetter(**values)  # type: ignore[arg-type]


def parse(data: bytes) -> EmailMessage:
    message = BytesParser(policy=policy.default).parsebytes(data)
    assert isinstance(message, EmailMessage)
    return message


def test_the_draft_is_addressed_to_the_stakeholder_and_says_what_is_missing() -> None:
    message = parse(eml_bytes(letter(), now=NOW))
    assert message["To"].addresses[0].addr_spec == "jane@fargo.example"
    assert message["To"].addresses[0].display_name == "Jane Roë"
    assert message["From"].addresses[0].addr_spec == "maria.delgado@sbdc.example"
    assert message["Subject"] == "AG-1 Job creation grant: what is due"
    assert message["X-Unsent"] == "1"
    body = message.get_content()
    assert "Dear Jane Roë," in body
    assert "HIRE10: Ten new full-time jobs, due 2026-06-04 (in 3 days)." in body
    assert "1. Payroll evidence (declined: the scan is blurred). Still missing: Payroll report for Q3." in body
    assert "2. Hiring plan (open). Still missing: New hires; Start dates." in body
    assert "3. Training: received, being reviewed." in body
    assert "PLAN: Business plan, was due 2026-05-31 (1 day ago)." in body


def test_the_draft_uses_crlf_line_ends() -> None:
    data = eml_bytes(letter(), now=NOW)
    assert b"\r\n" in data
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_nothing_due_is_said_plainly() -> None:
    body = parse(eml_bytes(letter(milestones=()), now=NOW)).get_content()
    assert "Nothing is due under agreement AG-1" in body


@pytest.mark.parametrize("bad", ["jane", "jane@", "@fargo.example", "jane doe@fargo.example", "jane@localhost"])
def test_an_unusable_contact_address_is_one_sentence(bad: str) -> None:
    with pytest.raises(AddressProblem, match="is not an e-mail address"):
        eml_bytes(letter(contact_email=bad), now=NOW)


def test_an_unusable_counselor_address_leaves_the_sender_to_the_mail_program() -> None:
    message = parse(eml_bytes(letter(counselor_email=""), now=NOW))
    assert message["From"] is None
    assert message["To"].addresses[0].addr_spec == "jane@fargo.example"


HIRE, PLAN = uuid.uuid4(), uuid.uuid4()


def dates(revision: int = 40) -> tuple[DueDate, ...]:
    return (
        DueDate(HIRE, "HIRE10", "Ten new jobs; full-time, paid", date(2026, 9, 30), "ready", revision, ("Payroll",)),
        DueDate(PLAN, "PLAN", "Business plan", date(2026, 3, 1), "complete", 12),
    )


def events(data: bytes) -> dict[str, object]:
    return {str(e["uid"]): e for e in Calendar.from_ical(data).walk("VEVENT")}


def test_one_all_day_event_per_due_milestone() -> None:
    data = ics_bytes("AG-1", "Job creation grant", dates(), now=NOW, reminder_days=7)
    cal = Calendar.from_ical(data)
    assert str(cal["prodid"]).startswith("-//NeoDesk//")
    found = events(data)
    assert set(found) == {event_uid(HIRE), event_uid(PLAN)}
    hire = found[event_uid(HIRE)]
    assert hire["dtstart"].dt == date(2026, 9, 30)  # type: ignore[index]
    assert hire["dtend"].dt == date(2026, 10, 1)  # type: ignore[index]
    assert str(hire["summary"]) == "AG-1 HIRE10 due: Ten new jobs; full-time, paid"  # type: ignore[index]
    assert "Payroll" in str(hire["description"])  # type: ignore[index]
    assert str(hire["status"]) == "CONFIRMED"  # type: ignore[index]
    alarms = hire.walk("VALARM")  # type: ignore[attr-defined]
    assert [a["trigger"].dt for a in alarms] == [timedelta(days=-7)]


def test_a_done_milestone_is_cancelled_so_a_reimport_removes_its_reminder() -> None:
    plan = events(ics_bytes("AG-1", "t", dates(), now=NOW))[event_uid(PLAN)]
    assert str(plan["status"]) == "CANCELLED"  # type: ignore[index]
    assert plan.walk("VALARM") == []  # type: ignore[attr-defined]


def test_uids_are_stable_and_the_sequence_grows_with_the_revision() -> None:
    first = events(ics_bytes("AG-1", "t", dates(40), now=NOW))
    later = events(ics_bytes("AG-1", "t", dates(41), now=NOW + timedelta(days=2)))
    assert set(first) == set(later)
    assert int(later[event_uid(HIRE)]["sequence"]) > int(first[event_uid(HIRE)]["sequence"])  # type: ignore[index]
