"""Administration use cases: each one for administrators only, validated, one unit of work."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import fields
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from neodesk.catalog.milestone_types import DEFAULT_READINESS_REQUIREMENTS, Carries, Category
from neodesk.models import (
    Center,
    Counselor,
    Database,
    FundingSource,
    Milestone,
    MilestoneType,
    RevisionCounter,
    Setting,
)
from neodesk.models.database import InactiveCounselor
from neodesk.services.admin.access import NotAllowed, is_administrator
from neodesk.services.admin.counselors import CounselorInput, add_counselor, set_counselor_active, update_counselor
from neodesk.services.admin.funding import (
    CodedInput,
    save_center,
    save_funding_source,
    set_center_active,
    set_funding_source_active,
)
from neodesk.services.admin.milestone_types import (
    add_milestone_type,
    edit_milestone_type,
    rename_milestone_type,
    set_milestone_type_active,
    set_milestone_type_carries,
)
from neodesk.services.admin.picklists import (
    PROTECTED_VALUES,
    add_picklist_value,
    picklist_labels,
    relabel_picklist_value,
    set_picklist_value_active,
)
from neodesk.services.admin.readiness import readiness_steps, save_readiness_requirements
from neodesk.services.admin.settings import SETTING_RULES, save_settings, setting_keys
from neodesk.services.client_sync import save_client_with_sync
from neodesk.services.errors import NotFound, ValidationFailed
from neodesk.services.milestones import MilestoneEntry, MilestoneForm, log_milestones, offered_types, type_infos
from neodesk.services.reference import (
    active_codes,
    current_counselor,
    funding_sources,
    milestone_types,
    picklist_choices,
)
from neodesk.services.settings import SETTING_LABELS, Settings, load_settings
from neodesk.services.sync_context import load_requirements
from neodesk.sync.deciding import AlwaysNo

TODAY = date(2026, 11, 24)


@pytest.fixture
def admin_id(db: Database) -> uuid.UUID:
    with db.reading() as s:
        return current_counselor(s).id


@pytest.fixture
def counselor_id(db: Database, admin_id: uuid.UUID) -> uuid.UUID:
    return add_counselor(db, admin_id, CounselorInput("Casey Counselor", "casey@example.org")).value


def problems(exc: pytest.ExceptionInfo[ValidationFailed]) -> dict[str, str]:
    return exc.value.by_key()


def revision(db: Database) -> int:
    """The last change number handed out: unchanged means nothing tracked was written."""
    with db.reading() as s:
        return int(s.scalar(select(RevisionCounter.value)) or 0)


def get_type(db: Database, code: str) -> MilestoneType:
    with db.reading() as s:
        return s.scalars(select(MilestoneType).where(MilestoneType.code == code)).one()


def infos(db: Database) -> dict[str, Any]:
    with db.reading() as s:
        return type_infos(milestone_types(s))


# -- permissions ---------------------------------------------------------------------------------------------------
def _use_cases(db: Any, some_id: uuid.UUID, user_type: str = "") -> dict[str, Callable[[uuid.UUID | None], object]]:
    """Every administration use case, with input that an administrator could save."""
    return {
        "add type": lambda a: add_milestone_type(db, a, name="Grant Won", category="other"),
        "rename type": lambda a: rename_milestone_type(db, a, "success_story", "Story"),
        "set carries": lambda a: set_milestone_type_carries(db, a, user_type, "money"),
        "inactivate type": lambda a: set_milestone_type_active(db, a, "success_story", False),
        "add value": lambda a: add_picklist_value(db, a, "organization", None, "Trust"),
        "relabel value": lambda a: relabel_picklist_value(db, a, "hubzone", "N", "Not in HUBZone"),
        "inactivate value": lambda a: set_picklist_value_active(db, a, "hubzone", "N", False),
        "add counselor": lambda a: add_counselor(db, a, CounselorInput("Pat", "pat@example.org")),
        "edit counselor": lambda a: update_counselor(db, a, some_id, CounselorInput("Casey", "c@example.org")),
        "inactivate counselor": lambda a: set_counselor_active(db, a, some_id, False),
        "add funding": lambda a: save_funding_source(db, a, None, CodedInput("WBC", "Women's center")),
        # The last active funding source cannot be inactivated (a guard tested elsewhere): reactivate it.
        "reactivate funding": lambda a: set_funding_source_active(db, a, _funding_id(db), True),
        "add center": lambda a: save_center(db, a, None, CodedInput("EAST", "East office")),
        "inactivate center": lambda a: set_center_active(db, a, _center_id(db), False),
        "settings": lambda a: save_settings(db, a, {"lock_days": 30}),
        "readiness": lambda a: save_readiness_requirements(db, a, {"gib_ready": [{"capability_statement"}]}),
    }


def _user_type(db: Database) -> str:
    """A user-defined type (carrying nothing) made behind the actor's back, for the carries case."""
    with db.reading() as s:
        admin_id = s.scalars(select(Counselor.id).where(Counselor.role == "administrator")).first()
    return add_milestone_type(db, admin_id, name="Grant Awarded", category="other").value


