"""Saving a client with the client → milestone rules: evaluate, ask, then write it all at once.

The questions are asked before the transaction opens, so no write lock is held while a modal prompt
waits; the write locks the client's row and checks its revision again: when another editor saved in
between, the save is planned (merged, asked) again against the newer client (edit_guard).
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from neodesk.models import Counselor, Database, FundingSource, Milestone
from neodesk.services.client_checks import DuplicateDecider, DuplicateRow, duplicate_check_needed, find_duplicates
from neodesk.services.client_save_writes import changed_columns, write_client_save, writes_directly, writing
from neodesk.services.clients import ClientSavePlan, SaveResult, apply_client_plan, plan_and_read
from neodesk.services.edit_guard import EditCancelled, with_replanning
from neodesk.services.edit_merge import ConflictResolver, EditBase
from neodesk.services.reference import current_counselor, default_funding_source_id
from neodesk.services.sync_context import stored_milestones, sync_settings
from neodesk.sync.deciding import Decider, resolve
from neodesk.sync.evaluate import client_edit_proposals
from neodesk.sync.proposals import MilestoneProposal, client_updates, milestones_to_log
from neodesk.sync.same_fact import MilestoneUpdate, StoredMilestone, against_stored


def _amount(value: Decimal | int | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def write_proposed_milestone(
    tx: Session,
    client_id: uuid.UUID,
    proposal: MilestoneProposal,
    counselor_ids: list[uuid.UUID],
    funding_ids: list[uuid.UUID],
    *,
    notes: str | None = None,
    reportable: bool = True,
) -> Milestone:
    """Add one milestone made by a rule, with its counselors and funding sources."""
    milestone = Milestone(
        client_id=client_id,
        type_code=proposal.type_code,
        date=proposal.date,
        amount=_amount(proposal.amount),
        initial_amount=_amount(proposal.initial_amount),
        detail=proposal.detail,
        origin=proposal.origin,
        notes=notes,
        reportable=reportable,
    )
    milestone.counselors = [tx.get_one(Counselor, cid) for cid in counselor_ids]
    milestone.funding_sources = [tx.get_one(FundingSource, fid) for fid in funding_ids]
    tx.add(milestone)
    return milestone


def save_client_with_sync(
    db: Database,
    client_id: uuid.UUID | None,
    values: dict[str, object],
    *,
    counselor_id: uuid.UUID | None,
    decider: Decider,
    today: date | None = None,
    duplicates: DuplicateDecider | None = None,
    base: EditBase | None = None,
    resolver: ConflictResolver | None = None,
) -> SaveResult | None:
    """Validate, run the client → milestone rules, ask through `decider`, write in one transaction.

    Returns None when the counselor cancelled the prompts or the conflict dialog (nothing written).
    Raises ValidationFailed (nothing written, nothing asked) for bad input. With `duplicates`, a client
    that looks like an existing one (same name, UEI or e-mail) is saved only if it answers "save
    anyway". `base` is what the editor loaded: edits made elsewhere since are merged, and conflicts
    asked through `resolver`. The rules compare the merged client with the client as stored now, so a
    change the other side already made raises no second milestone.
    """
    day = today or date.today()
    try:
        return with_replanning(
            lambda: _plan_and_write(db, client_id, values, counselor_id, decider, day, duplicates, base, resolver)
        )
    except EditCancelled:
        return None


def _plan_and_write(
    db: Database,
    client_id: uuid.UUID | None,
    values: dict[str, object],
    counselor_id: uuid.UUID | None,
    decider: Decider,
    today: date,
    duplicates: DuplicateDecider | None,
    base: EditBase | None,
    resolver: ConflictResolver | None,
) -> SaveResult | None:
    def rule_inputs(tx: Session, plan: ClientSavePlan) -> tuple[list[DuplicateRow], list[StoredMilestone]]:
        found: list[DuplicateRow] = []
        if duplicates is not None and duplicate_check_needed(client_id is None, plan.changes):
            found = find_duplicates(tx, plan.after, exclude=client_id)
        return found, stored_milestones(tx, client_id) if client_id else []

    # One reading transaction: the plan, and what the rules compare against.
    plan, (found, stored) = plan_and_read(db, client_id, values, today, rule_inputs, base=base, resolver=resolver)
    assert plan.settings is not None  # plan_and_read validates with the stored settings
    settings = sync_settings(plan.settings)
    # The same fact twice: a same-day value milestone is offered as an update of that milestone.
    proposals = against_stored(client_edit_proposals(plan.before, plan.after, settings, today), stored)
    if found and duplicates is not None and not duplicates.save_anyway(found):
        return None
    accepted = resolve(proposals, decider)
    if accepted is None:
        return None
    updates = client_updates(accepted)  # P1's "inactivate the client": no echo
    to_log = milestones_to_log(accepted)
    changed = changed_columns(plan.before or {}, plan.changes, updates)
    same_fact = [item for item in accepted if isinstance(item, MilestoneUpdate)]
    if counselor_id is not None and not same_fact and writes_directly(plan, changed, counselor_id):
        with writing(db) as conn:  # write_client_save refuses an inactive counselor itself
            return write_client_save(conn, plan, changed, to_log, counselor_id)
    with db.unit_of_work(counselor_id) as tx:
        client = apply_client_plan(tx, plan)  # locks the client's row until the commit
        for key, value in updates.items():
            setattr(client, key, value)
        for item in same_fact:
            tx.get_one(Milestone, item.milestone_id).amount = _amount(item.amount)
        tx.flush()
        created: list[uuid.UUID] = []
        if to_log:
            me = tx.get(Counselor, counselor_id) if counselor_id else current_counselor(tx)
            assert me is not None
            funding = default_funding_source_id(tx, client.id, me)
            milestones = [
                write_proposed_milestone(tx, client.id, proposal, [me.id], [funding] if funding else [])
                for proposal in to_log
            ]
            tx.flush()  # once for all: one revision block, one pass of the audit hook
            created = [m.id for m in milestones]
        return SaveResult(client.id, client.client_no, plan.warnings, created, plan.theirs_kept)
