"""The pure three-way merge of one record's edits (services/edit_merge.py), as a table."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from neodesk.services.edit_merge import FieldConflict, Keep, ScriptedResolver, conflict_sentence, settle, three_way

BASE = {"staff": 12, "city": "Waco", "notes": None, "areas": frozenset({"A"}), "sales": Decimal("5.00")}


def merge(theirs: dict[str, Any], mine: dict[str, Any]):  # type: ignore[no-untyped-def]
    return three_way(BASE, {**BASE, **theirs}, mine, str.upper, lambda key, value: f"<{value}>")


@pytest.mark.parametrize(
    ("theirs", "mine", "written", "kept", "conflicts"),
    [
        # nobody changed anything since: my edits are written
        ({}, {"staff": 40}, {"staff": 40}, (), ()),
        # only they changed a field: theirs stands, the editor must show it
        ({"staff": 77}, {}, {}, ("staff",), ()),
        # they changed one field, I another: both
        ({"staff": 77}, {"city": "Austin"}, {"city": "Austin"}, ("staff",), ()),
        # both changed the same field the same way: nothing to write, no question
        ({"staff": 77}, {"staff": 77}, {}, (), ()),
        # a value I "edited" back to what I loaded is no change: theirs stands
        ({"staff": 77}, {"staff": 12}, {}, ("staff",), ()),
        # equal meanings compare equal (money scale, blank vs empty set)
        ({"sales": Decimal("6")}, {"sales": Decimal("6.00")}, {}, (), ()),
        ({}, {"areas": frozenset({"A"})}, {}, (), ()),
        ({"notes": "theirs"}, {"notes": ""}, {}, ("notes",), ()),
        # both changed the same field differently: a conflict
        ({"staff": 77}, {"staff": 40}, {}, (), ("staff",)),
        (
            {"staff": 77, "city": "Dallas"},
            {"staff": 40, "city": "Austin", "notes": "mine"},
            {"notes": "mine"},
            (),
            ("staff", "city"),
        ),
    ],
)
def test_three_way(
    theirs: dict[str, Any],
    mine: dict[str, Any],
    written: dict[str, Any],
    kept: tuple[str, ...],
    conflicts: tuple[str, ...],
) -> None:
    result = merge(theirs, mine)
    assert result.mine == written
    assert result.theirs_kept == kept
    assert tuple(c.key for c in result.conflicts) == conflicts


def test_a_conflict_carries_both_sides_as_text() -> None:
    [conflict] = merge({"staff": 77}, {"staff": 40}).conflicts
    assert conflict == FieldConflict("staff", "STAFF", 12, 77, 40, "<77>", "<40>")
    assert "STAFF" in conflict_sentence([conflict])


@pytest.mark.parametrize(("choice", "expected"), [(Keep.MINE, 40), (Keep.THEIRS, None)])
def test_settle_applies_each_choice(choice: Keep, expected: int | None) -> None:
    result = merge({"staff": 77, "city": "Dallas"}, {"staff": 40, "notes": "mine"})
    written = settle(result, {"staff": choice})
    assert written.get("staff") == expected
    assert written["notes"] == "mine"


def test_scripted_resolver_answers_and_cancels() -> None:
    conflicts = merge({"staff": 77, "city": "X"}, {"staff": 40, "city": "Y"}).conflicts
    assert ScriptedResolver({"city": Keep.THEIRS}).resolve(conflicts) == {"staff": Keep.MINE, "city": Keep.THEIRS}
    cancelling = ScriptedResolver(None)
    assert cancelling.resolve(conflicts) is None
    assert [c.key for c in cancelling.seen] == ["staff", "city"]


VALUES = st.sampled_from([None, 0, 1, 2])
STATES = st.fixed_dictionaries(dict.fromkeys(("a", "b", "c"), VALUES))


@given(base=STATES, theirs=STATES, mine=STATES, keep=st.sampled_from(list(Keep)))
def test_the_merged_record_loses_nobodys_change_silently(
    base: dict[str, Any], theirs: dict[str, Any], mine: dict[str, Any], keep: Keep
) -> None:
    edits = {k: v for k, v in mine.items() if v != base[k]}  # what the editor sends: its edited fields
    result = three_way(base, theirs, edits, str, lambda key, value: str(value))
    after = {**theirs, **settle(result, {c.key: keep for c in result.conflicts})}
    conflicted = {c.key for c in result.conflicts}
    for key in base:
        if key in conflicted:
            assert after[key] == (mine[key] if keep is Keep.MINE else theirs[key])
        elif mine[key] != base[key]:
            assert after[key] == mine[key]  # my change is written ...
        else:
            assert after[key] == theirs[key]  # ... and theirs stands where I changed nothing
        # A conflict is raised exactly when both sides changed a field to different values.
        assert (key in conflicted) == (mine[key] != base[key] and theirs[key] != base[key] and mine[key] != theirs[key])
