"""The stakeholder packet as a fillable PDF (agreements.md §8): what a desk that is offline sends
instead of a web portal.

The stakeholder opens it in any PDF reader, answers a field per question and sends it back with the
files it names. Fields are reportlab AcroForm widgets named `q.<objective>.<question>`: a text field
(multi-line for text questions), a check box for yes/no, a drop-down for a choice, a text field taking
the file's name for a file question. Two hidden read-only fields carry the signed header
(packet_format); the page text is only for people and is never read back.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from pypdf import PdfReader, PdfWriter
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, CondPageBreak, Flowable, Frame, KeepTogether, PageTemplate, Spacer

from neodesk import APP_NAME, __version__
from neodesk.reports import fonts, layout
from neodesk.reports.layout import paragraph
from neodesk.reports.packet_format import (
    HEADER_FIELD,
    SIGNATURE_FIELD,
    UNCHOSEN,
    PacketHeader,
    PacketQuestion,
    encode,
    field_name,
    header_bytes,
)

PAGE = LETTER
WIDTH = PAGE[0] - 2 * layout.MARGIN
FIELD_FONT = "Helvetica"  # AcroForm fields use the PDF standard fonts; the reader draws what is typed
FIELD_FILL = colors.HexColor("#F4F8FC")
ALLOWED_FILES = "pdf, docx, xlsx, csv, txt, png, jpg"
MAX_FILE_MB = 25
KIND_HINTS = {
    "text": "",
    "yes_no": "Tick the box for yes; leave it empty for no.",
    "number": "A number, for example 12 or 1250.50.",
    "date": "A date as YYYY-MM-DD, for example 2026-09-30.",
    "choice": "Choose one.",
    "file": "Type the file's name, for example payroll-q3.pdf, and send the file together with this form.",
}


@dataclass(frozen=True, slots=True)
class PacketPrompt:
    """A question as the stakeholder reads it."""

    question_id: uuid.UUID
    prompt: str
    kind: str
    required: bool
    options: tuple[str, ...] = ()
    answer: str = ""  # the answer already given ("yes"/"no" for yes_no; a file's name), shown filled in


@dataclass(frozen=True, slots=True)
class PacketObjective:
    title: str
    description: str
    required: bool
    questions: tuple[PacketPrompt, ...]
    accepted: bool = False  # already accepted: shown with its answers, its fields read-only


@dataclass(frozen=True, slots=True)
class PacketDocument:
    """Everything a packet shows and carries, in plain values (the service reads them from the records)."""

    packet_id: uuid.UUID
    database_id: uuid.UUID
    desk_id: uuid.UUID
    agreement_number: str
    agreement_title: str
    party: str  # the client's name, or the center's
    counterparty: str
    contact_name: str
    counselor: str  # who sent it: name and email, for questions
    milestone_id: uuid.UUID
    milestone_code: str
    milestone_description: str
    revision: int
    due: date | None
    issued_on: date
    objectives: tuple[PacketObjective, ...]


def header_of(document: PacketDocument) -> PacketHeader:
    """The signed part of a packet: ids, revision and the questions by field."""
    return PacketHeader(
        packet_id=document.packet_id,
        database_id=document.database_id,
        desk_id=document.desk_id,
        agreement_number=document.agreement_number,
        milestone_id=document.milestone_id,
        milestone_code=document.milestone_code,
        revision=document.revision,
        issued_on=document.issued_on,
        questions=tuple(
            PacketQuestion(field_name(o, q), prompt.question_id, prompt.kind, prompt.required, prompt.options)
            for o, objective in enumerate(document.objectives, 1)
            for q, prompt in enumerate(objective.questions, 1)
        ),
    )


def _drawable(text: str) -> bool:
    """Whether reportlab can draw `text` in a field's appearance (its form fonts are Latin-1 only)."""
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def _later_values(document: PacketDocument) -> dict[str, str]:
    """Answers reportlab cannot draw: set afterwards with pypdf, the reader draws them (NeedAppearances)."""
    return {
        field_name(o, q): prompt.answer
        for o, objective in enumerate(document.objectives, 1)
        for q, prompt in enumerate(objective.questions, 1)
        if prompt.kind != "yes_no" and prompt.answer and not _drawable(prompt.answer)
    }


