"""Sending and importing stakeholder packets (agreements.md §8): the offline desk's portal.

`write_packet` turns a ready milestone's objectives into a fillable PDF signed with the desk's key
(neodesk.reports.packet_form) and notes it in the history. `import_packet` reads a returned one
(neodesk.reports.packet_read) and trusts nothing before it is verified: the signature, this
database, the milestone (still ready, same revision), every answer against its question and every
file against §5's limits, and only then saves the answers through the objective service in one unit
of work, with a history row carrying the packet's SHA-256. A refusal is one sentence and writes
nothing; the same packet imported again (the form and the files with it) changes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from sqlalchemy import select
from sqlalchemy.orm import Session

from neodesk import attachments as attachment_store
from neodesk import files
from neodesk.agreements.objectives import AnswerRefused, QuestionSpec, check_answer, check_file
from neodesk.agreements.statuses import MilestoneStatus, ObjectiveStatus, QuestionKind
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
from neodesk.reports.packet_read import ReturnedPacket, Verify, read_packet
from neodesk.services.agreements.answers import AnswerInput, apply_answers, spec
from neodesk.services.agreements.common import acting, history, load_agreement, milestone_of, refused, today_for
from neodesk.services.changes import Changes, Kind

MAX_PACKET_BYTES = 50 * 1024 * 1024  # a filled form is a few hundred kB; its files travel beside it


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

    def summary(self) -> str:
        """What happened, in the sentence the CLI prints and the editor shows."""
        where = f"{self.agreement}/{self.milestone}"
        if self.already_imported:
            return f"The packet {self.path.name} for {where} was imported before; nothing changed."
        if not self.answered:
            return f"The packet {self.path.name} for {where} holds no new answers; nothing changed."
        said = f"Imported {self.path.name} for {where}: answers to {', '.join(f[2:] for f in self.answered)}"
        if self.files:
            said += f"; kept {', '.join(self.files)}"
        if self.submitted:
            said += f"; objective(s) {', '.join(str(p) for p in self.submitted)} submitted for review"
        return said + "."


@dataclass(frozen=True, slots=True)
class PacketFiles:
    """What a returned packet asks to have beside it (read-only; for "Import returned packet…")."""

    agreement: str
    milestone: str
    named: tuple[str, ...]  # the file names its file fields hold
    beside: tuple[str, ...]  # those found in the form's folder


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
    if question.kind == QuestionKind.FILE:
        return answer.file_name or ""
    return answer.value or ""


def _document(
    tx: Session,
    agreement: Agreement,
    milestone: AgreementMilestone,
    me: Counselor,
    packet_id: uuid.UUID,
    db_id: uuid.UUID,
    desk_id: uuid.UUID,
) -> PacketDocument:
    objectives = tuple(
        PacketObjective(
            o.title,
            o.description or "",
            o.required,
            tuple(
                PacketPrompt(q.id, q.prompt, q.kind, q.required, tuple(q.options or ()), _stored_answer(q))
                for q in o.questions
            ),
            accepted=o.status == ObjectiveStatus.ACCEPTED,
        )
        for o in milestone.objectives
    )
    contact = tx.get(Counselor, milestone.primary_contact_id or agreement.primary_contact_id or me.id) or me
    return PacketDocument(
        packet_id=packet_id,
        database_id=db_id,
        desk_id=desk_id,
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
    db: Database, number: str, code: str, out: Path, *, counselor_email: str | uuid.UUID | None = None
) -> PacketWritten:
    """Write the packet for milestone `code` of agreement `number` to `out` (whole or not at all)."""
    db_id = database_id(db)
    identity = keys.desk_identity()
    assert identity is not None  # made on first use
    with db.unit_of_work() as tx:
        me = acting(tx, counselor_email)
        agreement = load_agreement(tx, number)
        milestone = milestone_of(agreement, code)
        if agreement.status != "active":
            raise refused(f"agreement {number} is {agreement.status}: packets are sent for active agreements", "status")
        if milestone.status != MilestoneStatus.READY:
            raise refused(f"{code} is {milestone.status}: a packet is sent for a ready milestone", "status")
        if not milestone.objectives:
            raise refused(f"{code} has no objectives: add what the stakeholder must show first", "objectives")
        packet_id = uuid.uuid4()
        document = _document(tx, agreement, milestone, me, packet_id, db_id, identity.desk_id)
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


def _verifier(tx: Session) -> Verify:
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


def _questions(
    milestone: AgreementMilestone, header: PacketHeader
) -> dict[str, tuple[QuestionSpec, AgreementQuestion]]:
    """The header's questions mapped onto the milestone's records, each still where the packet put it."""
    here = {q.id: (o, q) for o in milestone.objectives for q in o.questions}
    found = {}
    for signed in header.questions:
        place = here.get(signed.question_id)
        if (
            place is None
            or field_name(place[0].position, place[1].position) != signed.field
            or (place[1].kind != signed.kind)
        ):
            raise refused(
                f"the questions of {milestone.code} have changed since the packet was sent: send a new packet",
                "packet",
            )
        found[signed.field] = (spec(*place), place[1])
    return found


def _attached(attachments: Sequence[Path]) -> dict[str, Path]:
    named: dict[str, Path] = {}
    for path in attachments:
        if path.name in named:
            raise refused(f"two files named {path.name} were attached; attach each file once", "attach")
        if not path.is_file():
            raise refused(f"cannot read the attached file {path}: it is not a file", "attach")
        named[path.name] = path
    return named


def _beside(pdf: Path, name: str) -> Path | None:
    """The file called `name` in the form's folder (a name with a folder part is never followed)."""
    if "/" in name or "\\" in name or name in (".", ".."):
        return None
    path = pdf.parent / name
    return path if path.is_file() else None


