"""Metric measures of §2 over the impact records: count, increase, value, session_hours, clients_counseled.

The population is the agreement's client, or every client of its center (every client when the
agreement names no center) for a center agreement; the window runs from the agreement's start to
the as-of date. A client's value of a field at a date is the SBA upload's rule, called from
neodesk.exchange.nexus_figures (not copied), so both read the impact records the same way. One
Measures object lives for one processing run and caches what it loaded.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import String, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from neodesk.catalog.milestone_types import VALUE_TYPE_BY_FIELD
from neodesk.exchange.nexus_figures import MilestoneFact, value_at
from neodesk.models import Agreement, AgreementCondition, AgreementMilestone, Client, CounselingSession, Milestone

# The value-carrying client fields a metric may measure (§2: staff, sales, profits, exports, bonding), each
# with the impact-record type that sets it: the catalog's value table (milestone_types.VALUE_FIELDS), the one
# table that says which growth record moves which client field.
FIELD_TYPES: dict[str, str] = dict(VALUE_TYPE_BY_FIELD)
FIELDS = tuple(FIELD_TYPES)


@dataclass(frozen=True, slots=True)
class MetricSpec:
    """What a metric condition measures, and over whom (the agreement's client, else its center)."""

    condition_id: Any  # as processing read it (stored text on SQLite): the key of the prefetched counts
    measure: str
    field: str | None
    type_code: str | None
    reportable_only: bool
    client_id: uuid.UUID | None
    center_id: uuid.UUID | None
    start: date


class Measures:
    def __init__(self, tx: Session) -> None:
        self.session = tx
        self._figures: dict[tuple[Any, str], tuple[dict[uuid.UUID, Any], dict[uuid.UUID, list[MilestoneFact]]]] = {}
        self._counts: dict[Any, int] | None = None
        self._counts_as_of: date | None = None

    def _who(self, spec: MetricSpec, column: Any) -> Any:
        """A WHERE clause limiting `column` (a client id column) to the agreement's population."""
        if spec.client_id is not None:
            return column == spec.client_id
        if spec.center_id is not None:
            return column.in_(select(Client.id).where(Client.center_id == spec.center_id))
        return column.is_not(None)

    def _prefetch_counts(self, as_of: date) -> dict[Any, int]:
        """The `count` measure of every ready metric condition of a client agreement, in one query."""
        if self._counts is None or self._counts_as_of != as_of:
            c, m, a, x = AgreementCondition, AgreementMilestone, Agreement, Milestone
            # A correlated count per condition walks ix_milestone_client_date for one client each time; a
            # join would let SQLite's planner scan every impact record once per condition.
            counted = (
                select(func.count(x.id))
                .where(
                    x.client_id == a.client_id,
                    x.type_code == c.type_code,
                    x.date >= a.start_date,
                    x.date <= as_of,
                    or_(c.reportable_only.is_(False), x.reportable.is_(True)),
                )
                .scalar_subquery()
            )
            query = (
                select(type_coerce(c.id, String), counted)  # ids as stored, as processing reads them
                .join(m, m.id == c.milestone_id)
                .join(a, a.id == m.agreement_id)
                .where(
                    c.kind == "metric",
                    c.measure == "count",
                    c.status == "ready",
                    m.status == "ready",
                    a.status == "active",
                    a.client_id.is_not(None),
                )
            )
            self._counts = {row[0]: int(row[1]) for row in self.session.connection().execute(query)}
            self._counts_as_of = as_of
        return self._counts

    def measure(self, spec: MetricSpec, as_of: date) -> Decimal:
        start, kind = spec.start, spec.measure
        if kind == "count":
            if spec.client_id is not None and spec.condition_id is not None:
                found = self._prefetch_counts(as_of).get(spec.condition_id)
                if found is not None:
                    return Decimal(found)
            query = (
                select(func.count())
                .select_from(Milestone)
                .where(
                    Milestone.type_code == spec.type_code,
                    Milestone.date >= start,
                    Milestone.date <= as_of,
                    self._who(spec, Milestone.client_id),
                )
            )
            if spec.reportable_only:
                query = query.where(Milestone.reportable.is_(True))
            return Decimal(self.session.scalar(query) or 0)
        if kind == "session_hours":
            minutes = self.session.scalar(
                select(func.coalesce(func.sum(CounselingSession.contact_minutes), 0)).where(
                    CounselingSession.date >= start,
                    CounselingSession.date <= as_of,
                    self._who(spec, CounselingSession.client_id),
                )
            )
            return (Decimal(int(minutes or 0)) / 60).quantize(Decimal("0.01"))
        if kind == "clients_counseled":
            return Decimal(
                self.session.scalar(
                    select(func.count(func.distinct(CounselingSession.client_id))).where(
                        CounselingSession.date >= start,
                        CounselingSession.date <= as_of,
                        self._who(spec, CounselingSession.client_id),
                    )
                )
                or 0
            )
        field = spec.field or ""
        code = FIELD_TYPES[field]
        current, facts = self._load(spec, field)
        total = Decimal(0)
        for client_id, value in current.items():
            history = facts.get(client_id, [])
            total += Decimal(value_at({field: value}, history, field, as_of, code) or 0)
            if kind == "increase":
                total -= Decimal(value_at({field: value}, history, field, start, code) or 0)
        return total

    def _load(self, spec: MetricSpec, field: str) -> tuple[dict[uuid.UUID, Any], dict[uuid.UUID, list[MilestoneFact]]]:
        key = (spec.client_id or spec.center_id, field)
        if key not in self._figures:
            column = getattr(Client, field)
            current = {
                row[0]: row[1]
                for row in self.session.execute(select(Client.id, column).where(self._who(spec, Client.id)))
            }
            facts: dict[uuid.UUID, list[MilestoneFact]] = defaultdict(list)
            rows = self.session.execute(
                select(
                    Milestone.client_id,
                    Milestone.type_code,
                    Milestone.date,
                    Milestone.amount,
                    Milestone.initial_amount,
                    Milestone.reportable,
                )
                .where(Milestone.type_code == FIELD_TYPES[field], self._who(spec, Milestone.client_id))
                .order_by(Milestone.client_id, Milestone.date, Milestone.created_at)
            )
            for row in rows:
                facts[row[0]].append(MilestoneFact(row[1], row[2], row[3], row[4], bool(row[5])))
            self._figures[key] = (current, dict(facts))
        return self._figures[key]
