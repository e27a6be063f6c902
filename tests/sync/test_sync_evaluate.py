"""Client edit → milestone across rows: one save, many rules (sync-rules.md "When rules run")."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from client_states import OFF, RECENT, SETTINGS, TODAY, client, days_ago

from neodesk.sync.client_rules import CLIENT_RULES
from neodesk.sync.evaluate import client_edit_proposals, without_duplicates
from neodesk.sync.proposals import MilestoneProposal
from neodesk.sync.settings import SyncSettings

EVERY_PROMPT_EDIT = {
    "company_status": "PC",
    "full_time_employees": 8,
    "part_time_employees": 5,
    "export_employees": 2,
    "ownership_gender": "W",
    "veteran_status": "DS",
    "veteran_verification_date": RECENT,
    "disadvantage_status": "MBE",
    "organization": "Corporation",
    "hubzone": "C",
    "export_countries": frozenset({"CA", "JP"}),
    "gross_sales": Decimal("260000.00"),
    "profits": Decimal("13000.00"),
    "export_sales": Decimal("11000.00"),
    "bonding_amount": Decimal("55000.00"),
}


def test_prompts_come_in_table_order() -> None:
    proposals = client_edit_proposals(client(), client(**EVERY_PROMPT_EDIT), SETTINGS, TODAY)
    assert [p.rule_id for p in proposals] == [f"P{n}" for n in range(1, 15)]


def test_automatic_rows_come_first_and_in_order() -> None:
    before = client(company_status="P")
    after = client(**EVERY_PROMPT_EDIT, date_established=RECENT, business_start_impact_date=RECENT)
    after["company_status"] = "S"  # P → S: C2, and prompts allowed because the client is now in business
    rule_ids = [p.rule_id for p in client_edit_proposals(before, after, SETTINGS, TODAY)]
    # C2 is merged into C1 (same type, same date); P1 needs PC, which this edit does not reach.
    assert rule_ids == ["C1", "C3", *(f"P{n}" for n in range(2, 15))]


def test_c1_and_c2_in_one_save_make_one_business_established() -> None:
    before = client(company_status="P", date_established=None)
    after = client(company_status="S", date_established=RECENT)
    proposals = client_edit_proposals(before, after, SETTINGS, TODAY)
    established = [p for p in proposals if p.type_code == "business_established"]
    assert len(established) == 1
    assert established[0].date == RECENT
    assert established[0].automatic


def test_setting_off_silences_a_whole_save() -> None:
    before = client(company_status="P")
    after = client(**EVERY_PROMPT_EDIT, date_established=RECENT, business_start_impact_date=RECENT)
    assert client_edit_proposals(before, after, SETTINGS, TODAY)
    assert client_edit_proposals(before, after, OFF, TODAY) == []


def test_prompts_fire_when_the_client_becomes_in_business_in_the_same_save() -> None:
    before = client(company_status="P", date_established=RECENT, full_time_employees=0)
    after = {**before, "company_status": "S", "full_time_employees": 3}
    proposals = client_edit_proposals(before, after, SETTINGS, TODAY)
    assert [(p.rule_id, p.type_code, p.amount, p.initial_amount) for p in proposals] == [
        ("C2", "business_established", None, None),
        ("P2", "change_in_full_time_staff", 3, 0),
    ]


def test_prompts_fire_when_the_client_leaves_business_in_the_same_save() -> None:
    before = client(company_status="S")
    after = {**before, "company_status": "SOLD", "bonding_amount": Decimal("0.00")}
    assert [p.rule_id for p in client_edit_proposals(before, after, SETTINGS, TODAY)] == ["P14"]


def test_new_client_gets_only_the_automatic_rows() -> None:
    after = client(
        created_at=TODAY, company_status="S", date_established=RECENT, business_start_impact_date=RECENT,
        ownership_gender="W", gender_certification_date=RECENT, hubzone="C", organization="Corporation",
    )  # fmt: skip
    proposals = client_edit_proposals(None, after, SETTINGS, TODAY)
    assert [(p.rule_id, p.type_code, p.date, p.automatic) for p in proposals] == [
        ("C1", "business_established", RECENT, True),
        ("C3", "business_start_impact", RECENT, True),
    ]


def test_new_client_without_dates_creates_nothing() -> None:
    assert client_edit_proposals(None, client(created_at=TODAY), SETTINGS, TODAY) == []


def test_new_client_with_the_setting_off_creates_nothing() -> None:
    after = client(created_at=TODAY, date_established=RECENT)
    assert client_edit_proposals(None, after, OFF, TODAY) == []


def test_equal_values_in_another_form_are_no_change() -> None:
    """What a counselor's "changed it, changed it back" hands over: equal values, other types."""
    before = client(export_countries=frozenset({"CA", "MX"}), organization=None)
    after = {
        **before,
        "gross_sales": Decimal("250000.0"),
        "profits": Decimal("12000"),
        "export_countries": {"MX", "CA"},
        "organization": "",
        "hubzone_certification_date": None,
    }
    assert client_edit_proposals(before, after, SETTINGS, TODAY) == []


