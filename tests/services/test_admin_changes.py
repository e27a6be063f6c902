"""Administration writes say what they changed (a `Changes`) and leave a line in the log, never a secret."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from neodesk.cli import run
from neodesk.log_file import log_file
from neodesk.models import Center, Database, FundingSource, MilestoneType, PicklistValue
from neodesk.models.seed import DEFAULT_ADMIN_EMAIL
from neodesk.services.admin.access import NotAllowed
from neodesk.services.admin.audit import Saved
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
    set_milestone_type_active,
)
from neodesk.services.admin.picklists import add_picklist_value, relabel_picklist_value, set_picklist_value_active
from neodesk.services.admin.readiness import save_readiness_requirements
from neodesk.services.admin.settings import save_settings
from neodesk.services.changes import Changes, Kind
from neodesk.services.passphrase import set_passphrase
from neodesk.services.reference import current_counselor


def _id(
    db: Database, model: type[FundingSource] | type[Center] | type[MilestoneType] | type[PicklistValue]
) -> uuid.UUID:
    with db.reading() as tx:
        found = tx.scalars(select(model.id)).first()
    assert found is not None
    return found


def admin_lines() -> list[str]:
    """The administration lines of the rotating log (each test has its own data folder), message part only."""
    path = log_file()
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    return [line.split(": ", 1)[1] for line in text.splitlines() if ": Administration: " in line]


def _changes(result: Changes | Saved[object]) -> Changes:
    return result.changes if isinstance(result, Saved) else result


def test_every_admin_write_names_what_it_changed_and_logs_who(db: Database) -> None:
    with db.reading() as tx:
        me = current_counselor(tx)
        admin_id, admin_name = me.id, me.name
    other = add_counselor(db, admin_id, CounselorInput("Casey Counselor", "casey@example.org"))
    funding, center = _id(db, FundingSource), _id(db, Center)
    with db.reading() as tx:
        story = tx.scalars(select(MilestoneType.id).where(MilestoneType.code == "success_story")).one()
        hubzone_n = tx.scalars(
            select(PicklistValue.id).where(PicklistValue.picklist == "hubzone", PicklistValue.code == "N")
        ).one()
    # kind, the id it must name (None: a new one, or none for settings), what the log line holds, the use case
    cases: list[tuple[Kind, uuid.UUID | None, str, Callable[[], Changes | Saved[object]]]] = [
        (
            Kind.COUNSELOR,
            None,
            "added counselor",
            lambda: add_counselor(db, admin_id, CounselorInput("Pat", "p@x.org")),
        ),
        (
            Kind.COUNSELOR,
            other.value,
            f"edited counselor {other.value}",
            lambda: update_counselor(db, admin_id, other.value, CounselorInput("Casey", "casey@example.org")),
        ),
        (
            Kind.COUNSELOR,
            other.value,
            f"inactivated counselor {other.value}",
            lambda: set_counselor_active(db, admin_id, other.value, False),
        ),
        (
            Kind.FUNDING_SOURCE,
            None,
            "added funding_source",
            lambda: save_funding_source(db, admin_id, None, CodedInput("WBC", "Women's center")),
        ),
        (
            Kind.FUNDING_SOURCE,
            funding,
            f"reactivated funding_source {funding}",
            lambda: set_funding_source_active(db, admin_id, funding, True),
        ),
        (
            Kind.CENTER,
            center,
            f"edited center {center}",
            lambda: save_center(db, admin_id, center, CodedInput("MAIN", "Main office")),
        ),
        (Kind.CENTER, center, f"inactivated center {center}", lambda: set_center_active(db, admin_id, center, False)),
        (
            Kind.MILESTONE_TYPE,
            None,
            "added milestone_type user_grant_won",
            lambda: add_milestone_type(db, admin_id, name="Grant Won", category="other"),
        ),
        (
            Kind.MILESTONE_TYPE,
            story,
            "edited milestone_type success_story",
            lambda: edit_milestone_type(db, admin_id, "success_story", name="Story"),
        ),
        (
            Kind.MILESTONE_TYPE,
            story,
            "inactivated milestone_type success_story",
            lambda: set_milestone_type_active(db, admin_id, "success_story", False),
        ),
        (
            Kind.PICKLIST,
            None,
            "added picklist organization/Trust",
            lambda: add_picklist_value(db, admin_id, "organization", None, "Trust"),
        ),
        (
            Kind.PICKLIST,
            hubzone_n,
            "relabelled picklist hubzone/N",
            lambda: relabel_picklist_value(db, admin_id, "hubzone", "N", "Not in HUBZone"),
        ),
        (
            Kind.PICKLIST,
            hubzone_n,
            "inactivated picklist hubzone/N",
            lambda: set_picklist_value_active(db, admin_id, "hubzone", "N", False),
        ),
        (Kind.SETTING, None, "saved setting: lock_days", lambda: save_settings(db, admin_id, {"lock_days": 30})),
        (
            Kind.SETTING,
            None,
            "saved setting readiness_requirements: for gib_ready",
            lambda: save_readiness_requirements(db, admin_id, {"gib_ready": [{"capability_statement"}]}),
        ),
    ]
    for kind, record_id, line, use_case in cases:
        before = len(admin_lines())
        result = use_case()
        changes = _changes(result)
        assert set(changes.records) == {kind}, line
        if record_id is not None:
            assert changes.ids(kind) == {record_id}, line
        else:  # a new record names its new id; settings are keyed by name, not id
            assert len(changes.ids(kind)) == (0 if kind is Kind.SETTING else 1), line
        [message] = admin_lines()[before:]
        assert message.startswith(f"Administration: {admin_name} ({admin_id}) {line}"), message
        if record_id is None and isinstance(result, Saved) and isinstance(result.value, uuid.UUID):
            assert message.endswith(f"{line} {result.value}")  # a new record: the log names it


def test_a_passphrase_change_is_logged_without_the_passphrase(db: Database) -> None:
    with db.reading() as tx:
        admin_id = current_counselor(tx).id
    changes = set_passphrase(db, admin_id, admin_id, "correct horse battery")
    assert changes.touches_record(Kind.COUNSELOR, admin_id)
    [line] = admin_lines()
    assert f"set the passphrase of counselor {admin_id}" in line
    text = log_file().read_text(encoding="utf-8")
    assert "correct horse" not in text
    assert "argon2" not in text


def test_a_refused_change_logs_nothing(db: Database) -> None:
    with db.reading() as tx:
        admin_id = current_counselor(tx).id
    casey = add_counselor(db, admin_id, CounselorInput("Casey Counselor", "casey@example.org")).value
    before = admin_lines()
    with pytest.raises(NotAllowed):
        save_settings(db, casey, {"lock_days": 30})
    assert admin_lines() == before


def test_the_command_line_logs_its_admin_changes_too(
    db: Database, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with db.reading() as tx:
        admin_id = current_counselor(tx).id
    monkeypatch.setenv("NEODESK_NEW_PASSPHRASE", "a new passphrase")
    assert run(["--db", str(db_path), "counselor", "passphrase", DEFAULT_ADMIN_EMAIL]) == 0
    assert [line for line in admin_lines() if f"set the passphrase of counselor {admin_id}" in line]
    assert "a new passphrase" not in log_file().read_text(encoding="utf-8")
