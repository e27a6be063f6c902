"""What a stakeholder packet (agreements.md §8) carries and how it is signed: the one definition the
writer (packet_form) and the reader (packet_read) share.

A packet is a fillable PDF. Besides a field per question (`q.<objective>.<question>`, positions from
1), it holds two hidden read-only fields: the *header* (packet id, database, desk, milestone id and
revision, and the questions with their ids and kinds) as canonical JSON in base64, and the desk's
Ed25519 signature over exactly those bytes. Whoever fills the form in a PDF reader can change the
answers, nothing else: a header changed in any byte no longer matches its signature. Signing and
checking are callables the service passes in (the desk key lives in neodesk.exchange.keys), so this
module knows no keys, no database and no clock.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

FORMAT = "neodesk-packet/1"
HEADER_FIELD = "neodesk.packet"
SIGNATURE_FIELD = "neodesk.signature"
# A drop-down's first entry, meaning "not answered" (reportlab cannot write a choice with no value).
UNCHOSEN = "(choose one)"
QUESTION_KINDS = ("text", "yes_no", "number", "date", "choice", "file")
_FIELD_NAME = re.compile(r"q\.([1-9][0-9]{0,3})\.([1-9][0-9]{0,3})")


class PacketFormatError(Exception):
    """A packet's header cannot be read; the message is one sentence for the user."""


def field_name(objective: int, question: int) -> str:
    """`q.1.2`: the form field of the second question of the first objective (positions from 1)."""
    if objective < 1 or question < 1:
        raise ValueError("objective and question positions count from 1")
    return f"q.{objective}.{question}"


def field_position(name: str) -> tuple[int, int] | None:
    """(objective, question) of a field named `q.O.Q`, else None."""
    found = _FIELD_NAME.fullmatch(name)
    return (int(found.group(1)), int(found.group(2))) if found else None


@dataclass(frozen=True, slots=True)
class PacketQuestion:
    """One question as the packet was issued: its field, id and kind (and a choice's options)."""

    field: str
    question_id: uuid.UUID
    kind: str
    required: bool
    options: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PacketHeader:
    """Everything the signature covers."""

    packet_id: uuid.UUID
    database_id: uuid.UUID
    desk_id: uuid.UUID
    agreement_number: str
    milestone_id: uuid.UUID
    milestone_code: str
    revision: int
    issued_on: date
    questions: tuple[PacketQuestion, ...]

    def question(self, field: str) -> PacketQuestion | None:
        return next((q for q in self.questions if q.field == field), None)


def header_bytes(header: PacketHeader) -> bytes:
    """The canonical bytes that are signed (sorted keys, no spaces, ASCII only)."""
    data = {
        "format": FORMAT,
        "packet": str(header.packet_id),
        "database": str(header.database_id),
        "desk": str(header.desk_id),
        "agreement": header.agreement_number,
        "milestone": str(header.milestone_id),
        "code": header.milestone_code,
        "revision": header.revision,
        "issued": header.issued_on.isoformat(),
        "questions": [
            {
                "field": q.field,
                "id": str(q.question_id),
                "kind": q.kind,
                "required": q.required,
                "options": list(q.options),
            }
            for q in header.questions
        ],
    }
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def encode(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def decode(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text.strip().encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise PacketFormatError(f"The packet's {what} is damaged; send a new packet.") from None


def signed_desk(payload: bytes) -> uuid.UUID:
    """The desk a header names, read BEFORE its signature is checked: only to choose the key to check with."""
    try:
        return uuid.UUID(str(json.loads(payload)["desk"]))
    except (ValueError, KeyError, TypeError):
        raise PacketFormatError("The packet's header is damaged; send a new packet.") from None


def parse_header(payload: bytes) -> PacketHeader:
    """The header from bytes whose signature has been checked; strict about every key."""
    try:
        data = json.loads(payload)
        if data["format"] != FORMAT:
            raise PacketFormatError("The packet was written by another version of NeoDesk; send a new packet.")
        questions = tuple(_question(q) for q in data["questions"])
        header = PacketHeader(
            packet_id=uuid.UUID(data["packet"]),
            database_id=uuid.UUID(data["database"]),
            desk_id=uuid.UUID(data["desk"]),
            agreement_number=_text(data["agreement"]),
            milestone_id=uuid.UUID(data["milestone"]),
            milestone_code=_text(data["code"]),
            revision=_int(data["revision"]),
            issued_on=date.fromisoformat(data["issued"]),
            questions=questions,
        )
    except PacketFormatError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError):
        raise PacketFormatError("The packet's header is damaged; send a new packet.") from None
    if len({q.field for q in questions}) != len(questions):
        raise PacketFormatError("The packet's header is damaged; send a new packet.")
    return header


def _question(data: Any) -> PacketQuestion:
    field, kind = _text(data["field"]), _text(data["kind"])
    if field_position(field) is None or kind not in QUESTION_KINDS or not isinstance(data["required"], bool):
        raise ValueError(field)
    options = data["options"]
    if not isinstance(options, list):
        raise TypeError("options")
    return PacketQuestion(field, uuid.UUID(data["id"]), kind, data["required"], tuple(_text(o) for o in options))


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(value)
    return value


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(value)
    return value
