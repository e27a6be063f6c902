"""No echo (sync-rules.md): neither direction bounces a change back to the other."""

from __future__ import annotations

import pytest
from client_states import SETTINGS, TODAY, client
from test_sync_client_rules import FIRING, Case
from test_sync_milestone_effects import CASES, MCase

from neodesk.catalog.picklists import is_in_business
from neodesk.sync.deciding import AlwaysYes, resolve
from neodesk.sync.evaluate import client_edit_proposals
from neodesk.sync.milestone_effects import NewMilestone, milestone_effects
from neodesk.sync.proposals import client_updates, milestones_to_log


def test_saving_an_unchanged_client_raises_nothing() -> None:
    stored = client()
    assert client_edit_proposals(stored, dict(stored), SETTINGS, TODAY) == []


@pytest.mark.parametrize("case", FIRING, ids=lambda c: c.id)
def test_milestones_made_by_client_edits_do_not_update_the_client(case: Case) -> None:
    before, after = case.states()
    accepted = resolve(client_edit_proposals(before, after, SETTINGS, TODAY), AlwaysYes())
    assert accepted is not None
    made = [NewMilestone(p.type_code, p.date, p.amount, p.detail, origin=p.origin) for p in milestones_to_log(accepted)]
    assert made  # the edit did make a milestone …
    saved_client = {**after, **client_updates(accepted)}
    assert milestone_effects(saved_client, made, {}, SETTINGS, TODAY) == []  # … which changes nothing


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_client_changes_made_by_milestones_raise_no_milestone_prompt(case: MCase) -> None:
    stored = client(**case.client)
    accepted = resolve(case.run(), AlwaysYes())
    assert accepted is not None
    updated = {**stored, **client_updates(accepted)}
    assert updated != stored or case.rule_id == "M13"
    # The updated client is the next save's "before": reopening and saving it raises nothing …
    assert client_edit_proposals(updated, dict(updated), SETTINGS, TODAY) == []
    # … and an unrelated edit raises only its own rule (none once the client has closed).
    edited = {**updated, "organization": "Cooperative"}
    expected = ["P8"] if is_in_business(updated["company_status"]) else []
    assert [p.rule_id for p in client_edit_proposals(updated, edited, SETTINGS, TODAY)] == expected
