"""Change tracking stamped at flush time: revision numbers, audit rows, tombstones.

Doing it in one `before_flush` hook means every writer (dialogs, CLI, demo, migrations of data)
gets the same bookkeeping without having to remember it.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import BigInteger, Connection, DateTime, Integer, String, Text, Uuid, bindparam, func, inspect, select
from sqlalchemy.orm import Mapped, Mapper, Session, mapped_column

from neodesk.models.activity import CounselingSession, Milestone
from neodesk.models.base import Base, Tracked, utcnow
from neodesk.models.client import Client, ClientSearchTerm
from neodesk.models.prepared_statements import Prepared
from neodesk.models.search import SEARCH_FIELDS, client_terms, fold

COUNSELOR_KEY = "counselor_id"  # Session.info key naming who is making the change


class RevisionCounter(Base):
    """The single row holding the last change number handed out."""

    __tablename__ = "revision_counter"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class Tombstone(Base):
    """A deleted record, kept so the next export can tell the central office."""

    __tablename__ = "tombstone"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    record_type: Mapped[str] = mapped_column(String(60))
    deleted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    deleted_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    revision: Mapped[int] = mapped_column(BigInteger, index=True)


class AuditEntry(Base):
    """Who changed which field of which record, from what to what, and when."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    counselor_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    record_type: Mapped[str] = mapped_column(String(60))
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    action: Mapped[str] = mapped_column(String(10))  # create | update | delete
    field: Mapped[str | None] = mapped_column(String(80))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)


_BOOKKEEPING = {"id", "created_at", "updated_at", "updated_by_id", "revision"}


