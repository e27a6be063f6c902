"""The draft e-mail to an agreement's stakeholder (agreements.md §7 "Email the stakeholder…").

A desk is offline and NeoDesk sends nothing itself: it writes a draft `.eml` (RFC 5322, CRLF line
ends) that the counselor's mail program opens, lets them edit and sends. `X-Unsent: 1` makes Outlook
open it as a new message rather than a received one; other programs ignore the header. The text says
what is due per milestone and, per objective, what is still missing; it is built from plain rows
here (no database, no clock) so that tests read it back with email.parser.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date, datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid


@dataclass(frozen=True, slots=True)
class DueObjective:
    """An objective not yet accepted: its status and the prompts still unanswered."""

    position: int
    title: str
    status: str  # open | submitted | declined
    missing: tuple[str, ...]
    reason: str | None = None  # why it was declined


@dataclass(frozen=True, slots=True)
class DueMilestone:
    code: str
    description: str
    due: date | None
    status: str
    objectives: tuple[DueObjective, ...] = ()


@dataclass(frozen=True, slots=True)
class StakeholderLetter:
    agreement_number: str
    agreement_title: str
    contact_name: str
    contact_email: str
    counselor_name: str
    counselor_email: str
    milestones: tuple[DueMilestone, ...]  # the open ones, due first
    today: date
    packets: tuple[str, ...] = ()  # names of the stakeholder packets attached to the draft


def _when(due: date | None, today: date) -> str:
    if due is None:
        return "no due date"
    days = (due - today).days
    if days < 0:
        return f"was due {due.isoformat()} ({-days} day{'s' if days != -1 else ''} ago)"
    if days == 0:
        return f"due today, {due.isoformat()}"
    return f"due {due.isoformat()} (in {days} day{'s' if days != 1 else ''})"


def subject(letter: StakeholderLetter) -> str:
    return f"{letter.agreement_number} {letter.agreement_title}: what is due"


def body(letter: StakeholderLetter) -> str:
    lines = [f"Dear {letter.contact_name or 'partner'},", ""]
    if not letter.milestones:
        lines += [f"Nothing is due under agreement {letter.agreement_number} ({letter.agreement_title}) at present."]
    else:
        lines += [f"Here is what is due under agreement {letter.agreement_number} ({letter.agreement_title}):", ""]
    for m in letter.milestones:
        lines.append(f"* {m.code}: {m.description}, {_when(m.due, letter.today)}.")
        for o in m.objectives:
            if o.status == "submitted":
                lines.append(f"    - {o.position}. {o.title}: received, being reviewed.")
                continue
            state = f"declined: {o.reason}" if o.status == "declined" and o.reason else o.status
            missing = "; ".join(o.missing) if o.missing else "nothing left to answer"
            lines.append(f"    - {o.position}. {o.title} ({state}). Still missing: {missing}.")
        lines.append("")
    if letter.packets:
        lines += [
            f"Attached: {', '.join(letter.packets)}, a form to fill in. Please open it in a PDF reader, fill it "
            "in, save it and send it back together with the files it asks for.",
            "",
        ]
    lines += [
        "Kind regards,",
        letter.counselor_name,
        letter.counselor_email,
    ]
    return "\n".join(lines).rstrip() + "\n"


class AddressProblem(ValueError):
    """An e-mail address a draft cannot be addressed to; the message is one sentence."""


def _address(name: str, email: str) -> Address:
    local, at, domain = email.strip().rpartition("@")
    if not at or not local or "." not in domain or any(c.isspace() for c in email.strip()):
        raise AddressProblem(f"{email!r} is not an e-mail address (name@example.org)")
    try:
        return Address(display_name=name, username=local, domain=domain)
    except (ValueError, IndexError):
        raise AddressProblem(f"{email!r} is not an e-mail address (name@example.org)") from None


def compose(
    letter: StakeholderLetter, *, now: datetime, attachments: tuple[tuple[str, bytes], ...] = ()
) -> EmailMessage:
    """The draft message (`now`: an aware datetime for its Date header), with `attachments` (name,
    PDF bytes): the packets named in `letter.packets`."""
    message = EmailMessage(policy=policy.SMTP)
    message["To"] = _address(letter.contact_name, letter.contact_email)
    with contextlib.suppress(AddressProblem):  # without one, the mail program fills in its own sender
        message["From"] = _address(letter.counselor_name, letter.counselor_email)
    message["Subject"] = subject(letter)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain="neodesk.invalid")
    message["X-Unsent"] = "1"
    message.set_content(body(letter))
    for name, data in attachments:
        message.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    return message


def eml_bytes(letter: StakeholderLetter, *, now: datetime, attachments: tuple[tuple[str, bytes], ...] = ()) -> bytes:
    return compose(letter, now=now, attachments=attachments).as_bytes()
