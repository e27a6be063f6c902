"""The use cases screens read through (issue 10 §1): plain frozen rows, never an ORM object.

Each screen under neodesk/ui calls one of these instead of opening a database session; these tests
pin what they return, that an inactive counselor or funding source a record names stays listed, and
that nothing returned is (or holds) a SQLAlchemy-mapped object a widget could keep past its session.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from neodesk.models import Base, Client, CounselingSession, Counselor, Database, FundingSource, Milestone
from neodesk.models.seed import DEFAULT_ADMIN_EMAIL
from neodesk.services.activity_forms import load_milestone_edit, load_new_milestone, load_session_form
from neodesk.services.activity_rows import client_milestone_rows, client_session_rows
from neodesk.services.admin.views import (
    center_views,
    counselor_views,
    current_settings,
    funding_source_views,
    milestone_type_views,
    picklist_values,
    readiness_form,
)
from neodesk.services.client_form import load_client_form, profile_choices
from neodesk.services.errors import NotFound
from neodesk.services.identity import counselor_choices, sign_in, sign_in_as
from neodesk.services.readiness import client_readiness


def assert_plain(value: Any, path: str = "result") -> None:
    """`value` holds no mapped object at any depth, and every dataclass in it is frozen."""
    assert not isinstance(value, Base), f"{path} is an ORM object ({type(value).__name__})"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        assert type(value).__dataclass_params__.frozen, f"{path}: {type(value).__name__} is not frozen"  # type: ignore[attr-defined]
        for f in dataclasses.fields(value):
            assert_plain(getattr(value, f.name), f"{path}.{f.name}")
    elif isinstance(value, Mapping):
        for key, item in value.items():
            assert_plain(item, f"{path}[{key!r}]")
    elif isinstance(value, list | tuple | set | frozenset):
        for i, item in enumerate(value):
            assert_plain(item, f"{path}[{i}]")


@pytest.fixture
def story(db: Database) -> dict[str, uuid.UUID]:
    """A client with a milestone and a session that name an inactive counselor and funding source."""
    with db.unit_of_work() as tx:
        gone = Counselor(name="Gail Gone", email="gail@example.org", active=False)
        old_fund = FundingSource(code="OLDF", name="Old grant", active=False)
        client = Client(name="Acme Tools", company_status="B", client_type="AC", active=True)
        tx.add_all([gone, old_fund, client])
        tx.flush()
        milestone = Milestone(
            client_id=client.id,
            type_code="change_in_sales",
            date=date(2026, 3, 1),
            amount=Decimal("250000.00"),
            initial_amount=Decimal("200000.00"),
            notes="Good year",
            origin="manual",
        )
        milestone.counselors = [gone]
        milestone.funding_sources = [old_fund]
        counseling_session = CounselingSession(
            client_id=client.id,
            date=date(2026, 2, 1),
            session_type="Follow-up",
            contact_type="PH",
            counseling_area="Other",
            contact_minutes=45,
            subject="Cash flow",
        )
        counseling_session.counselors = [gone]
        counseling_session.funding_sources = [old_fund]
        tx.add_all([milestone, counseling_session])
        tx.flush()
        me = tx.query(Counselor).filter_by(email=DEFAULT_ADMIN_EMAIL).one()
        return {
            "client": client.id,
            "milestone": milestone.id,
            "session": counseling_session.id,
            "gone": gone.id,
            "old_fund": old_fund.id,
            "me": me.id,
        }


def test_the_edit_milestone_form_keeps_what_the_milestone_names(db: Database, story: dict[str, uuid.UUID]) -> None:
    form = load_milestone_edit(db, story["milestone"])
    assert_plain(form)
    assert form.client_name == "Acme Tools"
    assert form.info.code == "change_in_sales"
    assert form.amount == Decimal("250000.00")
    assert form.notes == "Good year"
    assert form.chosen_people == (story["gone"],)
    assert form.chosen_funds == (story["old_fund"],)
    # Inactive, yet listed: the milestone names them.
    assert story["gone"] in {p.id for p in form.people}
    assert story["old_fund"] in {f.id for f in form.funds}
    assert form.base.revision is not None


def test_the_new_milestone_form_offers_active_people_only(db: Database, story: dict[str, uuid.UUID]) -> None:
    form = load_new_milestone(db, story["client"], story["me"])
    assert_plain(form)
    assert form.client_name == "Acme Tools"
    assert form.client_values["company_status"] == "B"
    assert story["gone"] not in {p.id for p in form.people}
    assert story["me"] in {p.id for p in form.people}
    assert "change_in_sales" in form.infos
    assert form.followup_minutes > 0
    assert {"contact_type", "counseling_area", "additional_areas"} <= set(form.counseling_session_choices)


def test_the_session_form_for_a_new_and_a_stored_session(db: Database, story: dict[str, uuid.UUID]) -> None:
    new = load_session_form(db, story["client"], None, story["me"])
    assert_plain(new)
    assert new.base is None
    assert new.values is None
    assert new.chosen_people == (story["me"],)
    # The newest session's first funding source is the default, even though it is inactive now.
    assert new.chosen_funds == (story["old_fund"],)

    stored = load_session_form(db, story["client"], story["session"], story["me"])
    assert_plain(stored)
    assert stored.values is not None
    assert stored.base is not None
    assert stored.values["subject"] == "Cash flow"
    assert stored.values["contact_minutes"] == 45
    assert "counselor_ids" not in stored.values
    assert stored.chosen_people == (story["gone"],)
    assert story["gone"] in {p.id for p in stored.people}


def test_deleted_records_are_not_found(db: Database, story: dict[str, uuid.UUID]) -> None:
    missing = uuid.uuid4()
    with pytest.raises(NotFound, match="milestone was deleted"):
        load_milestone_edit(db, missing)
    with pytest.raises(NotFound, match="counseling session was deleted"):
        load_session_form(db, story["client"], missing, story["me"])
    with pytest.raises(NotFound, match="client was deleted"):
        load_new_milestone(db, missing, story["me"])
    with pytest.raises(NotFound):
        load_client_form(db, missing)


def test_the_tabs_rows(db: Database, story: dict[str, uuid.UUID]) -> None:
    milestones = client_milestone_rows(db, story["client"])
    sessions = client_session_rows(db, story["client"])
    readiness = client_readiness(db, story["client"])
    for value in (milestones, sessions, readiness):
        assert_plain(value)
    assert [m.id for m in milestones] == [story["milestone"]]
    assert [s.id for s in sessions.rows] == [story["session"]]
    # The database's labels of the codes the rows hold, for the list to show.
    assert sessions.labels["contact_type"]["PH"]
    assert readiness.client_id == story["client"]


def test_the_client_form(db: Database, story: dict[str, uuid.UUID]) -> None:
    form = load_client_form(db, story["client"])
    choices = profile_choices(db)
    assert_plain(form)
    assert_plain(choices)
    assert form.name == "Acme Tools"
    assert form.values["name"] == "Acme Tools"
    assert form.base.values["name"] == "Acme Tools"
    # Inactive counselors stay choosable on clients that name them (flagged inactive).
    assert (str(story["gone"]), "Gail Gone", False) in {(c.code, c.label, c.active) for c in choices["counselor_id"]}
    assert "center_id" in choices
    assert "company_status" in choices


def test_the_administration_views(db: Database, story: dict[str, uuid.UUID]) -> None:
    views = [
        counselor_views(db),
        funding_source_views(db),
        center_views(db),
        milestone_type_views(db),
        picklist_values(db, "contact_type"),
        current_settings(db),
        readiness_form(db),
    ]
    for value in views:
        assert_plain(value)
    people = {c.email: c for c in counselor_views(db)}
    assert people[DEFAULT_ADMIN_EMAIL].is_admin
    assert not people["gail@example.org"].active
    assert not people["gail@example.org"].has_passphrase
    assert ("OLDF", False) in {(f.code, f.active) for f in funding_source_views(db)}
    assert any(v.code == "PH" for v in picklist_values(db, "contact_type"))
    form = readiness_form(db)
    assert set(form.requirements) <= {"dib_ready", "gib_ready"}
    assert all(step.category == "readiness" for step in form.steps)


def test_sign_in_returns_who_is_working(db: Database, story: dict[str, uuid.UUID]) -> None:
    me = sign_in(db)
    assert_plain(me)
    assert (me.id, me.is_admin) == (story["me"], True)
    assert sign_in_as(db, DEFAULT_ADMIN_EMAIL) == me
    assert "gail@example.org" not in {c.email for c in counselor_choices(db)}
