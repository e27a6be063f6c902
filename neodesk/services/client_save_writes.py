"""The write of a common client save through SQLAlchemy Core: fewer statements, less Python per statement.

A counselor's save of a stored client that changes its figures and logs the milestones its prompts
offered went through the ORM unit of work: two flushes, each re-reading what the save already knew
(the client, the counselor, every funding source), with its bookkeeping (tracking.before_flush).
This writes the same rows (the client's changed columns with its revision, `updated_at` /
`updated_by_id` and last activity; each milestone with its counselor and funding links; one change
number per record; one audit row per changed field and per new milestone, in the same order) with
statements built once: the edit guard is the client UPDATE's `revision = planned` (no row: planned
again, as edit_guard.Moved). What it does not cover (a new client, a change to the client's search
words or list copies, an update of a stored milestone, no counselor named) takes the ORM path,
whose flush hook keeps those in step. tests/services/test_client_save_writes.py compares the rows
of both paths column by column.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from decimal import Decimal
from functools import lru_cache
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, Engine, bindparam, case, or_, select
from sqlalchemy.orm import Session

from neodesk.models import Client, FundingSource, Milestone
from neodesk.models.activity import CounselingSession, milestone_counselor, milestone_funding, session_funding
from neodesk.models.base import utcnow
from neodesk.models.database import WRITE_OPTION, Database, _refuse_inactive
from neodesk.models.prepared_statements import Prepared
from neodesk.models.reference import Counselor
from neodesk.models.tracking import DERIVED_FROM, AuditEntry, allocate_revisions, audit_text, audited_columns
from neodesk.services.clients import ClientSavePlan, SaveResult
from neodesk.services.edit_guard import Moved
from neodesk.services.errors import NotFound
from neodesk.sync.proposals import MilestoneProposal

_CLIENT = Client.__table__
_MILESTONE = Milestone.__table__
_AUDITED = audited_columns(Client)

_MILESTONE_KEYS = (
    "id",
    "client_id",
    "type_code",
    "date",
    "amount",
    "initial_amount",
    "detail",
    "notes",
    "reportable",
    "attribution_source",
    "attribution_statement",
    "attribution_date",
    "origin",
    "created_at",
    "updated_at",
    "revision",
    "updated_by_id",
)
_AUDIT_KEYS = ("at", "counselor_id", "record_type", "record_id", "action", "field", "old_value", "new_value")
_INSERT_MILESTONES = Prepared(_MILESTONE.insert(), _MILESTONE_KEYS)
_INSERT_COUNSELORS = Prepared(milestone_counselor.insert(), ("milestone_id", "counselor_id"))
_INSERT_FUNDING = Prepared(milestone_funding.insert(), ("milestone_id", "funding_source_id"))
_INSERT_AUDIT = Prepared(AuditEntry.__table__.insert(), _AUDIT_KEYS)

# Who acts (active? an inactive counselor cannot) and the funding source a logged milestone gets
# (reference.default_funding_source_id) in one statement: the first source of the client's latest
# session (the same FROM and WHERE, so the same "first"), else the counselor's default. The rare last
# resort, the first active source, is a second statement.
_LATEST_SESSION = (
    select(CounselingSession.id)
    .where(CounselingSession.client_id == bindparam("client_id"))
    .order_by(CounselingSession.date.desc(), CounselingSession.created_at.desc())
    .limit(1)
    .scalar_subquery()
)
_SESSION_SOURCE = (
    select(FundingSource.id)
    .where(
        session_funding.c.counseling_session_id == _LATEST_SESSION,
        FundingSource.id == session_funding.c.funding_source_id,
    )
    .limit(1)
    .scalar_subquery()
)
_COUNSELOR = Counselor.__table__
_ACTING = Prepared(select(_COUNSELOR.c.active).where(_COUNSELOR.c.id == bindparam("me")))
_ACTING_AND_FUNDING = Prepared(
    select(_COUNSELOR.c.active, _SESSION_SOURCE, _COUNSELOR.c.default_funding_source_id).where(
        _COUNSELOR.c.id == bindparam("me")
    )
)
_FIRST_ACTIVE_SOURCE = Prepared(select(FundingSource.id).where(FundingSource.active.is_(True)).limit(1))
_CLIENT_EXISTS = Prepared(select(_CLIENT.c.id).where(_CLIENT.c.id == bindparam("client_id")))
_LOCK_CLIENT = select(_CLIENT.c.revision).where(_CLIENT.c.id == bindparam("client_id")).with_for_update()


def changed_columns(
    before: Mapping[str, Any], changes: Mapping[str, Any], updates: Mapping[str, Any]
) -> dict[str, Any]:
    """The client's columns a save changes: its edits, then the accepted effects' updates (a later one
    wins), less any that end where they began (the flush hook audits those as no change either)."""
    final = {**changes, **updates}
    return {key: value for key, value in final.items() if before.get(key) != value}


def writes_directly(plan: ClientSavePlan, changed: Mapping[str, Any], counselor_id: uuid.UUID | None) -> bool:
    """Whether this path can write the save (see the module docstring for what it leaves to the ORM)."""
    stored = plan.client_id is not None and plan.expected_revision is not None and plan.client_no is not None
    return stored and counselor_id is not None and bool(changed) and not (changed.keys() & DERIVED_FROM)


@lru_cache(maxsize=64)
def _client_update(keys: tuple[str, ...], touch: bool) -> Prepared:
    """UPDATE client SET <keys>, the bookkeeping[, last activity] WHERE id and planned revision."""
    columns = _CLIENT.c
    values: dict[str, Any] = {key: bindparam(f"v_{key}", type_=columns[key].type) for key in keys}
    values |= {
        "updated_at": bindparam("v_updated_at", type_=columns.updated_at.type),
        "revision": bindparam("v_revision", type_=columns.revision.type),
        "updated_by_id": bindparam("v_updated_by_id", type_=columns.updated_by_id.type),
    }
    if touch:  # the newest logged milestone's date, when it is newer (tracking._touch_last_activity)
        newest = bindparam("v_newest", type_=columns.last_activity.type)
        late = or_(columns.last_activity.is_(None), columns.last_activity < newest)
        values["last_activity"] = case((late, newest), else_=columns.last_activity)
    return Prepared(
        _CLIENT.update()
        .where(columns.id == bindparam("client_id"), columns.revision == bindparam("planned"))
        .values(values)
    )


def _as_uuid(value: Any) -> uuid.UUID | None:
    """A driver-level read gives an id as SQLite stores it (32 hex digits; PostgreSQL: a UUID)."""
    return None if value is None else value if isinstance(value, uuid.UUID) else uuid.UUID(hex=value)


_WRITERS: WeakKeyDictionary[Engine, Engine] = WeakKeyDictionary()


@contextmanager
def writing(db: Database) -> Iterator[Connection]:
    """`db.unit_of_work()` without an ORM session (nothing here is an ORM object): one transaction,
    begun IMMEDIATE on SQLite, committed at the end of the block or rolled back."""
    if db.read_only_reason is not None:
        with db.unit_of_work():  # refuses with its sentence (ReadOnlyDatabase)
            pass
    writer = _WRITERS.get(db.engine)
    if writer is None:
        writer = _WRITERS[db.engine] = db.engine.execution_options(**{WRITE_OPTION: True})
    with writer.begin() as conn:
        yield conn


def _acting(conn: Connection, client_id: uuid.UUID, me: uuid.UUID, funding: bool) -> uuid.UUID | None:
    """Refuse an inactive counselor (as unit_of_work does); the funding source of logged milestones."""
    params = {"client_id": client_id, "me": me}
    row = (_ACTING_AND_FUNDING if funding else _ACTING).execute(conn, params).first()
    if row is None or not row[0]:
        with Session(bind=conn) as tx:  # raises InactiveCounselor with its sentence (a deleted one acts as before)
            _refuse_inactive(tx, me)
    if not funding or row is None:
        return None
    source = row[1] if row[1] is not None else row[2]
    if source is None:
        source = _FIRST_ACTIVE_SOURCE.execute(conn).scalar()
    return _as_uuid(source)


def _amount(value: Decimal | int | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def write_client_save(
    conn: Connection,
    plan: ClientSavePlan,
    changed: Mapping[str, Any],
    to_log: Sequence[MilestoneProposal],
    counselor_id: uuid.UUID,
) -> SaveResult:
    """Write the client's `changed` columns and the milestones `to_log` in `conn`'s transaction (the
    caller's `writing` block commits), for a plan writes_directly accepted.

    Raises Moved when the client is no longer at the planned revision (the caller plans again),
    NotFound when it was deleted.
    """
    client_id, planned_revision, number = plan.client_id, plan.expected_revision, plan.client_no
    assert client_id is not None  # writes_directly checked all three
    assert planned_revision is not None
    assert number is not None
    before = plan.before or {}
    funding = _acting(conn, client_id, counselor_id, bool(to_log))
    if conn.dialect.name != "sqlite":  # lock the row, as edit_guard.lock_for_save (SQLite: BEGIN IMMEDIATE did)
        locked = conn.execute(_LOCK_CLIENT, {"client_id": client_id}).scalar()
        if locked is None:
            raise NotFound("The client was deleted.")
        if locked != planned_revision:
            raise Moved
    revision = allocate_revisions(conn, 1 + len(to_log))
    keys = tuple(key for key in _AUDITED if key in changed)
    now = utcnow()
    params = {f"v_{key}": changed[key] for key in keys}
    params |= {"v_updated_at": now, "v_revision": revision, "v_updated_by_id": counselor_id}
    params |= {"client_id": client_id, "planned": planned_revision}
    dates = [p.date for p in to_log if p.date is not None]
    if dates:
        params["v_newest"] = max(dates)
    if _client_update(keys, bool(dates)).execute(conn, params).rowcount != 1:
        if _CLIENT_EXISTS.execute(conn, {"client_id": client_id}).first() is None:
            raise NotFound("The client was deleted.")
        raise Moved  # saved elsewhere since the plan: plan again
    audit = [
        _audit(now, counselor_id, "client", client_id, "update", key, audit_text(before.get(key)), audit_text(value))
        for key, value in ((key, changed[key]) for key in keys)
    ]
    created: list[uuid.UUID] = []
    if to_log:
        logged_at = utcnow()  # as the flush that wrote them: after the client's
        rows = []
        for offset, proposal in enumerate(to_log, start=1):
            ident = uuid.uuid4()
            created.append(ident)
            rows.append(_milestone_row(ident, client_id, proposal, revision + offset, logged_at, counselor_id))
            audit.append(_audit(logged_at, counselor_id, "milestone", ident, "create"))
        _INSERT_MILESTONES.executemany(conn, rows)
        _INSERT_COUNSELORS.executemany(conn, [{"milestone_id": m, "counselor_id": counselor_id} for m in created])
        if funding is not None:
            _INSERT_FUNDING.executemany(conn, [{"milestone_id": m, "funding_source_id": funding} for m in created])
    _INSERT_AUDIT.executemany(conn, audit)
    return SaveResult(client_id, number, plan.warnings, created, plan.theirs_kept)


def _milestone_row(
    ident: uuid.UUID,
    client_id: uuid.UUID,
    proposal: MilestoneProposal,
    revision: int,
    at: Any,
    who: uuid.UUID,
) -> dict[str, Any]:
    """Every column, as client_sync.write_proposed_milestone and the flush hook fill them."""
    return {
        "id": ident,
        "client_id": client_id,
        "type_code": proposal.type_code,
        "date": proposal.date,
        "amount": _amount(proposal.amount),
        "initial_amount": _amount(proposal.initial_amount),
        "detail": proposal.detail,
        "notes": None,
        "reportable": True,
        "attribution_source": None,
        "attribution_statement": None,
        "attribution_date": None,
        "origin": proposal.origin,
        "created_at": at,
        "updated_at": at,
        "revision": revision,
        "updated_by_id": who,
    }


def _audit(
    at: Any,
    who: uuid.UUID,
    record_type: str,
    record_id: uuid.UUID,
    action: str,
    field: str | None = None,
    old_value: str | None = None,
    new_value: str | None = None,
) -> dict[str, Any]:
    return {
        "at": at,
        "counselor_id": who,
        "record_type": record_type,
        "record_id": record_id,
        "action": action,
        "field": field,
        "old_value": old_value,
        "new_value": new_value,
    }