def _funding_id(db: Database) -> uuid.UUID:
    with db.reading() as s:
        return funding_sources(s)[0].id


def _center_id(db: Database) -> uuid.UUID:
    with db.reading() as s:
        return s.scalars(select(Center.id)).first()  # type: ignore[return-value]


# The lambdas run only when called, so the names can be read off without a database.
CASE_NAMES = list(_use_cases(None, uuid.uuid4()))


@pytest.mark.parametrize("case", CASE_NAMES)
def test_a_counselor_is_refused_every_use_case_and_nothing_is_written(
    db: Database, counselor_id: uuid.UUID, case: str
) -> None:
    user_type = _user_type(db) if case == "set carries" else ""
    before = revision(db)
    with db.reading() as s:
        settings_before = list(s.execute(select(Setting.key, Setting.value)))
    with pytest.raises(NotAllowed, match=r"Only administrators can change .*Casey Counselor is not an active"):
        _use_cases(db, counselor_id, user_type)[case](counselor_id)
    assert revision(db) == before
    with db.reading() as s:
        assert list(s.execute(select(Setting.key, Setting.value))) == settings_before


@pytest.mark.parametrize("case", CASE_NAMES)
def test_an_administrator_may_do_every_use_case(
    db: Database, admin_id: uuid.UUID, counselor_id: uuid.UUID, case: str
) -> None:
    def state() -> tuple[int, list[tuple[str, str]]]:
        with db.reading() as s:
            return revision(db), [(r[0], r[1]) for r in s.execute(select(Setting.key, Setting.value))]

    user_type = _user_type(db) if case == "set carries" else ""
    before = state()
    _use_cases(db, counselor_id, user_type)[case](admin_id)
    if case != "reactivate funding":  # already active: a no-op by design
        assert state() != before, "the use case wrote nothing"


def test_nobody_signed_in_and_inactive_administrators_are_refused(db: Database, admin_id: uuid.UUID) -> None:
    with pytest.raises(NotAllowed, match="no counselor is signed in"):
        add_milestone_type(db, None, name="X", category="other")
    other = add_counselor(db, admin_id, CounselorInput("Second Admin", "second@example.org", "administrator")).value
    set_counselor_active(db, admin_id, other, False)
    # Refused before the use case looks at roles: an inactive counselor cannot act at all (issue 9 point 15).
    with pytest.raises(InactiveCounselor, match="inactive and cannot act"):
        save_settings(db, other, {"lock_days": 10})
    assert is_administrator(db, admin_id)
    assert not is_administrator(db, other)
    assert not is_administrator(db, None)


def test_not_allowed_is_a_permission_error() -> None:
    assert issubclass(NotAllowed, PermissionError)


