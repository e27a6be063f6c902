"""Client edit → milestone: the rules of sync-rules.md (C1–C3, P1–P14) as a table.

Each :class:`ClientRule` row names its trigger field(s) and is assembled from small, reusable
callables: a *condition* on (before, after), the milestone *type*, how the *date*, *amount*,
*initial amount* and *detail* are derived, and an optional *follow-up* question. Adding a rule is
adding a row; :mod:`neodesk.sync.evaluate` runs the table in order, which is the prompt order.

Every callable receives client states where ``before`` is the stored client (an empty mapping for a
brand-new one) and ``after`` the edited client. A rule that would need a value the edit cleared does
not fire: a blank is not a new total, a new legal form, a certification or a verification date.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from neodesk.catalog.certifications import CERTIFICATION_DATE_FIELDS, certified_types
from neodesk.catalog.milestone_types import VALUE_FIELDS, VALUE_TYPE_BY_FIELD
from neodesk.catalog.picklists import IN_BUSINESS_STATUSES, PRE_VENTURE, label
from neodesk.sync.proposals import ClientEffect, inactivation
from neodesk.sync.values import ClientState, field, same

Condition = Callable[[ClientState, ClientState], bool]  # (before, after) -> does the rule fire?
Derivation = Callable[[ClientState, ClientState], Any]  # (before, after) -> amount / detail
Dating = Callable[[ClientState, ClientState, date], date | None]  # (before, after, today) -> date; None: none
TypeChoice = Callable[[ClientState], str]  # (after) -> milestone type code
FollowUp = Callable[[str, ClientState], ClientEffect | None]  # (rule id, after) -> second question


@dataclass(frozen=True, slots=True)
class ClientRule:
    """One row of the client → milestone table."""

    rule_id: str
    fields: tuple[str, ...]  # the fields whose change triggers it (and whose old → new is shown)
    condition: Condition
    type_code: TypeChoice
    dated: Dating
    automatic: bool = False  # C rows: created without a question
    growth: bool = False  # G rows: only for clients older than growth_prompt_min_age_days
    amount: Derivation | None = None
    initial: Derivation | None = None
    detail: Derivation | None = None
    followup: FollowUp | None = None


# --- conditions -------------------------------------------------------------------------------


def became_set(key: str) -> Condition:
    """The field was blank and now holds a value (C1, C3)."""
    return lambda before, after: field(before, key) is None and field(after, key) is not None


def changed_value(key: str) -> Condition:
    """The field holds a new, non-blank value (clearing a field is not a change worth a milestone)."""
    return lambda before, after: field(after, key) is not None and not same(field(before, key), field(after, key))


def changed_to(key: str, codes: Collection[str]) -> Condition:
    """The field changed, and now holds one of ``codes``."""
    is_change = changed_value(key)
    return lambda before, after: is_change(before, after) and field(after, key) in codes


def changed_from_to(key: str, old_codes: Collection[str], new_codes: Collection[str]) -> Condition:
    """The field went from one of ``old_codes`` to one of ``new_codes`` (C2: P → S/B)."""
    return lambda before, after: field(before, key) in old_codes and field(after, key) in new_codes


def gained_members(key: str) -> Condition:
    """The set field gained at least one member (removals alone enter no new market)."""
    return lambda before, after: bool(_added(before, after, key))


def holds(key: str, codes: Collection[str]) -> Condition:
    """The edited client holds one of ``codes`` in ``key`` (whether or not it changed)."""
    return lambda before, after: field(after, key) in codes


def all_of(*conditions: Condition) -> Condition:
    return lambda before, after: all(condition(before, after) for condition in conditions)


# --- milestone type, date, values -------------------------------------------------------------


def fixed(type_code: str) -> TypeChoice:
    return lambda after: type_code


def by_value(key: str, type_by_code: Mapping[str, str]) -> TypeChoice:
    """The type named by the field's new code (P5, P7)."""
    return lambda after: type_by_code[field(after, key)]


def on_today(before: ClientState, after: ClientState, today: date) -> date:
    return today


def on_field(key: str) -> Dating:
    """Dated by a date field of the edited client; no date, no milestone."""
    return lambda before, after, today: field(after, key)


def on_saved_field_else_today(key: str) -> Dating:
    """Dated by the date field as it stands after the save, whenever it was entered; else today."""
    return lambda before, after, today: field(after, key) or today


