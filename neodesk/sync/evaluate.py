"""Client edit → milestone: run the rule table over one save of the client editor.

See :mod:`neodesk.sync` for the choices made where the spec leaves room.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from neodesk.catalog.picklists import is_in_business
from neodesk.sync.client_rules import CLIENT_RULES, ClientRule
from neodesk.sync.describe import describe_change
from neodesk.sync.proposals import MilestoneProposal
from neodesk.sync.settings import SyncSettings
from neodesk.sync.values import ClientState, field, same, within_lock_window

_NEW_CLIENT: ClientState = {}  # "before" of a brand-new client: every field blank


def client_edit_proposals(
    before: ClientState | None,
    after: ClientState,
    settings: SyncSettings,
    today: date,
    *,
    rules: Sequence[ClientRule] = CLIENT_RULES,
) -> list[MilestoneProposal]:
    """The milestones one save of the client editor creates (``automatic``) or offers, in prompt order.

    ``before`` is the stored client, ``None`` for a client being created; ``after`` the edited one.
    Pure: nothing is written and nobody is asked; pass the result to
    :func:`~neodesk.sync.evaluate.without_duplicates` (against the client's stored milestones) and then
    to :func:`~neodesk.sync.deciding.resolve`.

    - Setting ``prompt_sync_client_milestones`` off: nothing at all (automatic rows too).
    - A new client gets only the automatic rows (C1, C3: its dates were blank before); prompted rows
      describe *changes* to a business, and a new client's values are intake data.
    - Prompted rows need the client in business before or after the save (so a client that becomes
      in business in this save does get them); G rows also need the client to be at least
      ``growth_prompt_min_age_days`` old.
    - A value that is unchanged, or was changed and changed back before saving, compares equal and
      raises nothing: only ``before`` and ``after`` are compared.
    - A milestone dated in the future or before the lock period is not proposed (the save would
      refuse it, and a fact that old is not new impact).
    - Two rows proposing the same type and date (C1 + C2) make one proposal.
    """
    if not settings.prompt_sync_client_milestones:
        return []
    is_new = before is None
    old = _NEW_CLIENT if before is None else before
    in_business = is_in_business(field(old, "company_status")) or is_in_business(field(after, "company_status"))

    proposals: list[MilestoneProposal] = []
    for rule in rules:
        if not rule.automatic and (is_new or not in_business):
            continue
        if not rule.condition(old, after):
            continue
        if rule.growth and not _old_enough(old, after, settings, today):
            continue
        day = rule.dated(old, after, today)
        if day is None or not within_lock_window(day, today, settings.lock_days):
            continue
        proposals.append(_proposal(rule, old, after, day))
    return without_duplicates(proposals, ())


def without_duplicates(
    proposals: Iterable[MilestoneProposal], existing: Iterable[tuple[str, date]]
) -> list[MilestoneProposal]:
    """``proposals`` minus any that repeats a milestone of the same type and date.

    ``existing`` holds the client's stored milestones as ``(type_code, date)`` pairs; a proposal also
    counts as existing for the proposals after it, so C1 and C2 in one save make one milestone.
    """
    seen = set(existing)
    kept: list[MilestoneProposal] = []
    for proposal in proposals:
        if proposal.key in seen:
            continue
        seen.add(proposal.key)
        kept.append(proposal)
    return kept


def _old_enough(before: ClientState, after: ClientState, settings: SyncSettings, today: date) -> bool:
    created: date | None = field(after, "created_at") or field(before, "created_at")
    if created is None:
        # The service always passes created_at; a state without it is a programming error, and
        # guessing either way would invent or hide growth.
        raise ValueError("a client state needs 'created_at' to evaluate growth prompts")
    if isinstance(created, datetime):  # a timestamp is tolerated; its calendar day is what counts
        created = created.date()
    return (today - created).days >= settings.growth_prompt_min_age_days


def _proposal(rule: ClientRule, before: ClientState, after: ClientState, day: date) -> MilestoneProposal:
    return MilestoneProposal(
        rule_id=rule.rule_id,
        type_code=rule.type_code(after),
        automatic=rule.automatic,
        date=day,
        amount=rule.amount(before, after) if rule.amount else None,
        initial_amount=rule.initial(before, after) if rule.initial else None,
        detail=rule.detail(before, after) if rule.detail else None,
        change="; ".join(
            describe_change(key, before.get(key), after.get(key))
            for key in rule.fields
            if not same(before.get(key), after.get(key))
        ),
        followup=rule.followup(rule.rule_id, after) if rule.followup else None,
    )
