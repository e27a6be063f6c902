"""Milestone → client: the rules of sync-rules.md (M1–M16) as a table, and their evaluation.

Each :class:`MilestoneRule` row names the milestone types it reacts to, whether it applies
automatically, prompts, or only warns, and a small callable that derives the client field updates
from the milestone. M5 ("automatic (+ prompt)") is two rows with the same id. M15 looks at the whole
save rather than one milestone, so its row carries a save-level callable instead.

Rows run in table order (the prompt order) against a running copy of the client: automatic updates of
earlier rows are visible to later ones, so a Business Established milestone (M1) saved with a staff
milestone puts the client in business before M5 asks whether to.
"""

from __future__ import annotations

import datetime as dt  # in classes: a member named ``date`` would shadow the type
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from neodesk.catalog.certifications import CERTIFICATION_DATE_FIELDS, certified_codes
from neodesk.catalog.milestone_types import DEFAULT_READINESS_REQUIREMENTS, STAFF_CODES, TYPES_BY_CODE, VALUE_FIELDS
from neodesk.catalog.picklists import is_in_business
from neodesk.sync.describe import describe_updates, field_label, type_name
from neodesk.sync.proposals import ClientEffect, EffectKind, inactivation
from neodesk.sync.readiness import Requirements, readiness_prompts
from neodesk.sync.settings import SyncSettings
from neodesk.sync.values import ClientState, add_months, same

CLIENT_EDIT_ORIGIN = "client_edit"
OLDER_NOTICE = "older"  # rule id of the notice about an older-dated milestone


class MilestoneLike(Protocol):
    """What the rules read of a milestone being saved (an ORM object or a :class:`NewMilestone`)."""

    @property
    def type_code(self) -> str: ...

    @property
    def date(self) -> dt.date: ...

    @property
    def amount(self) -> Decimal | int | None: ...

    @property
    def detail(self) -> str | None: ...

    @property
    def origin(self) -> str: ...


@dataclass(frozen=True, slots=True)
class NewMilestone:
    """A milestone about to be saved, as plain data."""

    type_code: str
    date: dt.date
    amount: Decimal | int | None = None
    detail: str | None = None
    origin: str = "manual"


@dataclass(frozen=True, slots=True)
class SaveContext:
    """What a save-level rule (M15) sees: the client, the save, and the client's stored milestones."""

    client: ClientState
    milestones: Sequence[MilestoneLike]
    newest_dates_by_type: Mapping[str, date]
    settings: SyncSettings
    today: date
    requirements: Requirements


Updates = Callable[[MilestoneLike, ClientState, SyncSettings, date], Mapping[str, Any]]
Guard = Callable[[ClientState], bool]
FollowUp = Callable[[str, ClientState, str], ClientEffect | None]  # (rule id, client, type code)
SaveRule = Callable[[SaveContext], list[ClientEffect]]


@dataclass(frozen=True, slots=True)
class MilestoneRule:
    """One row of the milestone → client table."""

    rule_id: str
    type_codes: frozenset[str]
    kind: EffectKind
    updates: Updates | None = None
    when: Guard | None = None  # extra condition on the client (M5's prompt: not in business)
    followup: FollowUp | None = None
    warning: str = ""  # WARNING rows: the banner text
    warning_field: str = ""  # WARNING rows: the client field to review
    # Whether all the row's types set the same client fields, so that a newer milestone of any of
    # them holds the newer facts (M1: Business Established vs Bought Business). False where each type
    # drives its own field (M5: full-time vs part-time staff; M14: DIB vs GIB).
    same_facts: bool = True
    per_save: SaveRule | None = None  # M15: evaluated once per save instead of per milestone


# --- update derivations -----------------------------------------------------------------------


def amount_to(key: str, date_key: str | None = None) -> Updates:
    """The client field takes the milestone's amount (its new total), and ``date_key`` its date.

    The two go together: without an amount there is no figure for the date to describe.
    """

    def updates(m: MilestoneLike, client: ClientState, settings: SyncSettings, today: date) -> Mapping[str, Any]:
        if m.amount is None:
            return {}
        return {key: m.amount} if date_key is None else {key: m.amount, date_key: m.date}

    return updates


def value_of_type(type_code: str) -> Updates:
    """M2–M4, M6, M7: the value type's client field (and its date field, if any) from the milestone."""
    value = VALUE_FIELDS[type_code]
    return amount_to(value.field, value.date_field)


def date_to(key: str) -> Updates:
    return lambda m, client, settings, today: {key: m.date}


