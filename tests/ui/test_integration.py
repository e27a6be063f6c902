"""The parts working together in the main window, as a counselor uses them: save with sync prompts,
New / Edit Milestone from the window, the Contract Readiness tab, the Admin menu, the milestone
report and milestone processing. Real widgets, real modal dialogs, checked against the database."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from modal_driver import Modals, click
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from neodesk.models import Client, Database, Milestone
from neodesk.services.clients import get_client
from neodesk.ui.client_editor import CANCELLED_TEXT, TAB_MILESTONES, TAB_READINESS
from neodesk.ui.client_list import COL_LAST_ACTIVITY, COL_NAME, COL_STATUS
from neodesk.ui.main_window import MainWindow
from neodesk.ui.readiness_tab import ReadinessTab
from neodesk.ui.sync_prompt import NO, NO_TO_ALL, YES, SyncPrompt

WindowFactory = Callable[[], MainWindow]


@pytest.fixture
def modals(qtbot: QtBot) -> Iterator[Modals]:
    driver = Modals(qtbot)
    yield driver
    driver.finish()


@pytest.fixture
def established(db: Database, make_client: Callable[..., uuid.UUID]) -> Callable[..., uuid.UUID]:
    """An in-business client created days ago, so its staff and sales edits are growth (rule G)."""

    def make(name: str = "Acme Tool & Die", **values: Any) -> uuid.UUID:
        base = {
            "company_status": "B",
            "date_established": "2015-03-01",
            "full_time_employees": "5",
            "gross_sales": "100000",
            **values,
        }
        client_id = make_client(name, **base)
        with db.unit_of_work() as tx:
            tx.execute(
                update(Client).where(Client.id == client_id).values(created_at=datetime.now(UTC) - timedelta(days=3))
            )
        return client_id

    return make


# -- helpers ---------------------------------------------------------------------------------------------------------
def find(parent: QWidget, kind: type[Any], name: str) -> Any:
    widget = parent.findChild(kind, name)
    assert widget is not None, f"no {kind.__name__} named {name}"
    return widget


def field(window: MainWindow, key: str) -> Any:
    return find(window.client_editor, QWidget, f"field.{key}")


def choose(combo: QComboBox, code: str) -> None:
    index = combo.findData(code)
    assert index >= 0, f"{code} is not offered"
    combo.setCurrentIndex(index)


def save_client(qtbot: QtBot, window: MainWindow) -> None:
    click(qtbot, find(window, QPushButton, "saveClient"))


def answer_prompt(qtbot: QtBot, modals: Modals, button: str, asked: list[str]) -> None:
    def act(prompt: SyncPrompt) -> None:
        asked.append(prompt.property("proposal"))
        click(qtbot, find(prompt, QPushButton, button))

    modals.expect("SyncPrompt", act)


def stored(db: Database, client_id: uuid.UUID) -> Client:
    with db.reading() as tx:
        return get_client(tx, client_id)


def milestones_of(db: Database, client_id: uuid.UUID) -> list[Milestone]:
    with db.reading() as tx:
        return list(tx.scalars(select(Milestone).where(Milestone.client_id == client_id).order_by(Milestone.type_code)))


def milestone_tab_types(window: MainWindow) -> list[str]:
    model = window.client_editor.milestones.model
    return [model.index(row, 1).data() for row in range(model.rowCount())]


def list_cell(window: MainWindow, client_id: uuid.UUID, column: int) -> str:
    model = window.client_list.model
    return model.index(model.row_of(client_id), column).data()


# -- saving the client with sync prompts -----------------------------------------------------------------------------
def test_yes_to_a_staff_prompt_logs_the_milestone(
    qtbot: QtBot, open_window: WindowFactory, established, db: Database, modals: Modals
) -> None:
    client_id = established()
    window = open_window()
    field(window, "full_time_employees").setText("8")
    asked: list[str] = []
    answer_prompt(qtbot, modals, YES, asked)
    save_client(qtbot, window)

    assert asked == ["change_in_full_time_staff"]
    [milestone] = milestones_of(db, client_id)
    assert (milestone.type_code, milestone.amount, milestone.initial_amount, milestone.origin) == (
        "change_in_full_time_staff",
        Decimal(8),
        Decimal(5),
        "client_edit",
    )
    assert milestone.date == date.today()
    assert stored(db, client_id).full_time_employees == 8
    assert not window.client_editor.is_dirty()
    assert milestone_tab_types(window) == ["Change in Full-Time Staff"]
    qtbot.waitUntil(lambda: list_cell(window, client_id, COL_LAST_ACTIVITY) == date.today().isoformat())


def test_no_to_all_saves_the_client_without_milestones(
    qtbot: QtBot, open_window: WindowFactory, established, db: Database, modals: Modals
) -> None:
    client_id = established()
    window = open_window()
    field(window, "full_time_employees").setText("9")
    field(window, "gross_sales").setText("150000")
    asked: list[str] = []
    answer_prompt(qtbot, modals, NO_TO_ALL, asked)
    save_client(qtbot, window)

    assert asked == ["change_in_full_time_staff"]  # the sales question was never asked
    assert milestones_of(db, client_id) == []
    client = stored(db, client_id)
    assert (client.full_time_employees, client.gross_sales) == (9, Decimal("150000.00"))
    assert not window.client_editor.is_dirty()
    assert milestone_tab_types(window) == []


def test_no_to_one_prompt_yes_to_the_next(
    qtbot: QtBot, open_window: WindowFactory, established, db: Database, modals: Modals
) -> None:
    client_id = established()
    window = open_window()
    field(window, "full_time_employees").setText("9")
    field(window, "gross_sales").setText("150000")
    asked: list[str] = []
    answer_prompt(qtbot, modals, NO, asked)
    answer_prompt(qtbot, modals, YES, asked)
    save_client(qtbot, window)

    assert asked == ["change_in_full_time_staff", "change_in_sales"]
    assert [m.type_code for m in milestones_of(db, client_id)] == ["change_in_sales"]
    assert milestone_tab_types(window) == ["Change in Sales"]


def test_escape_cancels_the_save_and_keeps_the_edits(
    qtbot: QtBot, open_window: WindowFactory, established, db: Database, modals: Modals
) -> None:
    client_id = established()
    before = stored(db, client_id)
    window = open_window()
    field(window, "full_time_employees").setText("12")
    field(window, "city").setText("Round Rock")
    modals.expect("SyncPrompt", lambda prompt: qtbot.keyClick(prompt, Qt.Key.Key_Escape))
    save_client(qtbot, window)

    after = stored(db, client_id)
    assert (after.revision, after.full_time_employees, after.city) == (before.revision, 5, None)
    assert milestones_of(db, client_id) == []
    assert field(window, "full_time_employees").text() == "12"
    assert field(window, "city").text() == "Round Rock"
    assert window.client_editor.is_dirty()
    assert window.client_editor.messages.text == CANCELLED_TEXT


def test_permanently_closed_asks_twice(
    qtbot: QtBot, open_window: WindowFactory, established, db: Database, modals: Modals
) -> None:
    client_id = established()
    window = open_window()
    choose(field(window, "company_status"), "PC")
    asked: list[str] = []
    answer_prompt(qtbot, modals, YES, asked)
    answer_prompt(qtbot, modals, YES, asked)
    save_client(qtbot, window)

    assert asked == ["permanently_closed", "inactivate"]
    assert [m.type_code for m in milestones_of(db, client_id)] == ["permanently_closed"]
    client = stored(db, client_id)
    assert (client.company_status, client.active, client.client_type) == ("PC", False, "IC")
    assert field(window, "active").isChecked() is False  # the editor shows what was stored


def test_a_decider_can_answer_instead_of_the_prompts(
    qtbot: QtBot, open_window: WindowFactory, established, db: Database
) -> None:
    from neodesk.sync.deciding import AlwaysYes

    client_id = established()
    window = open_window()
    window.client_editor.decider = AlwaysYes()  # automation: no modal dialog at all
    assert window.client_editor.readiness.decider is window.client_editor.decider
    field(window, "full_time_employees").setText("6")
    save_client(qtbot, window)
    assert [m.type_code for m in milestones_of(db, client_id)] == ["change_in_full_time_staff"]


def test_start_up_asks_for_its_date_established(
    qtbot: QtBot, open_window: WindowFactory, make_client, db: Database
) -> None:
    client_id = make_client("Dreamer Co", company_status="P")
    window = open_window()
    problem = find(window, QLabel, "problem.date_established")
    choose(field(window, "company_status"), "S")
    assert problem.isVisible()  # asked before Save is pressed
    assert "required when the Company Status is Start-up" in problem.text()
    choose(field(window, "company_status"), "P")
    assert not problem.isVisible()  # changed back: nothing to ask
    choose(field(window, "company_status"), "S")
    assert problem.isVisible()
    save_client(qtbot, window)
    assert problem.isVisible()  # and the save refuses it at the same field
    assert stored(db, client_id).company_status == "P"
    field(window, "date_established").setText(date.today().isoformat())
    assert not problem.isVisible()
    field(window, "full_time_employees").setText("1")
    save_client(qtbot, window)  # C2: Business Established is created without a question
    assert stored(db, client_id).company_status == "S"
    assert [m.type_code for m in milestones_of(db, client_id)] == ["business_established"]
    assert milestone_tab_types(window) == ["Business Established"]
    qtbot.waitUntil(lambda: list_cell(window, client_id, COL_STATUS) == "Start-up")  # the short label (issue 13)


# -- New / Edit Milestone from the main window -----------------------------------------------------------------------
def log_sales(qtbot: QtBot, amount: str) -> Callable[[Any], None]:
    def act(dialog: Any) -> None:
        click(qtbot, find(dialog, QCheckBox, "type.change_in_sales"))
        qtbot.keyClicks(find(dialog, QLineEdit, "value.change_in_sales"), amount)
        click(qtbot, find(dialog, QPushButton, "saveMilestones"))

    return act


def test_ctrl_m_logs_a_milestone_and_reloads_the_client(
    qtbot: QtBot, open_window: WindowFactory, established, db: Database, modals: Modals
) -> None:
    client_id = established()
    window = open_window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert field(window, "gross_sales").text() == "100,000.00"
    titles: list[str] = []
    modals.expect(
        "NewMilestoneDialog", lambda dialog: (titles.append(dialog.windowTitle()), log_sales(qtbot, "250000")(dialog))
    )
    qtbot.keyClick(window.client_editor.tabs, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)

    assert titles == ["New milestone — Acme Tool & Die"]
    [milestone] = milestones_of(db, client_id)
    assert (milestone.type_code, milestone.amount, milestone.initial_amount) == (
        "change_in_sales",
        Decimal("250000.00"),
        Decimal("100000.00"),
    )
    assert stored(db, client_id).gross_sales == Decimal("250000.00")  # M6, automatic
    assert field(window, "gross_sales").text() == "250,000.00"  # the editor shows the new value
    assert field(window, "gross_sales_date").text() == date.today().isoformat()
    assert not window.client_editor.is_dirty()
    assert window.client_editor.tabs.currentIndex() == TAB_MILESTONES
    assert milestone_tab_types(window) == ["Change in Sales"]
    assert "Logged 1 milestone." in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: list_cell(window, client_id, COL_LAST_ACTIVITY) == date.today().isoformat())


def test_milestone_from_the_tab_updates_status_in_the_list(
    qtbot: QtBot, open_window: WindowFactory, make_client, db: Database, modals: Modals
) -> None:
    client_id = make_client("Dreamer Co", company_status="P")
    window = open_window()

    def establish(dialog: Any) -> None:
        click(qtbot, find(dialog, QCheckBox, "type.business_established"))
        click(qtbot, find(dialog, QCheckBox, "type.change_in_full_time_staff"))
        qtbot.keyClicks(find(dialog, QLineEdit, "value.change_in_full_time_staff"), "2")
        click(qtbot, find(dialog, QPushButton, "saveMilestones"))

    modals.expect("NewMilestoneDialog", establish)
    window.client_editor.tabs.setCurrentIndex(TAB_MILESTONES)
    click(qtbot, find(window, QPushButton, "newMilestone"))

    client = stored(db, client_id)
    assert (client.company_status, client.full_time_employees) == ("S", 2)  # M1 and M5
    assert field(window, "company_status").currentData() == "S"
    assert field(window, "full_time_employees").isEnabled()  # in business now
    assert sorted(milestone_tab_types(window)) == ["Business Established", "Change in Full-Time Staff"]
    qtbot.waitUntil(lambda: list_cell(window, client_id, COL_STATUS) == "Start-up")  # the short label (issue 13)


def test_follow_up_session_shows_in_the_counseling_tab(
    qtbot: QtBot, open_window: WindowFactory, established, db: Database, modals: Modals
) -> None:
    established()
    window = open_window()
    assert window.client_editor.sessions.model.rowCount() == 0

    def with_follow_up(dialog: Any) -> None:
        click(qtbot, find(dialog, QCheckBox, "type.business_expansion"))
        click(qtbot, find(dialog, QCheckBox, "followup"))
        choose(find(dialog, QComboBox, "followup.contact_type"), "PH")
        choose(find(dialog, QComboBox, "followup.counseling_area"), "Marketing/Sales")
        click(qtbot, find(dialog, QPushButton, "saveMilestones"))

    modals.expect("NewMilestoneDialog", with_follow_up)
    window.action_new_milestone.trigger()
    sessions = window.client_editor.sessions.model
    assert sessions.rowCount() == 1
    assert sessions.index(0, 3).data() == "Marketing/Sales"
    assert "Recorded the follow-up session." in window.statusBar().currentMessage()


def test_new_foreign_markets_raise_the_yellow_banner(
    qtbot: QtBot, open_window: WindowFactory, established, db: Database, modals: Modals
) -> None:
    established()
    window = open_window()
    banner = find(window, QWidget, "editorWarning")
    assert not banner.isVisible()

    def markets(dialog: Any) -> None:
        click(qtbot, find(dialog, QCheckBox, "type.entered_new_foreign_markets"))
        qtbot.keyClicks(find(dialog, QLineEdit, "value.entered_new_foreign_markets"), "Canada, Mexico")
        click(qtbot, find(dialog, QPushButton, "saveMilestones"))

    modals.expect("NewMilestoneDialog", markets)
    window.action_new_milestone.trigger()
    assert banner.isVisible()
    assert "Export Countries" in find(window, QLabel, "editorWarning.text").text()


def test_unsaved_edits_are_settled_before_the_dialog(
    qtbot: QtBot, open_window: WindowFactory, established, db: Database, modals: Modals
) -> None:
    client_id = established()
    window = open_window()
    field(window, "city").setText("Austin")
    # Cancel: neither the save nor the dialog happens.
    modals.expect("unsavedEdits", lambda box: box.button(QMessageBox.StandardButton.Cancel).click())
    window.action_new_milestone.trigger()
    assert field(window, "city").text() == "Austin"
    assert stored(db, client_id).city is None
    # Save: the edit is written first, then the dialog opens on the saved client.
    modals.expect("unsavedEdits", lambda box: box.button(QMessageBox.StandardButton.Save).click())
    modals.expect("NewMilestoneDialog", log_sales(qtbot, "120000"))
    window.action_new_milestone.trigger()
    client = stored(db, client_id)
    assert (client.city, client.gross_sales) == ("Austin", Decimal("120000.00"))
    assert field(window, "city").text() == "Austin"


def test_no_client_no_dialog(qtbot: QtBot, open_window: WindowFactory) -> None:
    window = open_window()
    assert not window.client_editor.has_client
    window.action_new_milestone.trigger()
    assert "Select a client first" in window.statusBar().currentMessage()
    window.action_print_report.trigger()
    assert "Select a client first" in window.statusBar().currentMessage()
    window.action_new_client.trigger()
    window.action_new_milestone.trigger()
    assert "Save the new client first" in window.statusBar().currentMessage()


def test_edit_milestone_amount_updates_the_client(
    qtbot: QtBot, open_window: WindowFactory, established, db: Database, modals: Modals
) -> None:
    client_id = established()
    window = open_window()
    modals.expect("NewMilestoneDialog", log_sales(qtbot, "250000"))
    window.action_new_milestone.trigger()
    view = find(window, QTableView, "milestoneList")
    view.selectRow(0)

    def change_amount(dialog: Any) -> None:
        value = find(dialog, QLineEdit, "value.change_in_sales")
        value.clear()
        qtbot.keyClicks(value, "275000")
        click(qtbot, find(dialog, QPushButton, "saveMilestone"))

    asked: list[str] = []
    modals.expect("EditMilestoneDialog", change_amount)
    answer_prompt(qtbot, modals, YES, asked)  # the newest of its type: update the client too?
    view.doubleClicked.emit(view.model().index(0, 0))

    assert asked == ["gross_sales"]
    assert [m.amount for m in milestones_of(db, client_id)] == [Decimal("275000.00")]
    assert stored(db, client_id).gross_sales == Decimal("275000.00")
    assert field(window, "gross_sales").text() == "275,000.00"


# -- Contract Readiness tab ------------------------------------------------------------------------------------------
def test_readiness_tab_is_the_real_tab_once(open_window: WindowFactory, established) -> None:
    established()
    window = open_window()
    tabs = window.client_editor.tabs
    found = window.findChildren(QWidget, "tab.readiness")
    assert len(found) == 1
    assert isinstance(found[0], ReadinessTab)
    assert tabs.widget(TAB_READINESS) is found[0]
    assert tabs.tabText(TAB_READINESS).replace("&", "") == "Contract Readiness"
    assert window.findChild(QPushButton, "edit.sam_registered") is None  # read when first shown
    tabs.setCurrentIndex(TAB_READINESS)
    assert find(window, QPushButton, "edit.sam_registered").text() == "Log…"


def test_readiness_shortcut_logs_from_the_main_window(
    qtbot: QtBot, open_window: WindowFactory, established, db: Database, modals: Modals
) -> None:
    client_id = established()
    other = established("Zed Widgets")
    window = open_window()
    assert window.client_editor.client_id == client_id
    window.client_editor.tabs.setCurrentIndex(TAB_READINESS)
    field(window, "city").setText("Austin")

    def log_sam(dialog: Any) -> None:
        assert find(dialog, QCheckBox, "type.sam_registered").isChecked()
        qtbot.keyClicks(find(dialog, QLineEdit, "value.sam_registered"), "ABCDEFGH1234")
        click(qtbot, find(dialog, QPushButton, "saveMilestones"))

    modals.expect("unsavedEdits", lambda box: box.button(QMessageBox.StandardButton.Save).click())
    modals.expect("NewMilestoneDialog", log_sam)
    click(qtbot, find(window, QPushButton, "edit.sam_registered"))

    assert [m.type_code for m in milestones_of(db, client_id)] == ["sam_registered"]
    assert milestones_of(db, other) == []
    assert stored(db, client_id).city == "Austin"
    assert find(window, QPushButton, "edit.sam_registered").text() == "Edit…"
    assert milestone_tab_types(window) == ["SAM Registration Active"]
    qtbot.waitUntil(lambda: list_cell(window, client_id, COL_LAST_ACTIVITY) == date.today().isoformat())


def test_deleting_a_step_in_the_milestones_tab_updates_the_checklist(
    qtbot: QtBot, open_window: WindowFactory, established, db: Database, modals: Modals
) -> None:
    established()
    window = open_window()

    def log_profile(dialog: Any) -> None:
        click(qtbot, find(dialog, QPushButton, "saveMilestones"))

    modals.expect("NewMilestoneDialog", log_profile)
    window.client_editor.tabs.setCurrentIndex(TAB_READINESS)
    click(qtbot, find(window, QPushButton, "edit.sbs_profile"))
    assert find(window, QPushButton, "edit.sbs_profile").text() == "Edit…"
    window.client_editor.tabs.setCurrentIndex(TAB_MILESTONES)
    find(window, QTableView, "milestoneList").selectRow(0)
    modals.expect("confirmDeleteMilestone", lambda box: find(box, QPushButton, "confirmAction").click())
    click(qtbot, find(window, QPushButton, "deleteMilestone"))
    assert milestone_tab_types(window) == []
    window.client_editor.tabs.setCurrentIndex(TAB_READINESS)  # the checklist is read again when shown
    assert find(window, QPushButton, "edit.sbs_profile").text() == "Log…"


def test_readiness_milestone_with_new_markets_warns_too(
    qtbot: QtBot, open_window: WindowFactory, established, modals: Modals
) -> None:
    established()
    window = open_window()
    window.client_editor.tabs.setCurrentIndex(TAB_READINESS)

    def log_with_markets(dialog: Any) -> None:
        qtbot.keyClicks(find(dialog, QLineEdit, "value.sam_registered"), "ABCDEFGH1234")
        click(qtbot, find(dialog, QCheckBox, "type.entered_new_foreign_markets"))
        click(qtbot, find(dialog, QPushButton, "saveMilestones"))

    modals.expect("NewMilestoneDialog", log_with_markets)
    click(qtbot, find(window, QPushButton, "edit.sam_registered"))
    assert find(window, QWidget, "editorWarning").isVisible()


# -- Admin menu ------------------------------------------------------------------------------------------------------
def test_admin_menu_opens_each_dialog(qtbot: QtBot, open_window: WindowFactory, modals: Modals) -> None:
    window = open_window()
    assert window.admin_menu.menuAction().isVisible()
    actions = {
        "SettingsDialog": window.action_settings,
        "MilestoneTypesDialog": window.action_milestone_types,
        "ReadinessRequirementsDialog": window.action_readiness_requirements,
        "PicklistsDialog": window.action_picklists,
        "CounselorsDialog": window.action_counselors,
        "FundingSourcesDialog": window.action_funding,
        "CentersDialog": window.action_centers,
    }
    assert [a for a in window.admin_menu.actions() if not a.isSeparator()] == list(actions.values())
    for name, action in actions.items():
        opened: list[bool] = []
        modals.expect(name, lambda dialog, seen=opened: (seen.append(dialog.can_edit), dialog.reject()))
        action.trigger()
        assert opened == [True], name


def test_a_new_picklist_value_is_offered_in_the_editor(
    qtbot: QtBot, open_window: WindowFactory, established, db: Database, modals: Modals
) -> None:
    client_id = established()
    window = open_window()
    combo = field(window, "hubzone")
    assert combo.findData("R") < 0

    def add_value(dialog: Any) -> None:
        choose(find(dialog, QComboBox, "admin.picklist"), "hubzone")
        click(qtbot, find(dialog, QPushButton, "admin.add"))
        qtbot.keyClicks(find(dialog, QLineEdit, "admin.code"), "R")
        qtbot.keyClicks(find(dialog, QLineEdit, "admin.label"), "Redesignated")
        click(qtbot, find(dialog, QPushButton, "admin.save"))
        dialog.accept()

    field(window, "city").setText("Austin")  # an edit in progress survives the refresh
    modals.expect("PicklistsDialog", add_value)
    window.action_picklists.trigger()

    assert combo.findData("R") >= 0
    assert field(window, "city").text() == "Austin"
    assert window.client_editor.is_dirty()
    choose(combo, "R")
    save_client(qtbot, window)
    assert stored(db, client_id).hubzone == "R"


def test_a_new_counselor_can_be_chosen_in_the_editor(
    qtbot: QtBot, open_window: WindowFactory, established, modals: Modals
) -> None:
    established()
    window = open_window()
    combo = field(window, "counselor_id")
    assert combo.findText("Robin Lee") < 0

    def add_counselor(dialog: Any) -> None:
        click(qtbot, find(dialog, QPushButton, "admin.add"))
        qtbot.keyClicks(find(dialog, QLineEdit, "admin.name"), "Robin Lee")
        qtbot.keyClicks(find(dialog, QLineEdit, "admin.email"), "robin@example.org")
        click(qtbot, find(dialog, QPushButton, "admin.save"))
        dialog.accept()

    modals.expect("CounselorsDialog", add_counselor)
    window.action_counselors.trigger()
    assert combo.findText("Robin Lee") >= 0
    assert not window.client_editor.is_dirty()  # the chosen counselor did not change


def test_renamed_milestone_type_shows_in_the_tab(
    qtbot: QtBot, open_window: WindowFactory, established, db: Database, modals: Modals
) -> None:
    established()
    window = open_window()
    modals.expect("NewMilestoneDialog", log_sales(qtbot, "250000"))
    window.action_new_milestone.trigger()
    assert milestone_tab_types(window) == ["Change in Sales"]

    def rename(dialog: Any) -> None:
        table = dialog.table
        row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "Change in Sales")
        table.selectRow(row)
        name = find(dialog, QLineEdit, "admin.name")
        name.clear()
        qtbot.keyClicks(name, "Sales Growth")
        click(qtbot, find(dialog, QPushButton, "admin.save"))
        dialog.accept()

    modals.expect("MilestoneTypesDialog", rename)
    window.action_milestone_types.trigger()
    assert milestone_tab_types(window) == ["Sales Growth"]


# -- milestone report (Ctrl+P) ---------------------------------------------------------------------------------------
def test_ctrl_p_writes_the_report_and_offers_open_and_print(
    qtbot: QtBot, open_window: WindowFactory, established, db: Database, modals: Modals, data_dir, tmp_path
) -> None:
    from pypdf import PdfReader
    from PySide6.QtCore import QObject, QUrl, Slot
    from PySide6.QtGui import QDesktopServices

    client_id = established("Quetzal Robotics")
    window = open_window()
    modals.expect("NewMilestoneDialog", log_sales(qtbot, "250000"))
    window.action_new_milestone.trigger()
    with db.unit_of_work() as tx:  # one record the report leaves out unless asked
        tx.execute(update(Milestone).where(Milestone.client_id == client_id).values(reportable=False))

    class Viewer(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.opened: list[str] = []

        @Slot(QUrl)
        def show(self, url: QUrl) -> None:
            self.opened.append(url.toLocalFile())

    viewer = Viewer()
    QDesktopServices.setUrlHandler("file", viewer, "show")
    printed = tmp_path / "printed.pdf"
    seen: dict[str, Any] = {}

    runs = iter([False, True])  # the report is printed twice: reportable records only, then everything
    chosen = [tmp_path / "reportable.pdf", tmp_path / "everything.pdf"]

    def choose_options(dialog: Any) -> None:
        # Issue 13: what to include and where to save are chosen before the PDF is written.
        include_all = next(runs)
        if include_all:
            click(qtbot, find(dialog, QCheckBox, "report.all"))
        find(dialog, QLineEdit, "report.saveAs").setText(str(chosen[include_all]))
        click(qtbot, find(dialog, QPushButton, "report.write"))

    def use_report(dialog: Any) -> None:
        seen["first"] = dialog.path
        assert find(dialog, QLabel, "report.path").text() == str(dialog.path)
        click(qtbot, find(dialog, QPushButton, "report.open"))
        dialog.reject()

    def print_everything(dialog: Any) -> None:
        seen["all"] = dialog.path
        dialog.printer.setOutputFileName(str(printed))  # the print dialog's "print to file"
        click(qtbot, find(dialog, QPushButton, "report.print"))
        seen["outcome"] = dialog.last_print
        dialog.reject()

    def print_to_file(print_dialog: Any) -> None:
        print_dialog.accept()

    modals.expect("PrintOptionsDialog", choose_options)
    modals.expect("ReportDialog", use_report)
    modals.expect("PrintOptionsDialog", choose_options)
    modals.expect("ReportDialog", print_everything)
    modals.expect("reportPrintDialog", print_to_file)
    modals.expect("reportPrinted", lambda box: box.button(QMessageBox.StandardButton.Ok).click())
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    try:
        qtbot.keyClick(window.client_editor.tabs, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
        window.action_print_report.trigger()  # the same action, from Reports ▸ Print Milestone Report…
    finally:
        QDesktopServices.unsetUrlHandler("file")

    first, every = seen["first"], seen["all"]
    assert (first, every) == tuple(chosen)
    assert viewer.opened == [str(first)]
    text = "\n".join(page.extract_text() for page in PdfReader(first).pages)
    assert "Quetzal Robotics" in text
    assert "Change in Sales" not in text  # not reportable
    every_text = "\n".join(page.extract_text() for page in PdfReader(every).pages)
    assert "Change in Sales" in every_text
    assert seen["outcome"].ok
    assert printed.read_bytes() == every.read_bytes()
    assert not list(tmp_path.glob("*.part"))


# -- milestone processing --------------------------------------------------------------------------------------------
def test_milestone_processing_from_the_tools_menu(
    qtbot: QtBot, open_window: WindowFactory, make_client, db: Database, modals: Modals
) -> None:
    long_ago = (date.today() - timedelta(days=800)).isoformat()
    old = make_client("Old Start-up", company_status="S", date_established=long_ago, full_time_employees="1")
    new = make_client(
        "New Start-up", company_status="S", date_established=date.today().isoformat(), full_time_employees="1"
    )
    window = open_window()
    assert window.client_editor.client_id == new  # "New …" sorts first
    summary: list[str] = []
    modals.expect(
        "processingResult", lambda box: (summary.append(box.text()), box.button(QMessageBox.StandardButton.Ok).click())
    )
    window.action_run_processing.trigger()

    assert "1 client moved from Start-up to In Business" in summary[0]
    assert "Old Start-up" in summary[0]
    assert stored(db, old).company_status == "B"
    assert stored(db, new).company_status == "S"
    qtbot.waitUntil(lambda: list_cell(window, old, COL_STATUS) == "In business")  # the short label (issue 13)
    assert list_cell(window, new, COL_NAME) == "New Start-up"
