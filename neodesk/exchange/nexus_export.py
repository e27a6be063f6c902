"""The SBA counseling upload (Nexus, Form 641 XML): the reportable sessions of a period, one file.

``export_nexus`` writes ``<CounselingInformation>`` with one ``<CounselingRecord>`` per reportable
counseling session dated in [start, end] (both days included); see ``nexus_records`` for what a
record holds and when one is left out, ``nexus_figures`` for the client's figures at a session's
date. Records are valid by construction; when the schema file is at hand (``schema``), each is also
validated against it and one the schema refuses is left out with the schema's reason.

The database is read in batches of clients with Core selects (no lazy loads) and the file is written
record by record, so memory stays flat on a 100,000-client database. The file appears only when
complete (a temporary file beside it, flushed to disk, then renamed over it); the schema needs at
least one record, so a period without any writes no file (``written`` is 0).

Before the file is published it is read back whole with expat (streamed): a file that is not
well-formed XML is never published, whatever the records held. A record whose text holds a control
character (data typed before the desk refused them) is left out with that reason rather than breaking
the file.
"""

from __future__ import annotations

import os
import re
import uuid
import xml.etree.ElementTree as ET
import xml.parsers.expat
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from neodesk import files
from neodesk.catalog.nexus import is_location_code
from neodesk.exchange import nexus_codes as codes
from neodesk.exchange.nexus_figures import MilestoneFact
from neodesk.exchange.nexus_records import ClientFacts, SessionFacts, build_record, partner_session_number
from neodesk.log_file import log_event
from neodesk.models.activity import CounselingSession, Milestone, session_counselor, session_funding
from neodesk.models.client import Client
from neodesk.models.reference import Center, Counselor, FundingSource

if TYPE_CHECKING:
    from neodesk.models import Database

CLIENTS_PER_BATCH = 500  # clients read per round (their sessions, links and milestones with them)

# Client columns a record reads (everything of the client table but bookkeeping and notes).
_CLIENT_SKIP = frozenset({"name_sort", "notes", "last_activity", "updated_at", "revision", "updated_by_id"})


# Characters XML 1.0 forbids (C0 but tab, line feed, carriage return) and those the desk refuses at entry
# (DEL, C1): a record holding one is left out.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


class NexusRefused(ValueError):
    """The export cannot run as asked (e.g. the period ends before it starts); nothing was written."""


class NexusCancelled(Exception):
    """The export was cancelled; nothing was written."""


@dataclass(frozen=True)
class SkippedRecord:
    session_id: uuid.UUID
    client_no: int
    client_name: str
    session_date: date
    reasons: tuple[str, ...]

    def describe(self) -> str:
        """One line for people: ``client 12 (Acme Bakery), session 2025-03-04: reason; reason``."""
        return f"client {self.client_no} ({self.client_name}), session {self.session_date.isoformat()}: " + "; ".join(
            self.reasons
        )


@dataclass(frozen=True)
class NexusResult:
    path: Path
    written: int
    skipped: tuple[SkippedRecord, ...]


class _SchemaCheck:
    """Validates one record at a time against the XSD (xmlschema), wrapped in its root element."""

    def __init__(self, schema: Path) -> None:
        import xmlschema  # only when a schema is at hand: loading it takes a moment

        if not schema.is_file():
            raise NexusRefused(f"The Nexus schema {schema} does not exist.")
        try:
            self.schema = xmlschema.XMLSchema(str(schema))
        except (xmlschema.XMLSchemaException, OSError, ET.ParseError) as exc:
            raise NexusRefused(f"The Nexus schema {schema} cannot be read: {str(exc).splitlines()[0]}") from exc

    def problems(self, record: ET.Element) -> list[str]:
        root = ET.Element(codes.ROOT)
        root.append(record)
        found = []
        for error in self.schema.iter_errors(root):
            where = (error.path or "").replace(f"/{codes.ROOT}/{codes.RECORD}", "") or "/"
            found.append(f"the schema refuses it at {where}: {error.reason or error.message}")
        return found[:3]