# -- milestone types -----------------------------------------------------------------------------------------------
def test_add_user_defined_type(db: Database, admin_id: uuid.UUID) -> None:
    code = add_milestone_type(
        db, admin_id, name="  Grant Awarded ", category=Category.GROWTH, carries=Carries.MONEY, in_business_only=True
    ).value
    assert code == "user_grant_awarded"
    t = get_type(db, code)
    assert (t.name, t.category, t.carries, t.in_business_only, t.active, t.standard) == (
        "Grant Awarded",
        "growth",
        "money",
        True,
        True,
        False,
    )
    assert t.sort_order > max(m.sort_order for m in milestone_types_all(db) if m.standard)
    assert t.updated_by_id == admin_id


def milestone_types_all(db: Database) -> list[MilestoneType]:
    with db.reading() as s:
        return milestone_types(s)


@pytest.mark.parametrize(
    ("names", "codes"),
    [
        (["Grant Won", "Grant-won!"], ["user_grant_won", "user_grant_won_2"]),
        (["Café crème"], ["user_cafe_creme"]),
        (["日本の認証"], ["user_type"]),
        (["x" * 200], ["user_" + "x" * 60]),
    ],
)
def test_type_codes_are_unique_slugs(db: Database, admin_id: uuid.UUID, names: list[str], codes: list[str]) -> None:
    made = [add_milestone_type(db, admin_id, name=n, category="other").value for n in names[:1]]
    if len(names) > 1:
        # Names must differ, slugs may not: the second type still gets a code of its own.
        rename_milestone_type(db, admin_id, made[0], "Grant Won (old)")
        made.append(add_milestone_type(db, admin_id, name=names[1], category="other").value)
    assert made == codes


def test_a_code_never_changes_on_rename(db: Database, admin_id: uuid.UUID) -> None:
    code = add_milestone_type(db, admin_id, name="Loan Approved", category="other").value
    rename_milestone_type(db, admin_id, code, "Loan Closed")
    assert get_type(db, code).name == "Loan Closed"
    rename_milestone_type(db, admin_id, "business_expansion", "Expanded the Business")
    assert get_type(db, "business_expansion").name == "Expanded the Business"


@pytest.mark.parametrize(
    ("values", "key", "message"),
    [
        ({"name": "  "}, "name", "Name: is required (1 to 200 characters)."),
        ({"name": "x" * 201}, "name", "Name: must be at most 200 characters."),
        ({"name": "business EXPANSION"}, "name", "Name: another milestone type is already called business EXPANSION."),
        ({"category": "sales"}, "category", "Category: choose one of"),
        ({"carries": "signed_money"}, "carries", "Carries: choose nothing, a count, money or text."),
        ({"carries": "dollars"}, "carries", "Carries:"),
    ],
)
def test_add_type_validation(db: Database, admin_id: uuid.UUID, values: dict[str, Any], key: str, message: str) -> None:
    before = revision(db)
    args = {"name": "Grant Won", "category": "other", "carries": "none", **values}
    with pytest.raises(ValidationFailed) as exc:
        add_milestone_type(db, admin_id, **args)
    assert problems(exc)[key].startswith(message)
    assert revision(db) == before


def test_an_inactive_types_name_is_taken_too(db: Database, admin_id: uuid.UUID) -> None:
    set_milestone_type_active(db, admin_id, "sold_business", False)
    with pytest.raises(ValidationFailed, match=r"another milestone type \(inactive\) is already called"):
        add_milestone_type(db, admin_id, name="Sold the business", category="other")


def test_carries_of_user_types_change_and_of_standard_types_do_not(db: Database, admin_id: uuid.UUID) -> None:
    code = add_milestone_type(db, admin_id, name="Patent Filed", category="other").value
    set_milestone_type_carries(db, admin_id, code, "text")
    assert get_type(db, code).carries == "text"
    with pytest.raises(ValidationFailed) as exc:
        set_milestone_type_carries(db, admin_id, "business_expansion", "count")
    assert "standard type" in problems(exc)["carries"]
    set_milestone_type_carries(db, admin_id, "change_in_profits", "signed_money")  # unchanged: fine
    assert get_type(db, "business_expansion").carries == "none"


