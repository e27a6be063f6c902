"""Client edit → milestone, row by row (sync-rules.md C1–C3, P1–P14).

FIRING is the table of the spec in test form: one edit per row that must raise exactly one proposal
with exactly these values. The silent tests run over the same table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from client_states import CREATED, OFF, RECENT, SETTINGS, TODAY, client

from neodesk.sync.client_rules import CLIENT_RULES, RULES_BY_ID
from neodesk.sync.evaluate import client_edit_proposals
from neodesk.sync.proposals import INACTIVATE, MilestoneProposal
from neodesk.sync.settings import SyncSettings

SPEC_ROWS = ["C1", "C2", "C3", *(f"P{n}" for n in range(1, 15))]
GROWTH_ROWS = {"P2", "P3", "P4", "P11", "P12", "P13", "P14"}


@dataclass(frozen=True)
class Case:
    rule_id: str
    before: dict[str, Any]  # overrides of the base client, before the edit
    edit: dict[str, Any]  # what the save changes (applied on top of ``before``)
    expected: dict[str, Any]  # attributes of the single proposal
    label: str = ""
    id: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "id", f"{self.rule_id}-{self.label}" if self.label else self.rule_id)

    def states(self) -> tuple[dict[str, Any], dict[str, Any]]:
        return client(**self.before), client(**{**self.before, **self.edit})


def _expect(type_code: str, date: Any = TODAY, *, automatic: bool = False, **values: Any) -> dict[str, Any]:
    return {"type_code": type_code, "date": date, "automatic": automatic,
            "amount": None, "initial_amount": None, "detail": None, **values}  # fmt: skip


FIRING: list[Case] = [
    Case("C1", {}, {"date_established": RECENT}, _expect("business_established", RECENT, automatic=True)),
    Case("C2", {"company_status": "P", "date_established": RECENT}, {"company_status": "S"},
         _expect("business_established", RECENT, automatic=True), "to-S"),
    Case("C2", {"company_status": "P", "date_established": RECENT}, {"company_status": "B"},
         _expect("business_established", RECENT, automatic=True), "to-B"),
    Case("C2", {"company_status": "P"}, {"company_status": "S"},
         _expect("business_established", TODAY, automatic=True), "no-date-established"),
    Case("C3", {}, {"business_start_impact_date": RECENT}, _expect("business_start_impact", RECENT, automatic=True)),
    Case("P1", {}, {"company_status": "PC"}, _expect("permanently_closed")),
    Case("P2", {}, {"full_time_employees": 7}, _expect("change_in_full_time_staff", amount=7, initial_amount=4)),
    Case("P2", {"full_time_employees": None}, {"full_time_employees": 3},
         _expect("change_in_full_time_staff", amount=3, initial_amount=None), "from-blank"),
    Case("P3", {}, {"part_time_employees": 0}, _expect("change_in_part_time_staff", amount=0, initial_amount=2),
         "down-to-zero"),
    Case("P4", {}, {"export_employees": 3}, _expect("change_in_export_staff", amount=3, initial_amount=1)),
    Case("P5", {}, {"ownership_gender": "W", "gender_certification_date": RECENT},
         _expect("wosb_certified", RECENT), "W-dated"),
    Case("P5", {}, {"ownership_gender": "WB"}, _expect("wbe_certified"), "WB-today"),
    Case("P5", {}, {"ownership_gender": "E"}, _expect("edwosb_certified"), "E-today"),
    Case("P6", {"veteran_status": "DS"}, {"veteran_verification_date": RECENT}, _expect("vosb_verified", RECENT)),
    Case("P6", {"veteran_status": "VE"}, {"veteran_status": "DS", "veteran_verification_date": RECENT},
         _expect("vosb_verified", RECENT), "status-in-same-save"),
    Case("P6", {"veteran_status": "DS", "veteran_verification_date": RECENT},
         {"veteran_verification_date": TODAY - timedelta(days=3)},
         _expect("vosb_verified", TODAY - timedelta(days=3)), "date-changed"),
    Case("P7", {}, {"disadvantage_status": "8A", "sdb_certification_date": RECENT}, _expect("cert_8a", RECENT),
         "8A-dated"),
    Case("P7", {}, {"disadvantage_status": "DBE"}, _expect("dbe_certified"), "DBE"),
    Case("P7", {}, {"disadvantage_status": "MBE"}, _expect("mbe_certified"), "MBE"),
    Case("P7", {}, {"disadvantage_status": "SC"}, _expect("sdb_self_certified"), "SC"),
    Case("P8", {}, {"organization": "Corporation"}, _expect("changed_legal_form", detail="Corporation")),
    Case("P9", {}, {"hubzone": "C", "hubzone_certification_date": RECENT}, _expect("hubzone_certified", RECENT),
         "dated"),
    Case("P9", {"hubzone": "Y"}, {"hubzone": "C"}, _expect("hubzone_certified"), "today"),
    Case("P10", {}, {"export_countries": frozenset({"CA", "MX", "DE"})},
         _expect("entered_new_foreign_markets", detail="Germany, Mexico")),
    Case("P10", {}, {"export_countries": frozenset({"MX"})},
         _expect("entered_new_foreign_markets", detail="Mexico"), "swap"),
    Case("P11", {}, {"gross_sales": Decimal("300000.00"), "gross_sales_date": RECENT},
         _expect("change_in_sales", RECENT, amount=Decimal("300000.00"), initial_amount=Decimal("250000.00")),
         "dated"),
    Case("P11", {}, {"gross_sales": Decimal("180000.50")},
         _expect("change_in_sales", amount=Decimal("180000.50"), initial_amount=Decimal("250000.00")), "today"),
    Case("P12", {}, {"profits": Decimal("-3500.25")},
         _expect("change_in_profits", amount=Decimal("-3500.25"), initial_amount=Decimal("12000.00")), "loss"),
    Case("P12", {}, {"profits": Decimal("20000.00"), "profits_date": RECENT},
         _expect("change_in_profits", RECENT, amount=Decimal("20000.00"), initial_amount=Decimal("12000.00")),
         "dated"),
    Case("P13", {}, {"export_sales": Decimal("15000.00")},
         _expect("change_in_exports", amount=Decimal("15000.00"), initial_amount=Decimal("10000.00"))),
    Case("P14", {}, {"bonding_amount": Decimal("75000.00")},
         _expect("change_in_bonding", amount=Decimal("75000.00"), initial_amount=Decimal("50000.00"))),
]  # fmt: skip

PROMPTED = [case for case in FIRING if not RULES_BY_ID[case.rule_id].automatic]
GROWTH = [case for case in FIRING if case.rule_id in GROWTH_ROWS]
NOT_GROWTH_PROMPTS = [case for case in PROMPTED if case.rule_id not in GROWTH_ROWS]
ids = pytest.mark.parametrize("case", FIRING, ids=lambda c: c.id)


def _only(proposals: list[MilestoneProposal]) -> MilestoneProposal:
    assert len(proposals) == 1, [p.rule_id for p in proposals]
    return proposals[0]


# --- the table itself --------------------------------------------------------------------------


def test_table_has_one_row_per_spec_row_in_spec_order() -> None:
    assert [rule.rule_id for rule in CLIENT_RULES] == SPEC_ROWS


def test_growth_and_automatic_flags_match_the_spec() -> None:
    assert {r.rule_id for r in CLIENT_RULES if r.growth} == GROWTH_ROWS
    assert {r.rule_id for r in CLIENT_RULES if r.automatic} == {"C1", "C2", "C3"}


def test_every_spec_row_has_a_firing_case() -> None:
    assert {case.rule_id for case in FIRING} == set(SPEC_ROWS)


# --- fires, with exact values ------------------------------------------------------------------


@ids
def test_fires_with_exact_values(case: Case) -> None:
    before, after = case.states()
    proposal = _only(client_edit_proposals(before, after, SETTINGS, TODAY))
    assert proposal.rule_id == case.rule_id
    assert {key: getattr(proposal, key) for key in case.expected} == case.expected
    # Money stays Decimal and counts stay int: Decimal("7") == 7 would hide a mix-up.
    assert type(proposal.amount) is type(case.expected["amount"])
    assert proposal.origin == "client_edit"


@ids
def test_question_shows_type_change_and_date(case: Case) -> None:
    before, after = case.states()
    proposal = _only(client_edit_proposals(before, after, SETTINGS, TODAY))
    question = proposal.question
    assert question.proposal == case.expected["type_code"]
    assert question.date == case.expected["date"]
    assert " → " in question.change
    assert question.title  # the type's display name, not its code
    assert question.title != question.proposal
    assert proposal.asks is not proposal.automatic


def test_p1_carries_the_inactivate_question() -> None:
    proposal = _only(client_edit_proposals(client(), client(company_status="PC"), SETTINGS, TODAY))
    followup = proposal.followup
    assert followup is not None
    assert followup.proposal == INACTIVATE
    assert dict(followup.updates) == {"active": False, "client_type": "IC"}
    assert followup.asks
    assert "Active: Yes → No" in followup.change


def test_p1_asks_no_inactivate_question_for_an_inactive_client() -> None:
    before = client(active=False, client_type="IC")
    proposal = _only(client_edit_proposals(before, {**before, "company_status": "PC"}, SETTINGS, TODAY))
    assert proposal.followup is None


def test_change_text_names_field_and_both_values() -> None:
    proposal = _only(client_edit_proposals(client(), client(full_time_employees=7), SETTINGS, TODAY))
    assert proposal.change == "Full-Time Employees: 4 → 7"
    proposal = _only(client_edit_proposals(client(), client(gross_sales=Decimal("1250000.5")), SETTINGS, TODAY))
    assert proposal.change == "Gross Revenues/Sales: 250,000.00 → 1,250,000.50"


# --- silent ------------------------------------------------------------------------------------


@ids
def test_setting_off_silences_every_row(case: Case) -> None:
    before, after = case.states()
    assert client_edit_proposals(before, after, SETTINGS, TODAY)  # the edit does matter …
    assert client_edit_proposals(before, after, OFF, TODAY) == []  # … and the setting silences it


@ids
def test_unchanged_value_raises_nothing(case: Case) -> None:
    _, after = case.states()
    assert client_edit_proposals(after, dict(after), SETTINGS, TODAY) == []


@pytest.mark.parametrize("case", PROMPTED, ids=lambda c: c.id)
def test_prompts_are_silent_for_a_pre_venture_client(case: Case) -> None:
    before = {**case.before, "company_status": "P"}
    edit = {"company_status": "P", **case.edit}  # P1's edit still goes P → PC
    pre_before, pre_after = client(**before), client(**{**before, **edit})
    assert client_edit_proposals(pre_before, pre_after, SETTINGS, TODAY) == []


@pytest.mark.parametrize("rule_id", ["C1", "C3"])
def test_automatic_rows_fire_for_a_pre_venture_client(rule_id: str) -> None:
    case = next(c for c in FIRING if c.rule_id == rule_id)
    before = client(**case.before, company_status="P")
    after = {**before, **case.edit}
    assert _only(client_edit_proposals(before, after, SETTINGS, TODAY)).rule_id == rule_id


@pytest.mark.parametrize("case", GROWTH, ids=lambda c: c.id)
def test_growth_rows_are_silent_for_a_same_day_client(case: Case) -> None:
    before, after = case.states()
    before["created_at"] = after["created_at"] = TODAY
    assert client_edit_proposals(before, after, SETTINGS, TODAY) == []


@pytest.mark.parametrize("case", GROWTH, ids=lambda c: c.id)
def test_growth_rows_respect_the_minimum_age_setting(case: Case) -> None:
    before, after = case.states()
    before["created_at"] = after["created_at"] = TODAY - timedelta(days=5)
    assert client_edit_proposals(before, after, SyncSettings(growth_prompt_min_age_days=5), TODAY)
    assert client_edit_proposals(before, after, SyncSettings(growth_prompt_min_age_days=6), TODAY) == []
    assert client_edit_proposals(before, after, SyncSettings(growth_prompt_min_age_days=0), TODAY)


@pytest.mark.parametrize("case", NOT_GROWTH_PROMPTS, ids=lambda c: c.id)
def test_other_prompts_still_fire_for_a_same_day_client(case: Case) -> None:
    before, after = case.states()
    before["created_at"] = after["created_at"] = TODAY
    assert _only(client_edit_proposals(before, after, SETTINGS, TODAY)).rule_id == case.rule_id


@pytest.mark.parametrize("case", PROMPTED, ids=lambda c: c.id)
def test_prompts_are_not_raised_for_a_new_client(case: Case) -> None:
    _, after = case.states()
    after["created_at"] = TODAY
    assert client_edit_proposals(None, after, SETTINGS, TODAY) == []


@pytest.mark.parametrize(
    ("rule_id", "before", "edit"),
    [
        ("C1", {"date_established": RECENT}, {"date_established": TODAY}),  # changed, not set where blank
        ("C1", {"date_established": RECENT}, {"date_established": None}),
        ("C2", {"company_status": "?"}, {"company_status": "S"}),  # not from pre-venture
        ("C2", {"company_status": "P", "date_established": RECENT}, {"company_status": "TC"}),
        ("C3", {"business_start_impact_date": RECENT}, {"business_start_impact_date": TODAY}),
        ("P1", {"company_status": "PC"}, {"company_status": "PC", "name": "Renamed"}),
        ("P1", {}, {"company_status": "TC"}),
        ("P2", {}, {"full_time_employees": None}),  # cleared: no new total
        ("P5", {}, {"ownership_gender": "M"}),
        ("P5", {"ownership_gender": "W"}, {"gender_certification_date": RECENT}),  # date only
        ("P6", {"veteran_status": "VE"}, {"veteran_verification_date": RECENT}),
        ("P6", {"veteran_status": "DS", "veteran_verification_date": RECENT}, {"veteran_verification_date": None}),
        ("P6", {"veteran_status": "VE", "veteran_verification_date": RECENT}, {"veteran_status": "DS"}),
        ("P7", {}, {"disadvantage_status": "NA"}),
        ("P8", {}, {"organization": None}),
        ("P9", {}, {"hubzone": "Y"}),
        ("P10", {"export_countries": frozenset({"CA", "MX"})}, {"export_countries": frozenset({"CA"})}),
        ("P10", {}, {"export_countries": frozenset()}),
        ("P11", {}, {"gross_sales_date": RECENT}),  # the date alone is no change in sales
        ("P12", {}, {"profits": None}),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_silent_edits(rule_id: str, before: dict[str, Any], edit: dict[str, Any]) -> None:
    proposals = client_edit_proposals(client(**before), client(**{**before, **edit}), SETTINGS, TODAY)
    assert rule_id not in [p.rule_id for p in proposals]
    assert proposals == []


def test_created_at_is_required_for_growth_rows() -> None:
    before, after = client(), client(full_time_employees=9)
    del before["created_at"], after["created_at"]
    with pytest.raises(ValueError, match="created_at"):
        client_edit_proposals(before, after, SETTINGS, TODAY)
    # Rows that do not look at the client's age need no created_at.
    assert _only(client_edit_proposals(before, {**before, "organization": "Partnership"}, SETTINGS, TODAY))


def test_base_client_is_old_enough() -> None:
    # Guards the fixtures: the firing cases rely on a client created long before TODAY.
    assert (TODAY - CREATED).days > SETTINGS.growth_prompt_min_age_days
