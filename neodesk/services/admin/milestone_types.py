"""Milestone types: add user-defined types, rename any type, set what a user-defined type carries,
inactivate or reactivate any type (milestones.md "User-defined types")."""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from neodesk.catalog.milestone_types import CATEGORY_LABELS, Carries, Category
from neodesk.models import Database, MilestoneType
from neodesk.services.admin.access import require_admin
from neodesk.services.admin.audit import Saved, log_change, who
from neodesk.services.admin.checks import check_name, clean_text, fold, refuse_if_any
from neodesk.services.changes import Changes, Kind
from neodesk.services.errors import FieldProblem, NotFound
from neodesk.services.sync_context import load_requirements

# What a user-defined type may carry (milestones.md "User-defined types": nothing / count / money / text).
USER_CARRIES: dict[str, str] = {
    Carries.NONE: "Nothing (just the date)",
    Carries.COUNT: "A count",
    Carries.MONEY: "An amount of money",
    Carries.TEXT: "A detail text",
}
CARRIES_LABELS: dict[str, str] = {**USER_CARRIES, Carries.SIGNED_MONEY: "Money, may be negative"}

USER_TYPE_PREFIX = "user_"
WHAT = "milestone types"


def type_code_for(name: str, taken: Iterable[str]) -> str:
    """A stable code `user_<slug>` for a new type's name, not among `taken` (it never changes afterwards)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")[:60].rstrip("_") or "type"
    used = set(taken)
    code, n = f"{USER_TYPE_PREFIX}{slug}", 2
    while code in used:
        code, n = f"{USER_TYPE_PREFIX}{slug}_{n}", n + 1
    return code


def _type(tx: Session, code: str) -> MilestoneType:
    found = tx.scalars(select(MilestoneType).where(MilestoneType.code == code)).first()
    if found is None:
        raise NotFound(f"There is no milestone type {code}.")
    return found


def _check_type_name(tx: Session, raw: Any, problems: list[FieldProblem], *, own: str | None) -> str:
    name = check_name(problems, "name", "Name", raw)
    if name:
        clash = next(
            (t for t in tx.scalars(select(MilestoneType)) if t.code != own and fold(t.name) == fold(name)), None
        )
        if clash is not None:
            state = "" if clash.active else " (inactive)"
            problems.append(FieldProblem("name", f"Name: another milestone type{state} is already called {name}."))
    return name


def _check_carries(raw: Any, problems: list[FieldProblem]) -> str:
    carries = clean_text(raw)  # a Carries member is a str of its code
    if carries not in USER_CARRIES:
        problems.append(FieldProblem("carries", "Carries: choose nothing, a count, money or text."))
    return carries


def add_milestone_type(
    db: Database,
    actor_id: uuid.UUID | None,
    *,
    name: str,
    category: str | Category,
    carries: str | Carries = Carries.NONE,
    in_business_only: bool = False,
) -> Saved[str]:
    """Add a user-defined milestone type; its value is the new code (`user_<slug>`)."""
    with db.unit_of_work(actor_id) as tx:
        actor = who(require_admin(tx, actor_id, WHAT))
        problems: list[FieldProblem] = []
        clean = _check_type_name(tx, name, problems, own=None)
        category_code = clean_text(category)
        if category_code not in {c.value for c in Category}:
            problems.append(
                FieldProblem("category", "Category: choose one of " + ", ".join(CATEGORY_LABELS.values()) + ".")
            )
        carries_code = _check_carries(carries, problems)
        refuse_if_any(problems)
        codes = set(tx.scalars(select(MilestoneType.code)))
        order = tx.scalar(select(func.max(MilestoneType.sort_order))) or 0
        code = type_code_for(clean, codes)
        row = MilestoneType(
            code=code,
            name=clean,
            category=category_code,
            carries=carries_code,
            in_business_only=bool(in_business_only),
            active=True,
            standard=False,
            sort_order=order + 1,
        )
        tx.add(row)
        tx.flush()
        row_id = row.id
    log_change(actor, "added", Kind.MILESTONE_TYPE, code)
    return Saved(code, Changes.of(Kind.MILESTONE_TYPE, row_id))


def edit_milestone_type(
    db: Database,
    actor_id: uuid.UUID | None,
    code: str,
    *,
    name: str | None = None,
    carries: str | Carries | None = None,
) -> Changes:
    """Rename a type (standard ones too) and/or change what a user-defined type carries, together.

    The code never changes; milestones already logged keep the values they hold.
    """
    with db.unit_of_work(actor_id) as tx:
        actor = who(require_admin(tx, actor_id, WHAT))
        row = _type(tx, code)
        problems: list[FieldProblem] = []
        clean = _check_type_name(tx, name, problems, own=code) if name is not None else row.name
        value = row.carries
        if carries is not None and clean_text(carries) != row.carries:
            value = _check_carries(carries, problems)
            if row.standard:
                # The sync rules and reports read standard types' values as the catalog defines them.
                problems.append(
                    FieldProblem(
                        "carries",
                        f"Carries: {row.name} is a standard type; what it carries "
                        "is fixed because the client rules and reports rely on it.",
                    )
                )
        refuse_if_any(problems)
        row.name, row.carries = clean, value
        row_id = row.id
    log_change(actor, "edited", Kind.MILESTONE_TYPE, code)
    return Changes.of(Kind.MILESTONE_TYPE, row_id)


def rename_milestone_type(db: Database, actor_id: uuid.UUID | None, code: str, name: str) -> Changes:
    return edit_milestone_type(db, actor_id, code, name=name)


def set_milestone_type_carries(db: Database, actor_id: uuid.UUID | None, code: str, carries: str | Carries) -> Changes:
    return edit_milestone_type(db, actor_id, code, carries=carries)


def set_milestone_type_active(db: Database, actor_id: uuid.UUID | None, code: str, active: bool) -> Saved[list[str]]:
    """Inactivate (no longer offered for new milestones; old ones keep it) or reactivate any type.

    Its value: notices worth showing, e.g. that a readiness goal now requires a type nobody can log.
    """
    notices: list[str] = []
    with db.unit_of_work(actor_id) as tx:
        actor = who(require_admin(tx, actor_id, WHAT))
        row = _type(tx, code)
        row.active = bool(active)
        row_id = row.id
        if not active:
            goals = [
                goal
                for goal, needed in load_requirements(tx).items()
                if any(alternatives == {code} for alternatives in needed)
            ]
            query = select(MilestoneType).where(MilestoneType.code.in_(goals))
            names = {t.code: t.name for t in tx.scalars(query)}
            notices = [
                f"{names.get(goal, goal)} requires {row.name}, which can no longer be logged; change the readiness "
                "requirements."
                for goal in goals
            ]
    log_change(actor, "reactivated" if active else "inactivated", Kind.MILESTONE_TYPE, code)
    return Saved(notices, Changes.of(Kind.MILESTONE_TYPE, row_id))