def amount_to_field_of_type(field_by_type: Mapping[str, str]) -> Updates:
    """Like :func:`amount_to`, with the field chosen by the milestone type (M5: FT or PT)."""
    return lambda m, client, settings, today: {} if m.amount is None else {field_by_type[m.type_code]: m.amount}


def code_of_type(key: str, code_by_type: Mapping[str, str]) -> Updates:
    """The picklist field takes the code that matches the milestone type (M8, M9, M12)."""
    return lambda m, client, settings, today: {key: code_by_type[m.type_code]}


def constant(**values: Any) -> Updates:
    return lambda m, client, settings, today: dict(values)


def flag_of_type(m: MilestoneLike, client: ClientState, settings: SyncSettings, today: date) -> Mapping[str, Any]:
    """M14: the client's flag named like the milestone type goes on, with the milestone's date."""
    return {m.type_code: True, f"{m.type_code}_date": m.date}


def established(m: MilestoneLike, client: ClientState, settings: SyncSettings, today: date) -> Mapping[str, Any]:
    """M1: Start-up, or In Business once the start date is more than the start-up period ago."""
    long_ago = add_months(m.date, settings.startup_period_months) < today
    return {"company_status": "B" if long_ago else "S", "date_established": m.date}


TRADE_WITH_EXPORTS: Mapping[str | None, str] = {
    None: "Exporter",
    "None": "Exporter",
    "Importer": "Importer/Exporter",
}


def trade_with_exports(m: MilestoneLike, client: ClientState, settings: SyncSettings, today: date) -> Mapping[str, Any]:
    """M4: exporting makes the client an Exporter (an Importer becomes Importer/Exporter)."""
    current = client.get("international_trade") or None
    return {"international_trade": TRADE_WITH_EXPORTS[current]} if current in TRADE_WITH_EXPORTS else {}


def detail_to(field_by_type: Mapping[str, str], *, blank: bool) -> Updates:
    """M16: the detail (UEI, CAGE code) goes to the client field, with ``government_contracting`` on.

    ``blank`` picks the half of the row: True for the automatic half (the field is blank), False for
    the prompted half (the field holds another value). Each half yields nothing for the other case.
    """

    def updates(m: MilestoneLike, client: ClientState, settings: SyncSettings, today: date) -> Mapping[str, Any]:
        detail = (m.detail or "").strip()
        key = field_by_type[m.type_code]
        if not detail or (not client.get(key)) is not blank:
            return {}
        return {key: detail, "government_contracting": True}

    return updates


def combined(*parts: Updates) -> Updates:
    def merge(m: MilestoneLike, client: ClientState, settings: SyncSettings, today: date) -> Mapping[str, Any]:
        merged: dict[str, Any] = {}
        for part in parts:
            merged.update(part(m, client, settings, today))
        return merged

    return merge


def not_in_business(client: ClientState) -> bool:
    return not is_in_business(client.get("company_status"))


def inactivate_client(rule_id: str, client: ClientState, type_code: str) -> ClientEffect | None:
    # Asked after M11's status question is accepted, so the client is judged as it will then be.
    return inactivation(rule_id, client, type_code=type_code)


def readiness_rule(ctx: SaveContext) -> list[ClientEffect]:
    return readiness_prompts(
        ctx.client,
        ctx.newest_dates_by_type,
        [(m.type_code, m.date) for m in ctx.milestones],
        ctx.requirements,
    )


# --- the table --------------------------------------------------------------------------------

# Value type → the client field its amount is the new total of (the catalog's value table).
VALUE_FIELD_OF_TYPE: Mapping[str, str] = {v.type_code: v.field for v in VALUE_FIELDS.values()}
STAFF_FIELDS: Mapping[str, str] = {code: field for code, field in VALUE_FIELD_OF_TYPE.items() if code in STAFF_CODES}
# M16: the readiness types whose detail is a client field (UEI, CAGE code), as the catalog's types say.
DETAIL_FIELDS: Mapping[str, str] = {
    code: key for code in ("sam_registered", "cage_assigned") if (key := TYPES_BY_CODE[code].client_field) is not None
}
READINESS_GOALS = frozenset(DEFAULT_READINESS_REQUIREMENTS)
READINESS_STEPS = frozenset().union(*(req for reqs in DEFAULT_READINESS_REQUIREMENTS.values() for req in reqs))

_R, AUTO, PROMPT, WARN = MilestoneRule, EffectKind.AUTOMATIC, EffectKind.PROMPT, EffectKind.WARNING


