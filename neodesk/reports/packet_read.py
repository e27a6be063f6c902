"""Reading a returned stakeholder packet (agreements.md §8) with pypdf, trusting nothing unverified.

Order matters: the file must be a readable PDF form; its hidden header must carry a signature that
the desk it names can vouch for (`verify`, given by the service); only then is the header parsed,
and only the fields it lists are read, each as the kind of widget it was issued as. Whether an answer
fits its question, and whether the packet belongs to this database and milestone, is for the service
to judge against the records; this module only says what the form holds.
"""

from __future__ import annotations

import hashlib
import io
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from neodesk.reports.packet_format import (
    HEADER_FIELD,
    SIGNATURE_FIELD,
    UNCHOSEN,
    PacketFormatError,
    PacketHeader,
    decode,
    parse_header,
    signed_desk,
)

Verify = Callable[[uuid.UUID, bytes, bytes], bool]  # (desk id, signature, signed bytes) → valid
_WIDGET = {"yes_no": "/Btn", "choice": "/Ch"}  # every other kind is a text field
_UNCHECKED = {"", "/Off", "Off"}

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ReturnedPacket:
    """A verified packet: its signed header, what each question's field holds, the file's SHA-256."""

    header: PacketHeader
    values: dict[str, str | bool]  # field → text ("" when empty), or the check box's state
    sha256: str


def _fields(data: bytes) -> dict[str, Any]:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise PacketFormatError("The packet is password-protected; save it again without a password.")
        fields = reader.get_fields()
    except PacketFormatError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError, OSError) as exc:
        log.info("packet not readable: %s", exc)
        raise PacketFormatError("The file is not a readable PDF form; send a new packet.") from None
    if not fields or HEADER_FIELD not in fields or SIGNATURE_FIELD not in fields:
        raise PacketFormatError(
            "The file is not a NeoDesk stakeholder packet, or it was printed to PDF instead of saved "
            "(its signed header is missing)."
        )
    return dict(fields)


def _text(field: Any) -> str:
    value = field.get("/V") if hasattr(field, "get") else None
    if value is None:
        return ""
    if isinstance(value, list):  # a multi-select list: only one value is ever offered
        value = value[0] if value else ""
    return str(value)


def read_packet(data: bytes, verify: Verify) -> ReturnedPacket:
    """The packet in `data`, its signature checked with `verify`; raises PacketFormatError (one sentence)."""
    fields = _fields(data)
    payload = decode(_text(fields[HEADER_FIELD]), "header")
    signature = decode(_text(fields[SIGNATURE_FIELD]), "signature")
    if not verify(signed_desk(payload), signature, payload):
        raise PacketFormatError(
            "The packet's signature does not match: it was changed outside the form's fields or was not "
            "issued by this desk; send a new packet."
        )
    header = parse_header(payload)
    values: dict[str, str | bool] = {}
    for question in header.questions:
        field = fields.get(question.field)
        widget = _WIDGET.get(question.kind, "/Tx")
        if field is None or field.get("/FT") != widget:
            raise PacketFormatError(f"The form has lost its field {question.field}; send a new packet.")
        text = _text(field)
        if question.kind == "yes_no":
            values[question.field] = text not in _UNCHECKED
        else:
            values[question.field] = "" if question.kind == "choice" and text == UNCHOSEN else text
    return ReturnedPacket(header, values, hashlib.sha256(data).hexdigest())