def _file_answer(spec_: QuestionSpec, name: str, path: Path) -> AnswerInput:
    try:
        data = attachment_store.read_limited(path)
        size = len(data) if data is not None else path.stat().st_size  # too large: not read whole
    except OSError as exc:
        raise refused(f"cannot read the attached file {path}: {exc.strerror or exc}", "attach") from None
    return AnswerInput(spec_.objective, spec_.position, None, name, data, size)


def _answers(
    packet: ReturnedPacket,
    questions: dict[str, tuple[QuestionSpec, AgreementQuestion]],
    pdf: Path,
    attached: dict[str, Path],
) -> list[AnswerInput]:
    """The answers that change something, each checked against its question; every file named found."""
    answers: list[AnswerInput] = []
    used: set[str] = set()
    # An empty check box means "no", but only in an objective the stakeholder filled in: one left
    # untouched is not answered "no" throughout.
    touched = {spec_.objective for field, (spec_, _) in questions.items() if packet.values.get(field)}
    for field, (spec_, question) in questions.items():
        raw = packet.values.get(field, "")
        text = ("yes" if raw else "no") if question.kind == QuestionKind.YES_NO else str(raw).strip()
        if not text or spec_.objective not in touched:
            continue  # left empty: not answered (an earlier answer stays)
        stored = _stored_answer(question)
        if (
            question.kind == QuestionKind.YES_NO
            and not raw
            and not stored
            and question.objective.status == ObjectiveStatus.ACCEPTED
        ):
            continue  # a box nobody could tick (the objective was accepted when the packet was sent)
        if question.kind == QuestionKind.FILE:
            path = attached.get(text) or _beside(pdf, text)  # attached, or beside the form as it asks
            if path is None and text == stored:
                continue  # the file sent before, named again and not sent again: unchanged
            if path is None:
                try:
                    check_file(spec_, text, 1)  # a folder part or a type not allowed is said first
                except AnswerRefused as exc:
                    raise refused(str(exc), field) from None
                raise refused(
                    f"{spec_.name}: {text} is named in the form but was not attached "
                    "(attach it with --attach, or put it beside the form)",
                    "attach",
                )
            used.add(path.name)
            given = _file_answer(spec_, text, path)
            kept = question.answers[-1].file_sha256 if question.answers else None
            if text != stored or given.file_data is None or attachment_store.digest(given.file_data) != kept:
                answers.append(given)
            continue
        try:
            value = check_answer(spec_, text)
        except AnswerRefused as exc:
            raise refused(str(exc), field) from None
        if value != stored:
            answers.append(AnswerInput(spec_.objective, spec_.position, value))
    for name in attached:
        if name not in used:
            raise refused(f"{name} was attached, but the form names no such file", "attach")
    return answers


