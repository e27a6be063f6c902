"""Writing an edited record against other writers: lock its row for the save, check nothing moved.

A save plans (validates, merges, asks the counselor) outside any transaction, so no lock is held while a
dialog waits; it then writes in one transaction that first locks the record's row. If the stored
revision is no longer the one it planned against (another editor saved in between), the save plans
again against the newer record (:func:`with_replanning`). Two concurrent `neodesk set` on one client
thus serialize, and the second sees the first's change instead of repeating its milestones.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from neodesk.models.tracking import RevisionCounter
from neodesk.services.edit_merge import ConflictResolver, Describe, EditBase, Keep, conflict_sentence, settle, three_way
from neodesk.services.errors import Conflict

T = TypeVar("T")
M = TypeVar("M")

ATTEMPTS = 5  # plans tried before giving up: each retry means another editor saved this very record meanwhile


class Moved(Conflict):
    """The record's stored revision changed between planning the save and writing it."""


class EditCancelled(Exception):
    """The counselor cancelled the conflict dialog: nothing is written, the edits stay in the editor."""


def lock_for_save(tx: Session, model: type[M], ident: uuid.UUID) -> M | None:
    """The record, re-read and locked until the save commits (None when it was deleted).

    PostgreSQL: ``SELECT … FOR UPDATE``. SQLite locks the whole file for a writer: take the write lock
    now, as the transaction's first statement (a no-row UPDATE), so concurrent saves wait for each other
    instead of planning on a snapshot that another writer is about to replace.
    """
    if tx.get_bind().dialect.name == "sqlite":
        tx.connection().execute(update(RevisionCounter).where(RevisionCounter.id == -1).values(value=0))
        return tx.get(model, ident, populate_existing=True)
    # Lock the row alone: the record's eager-joined relationships cannot be locked with it (outer joins).
    tx.execute(select(model.id).where(model.id == ident).with_for_update())  # type: ignore[attr-defined]
    return tx.get(model, ident, populate_existing=True)


def check_revision(record: Any, planned: int | None) -> None:
    """Raise Moved when the locked record is not the revision the save was planned against."""
    if planned is not None and record.revision != planned:
        raise Moved


def with_replanning(attempt: Callable[[], T]) -> T:
    """Run plan-and-write `attempt` again while another writer moved the record in between."""
    for _ in range(ATTEMPTS):
        try:
            return attempt()
        except Moved:
            continue
    raise Conflict("This record kept changing while you saved it; try again in a moment.")


def merged_edits(
    base: EditBase,
    stored: Mapping[str, Any],
    mine: Mapping[str, Any],
    label: Callable[[str], str],
    describe: Describe,
    resolver: ConflictResolver | None,
) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The fields to write after merging `mine` (typed edits) with what was saved since `base` was
    loaded, and the fields whose stored (their) value the editor must now show.

    Conflicts go to `resolver`; without one the save is refused (Conflict), a cancelled resolver
    raises EditCancelled.
    """
    merge = three_way(base.values, stored, mine, label, describe)
    choices: Mapping[str, Keep] = {}
    if merge.conflicts:
        if resolver is None:
            raise Conflict(conflict_sentence(merge.conflicts))
        decided = resolver.resolve(merge.conflicts)
        if decided is None:
            raise EditCancelled
        choices = decided
    return settle(merge, choices), merge.theirs_kept
