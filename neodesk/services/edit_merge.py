"""Three-way merge of one record's edits: what the editor loaded, what is stored now, what was typed.

Two editors (a window, the CLI, another desk on the same PostgreSQL database) may hold the same
record. Each keeps the revision and the values it loaded (an :class:`EditBase`); at save, fields only
the other side changed are taken from the store, fields only this editor changed are written, and
fields both changed to different values are :class:`FieldConflict` s the counselor decides through a
:class:`ConflictResolver` (the UI's modal dialog, the CLI, or a test). Pure: no database, no Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class EditBase:
    """What an editor loaded: the record's revision then, and its field values then (by field key)."""

    revision: int
    values: Mapping[str, Any]


class Keep(StrEnum):
    MINE = "mine"
    THEIRS = "theirs"


@dataclass(frozen=True, slots=True)
class FieldConflict:
    """A field both sides changed to different values, with the texts a counselor reads."""

    key: str
    label: str
    base: Any
    theirs: Any
    mine: Any
    theirs_text: str
    mine_text: str


class ConflictResolver(Protocol):
    """Decides every conflict of one save at once: a choice per field key, or None to cancel the save."""

    def resolve(self, conflicts: Sequence[FieldConflict]) -> Mapping[str, Keep] | None: ...


@dataclass(slots=True)
class ScriptedResolver:
    """Tests and automation: answers every conflict with ``choices[key]`` (else ``default``); None cancels.

    Remembers the conflicts it was shown.
    """

    choices: Mapping[str, Keep] | None = None
    default: Keep = Keep.MINE
    seen: list[FieldConflict] = field(default_factory=list)

    def resolve(self, conflicts: Sequence[FieldConflict]) -> Mapping[str, Keep] | None:
        self.seen.extend(conflicts)
        if self.choices is None:
            return None
        return {c.key: self.choices.get(c.key, self.default) for c in conflicts}


@dataclass(frozen=True, slots=True)
class Merge:
    """The outcome of :func:`three_way` before the conflicts are decided.

    ``mine`` holds the fields to write (changed only by this editor); ``theirs_kept`` the fields the
    other side changed that this editor also showed (the editor must show the stored value).
    """

    mine: dict[str, Any]
    theirs_kept: tuple[str, ...]
    conflicts: tuple[FieldConflict, ...]


Describe = Callable[[str, Any], str]


def three_way(
    base: Mapping[str, Any],
    theirs: Mapping[str, Any],
    mine: Mapping[str, Any],
    label: Callable[[str], str],
    describe: Describe,
) -> Merge:
    """Merge the typed edits ``mine`` (field → value) of an editor that loaded ``base``, given ``theirs``
    (the record as stored now). Fields absent from ``mine`` were not edited: theirs stands.

    Per edited field: unchanged from base → theirs; theirs unchanged from base → mine; both the same
    new value → nothing to write; else a conflict.
    """
    # Imported here: neodesk.sync is heavy, and the command line imports this module to build its parser.
    from neodesk.sync.values import same

    written: dict[str, Any] = {}
    conflicts: list[FieldConflict] = []
    agreed: set[str] = set()  # both sides hold the same value: nothing to write, nothing to show
    for key, value in mine.items():
        old, now = base.get(key), theirs.get(key)
        if same(value, now):
            agreed.add(key)
            continue
        if same(value, old):
            continue
        if same(now, old):
            written[key] = value
            continue
        conflicts.append(FieldConflict(key, label(key), old, now, value, describe(key, now), describe(key, value)))
    decided = written.keys() | agreed | {c.key for c in conflicts}
    kept = tuple(k for k in base if k in theirs and k not in decided and not same(base[k], theirs[k]))
    return Merge(written, kept, tuple(conflicts))


def settle(merge: Merge, choices: Mapping[str, Keep]) -> dict[str, Any]:
    """The fields to write once every conflict has a choice (a missing choice keeps theirs)."""
    out = dict(merge.mine)
    for conflict in merge.conflicts:
        if choices.get(conflict.key) is Keep.MINE:
            out[conflict.key] = conflict.mine
    return out


def conflict_sentence(conflicts: Iterable[FieldConflict]) -> str:
    """What a front end without a resolver says: which fields were changed on both sides."""
    names = ", ".join(c.label for c in conflicts)
    return f"Changed elsewhere since you opened it, and by you: {names}. Reopen it and enter your change again."
