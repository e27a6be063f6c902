"""What a NeoDesk exchange bundle holds: its resources (one CSV per record type) and their text forms.

A bundle is a zip with
- one CSV per resource below (UTF-8, header row, RFC 4180 quoting, CRLF lines);
- `datapackage.json`, a Frictionless Data Package describing each CSV with a Table Schema, its
  `bytes` and its `hash` (`sha256:<hex>`);
- `manifest.json`: bundle id, database id, desk id, schema and code-list versions, the change
  numbers covered, row counts, creation time and the sha256 of `datapackage.json`;
- `manifest.sig`: the desk's Ed25519 signature of the exact bytes of `manifest.json`, base64.
One signature therefore covers every byte of every member.

Text forms (the same whichever database wrote the bundle): UUIDs in canonical lower-case form with
dashes, dates `YYYY-MM-DD`, times UTC `YYYY-MM-DDTHH:MM:SS.ffffffZ`, money as exact decimals with
two places (`-1234.50`), booleans `true`/`false`, code sets and NAICS lists as JSON arrays. An
empty field is a missing value (Table Schema `missingValues: [""]`), so an empty text travels as
missing.

Resources are derived from the model tables, so a column added by a migration travels without
touching this module; `client.name_sort` is left out (it is derived from the name and rebuilt on
import) and so is the client search index (`client_search`).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import IO, Any, BinaryIO, Literal

from sqlalchemy import Boolean, Date, DateTime, Integer, Table, Uuid
from sqlalchemy.sql.sqltypes import BigInteger

from neodesk.models.activity import milestone_counselor, milestone_funding, session_counselor, session_funding
from neodesk.models.agreement_approvals import approval_group_member
from neodesk.models.base import Base
from neodesk.models.types import CodeList, CodeSet, Money

FORMAT_NAME = "neodesk-bundle"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
DATAPACKAGE = "datapackage.json"

Kind = Literal["uuid", "text", "int", "money", "bool", "date", "datetime", "json"]
Group = Literal["reference", "record", "link", "tombstone"]

# Reference records travel whole in every bundle (a few hundred rows at most): every bundle is then
# self-contained, whatever order the central office takes them in. Each is matched on the central
# side by its natural key, because every database seeds its own UUIDs for the standard rows.
NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "funding_source": ("code",),
    "center": ("code",),
    "counselor": ("email",),
    "milestone_type": ("code",),
    "picklist_value": ("picklist", "code"),
}
# Columns holding the UUID of a reference row (translated to the central row's id on import).
REFERENCE_COLUMNS: dict[str, dict[str, str]] = {
    "counselor": {"default_funding_source_id": "funding_source", "updated_by_id": "counselor"},
    "client": {"counselor_id": "counselor", "center_id": "center", "updated_by_id": "counselor"},
    "counseling_session": {"updated_by_id": "counselor"},
    "milestone": {"updated_by_id": "counselor"},
    "session_counselor": {"counselor_id": "counselor"},
    "session_funding_source": {"funding_source_id": "funding_source"},
    "milestone_counselor": {"counselor_id": "counselor"},
    "milestone_funding_source": {"funding_source_id": "funding_source"},
    "tombstone": {"deleted_by_id": "counselor"},
    "agreement_template": {"updated_by_id": "counselor"},
    "agreement_template_milestone": {"updated_by_id": "counselor"},
    "agreement": {"center_id": "center", "primary_contact_id": "counselor", "updated_by_id": "counselor"},
    "agreement_milestone": {"primary_contact_id": "counselor", "updated_by_id": "counselor"},
    "agreement_condition": {"marked_by_id": "counselor", "updated_by_id": "counselor"},
    "agreement_event": {"updated_by_id": "counselor"},
    "agreement_payment": {"updated_by_id": "counselor"},
    "agreement_history": {"counselor_id": "counselor", "updated_by_id": "counselor"},
    "approval_group": {"updated_by_id": "counselor"},
    "approval_group_member": {"counselor_id": "counselor"},
    "agreement_objective": {
        "answered_by_id": "counselor",
        "reviewed_by_id": "counselor",
        "updated_by_id": "counselor",
    },
    "agreement_question": {"updated_by_id": "counselor"},
    "agreement_answer": {"answered_by_id": "counselor", "updated_by_id": "counselor"},
    "agreement_approval": {"counselor_id": "counselor", "updated_by_id": "counselor"},
}
# The record each record belongs to (its column, its table): a row is applied only when that record
# exists centrally (or the column is empty: an agreement of the center has no client).
PARENTS: dict[str, tuple[str, str]] = {
    "counseling_session": ("client_id", "client"),
    "milestone": ("client_id", "client"),
    "agreement_template_milestone": ("template_id", "agreement_template"),
    "agreement": ("client_id", "client"),
    "agreement_milestone": ("agreement_id", "agreement"),
    "agreement_condition": ("milestone_id", "agreement_milestone"),
    "agreement_event": ("milestone_id", "agreement_milestone"),
    "agreement_payment": ("event_id", "agreement_event"),
    "agreement_history": ("agreement_id", "agreement"),
    "agreement_objective": ("milestone_id", "agreement_milestone"),
    "agreement_question": ("objective_id", "agreement_objective"),
    "agreement_answer": ("question_id", "agreement_question"),
    "agreement_approval": ("milestone_id", "agreement_milestone"),
}
LEFT_OUT = {("client", "name_sort"), ("counselor", "passphrase_hash")}  # derived / local to the desk
AGREEMENT_TABLES = (
    "agreement_template",
    "agreement_template_milestone",
    "agreement",
    "agreement_milestone",
    "agreement_condition",
    "agreement_event",
    "agreement_payment",
    "agreement_history",
    # §5/§6: objectives with their questions and answers (the answers' files travel beside the CSVs,
    # named by hash: bundle_files), approval groups (their members are a link resource) and approvals.
    "agreement_objective",
    "agreement_question",
    "agreement_answer",
    "approval_group",
    "agreement_approval",
)

# Agreement records keep an empty text (a milestone or objective without a description, a history row
# without a label) in columns that are never NULL: such a field travels empty and arrives as "".
EMPTY_TEXT_TABLES = frozenset(AGREEMENT_TABLES)


def empty_text_allowed(resource_name: str, field: Field) -> bool:
    return field.kind == "text" and field.required and resource_name in EMPTY_TEXT_TABLES


_TABLE_SCHEMA_TYPES: dict[Kind, dict[str, Any]] = {
    "uuid": {"type": "string", "format": "uuid"},
    "text": {"type": "string"},
    "int": {"type": "integer"},
    "money": {"type": "number", "decimalChar": ".", "bareNumber": True},
    "bool": {"type": "boolean", "trueValues": ["true"], "falseValues": ["false"]},
    "date": {"type": "date"},
    "datetime": {"type": "datetime", "format": "any"},
    "json": {"type": "array"},
}
CSV_DIALECT = {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "doubleQuote": True, "header": True}


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    kind: Kind
    required: bool


@dataclass(frozen=True, slots=True)
class Resource:
    """One record type of the bundle and the table it comes from and goes to."""

    name: str
    table: Table
    group: Group
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    owner: str | None = None  # link tables: the column naming the record the links belong to

    @property
    def path(self) -> str:
        return f"{self.name}.csv"

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    def table_schema(self) -> dict[str, Any]:
        fields = []
        for f in self.fields:
            spec: dict[str, Any] = {"name": f.name, **_TABLE_SCHEMA_TYPES[f.kind]}
            if f.required:
                spec["constraints"] = {"required": True}
            fields.append(spec)
        return {"fields": fields, "primaryKey": list(self.primary_key), "missingValues": [""]}


def column_kind(column: Any) -> Kind:
    kind = column.type
    if isinstance(kind, Uuid):
        return "uuid"
    if isinstance(kind, Money):
        return "money"
    if isinstance(kind, CodeSet | CodeList):
        return "json"
    if isinstance(kind, Boolean):
        return "bool"
    if isinstance(kind, DateTime):
        return "datetime"
    if isinstance(kind, Date):
        return "date"
    if isinstance(kind, Integer | BigInteger):
        return "int"
    return "text"


def _resource(table: Table, group: Group, owner: str | None = None) -> Resource:
    fields = tuple(
        Field(c.name, column_kind(c), not c.nullable) for c in table.columns if (table.name, c.name) not in LEFT_OUT
    )
    return Resource(table.name, table, group, fields, tuple(c.name for c in table.primary_key.columns), owner)


def _resources() -> tuple[Resource, ...]:
    t = Base.metadata.tables
    return (
        # Parents before children: the import writes in this order.
        _resource(t["funding_source"], "reference"),
        _resource(t["center"], "reference"),
        _resource(t["counselor"], "reference"),
        _resource(t["milestone_type"], "reference"),
        _resource(t["picklist_value"], "reference"),
        _resource(t["client"], "record"),
        _resource(t["counseling_session"], "record"),
        _resource(t["milestone"], "record"),
        _resource(session_counselor, "link", "counseling_session_id"),
        _resource(session_funding, "link", "counseling_session_id"),
        _resource(milestone_counselor, "link", "milestone_id"),
        _resource(milestone_funding, "link", "milestone_id"),
        # Agreements (agreements.md §10), parents before children; the run log stays where it ran.
        *(_resource(t[name], "record") for name in AGREEMENT_TABLES),
        _resource(approval_group_member, "link", "approval_group_id"),
        _resource(t["tombstone"], "tombstone"),
    )


RESOURCES: tuple[Resource, ...] = _resources()
BY_NAME = {r.name: r for r in RESOURCES}
# The owner record type of each link resource.
LINK_OWNERS = {r.name: r.owner.removesuffix("_id") for r in RESOURCES if r.owner}
TRACKED_TABLES = tuple(r.name for r in RESOURCES if r.group in ("reference", "record"))


def member_names() -> set[str]:
    return {MANIFEST, SIGNATURE, DATAPACKAGE} | {r.path for r in RESOURCES}


def sha256_text(digest: Any) -> str:
    return f"sha256:{digest.hexdigest()}"


class HashingWriter(io.RawIOBase):
    """Passes bytes on to a zip member while counting and hashing them (one pass over the data)."""

    def __init__(self, target: BinaryIO) -> None:
        self.target = target
        self.digest = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        data = bytes(b)
        self.digest.update(data)
        self.size += len(data)
        self.target.write(data)
        return len(data)


class MemberTooLarge(Exception):
    """A zip member yielded more bytes than it was declared to hold."""


class HashingReader(io.RawIOBase):
    """Reads a zip member while counting and hashing what was read.

    `limit`: the member's declared size; the reader never asks for more than one byte past it, and
    raises MemberTooLarge if the member yields more (a zip header or a datapackage that lies).
    """

    def __init__(self, source: IO[bytes], limit: int | None = None) -> None:
        self.source = source
        self.digest = hashlib.sha256()
        self.size = 0
        self.limit = limit

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        want = len(b) if self.limit is None else min(len(b), self.limit - self.size + 1)
        data = self.source.read(want) if want > 0 else b""
        n = len(data)
        if self.limit is not None and self.size + n > self.limit:
            raise MemberTooLarge(f"more than the {self.limit:,} bytes declared")
        b[:n] = data
        self.digest.update(data)
        self.size += n
        return n
