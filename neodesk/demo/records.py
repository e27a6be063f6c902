"""What a demo story is made of: reference ids in, rows out (no logic, no randomness)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

# Funding-source codes the story names; the writer maps them to rows (CORE is the seeded default).
CORE, STATE, APEX, STEP, CDBG = "CORE", "STATE", "APEX", "STEP", "CDBG"


@dataclass(frozen=True, slots=True)
class DemoRefs:
    """Reference rows the story points at: counselors in a fixed order, funding sources by story code."""

    counselor_ids: tuple[uuid.UUID, ...]
    funding_ids: dict[str, uuid.UUID]
    center_id: uuid.UUID | None


@dataclass(slots=True)
class ClientStory:
    """Rows ready for a Core insert (revision and client_no are left to the writer).

    Links are (session id, counselor ids, funding source ids) and (milestone id, counselor id,
    funding source id).
    """

    client: dict[str, Any]
    sessions: list[dict[str, Any]]
    milestones: list[dict[str, Any]]
    session_links: list[tuple[uuid.UUID, tuple[uuid.UUID, ...], tuple[uuid.UUID, ...]]]
    milestone_links: list[tuple[uuid.UUID, uuid.UUID, uuid.UUID]]


@dataclass(slots=True)
class Event:
    """A milestone as the story decides it, before it gets its counselor, funding source and row."""

    date: date
    type_code: str
    amount: Decimal | None = None
    initial: Decimal | None = None
    detail: str | None = None
    notes: str | None = None
    origin: str = "manual"
    funding: str | None = None  # a story funding code that overrides the session's


def cents(value: int) -> Decimal:
    """Integer cents as an exact two-place Decimal (money never passes through a float)."""
    return Decimal(value).scaleb(-2)