def packet_files(db: Database, pdf: Path) -> PacketFiles:
    """The files a returned packet names, and which of them are beside it: lets the editor ask for the
    others before importing. Refused (one sentence) when the packet itself does not check out."""
    data = _read(pdf)
    with db.reading() as tx:
        try:
            packet = read_packet(data, _verifier(tx))
        except PacketFormatError as exc:
            raise refused(str(exc), "packet") from None
    header = packet.header
    named = tuple(
        str(packet.values[q.field]).strip()
        for q in header.questions
        if q.kind == QuestionKind.FILE and str(packet.values.get(q.field, "")).strip()
    )
    beside = tuple(n for n in named if _beside(pdf, n) is not None)
    return PacketFiles(header.agreement_number, header.milestone_code, named, beside)


def _same_files(packet: ReturnedPacket, milestone: AgreementMilestone, pdf: Path, attached: dict[str, Path]) -> bool:
    """Whether every file the form names and that came with it is the one already kept: the form
    alone is byte for byte the same when only a file beside it was corrected."""
    kept = {q.id: q.answers[-1].file_sha256 for o in milestone.objectives for q in o.questions if q.answers}
    for question in packet.header.questions:
        name = str(packet.values.get(question.field, "")).strip()
        path = (attached.get(name) or _beside(pdf, name)) if question.kind == QuestionKind.FILE and name else None
        if path is None:
            continue
        try:
            data = attachment_store.read_limited(path)
        except OSError:
            return False  # judged (and refused) by the full import
        if data is None or attachment_store.digest(data) != kept.get(question.question_id):
            return False
    return True


def _seen(tx: Session, sha256: str) -> bool:
    return tx.scalar(select(AgreementHistory.id).where(AgreementHistory.packet_hash == sha256).limit(1)) is not None


def import_packet(
    db: Database,
    pdf: Path,
    attachments: Sequence[Path] = (),
    *,
    counselor_email: str | uuid.UUID | None = None,
) -> PacketImported:
    """Read a returned packet and its files (named with `attachments`, else found beside the form) and
    save its answers; refused in one sentence, nothing written, unless every part of it checks out."""
    data = _read(pdf)
    attached = _attached(attachments)
    db_id = database_id(db)
    with db.unit_of_work() as tx:
        acting(tx, counselor_email)  # stamps the audit rows; the answers themselves are the stakeholder's
        try:
            packet = read_packet(data, _verifier(tx))
        except PacketFormatError as exc:
            raise refused(str(exc), "packet") from None
        header = packet.header
        if header.database_id != db_id:
            raise refused(
                f"the packet for {header.agreement_number} {header.milestone_code} was issued by another NeoDesk "
                "database: import it where it was sent from",
                "packet",
            )
        result = partial(PacketImported, pdf, header.packet_id, header.agreement_number, header.milestone_code)
        # The agreement is locked before anything is judged, so two imports of one packet at once
        # are taken one after the other and the second finds the first's history row.
        number = tx.scalar(
            select(Agreement.number)
            .join(AgreementMilestone, AgreementMilestone.agreement_id == Agreement.id)
            .where(AgreementMilestone.id == header.milestone_id)
        )
        if number is None:
            raise refused(
                f"milestone {header.milestone_code} of {header.agreement_number} is no longer in this database",
                "packet",
            )
        agreement = load_agreement(tx, number, for_update=True)
        milestone = next(m for m in agreement.milestones if m.id == header.milestone_id)
        if _seen(tx, packet.sha256) and _same_files(packet, milestone, pdf, attached):
            return result((), (), (), True, Changes.none())
        if milestone.status != MilestoneStatus.READY:
            raise refused(
                f"{milestone.code} is {milestone.status}, no longer ready: the packet cannot be imported", "status"
            )
        if milestone.revision != header.revision:
            raise refused(
                f"{milestone.code} has changed since the packet was sent (revision {header.revision}, now "
                f"{milestone.revision}): send a new packet",
                "packet",
            )
        answers = _answers(packet, _questions(milestone, header), pdf, attached)
        if not answers:
            return result((), (), (), False, Changes.none())
        saved = apply_answers(
            tx, agreement, milestone, answers, who=None, packet_id=header.packet_id, packet_hash=packet.sha256
        )
        fields = tuple(field_name(a.objective, a.question) for a in answers)
        history(
            tx,
            agreement,
            "packet",
            header.packet_id,
            milestone.code,
            "packet_import",
            milestone.status,
            milestone.status,
            reason=f"answers to {', '.join(f[2:] for f in fields)} from {pdf.name}",
            packet_hash=packet.sha256,
        )
        submitted = tuple(position for position, status in saved.objectives if status == "submitted")
        names = tuple(a.file_name for a in answers if a.file_name)
        return result(fields, submitted, names, False, saved.changes)
