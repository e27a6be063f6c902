"""A processing run's changes written with Core statements, bookkept as the flush hook would.

A run can complete thousands of conditions, milestones and events at once; the ORM unit of work
would build, track and diff an object for each (tens of seconds for 2,000 agreements). Like the
demo generator, this writes executemany UPDATEs and INSERTs and does what models/tracking.py's
`before_flush` does itself: one change number per record (allocate_revisions), `updated_at` /
`updated_by_id`, an audit row per changed field (a "create" row per history row), and the history
rows naming the run. Untracked columns (`observed`, `blocked`) change no revision, as there.

On SQLite the statements are compiled once and their rows handed to the driver's executemany with
each value converted by the column type's own bind processor (memoized: the run's date, time and
counselor repeat on every row), which is what SQLAlchemy's executemany does minus its per-row
bookkeeping (~5 s of a 2,000-agreement run). Other databases take the ordinary Core executemany.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Uuid, bindparam, insert, literal, select, update
from sqlalchemy.orm import Session

from neodesk.models import AgreementHistory, AuditEntry
from neodesk.models.base import utcnow
from neodesk.models.tracking import COUNSELOR_KEY, allocate_revisions, audit_text


@dataclass(slots=True)
class _Update:
    table: Any
    record_type: str
    record_id: uuid.UUID
    values: dict[str, Any]
    old: dict[str, Any]


_NOTHING = object()


def executemany(tx: Session, statement: Any, rows: Sequence[Any], keys: Sequence[str] | None = None) -> None:
    """`session.execute(statement, rows)` (rows keyed like the statement's bind parameters, all with
    the same keys; or tuples of the values named by `keys`, in that order: no dict per row), on
    SQLite straight through the driver with the types' own bind processors."""
    if not rows:
        return
    conn = tx.connection()
    if keys is None:
        keys = list(rows[0])
        index: dict[str, str | int] = {name: name for name in keys}
    else:
        index = {name: i for i, name in enumerate(keys)}
    if conn.dialect.name != "sqlite":
        conn.execute(statement, _as_dicts(rows, keys, index))
        return
    compiled = statement.compile(dialect=conn.dialect, column_keys=list(keys))
    names = list(compiled.positiontup or ())
    if any(name not in index for name in names):  # a Python-side default to fill in: SQLAlchemy's job
        conn.execute(statement, _as_dicts(rows, keys, index))
        return
    processors = compiled._bind_processors  # the same per-type conversions SQLAlchemy applies
    columns: list[list[Any]] = []
    for name in names:
        process = processors.get(name)
        at = index[name]
        values = [row[at] for row in rows]
        if process is None:
            pass
        else:
            # Dates, times, the counselor, the run: a few values on many rows, converted once each.
            # Ids read as stored text (processing's raw reads) are already in the driver's form.
            is_uuid = isinstance(compiled.binds[name].type, Uuid)
            memo: dict[Any, Any] = {None: None}
            converted: list[Any] = []
            previous: Any = _NOTHING
            done: Any = None
            for v in values:
                if v is not previous:  # runs of the same object (the run, the counselor): not even hashed
                    previous = v
                    done = memo.get(v, _NOTHING)
                    if done is _NOTHING:
                        done = memo[v] = v if is_uuid and type(v) is str else process(v)
                converted.append(done)
            values = converted
        columns.append(values)
    conn.exec_driver_sql(compiled.string, list(zip(*columns, strict=True)))


def _as_dicts(rows: Sequence[Any], keys: Sequence[str], index: dict[str, Any]) -> list[dict[str, Any]]:
    if all(isinstance(v, str) for v in index.values()):
        return list(rows)
    return [dict(zip(keys, row, strict=True)) for row in rows]


def new_ids(count: int, *, as_text: bool) -> list[Any]:
    """`count` random (version 4) UUIDs from one read of the system's randomness; as their stored
    text (32 hex digits, what SQLite's Uuid column holds) when `as_text`, else UUID objects."""
    raw = bytearray(os.urandom(16 * count))
    raw[6::16] = bytes(b & 0x0F | 0x40 for b in raw[6::16])  # version 4
    raw[8::16] = bytes(b & 0x3F | 0x80 for b in raw[8::16])  # RFC 4122 variant
    if as_text:
        text = raw.hex()
        return [text[i : i + 32] for i in range(0, 32 * count, 32)]
    return [uuid.UUID(bytes=bytes(raw[i : i + 16])) for i in range(0, 16 * count, 16)]


def _update(table: Any, keys: tuple[str, ...]) -> Any:
    """UPDATE table SET key = :v_key, … WHERE id = :rid, typed by the columns (dates, UUIDs, money)."""
    values = {k: bindparam(f"v_{k}", type_=table.c[k].type) for k in keys}
    return update(table).where(table.c.id == bindparam("rid", type_=table.c.id.type)).values(values)


