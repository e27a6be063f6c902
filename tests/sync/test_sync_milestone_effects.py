"""Milestone → client, row by row (sync-rules.md M1–M16)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from client_states import OFF, RECENT, SETTINGS, TODAY, client, days_ago

from neodesk.sync.deciding import AlwaysNo, AlwaysYes, resolve
from neodesk.sync.milestone_effects import MILESTONE_RULES, OLDER_NOTICE, NewMilestone, milestone_effects
from neodesk.sync.proposals import INACTIVATE, ClientEffect, EffectKind, client_updates
from neodesk.sync.settings import SyncSettings

AUTO, PROMPT, WARNING, NOTICE = EffectKind.AUTOMATIC, EffectKind.PROMPT, EffectKind.WARNING, EffectKind.NOTICE
M = NewMilestone
DIB_STEPS_BUT_CMMC = {
    "sam_registered": date(2024, 1, 10),
    "cage_assigned": date(2024, 1, 20),
    "naics_identified": date(2024, 2, 1),
    "sbs_profile": date(2024, 2, 5),
    "capability_statement": date(2024, 3, 1),
    "nist_800_171_assessed": date(2024, 4, 1),
}

Expected = tuple[str, EffectKind, str, dict[str, Any]]  # rule id, kind, proposal key, updates


@dataclass(frozen=True)
class MCase:
    rule_id: str
    client: dict[str, Any]
    milestones: tuple[NewMilestone, ...]
    expected: tuple[Expected, ...]
    label: str = ""
    existing: dict[str, date] = field(default_factory=dict)
    settings: SyncSettings = SETTINGS

    @property
    def id(self) -> str:
        return f"{self.rule_id}-{self.label}" if self.label else self.rule_id

    def run(self, **changes: Any) -> list[ClientEffect]:
        args: dict[str, Any] = {
            "client": client(**self.client),
            "new_milestones": self.milestones,
            "newest_dates_by_type": self.existing,
            "settings": self.settings,
            "today": TODAY,
        }
        args.update(changes)
        return milestone_effects(**args)


def _summary(effects: list[ClientEffect]) -> list[Expected]:
    return [(e.rule_id, e.kind, e.proposal, dict(e.updates)) for e in effects]


CASES: list[MCase] = [
    MCase("M1", {"company_status": "P"}, (M("business_established", RECENT),),
          (("M1", AUTO, "company_status", {"company_status": "S", "date_established": RECENT}),), "established"),
    MCase("M1", {"company_status": "P"}, (M("bought_business", RECENT),),
          (("M1", AUTO, "company_status", {"company_status": "S", "date_established": RECENT}),), "bought"),
    MCase("M1", {"company_status": "P"}, (M("business_established", days_ago(45)),),
          (("M1", AUTO, "company_status", {"company_status": "B", "date_established": days_ago(45)}),),
          "past-startup-period", settings=SyncSettings(startup_period_months=1)),
    MCase("M2", {}, (M("change_in_bonding", RECENT, Decimal("80000.00")),),
          (("M2", AUTO, "bonding_amount", {"bonding_amount": Decimal("80000.00")}),)),
    MCase("M3", {}, (M("change_in_export_staff", RECENT, 3),),
          (("M3", AUTO, "export_employees", {"export_employees": 3}),)),
    MCase("M4", {"international_trade": "Importer"}, (M("change_in_exports", RECENT, Decimal("20000.00")),),
          (("M4", AUTO, "export_sales",
            {"export_sales": Decimal("20000.00"), "international_trade": "Importer/Exporter"}),)),
    MCase("M5", {}, (M("change_in_full_time_staff", RECENT, 9),),
          (("M5", AUTO, "full_time_employees", {"full_time_employees": 9}),), "in-business"),
    MCase("M5", {"company_status": "P", "part_time_employees": None}, (M("change_in_part_time_staff", RECENT, 3),),
          (("M5", AUTO, "part_time_employees", {"part_time_employees": 3}),
           ("M5", PROMPT, "company_status", {"company_status": "S"})), "pre-venture"),
    MCase("M6", {}, (M("change_in_sales", RECENT, Decimal("300000.00")),),
          (("M6", AUTO, "gross_sales", {"gross_sales": Decimal("300000.00"), "gross_sales_date": RECENT}),)),
    MCase("M7", {}, (M("change_in_profits", RECENT, Decimal("-500.00")),),
          (("M7", PROMPT, "profits", {"profits": Decimal("-500.00"), "profits_date": RECENT}),)),
    *(MCase("M8", {}, (M(code, RECENT),),
            (("M8", PROMPT, "disadvantage_status", {"disadvantage_status": status, "sdb_certification_date": RECENT}),),
            code)
      for code, status in [("cert_8a", "8A"), ("dbe_certified", "DBE"), ("mbe_certified", "MBE"),
                           ("sdb_self_certified", "SC")]),
    *(MCase("M9", {}, (M(code, RECENT),),
            (("M9", PROMPT, "ownership_gender", {"ownership_gender": gender, "gender_certification_date": RECENT}),),
            code)
      for code, gender in [("edwosb_certified", "E"), ("wosb_certified", "W"), ("wbe_certified", "WB")]),
    MCase("M10", {}, (M("hubzone_certified", RECENT),),
          (("M10", PROMPT, "hubzone", {"hubzone": "C", "hubzone_certification_date": RECENT}),)),
    MCase("M11", {}, (M("permanently_closed", RECENT),),
          (("M11", PROMPT, "company_status", {"company_status": "PC"}),)),
    *(MCase("M12", {}, (M(code, RECENT),),
            (("M12", PROMPT, "veteran_status", {"veteran_status": status, "veteran_verification_date": RECENT}),),
            code)
      for code, status in [("sdvosb_verified", "SD"), ("vosb_verified", "VO")]),
    MCase("M13", {}, (M("entered_new_foreign_markets", RECENT, detail="Japan"),),
          (("M13", WARNING, "export_countries", {}),)),
    *(MCase("M14", {}, (M(code, RECENT),), (("M14", AUTO, code, {code: True, f"{code}_date": RECENT}),), code)
      for code in ("dib_ready", "gib_ready")),
    MCase("M15", {}, (M("cmmc_level1", RECENT),),
          (("M15", PROMPT, "dib_ready", {"dib_ready": True, "dib_ready_date": RECENT}),),
          existing=DIB_STEPS_BUT_CMMC),
    # M16: the UEI / CAGE code logged with the milestone reaches the client (it never did).
    MCase("M16", {"uei": None}, (M("sam_registered", RECENT, detail="ZQGGHJH74DW7"),),
          (("M16", AUTO, "uei", {"uei": "ZQGGHJH74DW7", "government_contracting": True}),), "blank-uei"),
    MCase("M16", {"cage_code": "1ABC2", "government_contracting": True}, (M("cage_assigned", RECENT, detail="7XYZ9"),),
          (("M16", PROMPT, "cage_code", {"cage_code": "7XYZ9"}),), "other-cage"),
]  # fmt: skip

PER_MILESTONE = [case for case in CASES if case.rule_id != "M15"]
cases = pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)


def test_table_covers_m1_to_m16_in_order() -> None:
    ids = list(dict.fromkeys(rule.rule_id for rule in MILESTONE_RULES))
    assert ids == [f"M{n}" for n in range(1, 17)]


def test_every_row_has_a_case() -> None:
    assert {case.rule_id for case in CASES} == {f"M{n}" for n in range(1, 17)}


def test_rows_have_the_spec_kind() -> None:
    kinds = {(rule.rule_id, rule.kind) for rule in MILESTONE_RULES}
    assert {r for r, k in kinds if k is AUTO} == {"M1", "M2", "M3", "M4", "M5", "M6", "M14", "M16"}
    assert {r for r, k in kinds if k is PROMPT} == {"M5", "M7", "M8", "M9", "M10", "M11", "M12", "M15", "M16"}
    assert {r for r, k in kinds if k is WARNING} == {"M13"}


@cases
def test_fires_with_exact_updates(case: MCase) -> None:
    assert _summary(case.run()) == list(case.expected)


@cases
def test_effects_describe_old_and_new(case: MCase) -> None:
    for effect in case.run():
        assert effect.title
        if effect.kind is WARNING:
            assert "Export Countries" in effect.change
        elif effect.rule_id != "M15":
            assert " → " in effect.change
        assert effect.question.proposal == effect.proposal


@cases
def test_echo_milestones_from_client_edits_change_nothing(case: MCase) -> None:
    echoed = tuple(M(m.type_code, m.date, m.amount, m.detail, origin="client_edit") for m in case.milestones)
    assert case.run(new_milestones=echoed) == []


@cases
def test_setting_off_drops_prompts_only(case: MCase) -> None:
    effects = case.run(settings=replace(case.settings, prompt_sync_client_milestones=False))
    assert _summary(effects) == [e for e in case.expected if e[1] is not PROMPT]
    assert all(not e.asks for e in effects)


@pytest.mark.parametrize("case", PER_MILESTONE, ids=lambda c: c.id)
def test_an_older_milestone_updates_nothing_and_says_so(case: MCase) -> None:
    newer = {m.type_code: m.date + timedelta(days=1) for m in case.milestones}
    effects = case.run(newest_dates_by_type=newer)
    assert [e for e in effects if e.updates] == []
    if case.rule_id == "M13":
        assert [e.kind for e in effects] == [WARNING]  # a warning changes nothing anyway
    else:
        notices = [e for e in effects if e.kind is NOTICE]
        assert len(notices) == len(case.milestones)
        assert notices[0].rule_id == OLDER_NOTICE
        assert "older than the newest" in notices[0].change


@pytest.mark.parametrize("case", PER_MILESTONE, ids=lambda c: c.id)
def test_same_date_as_the_newest_is_not_older(case: MCase) -> None:
    same_day = {m.type_code: m.date for m in case.milestones}
    assert _summary(case.run(newest_dates_by_type=same_day)) == list(case.expected)


@pytest.mark.parametrize("case", PER_MILESTONE, ids=lambda c: c.id)
def test_a_client_that_already_holds_the_facts_gets_nothing(case: MCase) -> None:
    holding = client(**case.client)
    for _, _, _, updates in case.expected:
        holding.update(updates)
    effects = case.run(client=holding)
    assert [e for e in effects if e.kind is not WARNING] == []


# --- row details --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("established_on", "status"),
    [(date(2023, 6, 14), "S"), (date(2023, 6, 13), "B"), (date(2024, 6, 1), "S")],
)
def test_m1_start_up_period_boundary(established_on: date, status: str) -> None:
    effects = milestone_effects(client(company_status="P"), [M("business_established", established_on)], {},
                                SETTINGS, TODAY)  # fmt: skip
    assert effects[0].updates["company_status"] == status


@pytest.mark.parametrize(
    ("trade", "expected"),
    [(None, "Exporter"), ("None", "Exporter"), ("Importer", "Importer/Exporter"),
     ("Exporter", None), ("Importer/Exporter", None)],
)  # fmt: skip
def test_m4_international_trade(trade: str | None, expected: str | None) -> None:
    effects = milestone_effects(client(international_trade=trade),
                                [M("change_in_exports", RECENT, Decimal("1.00"))], {}, SETTINGS, TODAY)  # fmt: skip
    assert effects[0].updates.get("international_trade") == expected


def test_m5_no_status_prompt_when_business_established_in_the_same_save() -> None:
    save = [M("business_established", RECENT), M("change_in_full_time_staff", RECENT, 2)]
    effects = milestone_effects(client(company_status="P"), save, {}, SETTINGS, TODAY)
    assert [(e.rule_id, e.kind) for e in effects] == [("M1", AUTO), ("M5", AUTO)]


def test_m5_status_prompt_asked_once_for_full_and_part_time() -> None:
    save = [M("change_in_full_time_staff", RECENT, 2), M("change_in_part_time_staff", TODAY, 1)]
    effects = milestone_effects(client(company_status="P"), save, {}, SETTINGS, TODAY)
    assert [(e.rule_id, e.kind, e.proposal) for e in effects] == [
        ("M5", AUTO, "full_time_employees"),
        ("M5", AUTO, "part_time_employees"),
        ("M5", PROMPT, "company_status"),
    ]


def test_m11_asks_to_inactivate_after_closing() -> None:
    (effect,) = milestone_effects(client(), [M("permanently_closed", RECENT)], {}, SETTINGS, TODAY)
    assert effect.followup is not None
    assert effect.followup.proposal == INACTIVATE
    assert dict(effect.followup.updates) == {"active": False, "client_type": "IC"}
    assert effect.followup.type_code == "permanently_closed"


def test_m11_no_inactivate_question_for_an_inactive_client() -> None:
    inactive = client(active=False, client_type="IC")
    (effect,) = milestone_effects(inactive, [M("permanently_closed", RECENT)], {}, SETTINGS, TODAY)
    assert effect.followup is None


def test_value_milestone_without_amount_updates_no_value() -> None:
    for code in ("change_in_sales", "change_in_profits", "change_in_bonding", "change_in_full_time_staff"):
        assert milestone_effects(client(), [M(code, RECENT)], {}, SETTINGS, TODAY) == [], code
    # An export milestone still tells that the client exports.
    effects = milestone_effects(client(international_trade="None"), [M("change_in_exports", RECENT)], {},
                                SETTINGS, TODAY)  # fmt: skip
    assert _summary(effects) == [("M4", AUTO, "international_trade", {"international_trade": "Exporter"})]


def test_the_newest_of_one_save_wins_and_the_older_gets_a_notice() -> None:
    save = [M("change_in_sales", TODAY, Decimal("5.00")), M("change_in_sales", RECENT, Decimal("3.00"))]
    effects = milestone_effects(client(), save, {}, SETTINGS, TODAY)
    assert [(e.kind, dict(e.updates)) for e in effects] == [
        (AUTO, {"gross_sales": Decimal("5.00"), "gross_sales_date": TODAY}),
        (NOTICE, {}),
    ]
    assert effects[1].date == RECENT


def test_effects_follow_table_order_whatever_the_save_order() -> None:
    save = [M("hubzone_certified", RECENT), M("change_in_profits", RECENT, Decimal("1.00")),
            M("change_in_bonding", RECENT, Decimal("2.00"))]  # fmt: skip
    effects = milestone_effects(client(), save, {}, SETTINGS, TODAY)
    assert [e.rule_id for e in effects] == ["M2", "M7", "M10"]


def test_notice_only_for_types_some_rule_would_update() -> None:
    save = [M("jobs_retained", RECENT, 3), M("success_story", RECENT)]
    newer = {"jobs_retained": TODAY, "success_story": TODAY}
    assert milestone_effects(client(), save, newer, SETTINGS, TODAY) == []


def test_setting_off_older_prompt_only_milestone_needs_no_notice() -> None:
    save = [M("change_in_profits", RECENT, Decimal("1.00"))]
    newer = {"change_in_profits": TODAY}
    assert [e.kind for e in milestone_effects(client(), save, newer, SETTINGS, TODAY)] == [NOTICE]
    assert milestone_effects(client(), save, newer, OFF, TODAY) == []


def test_declining_every_prompt_still_applies_the_automatic_updates() -> None:
    save = [M("change_in_sales", RECENT, Decimal("9.00")), M("change_in_profits", RECENT, Decimal("1.00")),
            M("permanently_closed", RECENT)]  # fmt: skip
    effects = milestone_effects(client(), save, {}, SETTINGS, TODAY)
    declined = resolve(effects, AlwaysNo())
    assert declined is not None
    assert client_updates(declined) == {"gross_sales": Decimal("9.00"), "gross_sales_date": RECENT}
    accepted = resolve(effects, AlwaysYes())
    assert accepted is not None
    assert client_updates(accepted) == {
        "gross_sales": Decimal("9.00"), "gross_sales_date": RECENT,
        "profits": Decimal("1.00"), "profits_date": RECENT,
        "company_status": "PC", "active": False, "client_type": "IC",
    }  # fmt: skip


def test_effect_updates_are_read_only() -> None:
    (effect,) = milestone_effects(client(), [M("change_in_export_staff", RECENT, 2)], {}, SETTINGS, TODAY)
    with pytest.raises(TypeError):
        effect.updates["export_employees"] = 5  # type: ignore[index]


# --- older milestones of sibling types -------------------------------------------------------------


def test_a_newer_sibling_type_supersedes_when_the_row_sets_the_same_fields() -> None:
    stored = {"bought_business": TODAY}
    effects = milestone_effects(client(company_status="P"), [M("business_established", RECENT)], stored,
                                SETTINGS, TODAY)  # fmt: skip
    assert [(e.kind, e.type_code) for e in effects] == [(NOTICE, "business_established")]
    assert f"Bought Business ({TODAY.isoformat()})" in effects[0].change


def test_two_business_starts_in_one_save_leave_the_newer_date() -> None:
    save = [M("bought_business", TODAY), M("business_established", RECENT)]
    effects = milestone_effects(client(company_status="P"), save, {}, SETTINGS, TODAY)
    assert client_updates(e for e in effects if e.automatic) == {"company_status": "S", "date_established": TODAY}
    assert [e.kind for e in effects] == [AUTO, NOTICE]


def test_an_older_certification_does_not_override_a_newer_sibling() -> None:
    stored = {"dbe_certified": TODAY}
    effects = milestone_effects(client(), [M("cert_8a", RECENT)], stored, SETTINGS, TODAY)
    assert [e.kind for e in effects] == [NOTICE]


@pytest.mark.parametrize(("code", "sibling"), [("change_in_full_time_staff", "change_in_part_time_staff"),
                                               ("dib_ready", "gib_ready")])  # fmt: skip
def test_types_with_their_own_field_ignore_newer_siblings(code: str, sibling: str) -> None:
    effects = milestone_effects(client(), [M(code, RECENT, 5)], {sibling: TODAY}, SETTINGS, TODAY)
    assert [e.kind for e in effects] == [AUTO]
