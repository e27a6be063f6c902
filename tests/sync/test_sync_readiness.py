"""Contract Readiness progress and rule M15 (milestones.md, sync-rules.md M15)."""

from __future__ import annotations

from datetime import date

from client_states import SETTINGS, TODAY, client

from neodesk.catalog.milestone_types import DEFAULT_READINESS_REQUIREMENTS
from neodesk.sync.deciding import AlwaysYes, resolve
from neodesk.sync.milestone_effects import NewMilestone, milestone_effects
from neodesk.sync.proposals import EffectKind, milestones_to_log
from neodesk.sync.readiness import GoalProgress, readiness_progress, readiness_prompts

D = date
DIB_STEPS = {
    "sam_registered": D(2024, 1, 10),
    "cage_assigned": D(2024, 1, 20),
    "naics_identified": D(2024, 2, 1),
    "sbs_profile": D(2024, 2, 5),
    "capability_statement": D(2024, 3, 1),
    "nist_800_171_assessed": D(2024, 4, 1),
    "cmmc_level1": D(2024, 4, 15),
}


def _without(*codes: str) -> dict[str, date]:
    return {code: day for code, day in DIB_STEPS.items() if code not in codes}


def test_nothing_logged() -> None:
    progress = readiness_progress({})
    assert progress == {
        "dib_ready": GoalProgress("dib_ready", 0, 7, None),
        "gib_ready": GoalProgress("gib_ready", 0, 3, None),
    }
    assert not progress["dib_ready"].complete


def test_counts_steps_and_latest_date() -> None:
    progress = readiness_progress(_without("cmmc_level1", "sbs_profile"))
    assert (progress["dib_ready"].done, progress["dib_ready"].required) == (5, 7)
    assert progress["dib_ready"].latest == D(2024, 4, 1)
    assert not progress["dib_ready"].complete
    assert progress["gib_ready"].complete
    assert progress["gib_ready"].latest == D(2024, 3, 1)


def test_an_alternative_meets_a_requirement_on_its_earliest_date() -> None:
    logged = {"state_vendor_registered": D(2024, 1, 5), "sam_registered": D(2024, 5, 1),
              "naics_identified": D(2024, 2, 1), "capability_statement": D(2024, 3, 1)}  # fmt: skip
    gib = readiness_progress(logged)["gib_ready"]
    assert gib.complete
    assert gib.latest == D(2024, 3, 1)  # sam's later date does not move the goal
    only_vendor = {**logged}
    del only_vendor["sam_registered"]
    assert readiness_progress(only_vendor)["gib_ready"].complete


def test_pairs_with_repeated_types_use_the_newest_date() -> None:
    pairs = [("capability_statement", D(2024, 1, 1)), ("capability_statement", D(2024, 5, 1)),
             ("naics_identified", D(2024, 2, 1)), ("state_vendor_registered", D(2024, 2, 2))]  # fmt: skip
    gib = readiness_progress(pairs)["gib_ready"]
    assert gib.complete
    assert gib.latest == D(2024, 5, 1)


def test_custom_requirements() -> None:
    requirements = {"gib_ready": (frozenset({"first_bid_submitted"}),)}
    progress = readiness_progress({"first_bid_submitted": D(2024, 2, 2)}, requirements)
    assert progress == {"gib_ready": GoalProgress("gib_ready", 1, 1, D(2024, 2, 2))}


# --- M15 -------------------------------------------------------------------------------------------


def test_last_step_prompts_for_the_goal_dated_on_the_latest_step() -> None:
    (effect,) = readiness_prompts(client(), _without("cage_assigned"), [("cage_assigned", D(2024, 1, 20))])
    assert effect.rule_id == "M15"
    assert effect.kind is EffectKind.PROMPT
    assert effect.proposal == "dib_ready"
    # The completing step is backdated; the goal is dated on the latest step (CMMC, 2024-04-15).
    assert effect.date == D(2024, 4, 15)
    assert dict(effect.updates) == {"dib_ready": True, "dib_ready_date": D(2024, 4, 15)}
    assert effect.milestone is not None
    assert (effect.milestone.type_code, effect.milestone.date, effect.milestone.origin) == (
        "dib_ready",
        D(2024, 4, 15),
        "readiness",
    )
    assert "7 required steps" in effect.change


def test_one_step_can_complete_both_goals() -> None:
    existing = _without("naics_identified")
    effects = readiness_prompts(client(), existing, [("naics_identified", D(2024, 5, 1))])
    assert [(e.proposal, e.date) for e in effects] == [("dib_ready", D(2024, 5, 1)), ("gib_ready", D(2024, 5, 1))]


def test_no_prompt_when_the_goal_milestone_exists_or_is_in_the_save() -> None:
    existing = {**_without("cmmc_level1"), "dib_ready": D(2024, 1, 1)}
    assert readiness_prompts(client(), existing, [("cmmc_level1", D(2024, 5, 1))]) == []
    save = [("cmmc_level1", D(2024, 5, 1)), ("dib_ready", D(2024, 5, 1))]
    assert readiness_prompts(client(), _without("cmmc_level1"), save) == []


def test_no_prompt_when_the_goal_was_already_complete() -> None:
    assert readiness_prompts(client(), DIB_STEPS, [("sam_registered", D(2024, 6, 1))]) == []


def test_no_prompt_while_a_step_is_missing() -> None:
    existing = _without("cmmc_level1", "sbs_profile")
    assert readiness_prompts(client(), existing, [("cmmc_level1", D(2024, 5, 1))]) == []


def test_a_flag_already_on_still_offers_the_missing_goal_milestone() -> None:
    flagged = client(dib_ready=True, dib_ready_date=D(2024, 4, 15))
    (effect,) = readiness_prompts(flagged, _without("cmmc_level1"), [("cmmc_level1", D(2024, 4, 15))])
    assert dict(effect.updates) == {}
    assert effect.milestone is not None


def test_m15_through_milestone_effects_and_resolve() -> None:
    save = [NewMilestone("cmmc_level1", TODAY)]
    effects = milestone_effects(client(), save, _without("cmmc_level1"), SETTINGS, TODAY)
    accepted = resolve(effects, AlwaysYes())
    assert accepted is not None
    assert [(m.type_code, m.date, m.origin) for m in milestones_to_log(accepted)] == [("dib_ready", TODAY, "readiness")]


def test_default_requirements_are_the_spec_defaults() -> None:
    # Guards the catalog the rule reads: DIB needs seven single steps, GIB three with one alternative.
    assert [sorted(r) for r in DEFAULT_READINESS_REQUIREMENTS["gib_ready"]] == [
        ["sam_registered", "state_vendor_registered"],
        ["naics_identified"],
        ["capability_statement"],
    ]
    assert len(DEFAULT_READINESS_REQUIREMENTS["dib_ready"]) == 7