_HISTORY_KEYS = (
    "agreement_id",
    "record_type",
    "record_id",
    "label",
    "action",
    "from_status",
    "to_status",
    "run_id",
    "effective_date",
    "reason",
    "id",
    "counselor_id",
    "recorded_at",
    "created_at",
    "updated_at",
    "updated_by_id",
    "revision",
)
_AUDIT_KEYS = ("at", "counselor_id", "record_type", "record_id", "action", "field", "old_value", "new_value")
_BOOKKEEPING = ("revision", "updated_at", "updated_by_id")


@dataclass(slots=True)
class RunWrites:
    run_id: uuid.UUID
    as_of: date
    updates: list[_Update] = field(default_factory=list)
    untracked: dict[tuple[Any, uuid.UUID], dict[str, Any]] = field(default_factory=dict)
    history: list[tuple[Any, ...]] = field(default_factory=list)  # the first ten of _HISTORY_KEYS

    def change(self, model: Any, record_id: uuid.UUID, values: dict[str, Any], old: dict[str, Any]) -> None:
        self.updates.append(_Update(model.__table__, model.__tablename__, record_id, values, old))

    def quietly(self, model: Any, record_id: uuid.UUID, **values: Any) -> None:
        """Columns the audit does not follow (what a condition last observed, a blocked reason)."""
        self.untracked.setdefault((model.__table__, record_id), {}).update(values)

    def note(
        self,
        agreement_id: uuid.UUID,
        record_type: str,
        record_id: uuid.UUID,
        label: str,
        action: str,
        source: str | None,
        target: str | None,
        effective: date | None,
        reason: str | None = None,
    ) -> None:
        self.history.append(
            (agreement_id, record_type, record_id, label, action, source, target, self.run_id, effective, reason)
        )

    def flush(self, tx: Session) -> None:
        """Write what has gathered (before a query condition runs, and at the end of the run)."""
        if not (self.updates or self.untracked or self.history):
            return
        who = tx.info.get(COUNSELOR_KEY)
        now = utcnow()
        count = len(self.updates) + len(self.history)
        revision = allocate_revisions(tx, count) if count else 0
        texts: dict[tuple[type, Any], str | None] = {}  # statuses and dates: a few values on many rows

        def text(value: Any) -> str | None:
            key = (type(value), value)
            if key not in texts:
                texts[key] = audit_text(value)
            return texts[key]

        audit: list[tuple[Any, ...]] = []
        by_table: dict[tuple[Any, tuple[str, ...]], list[tuple[Any, ...]]] = {}
        for u in self.updates:
            values, old = u.values, u.old
            keys = tuple(values)
            rows = by_table.get((u.table, keys))
            if rows is None:
                rows = by_table[(u.table, keys)] = []
            rows.append((u.record_id, *values.values(), revision, now, who))
            for key, value in values.items():
                before = old.get(key)
                if before != value:
                    audit.append((now, who, u.record_type, u.record_id, "update", key, text(before), text(value)))
            revision += 1
        for (table, keys), rows in by_table.items():
            names = ("rid", *(f"v_{k}" for k in (*keys, *_BOOKKEEPING)))
            executemany(tx, _update(table, (*keys, *_BOOKKEEPING)), rows, names)
        rows_by_keys: dict[tuple[Any, tuple[str, ...]], list[dict[str, Any]]] = {}
        for (table, record_id), values in self.untracked.items():
            rows_by_keys.setdefault((table, tuple(sorted(values))), []).append(
                {"rid": record_id, **{f"v_{k}": v for k, v in values.items()}}
            )
        for (table, keys), keyed_rows in rows_by_keys.items():
            executemany(tx, _update(table, keys), keyed_rows)
        first_history = revision
        if self.history:
            ids = new_ids(len(self.history), as_text=tx.connection().dialect.name == "sqlite")
            history = []
            for entry, record_id in zip(self.history, ids, strict=True):
                history.append((*entry, record_id, who, now, now, now, who, revision))
                revision += 1
            # Core, not ORM bulk (one statement per row there).
            executemany(tx, insert(AgreementHistory.__table__), history, _HISTORY_KEYS)
        executemany(tx, insert(AuditEntry.__table__), audit, _AUDIT_KEYS)
        if self.history:  # each history row's "create" audit row, made by the database from the rows just written
            h, log = AgreementHistory.__table__, AuditEntry.__table__
            created = (
                select(
                    bindparam("at", now, type_=log.c.at.type),
                    bindparam("who", who, type_=log.c.counselor_id.type),
                    literal("agreement_history"),
                    h.c.id,
                    literal("create"),
                )
                .where(h.c.run_id == self.run_id, h.c.revision.between(first_history, revision - 1))
                .order_by(h.c.revision)
            )
            columns = ["at", "counselor_id", "record_type", "record_id", "action"]
            tx.execute(insert(log).from_select(columns, created))
        self.updates, self.untracked, self.history = [], {}, []


__all__ = ["RunWrites", "executemany"]