# --- dates inside the lock period only --------------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "rule_id"),
    [
        ({"date_established": days_ago(366)}, "C1"),
        ({"date_established": TODAY + timedelta(days=1)}, "C1"),
        ({"business_start_impact_date": days_ago(400)}, "C3"),
        ({"ownership_gender": "W", "gender_certification_date": days_ago(1000)}, "P5"),
        ({"gross_sales": Decimal("1.00"), "gross_sales_date": days_ago(366)}, "P11"),
    ],
)
def test_no_milestone_outside_the_lock_period(edit: dict[str, object], rule_id: str) -> None:
    assert client_edit_proposals(client(), client(**edit), SETTINGS, TODAY) == []
    # The same edit with a wider lock period does fire, unless the date is in the future.
    wide = SyncSettings(lock_days=2000)
    fired = [p.rule_id for p in client_edit_proposals(client(), client(**edit), wide, TODAY)]
    future = any(v > TODAY for v in edit.values() if hasattr(v, "isoformat"))
    assert fired == ([] if future else [rule_id])


def test_lock_period_boundary_is_inclusive() -> None:
    edit = {"date_established": days_ago(365)}
    assert [p.date for p in client_edit_proposals(client(), client(**edit), SETTINGS, TODAY)] == [days_ago(365)]


def test_a_date_left_from_an_earlier_figure_is_not_the_new_figures_date() -> None:
    """The sales prompt takes the sales date only when the save entered it with the figure."""
    before = client(gross_sales_date=days_ago(500))
    after = {**before, "gross_sales": Decimal("300000.00")}
    assert [p.date for p in client_edit_proposals(before, after, SETTINGS, TODAY)] == [TODAY]
    after["gross_sales_date"] = RECENT
    assert [p.date for p in client_edit_proposals(before, after, SETTINGS, TODAY)] == [RECENT]
    after["gross_sales_date"] = days_ago(500 + 30)  # entered with the figure, but beyond the lock period
    assert client_edit_proposals(before, after, SETTINGS, TODAY) == []


# --- no duplicates ------------------------------------------------------------------------------


def _proposal(type_code: str, day: date = RECENT, rule_id: str = "X") -> MilestoneProposal:
    return MilestoneProposal(rule_id, type_code, automatic=False, date=day)


def test_without_duplicates_drops_stored_type_and_date() -> None:
    proposals = [_proposal("change_in_sales"), _proposal("change_in_profits"), _proposal("wosb_certified", TODAY)]
    existing = [("change_in_sales", RECENT), ("wosb_certified", RECENT)]
    kept = without_duplicates(proposals, existing)
    assert [(p.type_code, p.date) for p in kept] == [("change_in_profits", RECENT), ("wosb_certified", TODAY)]


def test_without_duplicates_keeps_the_first_of_a_repeated_proposal() -> None:
    first, second = _proposal("business_established"), _proposal("business_established", rule_id="Y")
    assert [p.rule_id for p in without_duplicates([first, second], ())] == ["X"]


def test_a_prompt_already_logged_today_is_not_offered_again() -> None:
    proposals = client_edit_proposals(client(), client(full_time_employees=9), SETTINGS, TODAY)
    assert without_duplicates(proposals, [("change_in_full_time_staff", TODAY)]) == []
    assert without_duplicates(proposals, [("change_in_full_time_staff", RECENT)]) == proposals


def test_custom_rule_table_is_honoured() -> None:
    only_p8 = [rule for rule in CLIENT_RULES if rule.rule_id == "P8"]
    after = client(**EVERY_PROMPT_EDIT)
    assert [p.rule_id for p in client_edit_proposals(client(), after, SETTINGS, TODAY, rules=only_p8)] == ["P8"]