def test_edit_type_renames_and_sets_carries_together_or_not_at_all(db: Database, admin_id: uuid.UUID) -> None:
    code = add_milestone_type(db, admin_id, name="Patent Filed", category="other").value
    with pytest.raises(ValidationFailed):
        edit_milestone_type(db, admin_id, code, name="Patent Granted", carries="bogus")
    assert (get_type(db, code).name, get_type(db, code).carries) == ("Patent Filed", "none")
    edit_milestone_type(db, admin_id, code, name="Patent Granted", carries="count")
    assert (get_type(db, code).name, get_type(db, code).carries) == ("Patent Granted", "count")


def test_unknown_type_is_not_found(db: Database, admin_id: uuid.UUID) -> None:
    with pytest.raises(NotFound):
        rename_milestone_type(db, admin_id, "nope", "Nope")


def _log(db: Database, admin_id: uuid.UUID, code: str, **entry: Any) -> uuid.UUID:
    cid = save_client_with_sync(
        db,
        None,
        {"name": "Acme", "company_status": "B", "date_established": "2015-01-01"},
        counselor_id=admin_id,
        today=TODAY,
        decider=AlwaysNo(),
    ).client_id
    form = MilestoneForm(
        entries=(MilestoneEntry(code, **entry),),
        date=TODAY,
        counselor_ids=(admin_id,),
        funding_source_ids=(_funding_id(db),),
    )
    log_milestones(db, cid, form, counselor_id=admin_id, decider=AlwaysNo(), today=TODAY)
    return cid


@pytest.mark.parametrize("standard", [False, True])
def test_inactive_type_is_no_longer_offered_but_stays_on_old_records(
    db: Database, admin_id: uuid.UUID, standard: bool
) -> None:
    code = (
        "business_expansion"
        if standard
        else add_milestone_type(db, admin_id, name="Grant Awarded", category="other", carries="money").value
    )
    assert code in {t.code for t in offered_types(infos(db), True, set())}
    cid = _log(db, admin_id, code, **({} if standard else {"amount": "2500"}))

    assert set_milestone_type_active(db, admin_id, code, False).value == []

    current = infos(db)
    assert code not in {t.code for t in offered_types(current, True, set())}
    assert code not in {t.code for t in offered_types(current, False, {"business_established"})}
    with db.reading() as s:
        kept = s.scalars(select(Milestone).where(Milestone.client_id == cid)).one()
    assert kept.type_code == code
    assert current[code].name == get_type(db, code).name  # old records still show its name
    assert not current[code].active

    set_milestone_type_active(db, admin_id, code, True)
    assert code in {t.code for t in offered_types(infos(db), True, set())}


def test_inactivating_a_required_readiness_step_says_which_goal_it_blocks(db: Database, admin_id: uuid.UUID) -> None:
    notices = set_milestone_type_active(db, admin_id, "cmmc_level1", False).value
    assert notices == [
        "DIB Ready requires CMMC Level 1 Self-Assessment Affirmed, which can no longer be logged; "
        "change the readiness requirements."
    ]
    # An alternative ("SAM or state vendor") still leaves a way to meet the requirement.
    assert set_milestone_type_active(db, admin_id, "state_vendor_registered", False).value == []


# -- picklists -----------------------------------------------------------------------------------------------------
def test_add_relabel_and_inactivate_a_picklist_value(db: Database, admin_id: uuid.UUID) -> None:
    assert add_picklist_value(db, admin_id, "hubzone", "R", "Redesignated").value == "R"
    assert add_picklist_value(db, admin_id, "organization", "  ", "Trust").value == "Trust"  # code = label
    with db.reading() as s:
        hubzone = picklist_choices(s)["hubzone"]
    assert (hubzone[-1].code, hubzone[-1].label, hubzone[-1].active) == ("R", "Redesignated", True)
    assert "Trust" in active_codes_of(db, "organization")

    relabel_picklist_value(db, admin_id, "hubzone", "R", "Redesignated area")
    set_picklist_value_active(db, admin_id, "hubzone", "R", False)
    with db.reading() as s:
        value = next(c for c in picklist_choices(s)["hubzone"] if c.code == "R")
    assert (value.label, value.active) == ("Redesignated area", False)  # still listed for old records
    assert "R" not in active_codes_of(db, "hubzone")  # no longer offered for new choices
    set_picklist_value_active(db, admin_id, "hubzone", "R", True)
    assert "R" in active_codes_of(db, "hubzone")


