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
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from neodesk.exchange.nexus_codes import FIGURE_MILESTONES
from neodesk.exchange.nexus_figures import MilestoneFact, value_at
from neodesk.models import Agreement, AgreementCondition, Client, CounselingSession, Milestone

FIELDS = tuple(FIGURE_MILESTONES)  # the value-carrying client fields a metric may measure


class Measures:
    def __init__(self, session: Session) -> None:
        self.session = session
        self._figures: dict[tuple[Any, str], tuple[dict[uuid.UUID, Any], dict[uuid.UUID, list[MilestoneFact]]]] = {}

    def _who(self, agreement: Agreement, column: Any) -> Any:
        """A WHERE clause limiting `column` (a client id column) to the agreement's population."""
        if agreement.client_id is not None:
            return column == agreement.client_id
        if agreement.center_id is not None:
            return column.in_(select(Client.id).where(Client.center_id == agreement.center_id))
        return column.is_not(None)

    def measure(self, agreement: Agreement, condition: AgreementCondition, as_of: date) -> Decimal:
        start, kind = agreement.start_date, condition.measure
        if kind == "count":
            query = (
                select(func.count())
                .select_from(Milestone)
                .where(
                    Milestone.type_code == condition.type_code,
                    Milestone.date >= start,
                    Milestone.date <= as_of,
                    self._who(agreement, Milestone.client_id),
                )
            )
            if condition.reportable_only:
                query = query.where(Milestone.reportable.is_(True))
            return Decimal(self.session.scalar(query) or 0)
        if kind == "session_hours":
            minutes = self.session.scalar(
                select(func.coalesce(func.sum(CounselingSession.contact_minutes), 0)).where(
                    CounselingSession.date >= start,
                    CounselingSession.date <= as_of,
                    self._who(agreement, CounselingSession.client_id),
                )
            )
            return (Decimal(int(minutes or 0)) / 60).quantize(Decimal("0.01"))
        if kind == "clients_counseled":
            return Decimal(
                self.session.scalar(
                    select(func.count(func.distinct(CounselingSession.client_id))).where(
                        CounselingSession.date >= start,
                        CounselingSession.date <= as_of,
                        self._who(agreement, CounselingSession.client_id),
                    )
                )
                or 0
            )
        field = condition.field or ""
        current, facts = self._load(agreement, field)
        total = Decimal(0)
        for client_id, value in current.items():
            history = facts.get(client_id, [])
            now = value_at({field: value}, history, field, as_of)
            total += Decimal(now or 0)
            if kind == "increase":
                total -= Decimal(value_at({field: value}, history, field, start) or 0)
        return total

    def _load(
        self, agreement: Agreement, field: str
    ) -> tuple[dict[uuid.UUID, Any], dict[uuid.UUID, list[MilestoneFact]]]:
        key = (agreement.client_id or agreement.center_id, field)
        if key not in self._figures:
            column = getattr(Client, field)
            current = {
                row[0]: row[1]
                for row in self.session.execute(select(Client.id, column).where(self._who(agreement, Client.id)))
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
                .where(Milestone.type_code == FIGURE_MILESTONES[field], self._who(agreement, Milestone.client_id))
                .order_by(Milestone.client_id, Milestone.date, Milestone.created_at)
            )
            for row in rows:
                facts[row[0]].append(MilestoneFact(row[1], row[2], row[3], row[4], bool(row[5])))
            self._figures[key] = (current, dict(facts))
        return self._figures[key]