def on_field_else_today(key: str) -> Dating:
    """Dated by the date field when this save entered it with the figure or status; else today.

    A date left over from an earlier figure or certification (say, last year's Gross Revenue Date)
    describes that earlier fact, not the change being saved now.
    """

    def dated(before: ClientState, after: ClientState, today: date) -> date:
        entered = field(after, key)
        return entered if entered is not None and not same(field(before, key), entered) else today

    return dated


def new_value(key: str) -> Derivation:
    return lambda before, after: field(after, key)


def old_value(key: str) -> Derivation:
    return lambda before, after: field(before, key)


def added_countries(key: str) -> Derivation:
    """The countries added, by name, alphabetically ("Canada, Mexico")."""
    return lambda before, after: ", ".join(sorted(label("country", code) for code in _added(before, after, key)))


def _added(before: ClientState, after: ClientState, key: str) -> frozenset[Any]:
    return (field(after, key) or frozenset()) - (field(before, key) or frozenset())


def inactivate_client(rule_id: str, after: ClientState) -> ClientEffect | None:
    return inactivation(rule_id, after)


# --- the table --------------------------------------------------------------------------------

SERVICE_DISABLED_VETERAN = "DS"
PERMANENTLY_CLOSED = "PC"


def _growth(rule_id: str, key: str) -> ClientRule:
    """A G row: a count or amount changed; the milestone (the field's value type, catalog/milestone_types.py)
    carries new and old values, dated by the field's date field when this save set it, else today."""
    value = VALUE_FIELDS[VALUE_TYPE_BY_FIELD[key]]
    dated = on_field_else_today(value.date_field) if value.date_field else on_today
    return ClientRule(
        rule_id, (key,), changed_value(key), fixed(value.type_code), dated,
        growth=True, amount=new_value(key), initial=old_value(key),
    )  # fmt: skip


def _certified(rule_id: str, key: str) -> ClientRule:
    """P5, P7, P9: the certification field changed to a certified code; the milestone is that code's
    type (catalog/certifications.py), dated by the field's certification date when this save set it."""
    types = certified_types(key)
    # One certification (HUBZone): a fixed type, so the field's help names it once.
    choice = fixed(*types.values()) if len(types) == 1 else by_value(key, types)
    return ClientRule(
        rule_id, (key,), changed_to(key, types), choice, on_field_else_today(CERTIFICATION_DATE_FIELDS[key])
    )


_R = ClientRule

CLIENT_RULES: tuple[ClientRule, ...] = (
    _R("C1", ("date_established",), became_set("date_established"), fixed("business_established"),
       on_field("date_established"), automatic=True),
    _R("C2", ("company_status",), changed_from_to("company_status", {PRE_VENTURE}, IN_BUSINESS_STATUSES),
       fixed("business_established"), on_saved_field_else_today("date_established"), automatic=True),
    _R("C3", ("business_start_impact_date",), became_set("business_start_impact_date"),
       fixed("business_start_impact"), on_field("business_start_impact_date"), automatic=True),
    _R("P1", ("company_status",), changed_to("company_status", {PERMANENTLY_CLOSED}),
       fixed("permanently_closed"), on_today, followup=inactivate_client),
    _growth("P2", "full_time_employees"),
    _growth("P3", "part_time_employees"),
    _growth("P4", "export_employees"),
    _certified("P5", "ownership_gender"),
    # "vosb_verified (as the source system does)": a DS client's verification logs VOSB, not SDVOSB.
    _R("P6", ("veteran_verification_date",),
       all_of(changed_value("veteran_verification_date"), holds("veteran_status", {SERVICE_DISABLED_VETERAN})),
       fixed("vosb_verified"), on_field("veteran_verification_date")),
    _certified("P7", "disadvantage_status"),
    _R("P8", ("organization",), changed_value("organization"), fixed("changed_legal_form"), on_today,
       detail=new_value("organization")),
    _certified("P9", "hubzone"),
    _R("P10", ("export_countries",), gained_members("export_countries"), fixed("entered_new_foreign_markets"),
       on_today, detail=added_countries("export_countries")),
    _growth("P11", "gross_sales"),
    _growth("P12", "profits"),
    _growth("P13", "export_sales"),
    _growth("P14", "bonding_amount"),
)  # fmt: skip

RULES_BY_ID: dict[str, ClientRule] = {rule.rule_id: rule for rule in CLIENT_RULES}