def audit_text(value: Any) -> str | None:
    """A stable text form for the audit log (sets sorted, dates ISO, money with two places)."""
    if value is None:
        return None
    if isinstance(value, frozenset | set):
        return ",".join(sorted(value))
    if isinstance(value, tuple | list):
        return ",".join(str(getattr(v, "id", v)) for v in value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.01")))
    return str(value)


@cache
def audited_columns(model: type) -> tuple[str, ...]:
    """The columns of `model` whose changes are audited, in the order their audit rows are written."""
    mapper: Mapper[Any] = inspect(model)
    return tuple(
        attr.key
        for attr in mapper.column_attrs
        if attr.key not in _BOOKKEEPING and not attr.columns[0].info.get("untracked")
    )


def changed_fields(obj: Tracked) -> dict[str, tuple[Any, Any]]:
    """Field → (old, new) for the tracked columns and collections changed on `obj`."""
    state = inspect(obj)
    changes: dict[str, tuple[Any, Any]] = {}
    for key in audited_columns(state.mapper.class_):
        hist = state.attrs[key].history
        if hist.has_changes():
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            if old != new:
                changes[key] = (old, new)
    for rel in state.mapper.relationships:
        if rel.secondary is None:
            continue
        hist = state.attrs[rel.key].history
        if hist.has_changes():
            before = [*hist.unchanged, *hist.deleted]
            after = [*hist.unchanged, *hist.added]
            changes[rel.key] = (before, after)
    return changes


_DENORMALIZED = ("name", "active", "client_no")
# Client fields whose change rewrites the client's sort key or search rows (_refresh_client_derived).
DERIVED_FROM: frozenset[str] = frozenset(SEARCH_FIELDS) | frozenset(_DENORMALIZED)


def _refresh_client_derived(tx: Session, client: Client, is_new: bool) -> None:
    """Keep the sort key and the search rows (words plus their copies of the client's data) in step."""
    state = inspect(client)
    words_changed = is_new or any(state.attrs[f].history.has_changes() for f in SEARCH_FIELDS)
    copies_changed = is_new or any(state.attrs[f].history.has_changes() for f in _DENORMALIZED)
    if not (words_changed or copies_changed):
        return
    client.name_sort = fold(client.name or "")[:200]
    copies = {"name_sort": client.name_sort, "client_no": client.client_no, "active": bool(client.active)}
    if is_new:
        terms = client_terms(getattr(client, f) for f in SEARCH_FIELDS)
        client.search_terms = [ClientSearchTerm(term=t, **copies) for t in sorted(terms)]
        return
    existing = {t.term: t for t in client.search_terms}
    if words_changed:
        terms = client_terms(getattr(client, f) for f in SEARCH_FIELDS)
        for term, row in existing.items():
            if term not in terms:
                client.search_terms.remove(row)
        for term in sorted(terms - existing.keys()):
            client.search_terms.append(ClientSearchTerm(term=term, **copies))
    for row in client.search_terms:
        for key, value in copies.items():
            if getattr(row, key) != value:
                setattr(row, key, value)


def _touch_last_activity(tx: Session, record: Milestone | CounselingSession) -> None:
    client = record.client if record.client is not None else tx.get(Client, record.client_id)
    if (
        client is not None
        and record.date is not None
        and (client.last_activity is None or record.date > client.last_activity)
    ):
        client.last_activity = record.date


_COUNTER = RevisionCounter.__table__
# Built once: a save allocates numbers every time, and composing the statement cost more than running it.
_ALLOCATE = _COUNTER.update().where(_COUNTER.c.id == 1).values(value=_COUNTER.c.value + bindparam("count"))
_ALLOCATED = Prepared(_ALLOCATE.returning(_COUNTER.c.value))
_TOP = select(_COUNTER.c.value).where(_COUNTER.c.id == 1)


def allocate_revisions(tx: Session | Connection, count: int) -> int:
    """Reserve `count` change numbers; returns the first. The row lock serializes writers on PostgreSQL."""
    conn = tx if isinstance(tx, Connection) else tx.connection()
    if conn.dialect.update_returning:  # SQLite 3.35+, PostgreSQL: one statement
        top = _ALLOCATED.execute(conn, {"count": count}).scalar_one()
    else:
        conn.execute(_ALLOCATE, {"count": count})
        top = conn.execute(_TOP).scalar_one()
    return int(top) - count + 1


def _next_client_number(tx: Session) -> int:
    top = tx.connection().execute(select(func.max(Client.client_no))).scalar()
    return int(top or 0) + 1


def before_flush(tx: Session, flush_context: object, instances: object) -> None:
    new = [o for o in tx.new if isinstance(o, Tracked)]
    # client_no is None until this flush numbers the client (its type says the stored value: int).
    new_clients = [c for c in (o for o in new if isinstance(o, Client)) if c.client_no is None]
    if new_clients:
        first = _next_client_number(tx)
        for offset, client in enumerate(new_clients):
            client.client_no = first + offset
    for obj in new:
        if isinstance(obj, Client):
            _refresh_client_derived(tx, obj, is_new=True)
    for obj in list(tx.dirty):
        if isinstance(obj, Client):
            _refresh_client_derived(tx, obj, is_new=False)
    for obj in [*new, *tx.dirty]:
        if isinstance(obj, Milestone | CounselingSession):
            _touch_last_activity(tx, obj)

    fresh = set(new)  # a set: `in` on the list made a flush of n new and m dirty records cost n × m
    dirty = [(o, changed_fields(o)) for o in tx.dirty if isinstance(o, Tracked) and o not in fresh]
    dirty = [(o, ch) for o, ch in dirty if ch]
    deleted = [o for o in tx.deleted if isinstance(o, Tracked)]
    count = len(new) + len(dirty) + len(deleted)
    if not count:
        return
    revision = allocate_revisions(tx, count)
    who = tx.info.get(COUNSELOR_KEY)
    now = utcnow()
    audit: list[dict[str, Any]] = []

    for obj in new:
        obj.revision, revision = revision, revision + 1
        obj.created_at = obj.created_at or now
        obj.updated_at = now
        obj.updated_by_id = obj.updated_by_id or who
        if obj.id is None:
            obj.id = uuid.uuid4()
        audit.append(_audit_row(now, who, obj, "create"))
    for obj, changes in dirty:
        obj.revision, revision = revision, revision + 1
        obj.updated_at = now
        obj.updated_by_id = who
        audit.extend(
            _audit_row(now, who, obj, "update", key, audit_text(old), audit_text(new_))
            for key, (old, new_) in changes.items()
        )
    for obj in deleted:
        tx.add(
            Tombstone(id=obj.id, record_type=obj.__tablename__, deleted_at=now, deleted_by_id=who, revision=revision)
        )
        revision += 1
        audit.append(_audit_row(now, who, obj, "delete"))
        if isinstance(obj, Milestone | CounselingSession):
            audit.extend(deleted_fields(obj, now, who))
    # One executemany on the flush's own connection (same transaction, same rows and order as ORM
    # objects would give): building and flushing an AuditEntry object per field cost more than the save.
    tx.connection().execute(_AUDIT_INSERT, audit)


_AUDIT_INSERT = AuditEntry.__table__.insert()


def _audit_row(
    at: datetime,
    who: uuid.UUID | None,
    obj: Tracked,
    action: str,
    field: str | None = None,
    old_value: str | None = None,
    new_value: str | None = None,
) -> dict[str, Any]:
    return {
        "at": at,
        "counselor_id": who,
        "record_type": obj.__tablename__,
        "record_id": obj.id,
        "action": action,
        "field": field,
        "old_value": old_value,
        "new_value": new_value,
    }


def deleted_fields(obj: Tracked, now: datetime, who: uuid.UUID | None) -> list[dict[str, Any]]:
    """What a deleted milestone or session held (its client among it), so the client's History can say so."""
    state = inspect(obj)
    return [
        _audit_row(now, who, obj, "delete", attr.key, audit_text(state.dict[attr.key]))
        for attr in state.mapper.column_attrs
        if attr.key not in _BOOKKEEPING and attr.key in state.dict and state.dict[attr.key] is not None
    ]
