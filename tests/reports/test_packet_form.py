"""The stakeholder packet PDF (agreements.md §8) written with reportlab, filled as a PDF reader would
(pypdf), read back, and every way a returned file can be untrustworthy refused before it is read."""

from __future__ import annotations

import io
import uuid
from collections.abc import Mapping
from dataclasses import replace
from datetime import date

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

from neodesk.reports.packet_form import PacketDocument, PacketObjective, PacketPrompt, header_of, render_packet
from neodesk.reports.packet_format import (
    HEADER_FIELD,
    UNCHOSEN,
    PacketFormatError,
    decode,
    encode,
    field_name,
    field_position,
    header_bytes,
    parse_header,
)
from neodesk.reports.packet_read import Verify, read_packet

KEY = Ed25519PrivateKey.generate()
DESK = uuid.uuid4()


def verifier(key: Ed25519PrivateKey = KEY, desk: uuid.UUID = DESK) -> Verify:
    def verify(desk_id: uuid.UUID, signature: bytes, payload: bytes) -> bool:
        if desk_id != desk:
            return False
        try:
            key.public_key().verify(signature, payload)
        except InvalidSignature:
            return False
        return True

    return verify


def document(objectives: int = 1) -> PacketDocument:
    questions = (
        PacketPrompt(uuid.uuid4(), "Payroll report for Q3", "file", True),
        PacketPrompt(uuid.uuid4(), "New hires", "number", True),
        PacketPrompt(uuid.uuid4(), "All of them full time?", "yes_no", False),
        PacketPrompt(uuid.uuid4(), "Sector", "choice", True, ("Retail", "Manufacturing")),
        PacketPrompt(uuid.uuid4(), "Anything else — Ünïcödé welcome", "text", False),
        PacketPrompt(uuid.uuid4(), "First day of the last hire", "date", False),
    )
    return PacketDocument(
        packet_id=uuid.uuid4(),
        database_id=uuid.uuid4(),
        desk_id=DESK,
        agreement_number="AG-1",
        agreement_title="Job creation grant",
        party="Søren's Bakery",
        counterparty="City of Fargo",
        contact_name="Jane Roe",
        counselor="Maria Delgado <maria.delgado@sbdc.example>",
        milestone_id=uuid.uuid4(),
        milestone_code="HIRE10",
        milestone_description="Ten new full-time jobs",
        revision=7,
        due=date(2026, 9, 30),
        issued_on=date(2026, 6, 1),
        objectives=tuple(
            PacketObjective(f"Evidence {i}", "Show the payroll.", True, questions) for i in range(1, objectives + 1)
        ),
    )


def fill(pdf: bytes, values: Mapping[str, str]) -> bytes:
    """What a PDF reader does when the stakeholder types into the form and saves it."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for page in writer.pages:
        writer.update_page_form_field_values(page, dict(values), auto_regenerate=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def set_raw(pdf: bytes, name: str, value: str) -> bytes:
    """Change a field's value behind the form's back (a hidden field, or a field turned into another kind)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for field in writer._root_object["/AcroForm"]["/Fields"]:
        field = field.get_object()
        if field["/T"] == name:
            field[NameObject("/V")] = TextStringObject(value)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_field_names_count_from_one() -> None:
    assert field_name(1, 2) == "q.1.2"
    assert field_position("q.12.3") == (12, 3)
    assert field_position("q.0.1") is None
    assert field_position("q.1.2.3") is None
    with pytest.raises(ValueError, match="from 1"):
        field_name(0, 1)


def test_header_bytes_are_canonical_and_parse_back() -> None:
    header = header_of(document())
    payload = header_bytes(header)
    assert payload == header_bytes(header)
    assert b" " not in payload
    assert parse_header(payload) == header
    assert decode(encode(payload), "header") == payload


def test_a_filled_packet_reads_back_with_every_kind_of_field() -> None:
    doc = document(objectives=2)
    pdf = render_packet(doc, KEY.sign)
    fields = PdfReader(io.BytesIO(pdf)).get_fields() or {}
    kinds = {name: fields[name]["/FT"] for name in fields if name.startswith("q.")}
    assert kinds == {
        **{f"q.{o}.{q}": "/Tx" for o in (1, 2) for q in (1, 2, 5, 6)},
        "q.1.3": "/Btn",
        "q.2.3": "/Btn",
        "q.1.4": "/Ch",
        "q.2.4": "/Ch",
    }
    filled = fill(
        pdf,
        {
            "q.1.1": "payroll-q3.pdf",
            "q.1.2": "12",
            "q.1.3": "/Yes",
            "q.1.4": "Retail",
            "q.1.5": "Two more next month — Ünïcödé",
            "q.1.6": "2026-05-30",
        },
    )
    got = read_packet(filled, verifier())
    assert got.header == header_of(doc)
    assert got.header.revision == 7
    assert got.values["q.1.1"] == "payroll-q3.pdf"
    assert got.values["q.1.2"] == "12"
    assert got.values["q.1.3"] is True
    assert got.values["q.1.4"] == "Retail"
    assert got.values["q.1.5"] == "Two more next month — Ünïcödé"
    assert got.values["q.1.6"] == "2026-05-30"
    # Untouched fields: empty text, an unticked box, the drop-down's "(choose one)".
    assert (got.values["q.2.1"], got.values["q.2.3"], got.values["q.2.4"]) == ("", False, "")
    assert len(got.sha256) == 64


