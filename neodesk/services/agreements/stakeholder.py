"""Reaching an agreement's stakeholder from an offline desk (agreements.md §7): "Email the
stakeholder…" writes a draft `.eml`, "Add due dates to calendar…" writes an `.ics`.

Both read the agreement in one session and write one file whole or not at all; neither writes to the
database nor sends anything (the UI opens the file with the desktop's mail or calendar program).
Each takes plain values (number, path) and returns a plain result, for the editor and the CLI alike.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from neodesk import files, paths
from neodesk.agreements.statuses import MilestoneStatus, ObjectiveStatus
from neodesk.exchange.due_calendar import DueDate, ics_bytes
from neodesk.exchange.stakeholder_email import (
    AddressProblem,
    DueMilestone,
    DueObjective,
    StakeholderLetter,
    eml_bytes,
)
from neodesk.models import Agreement, AgreementMilestone, AgreementQuestion, Counselor, Database
from neodesk.services.agreements.common import acting, load_agreement, refused, today_for
from neodesk.services.settings import load_settings

OPEN = (MilestoneStatus.PENDING, MilestoneStatus.READY, MilestoneStatus.AWAITING_APPROVAL)
DEFAULT_REMINDER_DAYS = 7
MAX_ATTACHED_BYTES = 20 * 1024 * 1024  # what most mail servers still accept


@dataclass(frozen=True, slots=True)
class DraftWritten:
    """The draft e-mail written: where, to whom, how many milestones it lists."""

    path: Path
    to: str
    milestones: int


@dataclass(frozen=True, slots=True)
class CalendarWritten:
    path: Path
    events: int


def drafts_dir() -> Path:
    """Where the app puts drafts when the user names no file (the data folder's `drafts/`)."""
    return paths.data_dir() / "drafts"


def _answered(question: AgreementQuestion) -> bool:
    return any(a.value not in (None, "") or a.file_sha256 for a in question.answers)


def missing_of(milestone: AgreementMilestone) -> tuple[DueObjective, ...]:
    """Per objective not yet accepted: its status and the required questions still unanswered."""
    found = []
    for position, objective in enumerate(milestone.objectives, 1):
        if objective.status == ObjectiveStatus.ACCEPTED:
            continue
        missing = tuple(q.prompt for q in objective.questions if q.required and not _answered(q))
        found.append(DueObjective(position, objective.title, objective.status, missing, objective.status_reason))
    return tuple(found)


def _due_first(milestone: AgreementMilestone) -> tuple[date, int]:
    return (milestone.due or date.max, milestone.position)


def _reminder_days(tx: Session) -> int:
    days = getattr(load_settings(tx), "reminder_days", DEFAULT_REMINDER_DAYS)
    return int(days) if isinstance(days, int | str) and str(days).isdigit() else DEFAULT_REMINDER_DAYS


def _sender(tx: Session, agreement: Agreement, me: Counselor) -> Counselor:
    """The agreement's primary contact signs the letter; else whoever writes it."""
    contact = tx.get(Counselor, agreement.primary_contact_id) if agreement.primary_contact_id else None
    return contact or me


def _packet_files(packets: Sequence[Path]) -> tuple[tuple[str, bytes], ...]:
    """The packets to attach to the draft, read whole (refused in one sentence when they cannot be)."""
    found = []
    for path in packets:
        try:
            if path.stat().st_size > MAX_ATTACHED_BYTES:
                raise refused(f"{path.name} is too large to attach to an e-mail", "attach")
            data = path.read_bytes()
        except OSError as exc:
            raise refused(f"cannot read {path}: {exc.strerror or exc}", "attach") from None
        if not data.startswith(b"%PDF"):
            raise refused(f"{path.name} is not a PDF: attach the stakeholder packet written by NeoDesk", "attach")
        found.append((path.name, data))
    return tuple(found)


def email_draft(
    db: Database,
    number: str,
    out: Path | None = None,
    *,
    packets: Sequence[Path] = (),
    counselor_email: str | uuid.UUID | None = None,
) -> DraftWritten:
    """Write the draft to the stakeholder (`out`, default drafts_dir()/NUMBER-DATE.eml), with the
    stakeholder packets in `packets` attached."""
    attached = _packet_files(packets)
    with db.reading() as tx:
        me = acting(tx, counselor_email)
        agreement = load_agreement(tx, number)
        if not (agreement.contact_email or "").strip():
            raise refused(
                f"agreement {number} has no contact email: add the stakeholder's e-mail address first",
                "contact_email",
            )
        today = today_for(tx)
        sender = _sender(tx, agreement, me)
        milestones = tuple(
            DueMilestone(m.code, m.description, m.due, m.status, missing_of(m))
            for m in sorted(agreement.milestones, key=_due_first)
            if m.status in OPEN
        )
        letter = StakeholderLetter(
            agreement_number=agreement.number,
            agreement_title=agreement.title,
            contact_name=agreement.contact_name or "",
            contact_email=agreement.contact_email or "",
            counselor_name=sender.name,
            counselor_email=sender.email,
            milestones=milestones,
            today=today,
            packets=tuple(name for name, _ in attached),
        )
        try:
            data = eml_bytes(letter, now=datetime.now(UTC), attachments=attached)
        except AddressProblem as exc:
            raise refused(f"agreement {number}: the contact email {exc}", "contact_email") from None
    target = out if out is not None else drafts_dir() / f"{_file_safe(number)}-{today.isoformat()}.eml"
    files.write_atomic(target, data)
    return DraftWritten(target, letter.contact_email, len(milestones))


def calendar_file(
    db: Database,
    number: str,
    out: Path | None = None,
    *,
    counselor_email: str | uuid.UUID | None = None,
) -> CalendarWritten:
    """Write the agreement's due dates as an `.ics` (`out`, default drafts_dir()/NUMBER.ics)."""
    with db.reading() as tx:
        acting(tx, counselor_email)
        agreement = load_agreement(tx, number)
        dated = tuple(
            DueDate(
                m.id,
                m.code,
                m.description,
                m.due,
                m.status,
                m.revision,
                tuple(f"{o.position}. {o.title}: {'; '.join(o.missing) or o.status}" for o in missing_of(m)),
            )
            for m in sorted(agreement.milestones, key=_due_first)
            if m.due is not None
        )
        if not dated:
            raise refused(f"agreement {number} has no milestone with a due date: nothing to add to a calendar", "due")
        data = ics_bytes(
            agreement.number, agreement.title, dated, now=datetime.now(UTC), reminder_days=_reminder_days(tx)
        )
    target = out if out is not None else drafts_dir() / f"{_file_safe(number)}.ics"
    files.write_atomic(target, data)
    return CalendarWritten(target, len(dated))


def _file_safe(number: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in number) or "agreement"
