"""The administration dialogs driven by object name, checked against what ends up in the database."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from neodesk.models import Center, Counselor, Database, FundingSource, MilestoneType, PicklistValue
from neodesk.services.admin.access import is_administrator
from neodesk.services.admin.counselors import CounselorInput, add_counselor
from neodesk.services.admin.settings import SETTING_RULES
from neodesk.services.reference import current_counselor
from neodesk.services.settings import load_settings
from neodesk.services.sync_context import load_requirements
from neodesk.ui import admin as admin_ui
from neodesk.ui.admin import (
    AdminDialog,
    CentersDialog,
    CounselorsDialog,
    FundingSourcesDialog,
    MilestoneTypesDialog,
    PicklistsDialog,
    ReadinessRequirementsDialog,
    SettingsDialog,
)

W = TypeVar("W", bound=QWidget)
DIALOGS: list[type[AdminDialog]] = [
    SettingsDialog,
    MilestoneTypesDialog,
    ReadinessRequirementsDialog,
    PicklistsDialog,
    CounselorsDialog,
    FundingSourcesDialog,
    CentersDialog,
]


@pytest.fixture(autouse=True)
def no_stray_windows(qtbot: QtBot) -> Iterator[None]:
    """pytest-qt closes the dialogs a test registered before this runs: anything still shown leaked."""
    yield
    assert [w.objectName() for w in QApplication.topLevelWidgets() if w.isVisible()] == []


@pytest.fixture
def admin_id(db: Database) -> uuid.UUID:
    with db.reading() as s:
        return current_counselor(s).id


@pytest.fixture
def counselor_id(db: Database, admin_id: uuid.UUID) -> uuid.UUID:
    return add_counselor(db, admin_id, CounselorInput("Casey Counselor", "casey@example.org")).value


@pytest.fixture
def show(qtbot: QtBot) -> Callable[[AdminDialog], AdminDialog]:
    def _show(dialog: AdminDialog) -> AdminDialog:
        qtbot.addWidget(dialog)
        dialog.show()
        return dialog

    return _show


def child(parent: QWidget, kind: type[W], name: str) -> W:
    found = parent.findChild(kind, name)
    assert found is not None, f"no {kind.__name__} named {name}"
    return found


def click(qtbot: QtBot, dialog: QWidget, name: str) -> None:
    qtbot.mouseClick(child(dialog, QPushButton, name), Qt.MouseButton.LeftButton)


def type_into(qtbot: QtBot, dialog: QWidget, name: str, text: str) -> None:
    editor = child(dialog, QLineEdit, name)
    editor.clear()
    qtbot.keyClicks(editor, text)


def choose(dialog: QWidget, name: str, data: Any) -> None:
    combo = child(dialog, QComboBox, name)
    index = combo.findData(data)
    assert index >= 0, f"{name} offers no {data}"
    combo.setCurrentIndex(index)


def problem(dialog: QWidget, name: str) -> str:
    label = child(dialog, QLabel, f"problem.{name}")
    return label.text() if label.isVisible() else ""


def table_texts(dialog: QWidget, column: int = 0) -> list[str]:
    table = child(dialog, QTableWidget, "admin.table")
    return [table.item(r, column).text() for r in range(table.rowCount())]


def count(db: Database, model: type[Any]) -> int:
    with db.reading() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


# -- milestone types -----------------------------------------------------------------------------------------------
def test_add_a_user_defined_type(qtbot: QtBot, db: Database, admin_id: uuid.UUID, show: Any) -> None:
    dialog = show(MilestoneTypesDialog(db, admin_id))
    click(qtbot, dialog, "admin.add")
    type_into(qtbot, dialog, "admin.name", "Grant Awarded")
    choose(dialog, "admin.category", "growth")
    choose(dialog, "admin.carries", "money")
    qtbot.mouseClick(child(dialog, QCheckBox, "admin.in_business_only"), Qt.MouseButton.LeftButton)
    click(qtbot, dialog, "admin.save")

    with db.reading() as s:
        t = s.scalars(select(MilestoneType).where(MilestoneType.code == "user_grant_awarded")).one()
        assert (t.name, t.category, t.carries, t.in_business_only, t.active, t.standard) == (
            "Grant Awarded",
            "growth",
            "money",
            True,
            True,
            False,
        )
    assert "Grant Awarded" in table_texts(dialog)
    assert dialog.current is not None
    assert dialog.current.key == "user_grant_awarded"
    assert dialog.changed


def test_a_refused_type_is_shown_at_the_field_and_nothing_is_written(
    qtbot: QtBot, db: Database, admin_id: uuid.UUID, show: Any
) -> None:
    before = count(db, MilestoneType)
    dialog = show(MilestoneTypesDialog(db, admin_id))
    click(qtbot, dialog, "admin.add")
    type_into(qtbot, dialog, "admin.name", "business expansion")
    click(qtbot, dialog, "admin.save")

    assert problem(dialog, "admin.name") == "Name: another milestone type is already called business expansion."
    assert child(dialog, QLineEdit, "admin.name").property("invalid") is True
    assert child(dialog, QLineEdit, "admin.name").text() == "business expansion"  # nothing typed is lost
    assert count(db, MilestoneType) == before
    assert not dialog.changed

    type_into(qtbot, dialog, "admin.name", "Business Expansion Abroad")
    click(qtbot, dialog, "admin.save")
    assert problem(dialog, "admin.name") == ""
    assert child(dialog, QLineEdit, "admin.name").property("invalid") is False
    assert count(db, MilestoneType) == before + 1


def test_rename_and_inactivate_a_standard_type(qtbot: QtBot, db: Database, admin_id: uuid.UUID, show: Any) -> None:
    dialog = show(MilestoneTypesDialog(db, admin_id))
    assert dialog.select_key("business_expansion")
    assert not child(dialog, QComboBox, "admin.carries").isEnabled()  # fixed for standard types
    assert not child(dialog, QComboBox, "admin.category").isEnabled()
    type_into(qtbot, dialog, "admin.name", "Expanded the Business")
    click(qtbot, dialog, "admin.save")
    toggle = child(dialog, QPushButton, "admin.toggleActive")
    assert toggle.text() == "Inactivate"
    click(qtbot, dialog, "admin.toggleActive")

    with db.reading() as s:
        t = s.scalars(select(MilestoneType).where(MilestoneType.code == "business_expansion")).one()
        assert (t.name, t.active) == ("Expanded the Business", False)
    assert toggle.text() == "Reactivate"
    row = table_texts(dialog).index("Expanded the Business")
    assert table_texts(dialog, 6)[row] == "Inactive"
    click(qtbot, dialog, "admin.toggleActive")
    with db.reading() as s:
        assert s.scalars(select(MilestoneType.active).where(MilestoneType.code == "business_expansion")).one()


def test_inactivating_a_required_step_says_so(qtbot: QtBot, db: Database, admin_id: uuid.UUID, show: Any) -> None:
    dialog = show(MilestoneTypesDialog(db, admin_id))
    assert dialog.select_key("cmmc_level1")
    click(qtbot, dialog, "admin.toggleActive")
    assert "DIB Ready requires CMMC Level 1" in child(dialog, QLabel, "admin.status").text()


# -- readiness requirements -----------------------------------------------------------------------------------------
def check_steps(dialog: QWidget, *codes: str) -> None:
    steps = child(dialog, QListWidget, "readiness.steps")
    for i in range(steps.count()):
        if steps.item(i).data(Qt.ItemDataRole.UserRole) in codes:
            steps.item(i).setCheckState(Qt.CheckState.Checked)


def test_edit_a_goals_required_steps(qtbot: QtBot, db: Database, admin_id: uuid.UUID, show: Any) -> None:
    dialog = show(ReadinessRequirementsDialog(db, admin_id))
    choose(dialog, "readiness.goal", "gib_ready")
    requirements = child(dialog, QListWidget, "readiness.requirements")
    assert requirements.count() == 3
    check_steps(dialog, "first_bid_submitted", "government_contract_award")
    click(qtbot, dialog, "readiness.addRequirement")
    assert requirements.item(3).text() == ("First Government Bid or Proposal Submitted or Government Contract Award")
    requirements.setCurrentRow(0)
    click(qtbot, dialog, "readiness.removeRequirement")
    click(qtbot, dialog, "admin.save")

    with db.reading() as s:
        assert load_requirements(s)["gib_ready"] == (
            frozenset({"naics_identified"}),
            frozenset({"capability_statement"}),
            frozenset({"first_bid_submitted", "government_contract_award"}),
        )


def test_a_goal_without_steps_is_refused_at_the_list(
    qtbot: QtBot, db: Database, admin_id: uuid.UUID, show: Any
) -> None:
    dialog = show(ReadinessRequirementsDialog(db, admin_id))
    choose(dialog, "readiness.goal", "gib_ready")
    requirements = child(dialog, QListWidget, "readiness.requirements")
    while requirements.count():
        requirements.setCurrentRow(0)
        click(qtbot, dialog, "readiness.removeRequirement")
    choose(dialog, "readiness.goal", "dib_ready")
    click(qtbot, dialog, "admin.save")

    assert child(dialog, QComboBox, "readiness.goal").currentData() == "gib_ready"  # the goal with the problem
    assert problem(dialog, "readiness.requirements") == "GIB Ready: needs at least one required step."
    with db.reading() as s:
        assert load_requirements(s)["gib_ready"]  # unchanged


# -- settings ------------------------------------------------------------------------------------------------------
def test_toggle_a_setting(qtbot: QtBot, db: Database, admin_id: uuid.UUID, show: Any) -> None:
    dialog = show(SettingsDialog(db, admin_id))
    prompt = child(dialog, QCheckBox, "setting.prompt_sync_client_milestones")
    assert prompt.isChecked()
    qtbot.mouseClick(prompt, Qt.MouseButton.LeftButton)
    child(dialog, QSpinBox, "setting.lock_days").setValue(30)
    click(qtbot, dialog, "admin.save")

    with db.reading() as s:
        settings = load_settings(s)
    assert (settings.prompt_sync_client_milestones, settings.lock_days) == (False, 30)
    assert child(dialog, QLabel, "admin.status").text() == "Saved the settings."


def test_text_settings_are_checked_at_the_field(qtbot: QtBot, db: Database, admin_id: uuid.UUID, show: Any) -> None:
    dialog = show(SettingsDialog(db, admin_id))
    zone = child(dialog, QLineEdit, "setting.time_zone")
    zone.setText("Mars/Olympus")
    child(dialog, QLineEdit, "setting.query_role").setText("neodesk_query")
    click(qtbot, dialog, "admin.save")
    assert problem(dialog, "setting.time_zone").startswith("Center's time zone: 'Mars/Olympus' is not a time zone")
    assert zone.text() == "Mars/Olympus"  # nothing typed is lost
    with db.reading() as s:
        assert load_settings(s).query_role == ""  # nothing written: the settings save together
    zone.setText("America/Chicago")
    click(qtbot, dialog, "admin.save")
    with db.reading() as s:
        assert (load_settings(s).time_zone, load_settings(s).query_role) == ("America/Chicago", "neodesk_query")


def test_every_setting_has_an_editor(db: Database, admin_id: uuid.UUID, show: Any) -> None:
    dialog = show(SettingsDialog(db, admin_id))
    for key, rule in SETTING_RULES.items():
        kind = {bool: QCheckBox, str: QLineEdit}.get(rule.kind, QSpinBox)
        editor = child(dialog, kind, f"setting.{key}")
        if isinstance(editor, QSpinBox):
            assert (editor.minimum(), editor.maximum()) == (rule.low, rule.high)


# -- read-only for counselors -------------------------------------------------------------------------------------
EDITOR_KINDS = (QLineEdit, QComboBox, QCheckBox, QSpinBox)
ACTIONS = (
    "admin.add",
    "admin.save",
    "admin.toggleActive",
    "readiness.addRequirement",
    "readiness.removeRequirement",
    "readiness.restoreDefaults",
)


@pytest.mark.parametrize("kind", DIALOGS, ids=lambda k: k.__name__)
def test_counselors_see_every_dialog_read_only(
    db: Database, counselor_id: uuid.UUID, show: Any, kind: type[AdminDialog]
) -> None:
    dialog = show(kind(db, counselor_id))
    assert child(dialog, QLabel, "admin.readOnly").isVisible()
    assert "Only administrators can change these" in child(dialog, QLabel, "admin.readOnly").text()
    assert dialog.editors
    assert not [name for name, w in dialog.editors.items() if w.isEnabled()]
    buttons = [b for b in dialog.findChildren(QPushButton) if b.objectName() in ACTIONS]
    assert buttons
    assert not [b.objectName() for b in buttons if b.isEnabled()]


@pytest.mark.parametrize("kind", DIALOGS, ids=lambda k: k.__name__)
def test_administrators_get_every_dialog_editable(
    db: Database, admin_id: uuid.UUID, show: Any, kind: type[AdminDialog]
) -> None:
    dialog = show(kind(db, admin_id))
    assert not child(dialog, QLabel, "admin.readOnly").isVisible()
    assert child(dialog, QPushButton, "admin.save").isEnabled()


def test_counselor_edits_are_refused_even_if_the_dialog_is_forced(
    qtbot: QtBot, db: Database, counselor_id: uuid.UUID, show: Any
) -> None:
    dialog = show(SettingsDialog(db, counselor_id))
    save = child(dialog, QPushButton, "admin.save")
    save.setEnabled(True)  # the service is the real guard
    click(qtbot, dialog, "admin.save")
    assert "Only administrators can change the settings" in child(dialog, QLabel, "admin.problems").text()
    assert not dialog.changed


# -- picklists -----------------------------------------------------------------------------------------------------
def test_add_and_inactivate_a_picklist_value(qtbot: QtBot, db: Database, admin_id: uuid.UUID, show: Any) -> None:
    dialog = show(PicklistsDialog(db, admin_id))
    choose(dialog, "admin.picklist", "hubzone")
    click(qtbot, dialog, "admin.add")
    type_into(qtbot, dialog, "admin.code", "R")
    type_into(qtbot, dialog, "admin.label", "Redesignated")
    click(qtbot, dialog, "admin.save")
    assert not child(dialog, QLineEdit, "admin.code").isEnabled()  # codes never change
    click(qtbot, dialog, "admin.toggleActive")

    with db.reading() as s:
        value = s.scalars(
            select(PicklistValue).where(PicklistValue.picklist == "hubzone", PicklistValue.code == "R")
        ).one()
        assert (value.label, value.active, value.standard) == ("Redesignated", False, False)


def test_duplicate_label_is_shown_at_the_label(qtbot: QtBot, db: Database, admin_id: uuid.UUID, show: Any) -> None:
    dialog = show(PicklistsDialog(db, admin_id, picklist="hubzone"))
    click(qtbot, dialog, "admin.add")
    type_into(qtbot, dialog, "admin.label", "Certified")
    click(qtbot, dialog, "admin.save")
    assert problem(dialog, "admin.label") == "Label: this picklist already has a value labelled Certified."


def test_enter_in_a_field_saves(qtbot: QtBot, db: Database, admin_id: uuid.UUID, show: Any) -> None:
    dialog = show(PicklistsDialog(db, admin_id, picklist="organization"))
    click(qtbot, dialog, "admin.add")
    type_into(qtbot, dialog, "admin.label", "Trust")
    qtbot.keyClick(child(dialog, QLineEdit, "admin.label"), Qt.Key.Key_Return)
    with db.reading() as s:
        assert (
            s.scalars(
                select(PicklistValue.label).where(
                    PicklistValue.picklist == "organization", PicklistValue.code == "Trust"
                )
            ).one()
            == "Trust"
        )


def test_schema_picklists_cannot_grow(db: Database, admin_id: uuid.UUID, show: Any) -> None:
    dialog = show(PicklistsDialog(db, admin_id))
    choose(dialog, "admin.picklist", "state")
    assert not child(dialog, QPushButton, "admin.add").isEnabled()
    assert child(dialog, QLabel, "admin.schemaNote").isVisible()
    choose(dialog, "admin.picklist", "organization")
    assert child(dialog, QPushButton, "admin.add").isEnabled()


# -- counselors, funding sources, centers ----------------------------------------------------------------------------
def test_add_a_counselor_after_fixing_the_email(qtbot: QtBot, db: Database, admin_id: uuid.UUID, show: Any) -> None:
    dialog = show(CounselorsDialog(db, admin_id))
    click(qtbot, dialog, "admin.add")
    type_into(qtbot, dialog, "admin.name", "Robin Lee")
    type_into(qtbot, dialog, "admin.email", "robin at example")
    choose(dialog, "admin.role", "administrator")
    click(qtbot, dialog, "admin.save")
    assert problem(dialog, "admin.email") == "Email: enter an email address such as name@example.com."
    assert count(db, Counselor) == 1

    type_into(qtbot, dialog, "admin.email", "robin@example.org")
    combo = child(dialog, QComboBox, "admin.default_funding_source_id")
    combo.setCurrentIndex(1)
    click(qtbot, dialog, "admin.save")
    with db.reading() as s:
        robin = s.scalars(select(Counselor).where(Counselor.email == "robin@example.org")).one()
        assert (robin.name, robin.role, robin.active) == ("Robin Lee", "administrator", True)
        assert robin.default_funding_source_id is not None


def test_the_last_administrator_cannot_be_demoted(qtbot: QtBot, db: Database, admin_id: uuid.UUID, show: Any) -> None:
    dialog = show(CounselorsDialog(db, admin_id))
    assert dialog.select_key(admin_id)
    choose(dialog, "admin.role", "counselor")
    click(qtbot, dialog, "admin.save")
    assert "only active administrator" in problem(dialog, "admin.role")
    assert is_administrator(db, admin_id)


def test_add_a_funding_source_and_a_center(qtbot: QtBot, db: Database, admin_id: uuid.UUID, show: Any) -> None:
    dialog = show(FundingSourcesDialog(db, admin_id))
    click(qtbot, dialog, "admin.add")
    type_into(qtbot, dialog, "admin.code", "SBDC")
    type_into(qtbot, dialog, "admin.name", "Duplicate")
    click(qtbot, dialog, "admin.save")
    assert problem(dialog, "admin.code") == "Code: SBDC is already used."
    type_into(qtbot, dialog, "admin.code", "WBC")
    click(qtbot, dialog, "admin.save")
    assert table_texts(dialog) == ["SBDC", "WBC"]

    centers = show(CentersDialog(db, admin_id))
    click(qtbot, centers, "admin.add")
    type_into(qtbot, centers, "admin.code", "EAST")
    type_into(qtbot, centers, "admin.name", "East office")
    type_into(qtbot, centers, "admin.location_code", "SBA-1")
    click(qtbot, centers, "admin.save")
    assert problem(centers, "admin.location_code").startswith("SBA location code: a number from 1 to 9999999")
    with db.reading() as s:
        assert s.scalars(select(Center).where(Center.code == "EAST")).first() is None  # nothing written
    type_into(qtbot, centers, "admin.location_code", "4711")
    click(qtbot, centers, "admin.save")
    with db.reading() as s:
        assert s.scalars(select(FundingSource.name).where(FundingSource.code == "WBC")).one() == "Duplicate"
        east = s.scalars(select(Center).where(Center.code == "EAST")).one()
        assert (east.name, east.sba_location_code) == ("East office", 4711)
    assert table_texts(centers, 3)[table_texts(centers).index("EAST")] == "4711"


# -- entry points ---------------------------------------------------------------------------------------------------
ENTRY_POINTS = {
    "open_settings": "SettingsDialog",
    "open_milestone_types": "MilestoneTypesDialog",
    "open_readiness_requirements": "ReadinessRequirementsDialog",
    "open_picklists": "PicklistsDialog",
    "open_counselors": "CounselorsDialog",
    "open_funding_sources": "FundingSourcesDialog",
    "open_centers": "CentersDialog",
}


@pytest.mark.parametrize(("entry", "object_name"), ENTRY_POINTS.items())
def test_entry_points_run_their_dialog(
    monkeypatch: pytest.MonkeyPatch, qtbot: QtBot, db: Database, counselor_id: uuid.UUID, entry: str, object_name: str
) -> None:
    ran: list[tuple[str, bool]] = []

    def fake_exec(dialog: AdminDialog) -> int:  # the real exec() would block the test
        ran.append((dialog.objectName(), dialog.can_edit))
        return 0

    monkeypatch.setattr(AdminDialog, "exec", fake_exec)
    with db.reading() as s:
        me = s.get_one(Counselor, counselor_id)
    assert getattr(admin_ui, entry)(None, db, me) is False
    assert getattr(admin_ui, entry)(None, db, counselor_id) is False
    assert ran == [(object_name, False), (object_name, False)]