def export_nexus(
    db: Database,
    start: date,
    end: date,
    out: Path,
    *,
    schema: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    location: int | None = None,
) -> NexusResult:
    """Write the Nexus counseling upload of the reportable sessions dated ``start``..``end`` to ``out``.

    ``schema``: an XSD to validate each record with as well. ``progress(done, total)`` counts sessions
    and may be called from a worker thread; ``cancelled()`` is asked between records and stops the
    run with ``NexusCancelled``. ``location`` gives the SBA location code for every record instead of
    the client's center code. Raises ``NexusRefused`` when the period is empty or the schema unusable.
    """
    if end < start:
        raise NexusRefused(f"The period ends ({end.isoformat()}) before it starts ({start.isoformat()}).")
    if location is not None and not is_location_code(location):
        raise NexusRefused(f"The SBA location code {location} is not a number from 1 to 9999999.")
    check = _SchemaCheck(schema) if schema is not None else None
    out = Path(out)
    skipped: list[SkippedRecord] = []
    written = 0
    fd, tmp = files.temporary_beside(out)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh, db.reading() as tx:
            fh.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<{codes.ROOT}>\n')
            total = _count_sessions(tx, start, end)
            done = 0
            if progress:
                progress(0, total)
            numbers: set[str] = set()
            for client, sessions in _clients_with_sessions(tx, start, end):
                for facts in sessions:
                    if cancelled is not None and cancelled():
                        raise NexusCancelled("The Nexus export was cancelled.")
                    outcome = build_record(client, facts, location=location)
                    reasons = list(outcome.reasons)
                    number = partner_session_number(facts.id)
                    if number in numbers:
                        reasons.append(f"its session number {number} repeats another session's")
                    if outcome.element is not None and not reasons and check is not None:
                        reasons = check.problems(outcome.element)
                    text = ET.tostring(outcome.element, encoding="unicode") if outcome.element is not None else ""
                    if text and not reasons and _CONTROL.search(text):
                        reasons = ["its client's data holds control characters (correct the client's text fields)"]
                    if outcome.element is not None and not reasons:
                        numbers.add(number)
                        fh.write("  " + text + "\n")
                        written += 1
                    else:
                        skipped.append(
                            SkippedRecord(
                                facts.id, client.row["client_no"], client.row["name"], facts.date, tuple(reasons)
                            )
                        )
                    done += 1
                if progress:
                    progress(done, total)
            fh.write(f"</{codes.ROOT}>\n")
            fh.flush()
            os.fsync(fh.fileno())
        if written:
            check_well_formed(tmp)
            files.publish(tmp, out)
        else:
            tmp.unlink()
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _log_exclusions(start, end, out, written, skipped)
    return NexusResult(out, written, tuple(skipped))


LOGGED_EXCLUSIONS = 200  # records named one by one in the log; past that, a count (the log rotates at 1 MB)


def _log_exclusions(start: date, end: date, out: Path, written: int, skipped: Sequence[SkippedRecord]) -> None:
    """The log file keeps which records an upload left out and why (by client number: no names)."""
    if not skipped:
        return
    log_event(
        f"SBA upload {start.isoformat()}..{end.isoformat()} ({out if written else 'no file written'}): "
        f"{written} records written, {len(skipped)} left out"
    )
    for record in skipped[:LOGGED_EXCLUSIONS]:
        log_event(
            f"SBA upload left out client {record.client_no}, session {record.session_date.isoformat()} "
            f"({record.session_id}): {'; '.join(record.reasons)}"
        )
    if len(skipped) > LOGGED_EXCLUSIONS:
        log_event(f"SBA upload left out {len(skipped) - LOGGED_EXCLUSIONS} more records (not listed)")


def check_well_formed(path: Path) -> None:
    """Raise NexusRefused unless `path` is well-formed XML (parsed streaming by expat, no tree kept)."""
    parser = xml.parsers.expat.ParserCreate()
    try:
        with open(path, "rb") as fh:
            parser.ParseFile(fh)
    except xml.parsers.expat.ExpatError as exc:
        raise NexusRefused(
            f"The SBA upload came out as XML that is not well-formed ({exc}); nothing was written."
        ) from exc


# -- reading ------------------------------------------------------------------------------------------

_S = CounselingSession.__table__.c
_C = Client.__table__.c
_M = Milestone.__table__.c


def _in_period(start: date, end: date) -> Any:
    return and_(_S.reportable.is_(True), _S.date >= start, _S.date <= end)


def _count_sessions(tx: Session, start: date, end: date) -> int:
    return tx.execute(
        select(func.count()).select_from(CounselingSession.__table__).where(_in_period(start, end))
    ).scalar_one()