def _certification(rule_id: str, key: str) -> MilestoneRule:
    """M8–M10, M12: the field takes the code of the certification logged, its date field the milestone's
    date (catalog/certifications.py); a prompt."""
    codes = certified_codes(key)
    return MilestoneRule(
        rule_id, frozenset(codes), PROMPT, combined(code_of_type(key, codes), date_to(CERTIFICATION_DATE_FIELDS[key]))
    )


MILESTONE_RULES: tuple[MilestoneRule, ...] = (
    _R("M1", frozenset({"business_established", "bought_business"}), AUTO, established),
    _R("M2", frozenset({"change_in_bonding"}), AUTO, value_of_type("change_in_bonding")),
    _R("M3", frozenset({"change_in_export_staff"}), AUTO, value_of_type("change_in_export_staff")),
    _R("M4", frozenset({"change_in_exports"}), AUTO, combined(value_of_type("change_in_exports"), trade_with_exports)),
    _R("M5", frozenset(STAFF_FIELDS), AUTO, amount_to_field_of_type(STAFF_FIELDS), same_facts=False),
    _R("M5", frozenset(STAFF_FIELDS), PROMPT, constant(company_status="S"), when=not_in_business, same_facts=False),
    _R("M6", frozenset({"change_in_sales"}), AUTO, value_of_type("change_in_sales")),
    _R("M7", frozenset({"change_in_profits"}), PROMPT, value_of_type("change_in_profits")),
    _certification("M8", "disadvantage_status"),
    _certification("M9", "ownership_gender"),
    _certification("M10", "hubzone"),
    _R("M11", frozenset({"permanently_closed"}), PROMPT, constant(company_status="PC"), followup=inactivate_client),
    _certification("M12", "veteran_status"),
    _R("M13", frozenset({"entered_new_foreign_markets"}), WARN,
       warning="New foreign markets were logged: review the Export Countries.", warning_field="export_countries"),
    _R("M14", READINESS_GOALS, AUTO, flag_of_type, same_facts=False),
    _R("M15", READINESS_STEPS, PROMPT, per_save=readiness_rule),
    _R("M16", frozenset(DETAIL_FIELDS), AUTO, detail_to(DETAIL_FIELDS, blank=True), same_facts=False),
    _R("M16", frozenset(DETAIL_FIELDS), PROMPT, detail_to(DETAIL_FIELDS, blank=False), same_facts=False),
)  # fmt: skip


# Editing a stored milestone (sync-rules.md "Edits and deletions of milestones"): changing the amount of
# the newest milestone of a value type asks whether to update the client field too. A prompt row like
# M7's, run by milestone_effects over the edited milestone (see milestone_edit_effects).
EDIT_RULE_ID = "edit"
MILESTONE_EDIT_RULES: tuple[MilestoneRule, ...] = (
    _R(EDIT_RULE_ID, frozenset(VALUE_FIELD_OF_TYPE), PROMPT, amount_to_field_of_type(VALUE_FIELD_OF_TYPE),
       same_facts=False),
)  # fmt: skip


def milestone_edit_effects(
    client: ClientState, edited: MilestoneLike, settings: SyncSettings, today: date
) -> list[ClientEffect]:
    """What changing the amount of a stored milestone offers to do to ``client``: the edit rows, run by
    :func:`milestone_effects` like every other row (setting off: nothing; no question without a change).

    ``edited`` is the milestone as edited (new amount, new date). The caller passes it only when the
    amount changed and the stored milestone is the newest of its type: an older one updates nothing
    (the client already holds newer facts). An edit is the counselor's, whatever made the milestone,
    so its origin does not matter here.
    """
    manual = NewMilestone(edited.type_code, edited.date, edited.amount, edited.detail)
    return milestone_effects(client, [manual], {}, settings, today, rules=MILESTONE_EDIT_RULES)