def test_the_unchosen_entry_is_offered_first() -> None:
    pdf = render_packet(document(), KEY.sign)
    reader = PdfReader(io.BytesIO(pdf))
    choice = next(
        f.get_object() for f in reader.trailer["/Root"]["/AcroForm"]["/Fields"] if f.get_object()["/T"] == "q.1.4"
    )
    assert choice["/V"] == UNCHOSEN
    assert [str(o) for o in choice["/Opt"]] == [UNCHOSEN, "Retail", "Manufacturing"]


def test_the_page_shows_the_agreement_and_the_instructions() -> None:
    pdf = render_packet(document(), KEY.sign)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for expected in ("AG-1", "Job creation grant", "HIRE10", "2026-09-30", "beside this form", "25 MB", "Sector"):
        assert expected in text


def test_a_header_changed_in_the_file_breaks_the_signature() -> None:
    doc = document()
    pdf = render_packet(doc, KEY.sign)
    forged = header_bytes(header_of(doc)).replace(b'"revision":7', b'"revision":8')
    with pytest.raises(PacketFormatError, match="signature does not match"):
        read_packet(set_raw(pdf, HEADER_FIELD, encode(forged)), verifier())


def test_another_desks_key_is_refused() -> None:
    pdf = render_packet(document(), Ed25519PrivateKey.generate().sign)
    with pytest.raises(PacketFormatError, match="signature does not match"):
        read_packet(pdf, verifier())


def test_a_packet_naming_another_desk_is_refused() -> None:
    pdf = render_packet(document(), KEY.sign)
    with pytest.raises(PacketFormatError, match="signature does not match"):
        read_packet(pdf, verifier(desk=uuid.uuid4()))


def test_damaged_header_text_is_one_sentence() -> None:
    pdf = render_packet(document(), KEY.sign)
    with pytest.raises(PacketFormatError, match="header is damaged"):
        read_packet(set_raw(pdf, HEADER_FIELD, "not base64 at all!"), verifier())


def test_a_file_that_is_not_a_pdf_is_refused() -> None:
    with pytest.raises(PacketFormatError, match="not a readable PDF form"):
        read_packet(b"%PDF-1.4\nthis is not really a pdf", verifier())
    with pytest.raises(PacketFormatError, match=r"not a readable PDF form|not a NeoDesk stakeholder packet"):
        read_packet(b"hello", verifier())


def test_a_pdf_without_the_header_is_not_a_packet() -> None:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(PacketFormatError, match="not a NeoDesk stakeholder packet"):
        read_packet(out.getvalue(), verifier())


def test_a_password_protected_copy_is_refused() -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(render_packet(document(), KEY.sign))))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(PacketFormatError, match="password"):
        read_packet(out.getvalue(), verifier())


def test_a_question_field_gone_missing_is_refused() -> None:
    pdf = render_packet(document(), KEY.sign)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    fields = writer._root_object["/AcroForm"]["/Fields"]
    for i, ref in enumerate(list(fields)):
        if ref.get_object()["/T"] == "q.1.2":
            del fields[i]
    for page in writer.pages:
        annots = page.get("/Annots")
        if annots:
            page[NameObject("/Annots")] = type(annots)(a for a in annots if a.get_object().get("/T") != "q.1.2")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(PacketFormatError, match=r"lost its field q\.1\.2"):
        read_packet(out.getvalue(), verifier())


def test_answers_already_given_are_shown_filled_in_and_read_back() -> None:
    doc = document()
    given = ("payroll.pdf", "12", "yes", "Manufacturing", "Zoë's notes — ünïcödé", "2026-05-30")
    prompts = tuple(
        PacketPrompt(p.question_id, p.prompt, p.kind, p.required, p.options, answer)
        for p, answer in zip(doc.objectives[0].questions, given, strict=True)
    )
    objective = doc.objectives[0]
    doc = replace(doc, objectives=(PacketObjective(objective.title, objective.description, True, prompts),))
    got = read_packet(render_packet(doc, KEY.sign), verifier())
    assert got.values == {
        "q.1.1": "payroll.pdf",
        "q.1.2": "12",
        "q.1.3": True,
        "q.1.4": "Manufacturing",
        "q.1.5": "Zoë's notes — ünïcödé",
        "q.1.6": "2026-05-30",
    }