def _clients_with_sessions(tx: Session, start: date, end: date) -> Iterator[tuple[ClientFacts, list[SessionFacts]]]:
    """Clients with reportable sessions in the period, by client number, each with those sessions by date."""
    ids = (
        tx.execute(
            select(_C.id).where(_C.id.in_(select(_S.client_id).where(_in_period(start, end)))).order_by(_C.client_no)
        )
        .scalars()
        .all()
    )
    for k in range(0, len(ids), CLIENTS_PER_BATCH):
        batch = ids[k : k + CLIENTS_PER_BATCH]
        clients = _clients(tx, batch)
        sessions = _sessions(tx, batch, start, end)
        milestones = _milestones(tx, batch)
        for client_id in batch:
            facts = clients[client_id]
            facts.milestones = milestones.get(client_id, [])
            yield facts, sessions.get(client_id, [])


def _clients(tx: Session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, ClientFacts]:
    columns = [col for col in Client.__table__.columns if col.name not in _CLIENT_SKIP]
    center = Center.__table__.c
    query = (
        select(*columns, center.code.label("center_code"), center.sba_location_code.label("center_location"))
        .select_from(Client.__table__.outerjoin(Center.__table__, center.id == _C.center_id))
        .where(_C.id.in_(ids))
    )
    found = {}
    for row in tx.execute(query).mappings():
        data = dict(row)
        found[data["id"]] = ClientFacts(data, data.pop("center_code"), center_location=data.pop("center_location"))
    return found


def _sessions(tx: Session, ids: Sequence[uuid.UUID], start: date, end: date) -> dict[uuid.UUID, list[SessionFacts]]:
    rows = tx.execute(
        select(
            _S.id,
            _S.client_id,
            _S.date,
            _S.session_type,
            _S.contact_type,
            _S.counseling_area,
            _S.contact_minutes,
            _S.prep_minutes,
            _S.travel_minutes,
        )
        .where(_S.client_id.in_(ids), _in_period(start, end))
        .order_by(_S.client_id, _S.date, _S.created_at, _S.id)
    ).all()
    session_ids = [r.id for r in rows]
    names: dict[uuid.UUID, list[str]] = defaultdict(list)
    funding: dict[uuid.UUID, list[str]] = defaultdict(list)
    if session_ids:
        sc, co = session_counselor.c, Counselor.__table__.c
        for sid, name in tx.execute(
            select(sc.counseling_session_id, co.name)
            .join(Counselor.__table__, co.id == sc.counselor_id)
            .where(sc.counseling_session_id.in_(session_ids))
            .order_by(co.name, co.email)
        ):
            names[sid].append(name)
        sf, fs = session_funding.c, FundingSource.__table__.c
        for sid, code in tx.execute(
            select(sf.counseling_session_id, fs.code)
            .join(FundingSource.__table__, fs.id == sf.funding_source_id)
            .where(sf.counseling_session_id.in_(session_ids))
        ):
            funding[sid].append(code)
    found: dict[uuid.UUID, list[SessionFacts]] = defaultdict(list)
    for r in rows:
        found[r.client_id].append(
            SessionFacts(
                id=r.id,
                date=r.date,
                session_type=r.session_type,
                contact_type=r.contact_type,
                counseling_area=r.counseling_area,
                contact_minutes=r.contact_minutes or 0,
                prep_minutes=r.prep_minutes or 0,
                travel_minutes=r.travel_minutes or 0,
                counselor_names=tuple(names[r.id]),
                funding_codes=tuple(funding[r.id]),
            )
        )
    return found


_HISTORY_TYPES = (
    set(codes.FIGURE_MILESTONES.values())
    | codes.CLOSURE_MILESTONES
    | {codes.BUSINESS_START_IMPACT}
    | {c.milestone_type for c in codes.CERTIFICATIONS if c.milestone_type}
)


def _milestones(tx: Session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[MilestoneFact]]:
    found: dict[uuid.UUID, list[MilestoneFact]] = defaultdict(list)
    for r in tx.execute(
        select(_M.client_id, _M.type_code, _M.date, _M.amount, _M.initial_amount, _M.reportable)
        .where(_M.client_id.in_(ids), _M.type_code.in_(sorted(_HISTORY_TYPES)))
        .order_by(_M.client_id, _M.date, _M.revision, _M.created_at)
    ):
        fact = MilestoneFact(r.type_code, r.date, r.amount, r.initial_amount, bool(r.reportable))
        found[r.client_id].append(fact)
    return found
