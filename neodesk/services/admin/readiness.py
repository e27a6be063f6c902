"""Which steps each Contract Readiness goal requires (milestones.md: "administrators can change them").

A goal's requirements are a list; each requirement is one step or several alternative steps. They
are stored as a setting (services.sync_context), so saving them changes `Kind.SETTING`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from neodesk.catalog.milestone_types import DEFAULT_READINESS_REQUIREMENTS, Category
from neodesk.models import Database, MilestoneType
from neodesk.services.admin.access import require_admin
from neodesk.services.admin.audit import log_change, who
from neodesk.services.admin.checks import refuse_if_any
from neodesk.services.changes import Changes, Kind
from neodesk.services.errors import FieldProblem
from neodesk.services.sync_context import READINESS_SETTING, load_requirements, save_requirements

READINESS_GOALS: tuple[str, ...] = tuple(DEFAULT_READINESS_REQUIREMENTS)


def readiness_steps(tx: Session) -> list[MilestoneType]:
    """Types that may be required for a readiness goal: readiness types other than the goals themselves."""
    query = select(MilestoneType).where(
        MilestoneType.category == Category.READINESS.value, MilestoneType.code.not_in(READINESS_GOALS)
    )
    return list(tx.scalars(query.order_by(MilestoneType.sort_order, MilestoneType.name)))


def save_readiness_requirements(
    db: Database, actor_id: uuid.UUID | None, requirements: Mapping[str, Sequence[Iterable[str]]]
) -> Changes:
    """Set each goal's required steps: a list of requirements, each a set of alternative step types.

    Goals left out keep their current requirements.
    """
    with db.unit_of_work(actor_id) as tx:
        actor = who(require_admin(tx, actor_id, "the readiness requirements"))
        steps = {t.code: t for t in readiness_steps(tx)}
        goals = tx.execute(
            select(MilestoneType.code, MilestoneType.name).where(MilestoneType.code.in_(READINESS_GOALS))
        )
        goal_names = dict(goals.all())
        problems: list[FieldProblem] = []
        merged = dict(load_requirements(tx))
        for goal, needed in requirements.items():
            key, name = f"readiness.{goal}", goal_names.get(goal, goal)
            if goal not in READINESS_GOALS:
                problems.append(FieldProblem(key, f"{goal} is not a readiness goal."))
                continue
            clean: list[frozenset[str]] = []
            for alternatives in needed:
                codes = frozenset(alternatives)
                unknown = sorted(c for c in codes if c not in steps)
                inactive = sorted(steps[c].name for c in codes if c in steps and not steps[c].active)
                if not codes:
                    problems.append(FieldProblem(key, f"{name}: a requirement needs at least one step."))
                elif unknown:
                    problems.append(FieldProblem(key, f"{name}: {', '.join(unknown)} is not a readiness step."))
                elif inactive:
                    problems.append(
                        FieldProblem(key, f"{name}: {', '.join(inactive)} is inactive; reactivate it or leave it out.")
                    )
                elif codes not in clean:
                    clean.append(codes)
            if not clean and not any(p.key == key for p in problems):
                problems.append(FieldProblem(key, f"{name}: needs at least one required step."))
            merged[goal] = tuple(clean)
        refuse_if_any(problems)
        save_requirements(tx, merged)
    log_change(actor, "saved", Kind.SETTING, READINESS_SETTING, detail="for " + ", ".join(requirements))
    return Changes.of(Kind.SETTING)