def _set_values(pdf: bytes, values: dict[str, str]) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    writer.set_need_appearances_writer(True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class _FormField(Flowable):  # type: ignore[misc]  # reportlab has no types: Flowable is Any
    """One AcroForm widget placed where the story flows (coordinates relative to the frame)."""

    def __init__(self, name: str, prompt: PacketPrompt, *, read_only: bool = False) -> None:
        super().__init__()
        self.name, self.prompt, self.read_only = name, prompt, read_only
        self.width = {"yes_no": 16.0, "choice": 260.0}.get(prompt.kind, WIDTH)
        self.height = {"text": 48.0, "yes_no": 16.0}.get(prompt.kind, 20.0)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        form = self.canv.acroForm
        common: dict[str, Any] = {
            "name": self.name,
            "tooltip": self.prompt.prompt[:200],
            "x": 0,
            "y": 0,
            "relative": True,
            "borderColor": layout.RULE,
            "fillColor": FIELD_FILL,
            "borderWidth": 1,
        }
        kind = self.prompt.kind
        answer = self.prompt.answer if _drawable(self.prompt.answer) else ""
        flags = "readOnly" if self.read_only else ""
        if kind == "yes_no":
            form.checkbox(
                checked=self.prompt.answer == "yes", size=self.height, buttonStyle="check", fieldFlags=flags, **common
            )
        elif kind == "choice":
            form.choice(
                value=answer if answer and answer in self.prompt.options else UNCHOSEN,
                options=[UNCHOSEN, *self.prompt.options],
                fieldFlags=f"combo {flags}".strip(),
                width=self.width,
                height=self.height,
                fontName=FIELD_FONT,
                fontSize=10,
                **common,
            )
        else:
            form.textfield(
                value=answer,
                width=self.width,
                height=self.height,
                fieldFlags=" ".join(f for f in ("multiline" if kind == "text" else "", flags) if f),
                maxlen=None,
                fontName=FIELD_FONT,
                fontSize=10,
                **common,
            )


def _instructions(document: PacketDocument) -> str:
    return (
        "Fill in the fields below in a PDF reader (Adobe Acrobat Reader, Preview, a web browser), save the "
        "form and send it back to your counselor. For a question that asks for a file, type the file's name "
        "in its field and send the file beside this form, under that name "
        f"(types {ALLOWED_FILES}; at most {MAX_FILE_MB} MB each). Answers already given are filled in: "
        "change them only if they are no longer right. Save the form (do not print it to PDF) and change "
        f"nothing else: it is checked when it comes back. Questions: {document.counselor}."
    )


def _story(document: PacketDocument) -> list[Flowable]:
    story: list[Flowable] = [
        paragraph(f"Agreement {document.agreement_number}: {document.agreement_title}", layout.TITLE),
        paragraph(f"Milestone {document.milestone_code}: {document.milestone_description}", layout.SUBTITLE),
    ]
    facts = [
        ("For", document.party),
        ("Counterparty", document.counterparty),
        ("Contact", document.contact_name),
        ("Due", document.due.isoformat() if document.due else "no due date"),
        ("Sent", document.issued_on.isoformat()),
    ]
    story += [paragraph(f"{label}: {value}", layout.BODY) for label, value in facts if value]
    story += [*layout.heading("How to return this form"), paragraph(_instructions(document), layout.BODY)]
    due = f" by {document.due.isoformat()}" if document.due else ""
    story += layout.heading(f"What is due{due}")
    for o, objective in enumerate(document.objectives, 1):
        need = "required" if objective.required else "optional"
        done = ": accepted, nothing more to do" if objective.accepted else ""
        story += layout.heading(f"{o}. {objective.title} ({need}){done}", keep=60)
        if objective.description:
            story.append(paragraph(objective.description, layout.BODY))
        for q, prompt in enumerate(objective.questions, 1):
            name = field_name(o, q)
            star = " *" if prompt.required else ""
            block: list[Flowable] = [paragraph(f"{o}.{q}  {prompt.prompt}{star}", layout.SUBHEADING)]
            hint = KIND_HINTS.get(prompt.kind, "")
            if hint:
                block.append(paragraph(hint, layout.NOTE))
            block += [_FormField(name, prompt, read_only=objective.accepted), Spacer(1, 8)]
            story += [CondPageBreak(40), KeepTogether(block)]
    story.append(paragraph("* an answer is required.", layout.NOTE))
    return story


def _decorate(document: PacketDocument, header_text: str, signature_text: str) -> Callable[[Canvas, Any], None]:
    footer = (
        f"Packet {document.packet_id} · milestone {document.milestone_code} revision {document.revision} · "
        f"{APP_NAME} {__version__}"
    )

    def on_page(canvas: Canvas, doc: BaseDocTemplate) -> None:
        width, height = doc.pagesize
        canvas.saveState()
        canvas.setFillColor(layout.ACCENT)
        fonts.draw_string(canvas, layout.MARGIN, height - layout.MARGIN - 12, "Stakeholder packet", 11, bold=True)
        canvas.setFillColor(layout.MUTED)
        fonts.draw_string(canvas, layout.MARGIN, layout.MARGIN - 12, footer, 7)
        fonts.draw_string(canvas, width - layout.MARGIN, layout.MARGIN - 12, f"Page {doc.page}", 7, align="right")
        if doc.page == 1:  # the signed header travels in two hidden, read-only fields
            for name, value in ((HEADER_FIELD, header_text), (SIGNATURE_FIELD, signature_text)):
                canvas.acroForm.textfield(
                    name=name,
                    value=value,
                    x=0,
                    y=0,
                    width=1,
                    height=1,
                    borderWidth=0,
                    maxlen=None,
                    annotationFlags="hidden",
                    fieldFlags="readOnly",
                )
        canvas.restoreState()

    return on_page


def render_packet(document: PacketDocument, sign: Callable[[bytes], bytes]) -> bytes:
    """The packet's PDF bytes; `sign` returns the desk's Ed25519 signature of the bytes it is given."""
    fonts.register()
    payload = header_bytes(header_of(document))
    out = io.BytesIO()
    doc = BaseDocTemplate(
        out,
        pagesize=PAGE,
        leftMargin=layout.MARGIN,
        rightMargin=layout.MARGIN,
        topMargin=layout.MARGIN + layout.HEADER_HEIGHT,
        bottomMargin=layout.MARGIN + 10,
        title=f"Packet for {document.agreement_number} {document.milestone_code}",
        author=document.counselor,
        subject=f"NeoDesk stakeholder packet {document.packet_id}",
        creator=f"{APP_NAME} {__version__}",
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body", leftPadding=0, rightPadding=0)
    on_page = _decorate(document, encode(payload), encode(sign(payload)))
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    doc.build(_story(document))
    later = _later_values(document)
    return _set_values(out.getvalue(), later) if later else out.getvalue()
