"""What the Contract Readiness tab shows: each readiness step's newest milestone, and DIB / GIB progress."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from neodesk.catalog.fields import FIELDS_BY_KEY
from neodesk.catalog.milestone_types import Category
from neodesk.models import Client, Database, Milestone, MilestoneType
from neodesk.services.errors import NotFound
from neodesk.services.sync_context import load_requirements, newest_dates_by_type
from neodesk.sync.readiness import GoalProgress, readiness_progress


@dataclass(frozen=True, slots=True)
class ReadinessStep:
    """One readiness type and the newest milestone of it (``milestone_id`` None when never logged)."""

    code: str
    name: str
    carries: str
    active: bool
    required_for: tuple[str, ...]  # goal codes this step counts toward ("dib_ready", "gib_ready")
    milestone_id: uuid.UUID | None = None
    date: date | None = None
    detail: str | None = None
    amount: Decimal | None = None

    @property
    def done(self) -> bool:
        return self.milestone_id is not None


@dataclass(frozen=True, slots=True)
class ReadinessGoal:
    """A goal (DIB ready, GIB ready): the client's flag and date, and how many required steps are logged."""

    code: str
    name: str
    ready: bool
    date: date | None
    progress: GoalProgress

    @property
    def progress_text(self) -> str:
        return f"{self.progress.done} of {self.progress.required} required steps"


@dataclass(frozen=True, slots=True)
class ReadinessOverview:
    client_id: uuid.UUID
    government_contracting: bool
    goals: tuple[ReadinessGoal, ...]
    steps: tuple[ReadinessStep, ...]

    def step(self, code: str) -> ReadinessStep | None:
        return next((s for s in self.steps if s.code == code), None)


def _newest_per_type(tx: Session, client_id: uuid.UUID, codes: Sequence[str]) -> dict[str, Milestone]:
    query = (
        select(Milestone)
        .where(Milestone.client_id == client_id, Milestone.type_code.in_(codes))
        .order_by(Milestone.date.desc(), Milestone.created_at.desc())
    )
    newest: dict[str, Milestone] = {}
    for m in tx.scalars(query):
        newest.setdefault(m.type_code, m)
    return newest


def readiness_overview(tx: Session, client_id: uuid.UUID) -> ReadinessOverview:
    """The Contract Readiness checklist of one client (milestones.md), in the types' display order.

    Inactive readiness types are listed only where the client has a milestone of them: they are no
    longer offered, but records that use them keep showing them.
    """
    client = tx.get(Client, client_id)
    if client is None:
        raise NotFound("The client was deleted.")
    types = list(
        tx.scalars(
            select(MilestoneType)
            .where(MilestoneType.category == Category.READINESS.value)
            .order_by(MilestoneType.sort_order, MilestoneType.name)
        )
    )
    newest = _newest_per_type(tx, client_id, [t.code for t in types])
    requirements = load_requirements(tx)
    needed_by: dict[str, list[str]] = {}
    for goal, needed in requirements.items():
        for alternatives in needed:
            for code in alternatives:
                needed_by.setdefault(code, []).append(goal)
    steps = []
    for t in types:
        m = newest.get(t.code)
        if not t.active and m is None:
            continue
        steps.append(
            ReadinessStep(
                t.code,
                t.name,
                t.carries,
                t.active,
                tuple(needed_by.get(t.code, ())),
                milestone_id=m.id if m else None,
                date=m.date if m else None,
                detail=m.detail if m else None,
                amount=m.amount if m else None,
            )
        )
    # The same input rule M15 reads when logging, so the tab and the prompt never disagree; it also
    # covers steps an administrator required from outside the readiness category.
    progress = readiness_progress(newest_dates_by_type(tx, client_id), requirements)
    names = {t.code: t.name for t in types}
    goals = tuple(
        ReadinessGoal(
            goal,
            names.get(goal, goal),
            bool(getattr(client, goal)) if goal in FIELDS_BY_KEY else goal in newest,
            getattr(client, f"{goal}_date") if f"{goal}_date" in FIELDS_BY_KEY else None,
            progress[goal],
        )
        for goal in requirements
    )
    return ReadinessOverview(client_id, bool(client.government_contracting), goals, tuple(steps))


def client_readiness(db: Database, client_id: uuid.UUID) -> ReadinessOverview:
    """The Contract Readiness tab's checklist (one unit of work). Raises NotFound for a deleted client."""
    with db.reading() as tx:
        return readiness_overview(tx, client_id)
