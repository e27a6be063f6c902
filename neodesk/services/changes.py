"""What a write use case changed, so that each screen refreshes itself (the pattern of Anki's `OpChanges`).

Every write use case returns a `Changes` naming the kinds and ids of the records it wrote. The UI has
one place that broadcasts it; each view asks `touches(...)` for the kinds it shows and reloads only
then. Nothing here knows about screens: adding a kind of record is adding a member to `Kind`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """The kinds of record a view can show."""

    CLIENT = "client"
    MILESTONE = "milestone"
    COUNSELING_SESSION = "counseling_session"
    COUNSELOR = "counselor"
    CENTER = "center"
    FUNDING_SOURCE = "funding_source"
    MILESTONE_TYPE = "milestone_type"
    SETTING = "setting"
    PICKLIST = "picklist"
    AGREEMENT = "agreement"
    AGREEMENT_TEMPLATE = "agreement_template"
    APPROVAL_GROUP = "approval_group"
    TASK = "task"
    EXCHANGE = "exchange"


@dataclass(frozen=True, slots=True)
class Changes:
    """The records one unit of work wrote: kind → ids (an empty id set means "some, not named")."""

    records: dict[Kind, frozenset[uuid.UUID]] = field(default_factory=dict)

    @classmethod
    def of(cls, kind: Kind, *ids: uuid.UUID) -> Changes:
        return cls({kind: frozenset(ids)})

    @classmethod
    def none(cls) -> Changes:
        return cls()

    def __or__(self, other: Changes) -> Changes:
        merged = dict(self.records)
        for kind, ids in other.records.items():
            merged[kind] = merged.get(kind, frozenset()) | ids
        return Changes(merged)

    def __bool__(self) -> bool:
        return bool(self.records)

    def touches(self, *kinds: Kind) -> bool:
        """Whether any of `kinds` was written."""
        return any(kind in self.records for kind in kinds)

    def ids(self, kind: Kind) -> frozenset[uuid.UUID]:
        return self.records.get(kind, frozenset())

    def touches_record(self, kind: Kind, record_id: uuid.UUID) -> bool:
        """Whether this record (or an unnamed record of its kind) was written."""
        if kind not in self.records:
            return False
        ids = self.records[kind]
        return not ids or record_id in ids


def union(changes: Iterable[Changes]) -> Changes:
    result = Changes()
    for change in changes:
        result = result | change
    return result