def active_codes_of(db: Database, picklist: str) -> set[str]:
    with db.reading() as s:
        return active_codes(s)[picklist]


@pytest.mark.parametrize(
    ("picklist", "code", "label", "key", "message"),
    [
        ("hubzone", "N", "Nope", "code", "Code: this picklist already has the code N."),
        ("hubzone", "n", "Nope", "code", "Code: this picklist already has the code n."),
        ("hubzone", "Z", "certified", "label", "Label: this picklist already has a value labelled certified."),
        ("hubzone", "Z", "", "label", "Label: is required (1 to 200 characters)."),
        ("hubzone", "Z" * 121, "Long", "code", "Code: must be at most 120 characters."),
        ("state", "XX", "Atlantis", "picklist", "State: its values are fixed by the SBA upload schema"),
        ("business_type", None, "Space mining", "picklist", "Business Type: its values are fixed"),
    ],
)
def test_picklist_value_validation(
    db: Database, admin_id: uuid.UUID, picklist: str, code: str | None, label: str, key: str, message: str
) -> None:
    before = revision(db)
    with pytest.raises(ValidationFailed) as exc:
        add_picklist_value(db, admin_id, picklist, code, label)
    assert problems(exc)[key].startswith(message)
    assert revision(db) == before


def test_relabel_checks_the_label_and_keeps_the_code(db: Database, admin_id: uuid.UUID) -> None:
    with pytest.raises(ValidationFailed, match="already has a value labelled Certified"):
        relabel_picklist_value(db, admin_id, "hubzone", "N", "Certified")
    relabel_picklist_value(db, admin_id, "hubzone", "N", "no")  # its own label, recased: fine
    with db.reading() as s:
        assert {c.code: c.label for c in picklist_choices(s)["hubzone"]}["N"] == "no"
    with pytest.raises(NotFound):
        relabel_picklist_value(db, admin_id, "hubzone", "QQ", "x")
    with pytest.raises(NotFound):
        add_picklist_value(db, admin_id, "flavours", "V", "Vanilla")


@pytest.mark.parametrize(
    ("picklist", "code"), [(picklist, code) for picklist, values in PROTECTED_VALUES.items() for code in values]
)
def test_values_the_rules_write_cannot_be_inactivated(
    db: Database, admin_id: uuid.UUID, picklist: str, code: str
) -> None:
    with pytest.raises(ValidationFailed, match="cannot be inactivated because"):
        set_picklist_value_active(db, admin_id, picklist, code, False)
    assert code in active_codes_of(db, picklist)


def test_every_picklist_has_a_readable_name() -> None:
    names = picklist_labels()
    assert names["company_status"] == "Company Status"
    assert names["contact_type"] == "Contact type"
    assert all(label and "_" not in label for label in names.values())


# -- counselors ----------------------------------------------------------------------------------------------------
def get_counselor(db: Database, cid: uuid.UUID) -> Counselor:
    with db.reading() as s:
        return s.get_one(Counselor, cid)


def test_add_and_edit_a_counselor(db: Database, admin_id: uuid.UUID) -> None:
    fid = _funding_id(db)
    cid = add_counselor(db, admin_id, CounselorInput(" Robin Lee ", " robin@example.org", "counselor", True, fid)).value
    c = get_counselor(db, cid)
    assert (c.name, c.email, c.role, c.active, c.default_funding_source_id) == (
        "Robin Lee",
        "robin@example.org",
        "counselor",
        True,
        fid,
    )
    update_counselor(db, admin_id, cid, CounselorInput("Robin Lee-Park", "rlp@example.org", "administrator"))
    c = get_counselor(db, cid)
    assert (c.name, c.email, c.role, c.default_funding_source_id) == (
        "Robin Lee-Park",
        "rlp@example.org",
        "administrator",
        None,
    )
    assert is_administrator(db, cid)


