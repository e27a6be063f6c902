"""Counseling-session picklists follow the database (Admin ▸ Picklists): added values are accepted,
inactivated ones are refused for new sessions but stay valid on the sessions that hold them."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from neodesk.models import CounselingSession, Database
from neodesk.services.activity import (
    SessionInput,
    counseling_session_choices,
    save_counseling_session,
    validate_counseling_session,
)
from neodesk.services.admin.picklists import (
    SCHEMA_PICKLISTS,
    add_picklist_value,
    relabel_picklist_value,
    set_picklist_value_active,
)
from neodesk.services.client_sync import save_client_with_sync
from neodesk.services.errors import ValidationFailed
from neodesk.services.milestones import FollowUp, MilestoneEntry, MilestoneForm, log_milestones
from neodesk.services.reference import current_counselor, funding_sources
from neodesk.sync.deciding import AlwaysNo

TODAY = date(2026, 11, 24)


@pytest.fixture
def ids(db: Database) -> tuple[uuid.UUID, uuid.UUID]:
    with db.reading() as s:
        return current_counselor(s).id, funding_sources(s)[0].id


@pytest.fixture
def client_id(db: Database) -> uuid.UUID:
    return save_client_with_sync(
        db,
        None,
        {"name": "Acme", "company_status": "B", "date_established": "2015-01-01"},
        counselor_id=None,
        today=TODAY,
        decider=AlwaysNo(),
    ).client_id


def session_input(ids: tuple[uuid.UUID, uuid.UUID], **over: Any) -> SessionInput:
    base: dict[str, Any] = {
        "date": TODAY,
        "contact_type": "PH",
        "counseling_area": "Business Plan",
        "session_type": "Follow-up",
        "contact_minutes": 30,
        "counselor_ids": (ids[0],),
        "funding_source_ids": (ids[1],),
    }
    return SessionInput(**{**base, **over})


def stored_session(db: Database, session_id: uuid.UUID) -> CounselingSession:
    with db.reading() as s:
        return s.get_one(CounselingSession, session_id)


def test_session_picklists_are_editable_by_administrators() -> None:
    assert not {"session_type", "contact_type", "counseling_area"} & SCHEMA_PICKLISTS


def test_added_values_are_offered_and_saved(db: Database, ids: Any, client_id: uuid.UUID) -> None:
    add_picklist_value(db, ids[0], "counseling_area", None, "Succession Planning")
    add_picklist_value(db, ids[0], "contact_type", "TXT", "Text message")
    add_picklist_value(db, ids[0], "session_type", None, "Workshop follow-up")
    with db.reading() as s:
        offered = counseling_session_choices(s)
    assert offered["contact_type"][-1].code == "TXT"
    assert offered["contact_type"][-1].label == "Text message"
    assert "Succession Planning" in [c.code for c in offered["counseling_area"]]
    assert "Succession Planning" in [c.code for c in offered["additional_areas"]]
    sid = save_counseling_session(
        db,
        client_id,
        session_input(
            ids,
            contact_type="TXT",
            counseling_area="Succession Planning",
            session_type="Workshop follow-up",
            additional_areas={"Succession Planning", "Marketing/Sales"},
        ),
        counselor_id=ids[0],
        today=TODAY,
    )
    record = stored_session(db, sid)
    assert (record.contact_type, record.counseling_area, record.session_type) == (
        "TXT",
        "Succession Planning",
        "Workshop follow-up",
    )
    assert record.additional_areas == frozenset({"Succession Planning", "Marketing/Sales"})


def test_choices_use_database_labels_and_order(db: Database, ids: Any) -> None:
    relabel_picklist_value(db, ids[0], "contact_type", "PH", "Telephone call")
    with db.reading() as s:
        offered = counseling_session_choices(s)["contact_type"]
    assert [c.code for c in offered] == ["ON", "AT", "EM", "PH", "VC"]  # the seeded sort order
    assert {c.code: c.label for c in offered}["PH"] == "Telephone call"


@pytest.mark.parametrize(
    ("picklist", "code", "field", "over"),
    [
        ("contact_type", "EM", "contact_type", {"contact_type": "EM"}),
        ("counseling_area", "Franchising", "counseling_area", {"counseling_area": "Franchising"}),
        ("counseling_area", "Franchising", "additional_areas", {"additional_areas": {"Franchising"}}),
        ("session_type", "Administrative", "session_type", {"session_type": "Administrative"}),
    ],
)
def test_an_inactivated_value_is_refused_for_a_new_session(
    db: Database, ids: Any, client_id: uuid.UUID, picklist: str, code: str, field: str, over: dict[str, Any]
) -> None:
    set_picklist_value_active(db, ids[0], picklist, code, False)
    with db.reading() as s:
        assert code not in [c.code for c in counseling_session_choices(s)[field]]
    with pytest.raises(ValidationFailed) as info:
        save_counseling_session(db, client_id, session_input(ids, **over), counselor_id=ids[0], today=TODAY)
    problems = info.value.by_key()
    assert list(problems) == [field]
    label = {
        "contact_type": "Contact type",
        "counseling_area": "Counseling area",
        "additional_areas": "Additional areas",
        "session_type": "Session type",
    }[field]
    assert problems[field].startswith(f"{label}: '{code}'")
    with db.reading() as s:
        assert s.scalars(select(CounselingSession)).all() == []


def test_a_session_holding_an_inactivated_value_can_still_be_edited(
    db: Database, ids: Any, client_id: uuid.UUID
) -> None:
    held = {"contact_type": "EM", "counseling_area": "Franchising", "additional_areas": {"eCommerce"}}
    sid = save_counseling_session(db, client_id, session_input(ids, **held), counselor_id=ids[0], today=TODAY)
    set_picklist_value_active(db, ids[0], "contact_type", "EM", False)
    set_picklist_value_active(db, ids[0], "counseling_area", "Franchising", False)
    set_picklist_value_active(db, ids[0], "counseling_area", "eCommerce", False)
    with db.reading() as s:
        record = s.get_one(CounselingSession, sid)
        offered = counseling_session_choices(s, {k: getattr(record, k) for k in held})
    assert [(c.code, c.active) for c in offered["contact_type"] if c.code == "EM"] == [("EM", False)]
    assert ("Franchising", False) in [(c.code, c.active) for c in offered["counseling_area"]]
    assert ("eCommerce", False) in [(c.code, c.active) for c in offered["additional_areas"]]

    save_counseling_session(
        db, client_id, session_input(ids, notes="Edited", **held), counselor_id=ids[0], session_id=sid, today=TODAY
    )
    record = stored_session(db, sid)
    assert (record.contact_type, record.counseling_area, record.notes) == ("EM", "Franchising", "Edited")
    assert record.additional_areas == frozenset({"eCommerce"})

    # Another inactive value is still refused on that session: only what it already holds stays valid.
    set_picklist_value_active(db, ids[0], "counseling_area", "Franchising", True)
    set_picklist_value_active(db, ids[0], "counseling_area", "Social Media", False)
    with pytest.raises(ValidationFailed) as info:
        save_counseling_session(
            db,
            client_id,
            session_input(ids, **{**held, "counseling_area": "Social Media"}),
            counselor_id=ids[0],
            session_id=sid,
            today=TODAY,
        )
    assert list(info.value.by_key()) == ["counseling_area"]


def test_validate_session_without_allowed_uses_the_built_in_lists(ids: Any) -> None:
    values = validate_counseling_session(session_input(ids), TODAY, None)
    assert values["contact_type"] == "PH"
    with pytest.raises(ValidationFailed):
        validate_counseling_session(session_input(ids, contact_type="TXT"), TODAY, None)
    assert (
        validate_counseling_session(
            session_input(ids, contact_type="TXT"),
            TODAY,
            None,
            {"contact_type": {"TXT"}, "session_type": {"Follow-up"}, "counseling_area": {"Business Plan"}},
        )["contact_type"]
        == "TXT"
    )


def milestone_form(ids: Any, followup: FollowUp) -> MilestoneForm:
    return MilestoneForm(
        entries=(MilestoneEntry("business_expansion"),),
        date=TODAY,
        counselor_ids=(ids[0],),
        funding_source_ids=(ids[1],),
        followup=followup,
    )


def test_follow_up_takes_an_added_value(db: Database, ids: Any, client_id: uuid.UUID) -> None:
    add_picklist_value(db, ids[0], "contact_type", "TXT", "Text message")
    add_picklist_value(db, ids[0], "counseling_area", None, "Succession Planning")
    result = log_milestones(
        db,
        client_id,
        milestone_form(ids, FollowUp("TXT", "Succession Planning", "Succession Planning")),
        counselor_id=ids[0],
        decider=AlwaysNo(),
        today=TODAY,
    )
    assert result is not None
    assert result.session_id is not None
    record = stored_session(db, result.session_id)
    assert (record.contact_type, record.counseling_area, record.additional_areas) == (
        "TXT",
        "Succession Planning",
        frozenset({"Succession Planning"}),
    )


@pytest.mark.parametrize(
    ("picklist", "code", "followup", "key", "label"),
    [
        ("contact_type", "EM", FollowUp("EM", "Business Plan"), "followup.contact_type", "Follow-up contact type"),
        (
            "counseling_area",
            "Franchising",
            FollowUp("PH", "Franchising"),
            "followup.counseling_area",
            "Follow-up counseling area",
        ),
        (
            "counseling_area",
            "Franchising",
            FollowUp("PH", "Business Plan", "Franchising"),
            "followup.additional_area",
            "Follow-up additional area",
        ),
    ],
)
def test_follow_up_refuses_an_inactivated_value(
    db: Database, ids: Any, client_id: uuid.UUID, picklist: str, code: str, followup: FollowUp, key: str, label: str
) -> None:
    set_picklist_value_active(db, ids[0], picklist, code, False)
    with pytest.raises(ValidationFailed) as info:
        log_milestones(
            db, client_id, milestone_form(ids, followup), counselor_id=ids[0], decider=AlwaysNo(), today=TODAY
        )
    problems = info.value.by_key()
    assert list(problems) == [key]
    assert problems[key].startswith(f"{label}: '{code}'")
    with db.reading() as s:
        assert s.scalars(select(CounselingSession)).all() == []