def milestone_effects(
    client: ClientState,
    new_milestones: Iterable[MilestoneLike],
    newest_dates_by_type: Mapping[str, date],
    settings: SyncSettings,
    today: date,
    *,
    requirements: Requirements = DEFAULT_READINESS_REQUIREMENTS,
    rules: Sequence[MilestoneRule] = MILESTONE_RULES,
) -> list[ClientEffect]:
    """What saving ``new_milestones`` does (or offers to do) to ``client``, in table order.

    ``newest_dates_by_type`` holds the client's *stored* milestones (not those being saved): type
    code → newest date. Pure: pass the result to :func:`~neodesk.sync.deciding.resolve`.

    - Milestones made by a client-edit rule (origin ``client_edit``) change nothing: no echo.
    - Setting ``prompt_sync_client_milestones`` off drops the prompts; automatic updates, warnings and
      notices remain.
    - A milestone dated before the newest of its type (stored or in this save) changes nothing, asks
      nothing, and yields one NOTICE effect saying so. In rows whose types all set the same fields
      (``same_facts``: M1, M8, M9, M12), a newer milestone of a sibling type counts too.
    - Updates that would not change the client are left out; an effect left with nothing to do is
      dropped; the same prompt raised twice (FT and PT staff for a client not in business) is asked once.
    """
    milestones = [m for m in new_milestones if m.origin != CLIENT_EDIT_ORIGIN]
    newest = dict(newest_dates_by_type)
    for m in milestones:
        if m.type_code not in newest or m.date > newest[m.type_code]:
            newest[m.type_code] = m.date

    running: dict[str, Any] = dict(client)
    effects: list[ClientEffect] = []
    asked: set[tuple[Any, ...]] = set()
    older: list[tuple[MilestoneLike, str, date]] = []  # (milestone, newer type, its date), for notices
    for rule in rules:
        if rule.kind is EffectKind.PROMPT and not settings.prompt_sync_client_milestones:
            continue
        if rule.per_save is not None:
            ctx = SaveContext(running, milestones, newest_dates_by_type, settings, today, requirements)
            candidates: list[ClientEffect | None] = list(rule.per_save(ctx))
        else:
            candidates = []
            for m in (m for m in milestones if m.type_code in rule.type_codes):
                newer = _newer(rule, m, newest)
                if newer is None or rule.kind is EffectKind.WARNING:  # a warning changes nothing anyway
                    candidates.append(_effect(rule, m, running, settings, today))
                elif not any(m is seen for seen, _, _ in older):
                    older.append((m, *newer))
        for effect in candidates:
            if effect is None:
                continue
            if effect.asks:
                key = _prompt_key(effect)
                if key in asked:
                    continue
                asked.add(key)
            effects.append(effect)
            if effect.automatic:
                running.update(effect.updates)
    effects.extend(_notice(m, newer_type, newer_date) for m, newer_type, newer_date in older)
    return effects


def _newer(rule: MilestoneRule, m: MilestoneLike, newest: Mapping[str, date]) -> tuple[str, date] | None:
    """The type and date of a newer milestone that speaks for the same client facts, if any."""
    peers = sorted(rule.type_codes) if rule.same_facts else [m.type_code]
    found = [(newest[code], code) for code in peers if code in newest and newest[code] > m.date]
    if not found:
        return None
    newer_date, newer_type = max(found)
    return newer_type, newer_date


def _effect(
    rule: MilestoneRule, m: MilestoneLike, client: ClientState, settings: SyncSettings, today: date
) -> ClientEffect | None:
    if rule.when is not None and not rule.when(client):
        return None
    if rule.kind is EffectKind.WARNING:
        return ClientEffect(rule.rule_id, rule.kind, rule.warning_field, type_name(m.type_code), rule.warning,
                            date=m.date, type_code=m.type_code)  # fmt: skip
    wanted = rule.updates(m, client, settings, today) if rule.updates is not None else {}
    updates = {key: value for key, value in wanted.items() if not same(client.get(key), value)}
    if not updates:
        return None
    proposal = next(iter(wanted))  # the row's main field, even if only its date changes
    label = field_label(proposal)
    followup = None
    if rule.followup is not None:
        followup = rule.followup(rule.rule_id, {**client, **updates}, m.type_code)
    return ClientEffect(
        rule_id=rule.rule_id,
        kind=rule.kind,
        proposal=proposal,
        title=f"Update {label}?" if rule.kind is EffectKind.PROMPT else f"{label} updated",
        change=describe_updates(client, updates),
        updates=updates,
        date=m.date,
        type_code=m.type_code,
        followup=followup,
    )


def _prompt_key(effect: ClientEffect) -> tuple[Any, ...]:
    """Two prompts are the same question when they would make the same change."""
    return (effect.proposal, tuple(effect.updates.items()), effect.milestone)


def _notice(m: MilestoneLike, newer_type: str, newer_date: date) -> ClientEffect:
    name = type_name(m.type_code)
    return ClientEffect(
        rule_id=OLDER_NOTICE,
        kind=EffectKind.NOTICE,
        proposal="",
        title=name,
        change=(
            f"{name} dated {m.date.isoformat()} is older than the newest {type_name(newer_type)} "
            f"({newer_date.isoformat()}): the client record keeps its newer values."
        ),
        date=m.date,
        type_code=m.type_code,
    )