def test_the_seeded_administrators_local_address_may_stay(db: Database, admin_id: uuid.UUID) -> None:
    email = get_counselor(db, admin_id).email
    update_counselor(db, admin_id, admin_id, CounselorInput("Jo Admin", email, "administrator"))
    assert get_counselor(db, admin_id).name == "Jo Admin"
    with pytest.raises(ValidationFailed, match="Email: enter an email address"):
        add_counselor(db, admin_id, CounselorInput("New", "new@localhost"))


@pytest.mark.parametrize(
    ("data", "key", "message"),
    [
        (CounselorInput("", "a@example.org"), "name", "Name: is required"),
        (CounselorInput("A", ""), "email", "Email: is required"),
        (CounselorInput("A", "not an email"), "email", "Email: enter an email address such as name@example.com."),
        (CounselorInput("A", "CASEY@example.org"), "email", "Email: another counselor already uses CASEY@example.org."),
        (CounselorInput("A", "a@example.org", "boss"), "role", "Role: choose Counselor or Administrator."),
        (
            CounselorInput("A", "a@example.org", default_funding_source_id=uuid.uuid4()),
            "default_funding_source_id",
            "Default funding source: choose an active funding source.",
        ),
    ],
)
def test_counselor_validation(
    db: Database, admin_id: uuid.UUID, counselor_id: uuid.UUID, data: CounselorInput, key: str, message: str
) -> None:
    before = revision(db)
    with pytest.raises(ValidationFailed) as exc:
        add_counselor(db, admin_id, data)
    assert problems(exc)[key].startswith(message)
    assert revision(db) == before


def test_the_last_active_administrator_stays_one(db: Database, admin_id: uuid.UUID) -> None:
    me = get_counselor(db, admin_id)
    with pytest.raises(ValidationFailed) as exc:
        update_counselor(db, admin_id, admin_id, CounselorInput(me.name, me.email, "counselor"))
    assert "only active administrator" in problems(exc)["role"]
    with pytest.raises(ValidationFailed) as exc:
        set_counselor_active(db, admin_id, admin_id, False)
    assert "only active administrator" in problems(exc)["active"]
    other = add_counselor(db, admin_id, CounselorInput("Second", "second@example.org", "administrator")).value
    update_counselor(db, admin_id, admin_id, CounselorInput(me.name, me.email, "counselor"))
    assert get_counselor(db, admin_id).role == "counselor"
    assert is_administrator(db, other)


def test_an_inactive_funding_source_is_not_a_new_default(db: Database, admin_id: uuid.UUID) -> None:
    spare = save_funding_source(db, admin_id, None, CodedInput("OLD", "Old grant")).value
    cid = add_counselor(db, admin_id, CounselorInput("Kim", "kim@example.org", default_funding_source_id=spare)).value
    set_funding_source_active(db, admin_id, spare, False)
    with pytest.raises(ValidationFailed, match="choose an active funding source"):
        add_counselor(db, admin_id, CounselorInput("Lee", "lee@example.org", default_funding_source_id=spare))
    # Kim keeps it while the rest of Kim's record is edited.
    update_counselor(db, admin_id, cid, CounselorInput("Kim Ng", "kim@example.org", default_funding_source_id=spare))
    assert get_counselor(db, cid).name == "Kim Ng"


# -- funding sources and centers -------------------------------------------------------------------------------------
def test_funding_sources_add_edit_and_inactivate(db: Database, admin_id: uuid.UUID) -> None:
    fid = save_funding_source(db, admin_id, None, CodedInput(" PTAC ", " Procurement grant ")).value
    save_funding_source(db, admin_id, fid, CodedInput("APEX", "APEX Accelerator", True))
    with db.reading() as s:
        row = s.get_one(FundingSource, fid)
        assert (row.code, row.name, row.active) == ("APEX", "APEX Accelerator", True)
    set_funding_source_active(db, admin_id, fid, False)
    with db.reading() as s:
        assert fid not in {f.id for f in funding_sources(s)}
        assert fid in {f.id for f in funding_sources(s, active_only=False)}


