"""A processing run's changes written with Core statements, bookkept as the flush hook would.

A run can complete thousands of conditions, milestones and events at once; the ORM unit of work
would build, track and diff an object for each (tens of seconds for 2,000 agreements). Like the
demo generator, this writes executemany UPDATEs and INSERTs and does what models/tracking.py's
`before_flush` does itself: one change number per record (allocate_revisions), `updated_at` /
`updated_by_id`, an audit row per changed field (a "create" row per history row), and the history
rows naming the run. Untracked columns (`observed`, `blocked`) change no revision, as there.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import bindparam, insert, update
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


def _update(table: Any, keys: tuple[str, ...]) -> Any:
    """UPDATE table SET key = :v_key, … WHERE id = :rid, typed by the columns (dates, UUIDs, money)."""
    values = {k: bindparam(f"v_{k}", type_=table.c[k].type) for k in keys}
    return update(table).where(table.c.id == bindparam("rid", type_=table.c.id.type)).values(values)


@dataclass(slots=True)
class RunWrites:
    run_id: uuid.UUID
    as_of: date
    updates: list[_Update] = field(default_factory=list)
    untracked: dict[tuple[Any, uuid.UUID], dict[str, Any]] = field(default_factory=dict)
    history: list[dict[str, Any]] = field(default_factory=list)

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
            {
                "agreement_id": agreement_id,
                "record_type": record_type,
                "record_id": record_id,
                "label": label,
                "action": action,
                "from_status": source,
                "to_status": target,
                "run_id": self.run_id,
                "effective_date": effective,
                "reason": reason,
            }
        )

    def flush(self, session: Session) -> None:
        """Write what has gathered (before a query condition runs, and at the end of the run)."""
        if not (self.updates or self.untracked or self.history):
            return
        who = session.info.get(COUNSELOR_KEY)
        now = utcnow()
        count = len(self.updates) + len(self.history)
        revision = allocate_revisions(session, count) if count else 0
        audit: list[dict[str, Any]] = []
        by_table: dict[tuple[Any, tuple[str, ...]], list[dict[str, Any]]] = {}
        for u in self.updates:
            params = {**u.values, "revision": revision, "updated_at": now, "updated_by_id": who}
            by_table.setdefault((u.table, tuple(sorted(params))), []).append(
                {"rid": u.record_id, **{f"v_{k}": v for k, v in params.items()}}
            )
            audit.extend(
                {
                    "at": now,
                    "counselor_id": who,
                    "record_type": u.record_type,
                    "record_id": u.record_id,
                    "action": "update",
                    "field": key,
                    "old_value": audit_text(u.old.get(key)),
                    "new_value": audit_text(value),
                }
                for key, value in u.values.items()
                if u.old.get(key) != value
            )
            revision += 1
        for (table, keys), rows in by_table.items():
            session.execute(_update(table, keys), rows)
        rows_by_keys: dict[tuple[Any, tuple[str, ...]], list[dict[str, Any]]] = {}
        for (table, record_id), values in self.untracked.items():
            rows_by_keys.setdefault((table, tuple(sorted(values))), []).append(
                {"rid": record_id, **{f"v_{k}": v for k, v in values.items()}}
            )
        for (table, keys), rows in rows_by_keys.items():
            session.execute(_update(table, keys), rows)
        if self.history:
            rows = []
            for h in self.history:
                record_id = uuid.uuid4()
                rows.append(
                    {
                        **h,
                        "id": record_id,
                        "counselor_id": who,
                        "recorded_at": now,
                        "created_at": now,
                        "updated_at": now,
                        "updated_by_id": who,
                        "revision": revision,
                    }
                )
                audit.append(
                    {
                        "at": now,
                        "counselor_id": who,
                        "record_type": "agreement_history",
                        "record_id": record_id,
                        "action": "create",
                        "field": None,
                        "old_value": None,
                        "new_value": None,
                    }
                )
                revision += 1
            session.execute(insert(AgreementHistory.__table__), rows)  # Core executemany, not ORM bulk
        if audit:
            session.execute(insert(AuditEntry.__table__), audit)
        self.updates, self.untracked, self.history = [], {}, []


__all__ = ["RunWrites"]
