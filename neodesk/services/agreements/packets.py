"""Sending and importing stakeholder packets (agreements.md §8): the offline desk's portal.

`write_packet` turns a ready milestone's objectives into a fillable PDF signed with the desk's key
(neodesk.reports.packet_form) and notes it in the history. `import_packet` reads a returned one
(neodesk.reports.packet_read) and trusts nothing before it is verified: the signature, this
database, the milestone (still ready, same revision), every answer against its question and every
file against §5's limits, and only then saves the answers through the objective service in one unit
of work, with a history row carrying the packet's SHA-256. A refusal is one sentence and writes
nothing; the same packet imported again changes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from sqlalchemy import select
from sqlalchemy.orm import Session

from neodesk import files
from neodesk.agreements.objectives import AnswerRefused, QuestionSpec, check_answer, check_file
from neodesk.agreements.statuses import MilestoneStatus
from neodesk.exchange import keys
from neodesk.exchange.bundle_export import database_id
from neodesk.models import (
    Agreement,
    AgreementHistory,
    AgreementMilestone,
    AgreementQuestion,
    Center,
    Client,
    Counselor,
    Database,
    DeskKey,
)
from neodesk.reports.packet_form import PacketDocument, PacketObjective, PacketPrompt, render_packet
from neodesk.reports.packet_format import PacketFormatError, PacketHeader, field_name
from neodesk.reports.packet_read import ReturnedPacket, read_packet
from neodesk.services.agreements.common import acting, history, load_agreement, milestone_of, refused, today_for
from neodesk.services.changes import Changes, Kind

MAX_PACKET_BYTES = 50 * 1024 * 1024  # a filled form is a few hundred kB; its files travel beside it
CLOSED_AGREEMENT = ("completed", "cancelled")


@dataclass(frozen=True, slots=True)
class PacketWritten:
    """The packet written: where, its id, the milestone and how many questions it asks."""

    path: Path
    packet_id: uuid.UUID
    agreement: str
    milestone: str
    questions: int
    changes: Changes


@dataclass(frozen=True, slots=True)
class PacketImported:
    """What a returned packet changed (nothing when `already_imported`)."""

    path: Path
    packet_id: uuid.UUID
    agreement: str
    milestone: str
    answered: tuple[str, ...]  # the fields whose answers were saved: "q.1.2"
    submitted: tuple[int, ...]  # objectives (positions from 1) now submitted
    files: tuple[str, ...]  # the files stored
    already_imported: bool
    changes: Changes


@dataclass(frozen=True, slots=True)
class PacketAnswer:
    """One answer as it will be saved: a typed value, or a file (name, bytes)."""

    field: str
    question: AgreementQuestion
    value: str | None
    file_name: str | None = None
    data: bytes | None = None


# --- sending ---------------------------------------------------------------------------------------


def _party(tx: Session, agreement: Agreement) -> str:
    if agreement.client_id is not None and (client := tx.get(Client, agreement.client_id)) is not None:
        return client.name
    if agreement.center_id is not None and (center := tx.get(Center, agreement.center_id)) is not None:
        return center.name
    return "the center"


def _stored_answer(question: AgreementQuestion) -> str:
    """The answer already given, as the packet's field shows it."""
    answer = question.answers[-1] if question.answers else None
    if answer is None:
        return ""
    if question.kind == "file":
        return answer.file_name or ""
    return answer.value or ""


def _document(
    tx: Session, agreement: Agreement, milestone: AgreementMilestone, me: Counselor, packet_id: uuid.UUID, db_id: uuid.UUID
) -> PacketDocument:
    identity = keys.desk_identity()
    assert identity is not None  # made on first use
    objectives = tuple(
        PacketObjective(
            o.title,
            o.description or "",
            o.required,
            tuple(
                PacketPrompt(q.id, q.prompt, q.kind, q.required, tuple(q.options or ()), _stored_answer(q))
                for q in o.questions
            ),
        )
        for o in milestone.objectives
    )
    contact = tx.get(Counselor, milestone.primary_contact_id or agreement.primary_contact_id or me.id) or me
    return PacketDocument(
        packet_id=packet_id,
        database_id=db_id,
        desk_id=identity.desk_id,
        agreement_number=agreement.number,
        agreement_title=agreement.title,
        party=_party(tx, agreement),
        counterparty=agreement.counterparty or "",
        contact_name=agreement.contact_name or "",
        counselor=f"{contact.name} <{contact.email}>",
        milestone_id=milestone.id,
        milestone_code=milestone.code,
        milestone_description=milestone.description,
        revision=milestone.revision,
        due=milestone.due,
        issued_on=today_for(tx),
        objectives=objectives,
    )