@pytest.mark.parametrize(
    ("data", "key", "message"),
    [
        (CodedInput("", "Name"), "code", "Code: is required"),
        (CodedInput("sbdc", "Name"), "code", "Code: sbdc is already used."),
        (CodedInput("has space", "Name"), "code", "Code: use up to 40 letters"),
        (CodedInput("X" * 41, "Name"), "code", "Code: use up to 40 letters"),
        (CodedInput("OK", " "), "name", "Name: is required"),
    ],
)
def test_funding_source_validation(db: Database, admin_id: uuid.UUID, data: CodedInput, key: str, message: str) -> None:
    with pytest.raises(ValidationFailed) as exc:
        save_funding_source(db, admin_id, None, data)
    assert problems(exc)[key].startswith(message)


def test_the_last_active_funding_source_stays_active(db: Database, admin_id: uuid.UUID) -> None:
    only = _funding_id(db)
    with pytest.raises(ValidationFailed, match="At least one funding source must stay active"):
        set_funding_source_active(db, admin_id, only, False)
    with pytest.raises(ValidationFailed, match="At least one funding source must stay active"):
        save_funding_source(db, admin_id, only, CodedInput("SBDC", "SBDC core funding", False))
    save_funding_source(db, admin_id, None, CodedInput("WBC", "Women's Business Center"))
    set_funding_source_active(db, admin_id, only, False)


def test_centers_add_edit_and_inactivate(db: Database, admin_id: uuid.UUID) -> None:
    cid = save_center(db, admin_id, None, CodedInput("EAST", "East office")).value
    save_center(db, admin_id, cid, CodedInput("EAST-1", "East office, 1st floor"))
    set_center_active(db, admin_id, cid, False)
    with db.reading() as s:
        row = s.get_one(Center, cid)
        assert (row.code, row.name, row.active) == ("EAST-1", "East office, 1st floor", False)
    with pytest.raises(ValidationFailed, match="Code: main is already used"):
        save_center(db, admin_id, None, CodedInput("main", "Another main"))
    with pytest.raises(NotFound):
        save_center(db, admin_id, uuid.uuid4(), CodedInput("GONE", "Gone"))


def test_a_center_keeps_its_sba_location_code(db: Database, admin_id: uuid.UUID) -> None:
    cid = save_center(db, admin_id, None, CodedInput("EAST", "East office", True, " 4711 ")).value
    save_center(db, admin_id, cid, CodedInput("EAST", "East office, renamed"))  # None: left as it was
    with db.reading() as s:
        assert s.get_one(Center, cid).sba_location_code == 4711
    for bad in ("0", "10000000", "12a", "-5"):
        with pytest.raises(ValidationFailed, match="SBA location code: a number from 1 to 9999999") as refused:
            save_center(db, admin_id, cid, CodedInput("EAST", "East office", True, bad))
        assert [p.key for p in refused.value.problems] == ["location_code"]
    save_center(db, admin_id, cid, CodedInput("EAST", "East office", True, ""))  # blank clears it
    with db.reading() as s:
        assert s.get_one(Center, cid).sba_location_code is None


# -- settings ------------------------------------------------------------------------------------------------------
def test_every_setting_has_a_rule() -> None:
    assert set(SETTING_RULES) == {f.name for f in fields(Settings)} == set(setting_keys())


# Text settings have their own tests (test_agreement_settings.py).
NUMBER_OR_SWITCH = [k for k, rule in SETTING_RULES.items() if rule.kind is not str]


@pytest.mark.parametrize("key", NUMBER_OR_SWITCH)
def test_each_setting_saves_within_its_bounds(db: Database, admin_id: uuid.UUID, key: str) -> None:
    rule = SETTING_RULES[key]
    values: list[Any] = [True, False] if rule.kind is bool else [rule.low, rule.high, str(rule.high)]
    for value in values:
        saved = save_settings(db, admin_id, {key: value}).value
        expected = value if rule.kind is bool else int(value)
        assert getattr(saved, key) == expected
        with db.reading() as s:
            assert getattr(load_settings(s), key) == expected


