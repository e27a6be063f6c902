"""What the administration dialogs list and show, as plain frozen rows (one unit of work each).

The dialogs (neodesk.ui.admin) call these to fill their tables and forms, and the write use cases in
the other modules of this package to change anything; no ORM object reaches a widget. Inactive
records are listed too: old client records keep naming them.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from neodesk.models import Database, MilestoneType
from neodesk.services.admin.readiness import READINESS_GOALS, readiness_steps
from neodesk.services.reference import Choice, centers, counselors, funding_sources, milestone_types, picklist_choices
from neodesk.services.settings import Settings, load_settings
from neodesk.services.sync_context import load_requirements


@dataclass(frozen=True, slots=True)
class CounselorView:
    id: uuid.UUID
    name: str
    email: str
    role: str
    active: bool
    is_admin: bool
    has_passphrase: bool
    default_funding_source_id: uuid.UUID | None


@dataclass(frozen=True, slots=True)
class CodedView:
    """A funding source or a center (a center also has the SBA's location code)."""

    id: uuid.UUID
    code: str
    name: str
    active: bool
    sba_location_code: int | None = None


@dataclass(frozen=True, slots=True)
class MilestoneTypeView:
    code: str
    name: str
    category: str
    carries: str
    in_business_only: bool
    standard: bool
    active: bool


@dataclass(frozen=True, slots=True)
class ReadinessForm:
    """The Readiness requirements dialog's starting point."""

    steps: tuple[MilestoneTypeView, ...]  # the readiness types a goal may require
    names: Mapping[str, str]  # every milestone type's name by code
    requirements: Mapping[str, tuple[frozenset[str], ...]]  # goal → its steps (alternatives per step)


def _type_view(t: MilestoneType) -> MilestoneTypeView:
    return MilestoneTypeView(t.code, t.name, t.category, t.carries, t.in_business_only, t.standard, t.active)


def counselor_views(db: Database) -> list[CounselorView]:
    """Every counselor by name, active or not."""
    with db.reading() as tx:
        return [
            CounselorView(
                c.id,
                c.name,
                c.email,
                c.role,
                c.active,
                c.is_admin,
                c.passphrase_hash is not None,
                c.default_funding_source_id,
            )
            for c in counselors(tx, active_only=False)
        ]


def funding_source_views(db: Database) -> list[CodedView]:
    """Every funding source by code, active or not."""
    with db.reading() as tx:
        return [CodedView(f.id, f.code, f.name, f.active) for f in funding_sources(tx, active_only=False)]


def center_views(db: Database) -> list[CodedView]:
    """Every center by name, active or not."""
    with db.reading() as tx:
        return [CodedView(c.id, c.code, c.name, c.active, c.sba_location_code) for c in centers(tx)]


def milestone_type_views(db: Database) -> list[MilestoneTypeView]:
    """Every milestone type in display order, active or not."""
    with db.reading() as tx:
        return [_type_view(t) for t in milestone_types(tx)]


def picklist_values(db: Database, picklist: str) -> list[Choice]:
    """One picklist's values in display order, inactive ones included (flagged)."""
    with db.reading() as tx:
        return picklist_choices(tx, [picklist]).get(picklist, [])


def current_settings(db: Database) -> Settings:
    """The settings as stored (defaults where unset)."""
    with db.reading() as tx:
        return load_settings(tx)


def readiness_form(db: Database) -> ReadinessForm:
    """The readiness steps, the types' names and what each goal requires now."""
    with db.reading() as tx:
        steps = tuple(_type_view(t) for t in readiness_steps(tx))
        names = {t.code: t.name for t in milestone_types(tx)}
        requirements = {
            goal: tuple(needed) for goal, needed in load_requirements(tx).items() if goal in READINESS_GOALS
        }
    return ReadinessForm(steps, MappingProxyType(names), MappingProxyType(requirements))