def write_packet(
    db: Database, number: str, code: str, out: Path, *, counselor: str | uuid.UUID | None = None
) -> PacketWritten:
    """Write the packet for milestone `code` of agreement `number` to `out` (whole or not at all)."""
    db_id = database_id(db)
    identity = keys.desk_identity()
    assert identity is not None
    with db.unit_of_work() as tx:
        me = acting(tx, counselor)
        agreement = load_agreement(tx, number)
        milestone = milestone_of(agreement, code)
        if agreement.status in CLOSED_AGREEMENT:
            raise refused(f"agreement {number} is {agreement.status}: no packet can be sent for it", "status")
        if milestone.status != MilestoneStatus.READY:
            raise refused(f"{code} is {milestone.status}: a packet is sent for a ready milestone", "status")
        if not milestone.objectives:
            raise refused(f"{code} has no objectives: add what the stakeholder must show first", "objectives")
        packet_id = uuid.uuid4()
        document = _document(tx, agreement, milestone, me, packet_id, db_id)
        questions = sum(len(o.questions) for o in document.objectives)
        if not questions:
            raise refused(f"{code}'s objectives have no questions: add the questions to answer first", "objectives")
        pdf = render_packet(document, lambda payload: keys.sign(identity, payload))
        history(
            tx,
            agreement,
            "packet",
            packet_id,
            code,
            "packet_sent",
            milestone.status,
            milestone.status,
            reason=f"packet {packet_id} for revision {milestone.revision}, {questions} question(s), to {out.name}",
        )
        # The file is published before the commit: if the commit fails, a packet without its history
        # row is harmless (it imports like any other); a history row without its file would not be.
        files.write_atomic(out, pdf)
        return PacketWritten(out, packet_id, number, code, questions, Changes.of(Kind.AGREEMENT, agreement.id))


# --- importing -------------------------------------------------------------------------------------


def _verifier(tx: Session) -> object:
    own = keys.desk_identity(create=False)

    def verify(desk_id: uuid.UUID, signature: bytes, payload: bytes) -> bool:
        if own is not None and desk_id == own.desk_id:
            pem: str | None = own.public_pem
        else:  # a desk of the same center database (its key registered by a bundle import)
            pem = tx.scalar(select(DeskKey.public_key).where(DeskKey.desk_id == desk_id))
        if not pem:
            return False
        try:
            return keys.signature_valid(pem, signature, payload)
        except (InvalidSignature, ValueError, keys.KeyFileError):
            return False

    return verify


def _read(pdf: Path) -> bytes:
    try:
        size = pdf.stat().st_size
        if size > MAX_PACKET_BYTES:
            raise refused(f"{pdf.name} is {size / 1048576:.0f} MB: too large to be a returned packet", "packet")
        return pdf.read_bytes()
    except OSError as exc:
        raise refused(f"cannot read {pdf}: {exc.strerror or exc}", "packet") from None


def _questions(milestone: AgreementMilestone, header: PacketHeader) -> dict[str, tuple[QuestionSpec, AgreementQuestion]]:
    """The header's questions mapped onto the milestone's records, each still where the packet put it."""
    here = {
        q.id: (o, p, q)
        for o, objective in enumerate(milestone.objectives, 1)
        for p, q in enumerate(objective.questions, 1)
    }
    found = {}
    for signed in header.questions:
        place = here.get(signed.question_id)
        if place is None or field_name(place[0], place[1]) != signed.field or place[2].kind != signed.kind:
            raise refused(
                f"the questions of {milestone.code} have changed since the packet was sent: send a new packet",
                "packet",
            )
        o, p, q = place
        found[signed.field] = (QuestionSpec(o, p, q.prompt, q.kind, q.required, tuple(q.options or ())), q)
    return found


def _attachments(pdf: Path, attachments: Sequence[Path]) -> dict[str, Path]:
    named: dict[str, Path] = {}
    for path in attachments:
        if path.name in named:
            raise refused(f"two files named {path.name} were attached; attach each file once", "attach")
        if not path.is_file():
            raise refused(f"cannot read the attached file {path}: it is not a file", "attach")
        named[path.name] = path
    return named


def _file_bytes(spec: QuestionSpec, name: str, path: Path) -> bytes:
    try:
        size = path.stat().st_size
        check_file(spec, name, size)
        data = path.read_bytes()
    except AnswerRefused as exc:
        raise refused(str(exc), "attach") from None
    except OSError as exc:
        raise refused(f"cannot read the attached file {path}: {exc.strerror or exc}", "attach") from None
    check_file(spec, name, len(data))  # the size as read, not as listed
    return data


def _answers(
    packet: ReturnedPacket, questions: dict[str, tuple[QuestionSpec, AgreementQuestion]], pdf: Path, attached: dict[str, Path]
) -> list[PacketAnswer]:
    """Every answer in the form checked against its question, every file found and checked (§5)."""
    answers: list[PacketAnswer] = []
    used: set[str] = set()
    for field, (spec, question) in questions.items():
        raw = packet.values.get(field, "")
        if question.kind == "yes_no":
            raw = "yes" if raw is True else "no"
        text = str(raw).strip()
        if not text:
            continue  # left empty: not answered (an earlier answer stays)
        stored = _stored_answer(question)
        if question.kind == "file":
            path = attached.get(text)
            if path is None and text == stored:
                continue  # the file sent before, named again: unchanged
            if path is None and "/" not in text and "\\" not in text and (pdf.parent / text).is_file():
                path = pdf.parent / text  # the file beside the form, as the packet asks
            if path is None:
                try:
                    check_file(spec, text, 1)  # a name with a folder part or of a type not allowed says so first
                except AnswerRefused as exc:
                    raise refused(str(exc), "attach") from None
                raise refused(
                    f"{spec.name}: {text} is named in the form but was not attached "
                    "(attach it with --attach, or put it beside the form)",
                    "attach",
                )
            used.add(path.name)
            answers.append(PacketAnswer(field, question, None, text, _file_bytes(spec, text, path)))
            continue
        try:
            value = check_answer(spec, text)
        except AnswerRefused as exc:
            raise refused(str(exc), field) from None
        if value != stored:
            answers.append(PacketAnswer(field, question, value))
    for name in attached:
        if name not in used:
            raise refused(f"{name} was attached, but the form names no such file", "attach")
    return answers