@pytest.mark.parametrize("key", NUMBER_OR_SWITCH)
def test_each_setting_refuses_the_wrong_kind_and_out_of_range(db: Database, admin_id: uuid.UUID, key: str) -> None:
    rule = SETTING_RULES[key]
    bad: list[Any] = [1, "on", None] if rule.kind is bool else [True, "twelve", -1, rule.low - 1, rule.high + 1, 2.5]
    for value in bad:
        with pytest.raises(ValidationFailed) as exc:
            save_settings(db, admin_id, {key: value})
        assert problems(exc)[key].startswith(SETTING_LABELS[key])


def test_settings_save_together_or_not_at_all(db: Database, admin_id: uuid.UUID) -> None:
    with pytest.raises(ValidationFailed) as exc:
        save_settings(db, admin_id, {"lock_days": 30, "startup_period_months": 0, "bogus": 1})
    assert set(problems(exc)) == {"startup_period_months", "bogus"}
    with db.reading() as s:
        assert load_settings(s) == Settings()
        settings_rows = select(func.count()).select_from(Setting).where(Setting.key.in_(Settings.__dataclass_fields__))
        assert s.scalar(settings_rows) == 0


# -- readiness requirements ---------------------------------------------------------------------------------------
def test_readiness_requirements_are_saved_per_goal(db: Database, admin_id: uuid.UUID) -> None:
    save_readiness_requirements(
        db,
        admin_id,
        {
            "gib_ready": [
                ["sam_registered", "state_vendor_registered"],
                {"first_bid_submitted"},
                ("state_vendor_registered", "sam_registered"),
            ],
        },
    )
    with db.reading() as s:
        saved = load_requirements(s)
    assert saved["gib_ready"] == (
        frozenset({"sam_registered", "state_vendor_registered"}),
        frozenset({"first_bid_submitted"}),
    )  # the repeated requirement counted once
    assert saved["dib_ready"] == DEFAULT_READINESS_REQUIREMENTS["dib_ready"]  # left out: unchanged


def test_a_user_defined_readiness_type_may_be_required(db: Database, admin_id: uuid.UUID) -> None:
    code = add_milestone_type(db, admin_id, name="Bonding Capacity Letter", category="readiness").value
    with db.reading() as s:
        assert code in {t.code for t in readiness_steps(s)}
    save_readiness_requirements(db, admin_id, {"dib_ready": [{code}]})
    with db.reading() as s:
        assert load_requirements(s)["dib_ready"] == (frozenset({code}),)


@pytest.mark.parametrize(
    ("requirements", "key", "message"),
    [
        ({"gib_ready": []}, "readiness.gib_ready", "GIB Ready: needs at least one required step."),
        ({"gib_ready": [set()]}, "readiness.gib_ready", "GIB Ready: a requirement needs at least one step."),
        ({"gib_ready": [{"dib_ready"}]}, "readiness.gib_ready", "GIB Ready: dib_ready is not a readiness step."),
        ({"dib_ready": [{"change_in_sales"}]}, "readiness.dib_ready", "DIB Ready: change_in_sales is not a readiness"),
        ({"moon_ready": [{"sam_registered"}]}, "readiness.moon_ready", "moon_ready is not a readiness goal."),
    ],
)
def test_readiness_validation(
    db: Database, admin_id: uuid.UUID, requirements: dict[str, Any], key: str, message: str
) -> None:
    with pytest.raises(ValidationFailed) as exc:
        save_readiness_requirements(db, admin_id, requirements)
    assert problems(exc)[key].startswith(message)
    with db.reading() as s:
        assert s.get(Setting, "readiness_requirements") is None


def test_an_inactive_step_cannot_be_required(db: Database, admin_id: uuid.UUID) -> None:
    set_milestone_type_active(db, admin_id, "sbs_profile", False)
    with pytest.raises(ValidationFailed, match=r"SBS .* is inactive; reactivate it or leave it out"):
        save_readiness_requirements(db, admin_id, {"dib_ready": [{"sbs_profile"}]})
