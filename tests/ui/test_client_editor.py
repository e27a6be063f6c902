"""The client editor: editing by object name, saving, reverting, refusing bad input, unsaved-edit questions."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from gui_drivers import answer, click_named, click_standard
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QMessageBox, QPushButton, QWidget
from sqlalchemy import update

from neodesk.catalog.fields import CLIENT_FIELDS
from neodesk.models import Database, PicklistValue
from neodesk.services.clients import get_client
from neodesk.ui.client_editor import ClientEditor
from neodesk.ui.field_editors import IN_BUSINESS_REASON
from neodesk.ui.input_widgets import locale_to_iso
from neodesk.ui.main_window import MainWindow

WindowFactory = Callable[[], MainWindow]


def field(window: MainWindow, key: str) -> QWidget:
    widget = window.findChild(QWidget, f"field.{key}")
    assert widget is not None, key
    return widget


def choose(combo: QWidget, code: str) -> None:
    assert isinstance(combo, QComboBox)
    index = combo.findData(code)
    assert index >= 0, code
    combo.setCurrentIndex(index)


def stored(db: Database, client_id: uuid.UUID) -> dict[str, object]:
    with db.reading() as tx:
        client = get_client(tx, client_id)
        return {f.key: getattr(client, f.key) for f in CLIENT_FIELDS} | {"revision": client.revision}


def click_save(qtbot, window: MainWindow) -> None:
    qtbot.mouseClick(window.findChild(QPushButton, "saveClient"), Qt.MouseButton.LeftButton)


def test_every_field_has_an_editor_named_by_its_key(open_window: WindowFactory, make_client) -> None:
    make_client()
    window = open_window()
    for spec in CLIENT_FIELDS:
        widget = field(window, spec.key)
        assert widget.accessibleName() == spec.label
        assert widget.accessibleIdentifier() == f"field.{spec.key}"
    for tab in ("tab.profile", "tab.milestones", "tab.sessions", "tab.readiness"):
        assert window.findChild(QWidget, tab) is not None, tab
    warning = window.findChild(QWidget, "editorWarning")
    assert warning is not None
    assert warning.isHidden()


def test_edit_and_save_writes_the_database(qtbot, open_window: WindowFactory, make_client, db: Database) -> None:
    client_id = make_client("Acme Bakery", company_status="B", date_established="2020-01-15")
    window = open_window()
    field(window, "city").setText("Austin")
    field(window, "zip").setText("78701-1234")
    field(window, "full_time_employees").setText("12")
    field(window, "gross_sales").setText("1,250,000.50")
    field(window, "profits").setText("-2500")
    field(window, "gross_sales_date").setText("2024-06-30")
    field(window, "export_countries").setText("ca, mx")
    field(window, "naics_codes").setText("541511, 311811")
    choose(field(window, "ownership_gender"), "F")
    choose(field(window, "state"), "TX")
    field(window, "online_business").setChecked(True)
    assert window.client_editor.is_dirty()
    assert window.isWindowModified()
    # New export countries raise P10 (not a growth prompt, so even a same-day client is asked).
    prompt = answer("SyncPrompt", click_named("syncNo"))
    click_save(qtbot, window)
    assert prompt.answered

    saved = stored(db, client_id)
    assert saved["city"] == "Austin"
    assert saved["zip"] == "78701-1234"
    assert saved["full_time_employees"] == 12
    assert saved["gross_sales"] == Decimal("1250000.50")
    assert saved["profits"] == Decimal("-2500.00")
    assert saved["gross_sales_date"] == date(2024, 6, 30)
    assert saved["export_countries"] == frozenset({"CA", "MX"})
    assert saved["naics_codes"] == ("541511", "311811")
    assert saved["ownership_gender"] == "F"
    assert saved["state"] == "TX"
    assert saved["online_business"] is True
    assert not window.client_editor.is_dirty()
    assert not window.isWindowModified()
    assert field(window, "gross_sales").text() == "1,250,000.50"  # reloaded as stored


def test_save_sends_only_the_edited_fields(qtbot, open_window: WindowFactory, make_client, db: Database) -> None:
    client_id = make_client("Acme Bakery", city="Austin")
    window = open_window()
    assert window.client_editor.gathered_values() == {}
    field(window, "city").setText("Dallas")
    assert window.client_editor.gathered_values() == {"city": "Dallas"}
    click_save(qtbot, window)
    assert stored(db, client_id)["city"] == "Dallas"


def test_revert_restores_the_stored_values(qtbot, open_window: WindowFactory, make_client, db: Database) -> None:
    client_id = make_client("Acme Bakery", city="Austin")
    window = open_window()
    field(window, "city").setText("Dallas")
    choose(field(window, "hubzone"), "Y")
    revert = window.findChild(QPushButton, "revertClient")
    assert revert.isEnabled()
    qtbot.mouseClick(revert, Qt.MouseButton.LeftButton)
    assert field(window, "city").text() == "Austin"
    assert field(window, "hubzone").currentData() is None
    assert not window.client_editor.is_dirty()
    assert not revert.isEnabled()
    assert stored(db, client_id)["city"] == "Austin"


@pytest.mark.parametrize(
    ("key", "typed", "words"),
    [
        ("zip", "12", "ZIP"),
        ("gross_sales", "12.345", "two decimals"),
        ("uei", "abc", "SAM Unique Entity ID"),
        ("women_ownership_pct", "120", "from 0 to 100"),
        ("date_established", "31/31/2020", "YYYY-MM-DD"),
    ],
)
def test_invalid_input_is_marked_and_nothing_is_written(
    qtbot, open_window: WindowFactory, make_client, db: Database, key: str, typed: str, words: str
) -> None:
    client_id = make_client("Acme Bakery", company_status="B", date_established="2020-01-15")
    before = stored(db, client_id)
    window = open_window()
    field(window, "city").setText("Dallas")
    field(window, key).setText(typed)
    click_save(qtbot, window)

    widget = field(window, key)
    assert widget.property("invalid") is True
    problem = window.findChild(QLabel, f"problem.{key}")
    assert problem.isVisible()
    assert words in problem.text()
    assert words in widget.toolTip()
    assert stored(db, client_id) == before  # not even the valid city edit was written
    assert widget.text() == typed
    assert field(window, "city").text() == "Dallas"
    messages = window.findChild(QLabel, "editorMessages.text")
    assert messages.isVisible()
    assert "Not saved" in messages.text()


def test_every_problem_is_shown_at_once_and_cleared_after_a_fix(
    qtbot, open_window: WindowFactory, make_client, db: Database
) -> None:
    client_id = make_client("Acme Bakery")
    window = open_window()
    for key, typed in (("zip", "12"), ("uei", "abc"), ("contact_email", "nobody")):
        field(window, key).setText(typed)
    click_save(qtbot, window)
    assert all(field(window, k).property("invalid") for k in ("zip", "uei", "contact_email"))
    field(window, "zip").setText("78701")
    field(window, "uei").setText("ABCDEFGHJKLM")
    field(window, "contact_email").setText("owner@acme.example")
    click_save(qtbot, window)
    assert not any(field(window, k).property("invalid") for k in ("zip", "uei", "contact_email"))
    assert stored(db, client_id)["uei"] == "ABCDEFGHJKLM"


def test_a_field_is_checked_when_the_user_leaves_it(qtbot, open_window: WindowFactory, make_client) -> None:
    make_client()
    window = open_window()
    zip_edit = field(window, "zip")
    assert isinstance(zip_edit, QLineEdit)
    zip_edit.setText("12")
    zip_edit.editingFinished.emit()
    assert zip_edit.property("invalid") is True
    zip_edit.setText("12345")
    zip_edit.editingFinished.emit()
    assert zip_edit.property("invalid") is False


def test_warnings_do_not_stop_the_save(qtbot, open_window: WindowFactory, make_client, db: Database) -> None:
    client_id = make_client("Acme Bakery", company_status="B", date_established="2020-01-15")
    window = open_window()
    field(window, "full_time_employees").setText("2")
    field(window, "export_employees").setText("5")
    click_save(qtbot, window)
    assert stored(db, client_id)["export_employees"] == 5
    messages = window.findChild(QLabel, "editorMessages.text")
    assert messages.isVisible()
    assert "Export-Related Employees (5)" in messages.text()


def test_in_business_fields_follow_the_company_status(open_window: WindowFactory, make_client) -> None:
    make_client("Dreamer Co", company_status="P")
    window = open_window()
    staff = field(window, "full_time_employees")
    sales = field(window, "gross_sales")
    assert not staff.isEnabled()
    assert not sales.isEnabled()
    assert IN_BUSINESS_REASON in staff.toolTip()
    assert field(window, "city").isEnabled()
    choose(field(window, "company_status"), "S")
    assert staff.isEnabled()
    assert sales.isEnabled()
    assert IN_BUSINESS_REASON not in staff.toolTip()
    choose(field(window, "company_status"), "PC")
    assert not staff.isEnabled()


def test_status_change_to_start_up_saves_with_its_date(
    qtbot, open_window: WindowFactory, make_client, db: Database
) -> None:
    client_id = make_client("Dreamer Co", company_status="P")
    window = open_window()
    choose(field(window, "company_status"), "S")
    click_save(qtbot, window)
    assert field(window, "date_established").property("invalid") is True  # required once in business
    field(window, "date_established").setText(date.today().isoformat())
    field(window, "full_time_employees").setText("1")
    click_save(qtbot, window)
    saved = stored(db, client_id)
    assert (saved["company_status"], saved["full_time_employees"]) == ("S", 1)


def test_inactive_picklist_values_only_where_held(open_window: WindowFactory, make_client, db: Database) -> None:
    holder = make_client("Certified Co", ownership_gender="WB")
    make_client("Zed Co")
    with db.unit_of_work() as tx:
        tx.execute(
            update(PicklistValue)
            .where(PicklistValue.picklist == "ownership_gender", PicklistValue.code == "WB")
            .values(active=False)
        )
    window = open_window()
    assert window.client_editor.client_id == holder
    combo = field(window, "ownership_gender")
    assert combo.currentData() == "WB"
    assert "(inactive)" in combo.currentText()
    assert combo.itemData(0) is None  # optional: a blank entry
    window.client_list.view.selectRow(1)
    assert window.client_editor.header.text().startswith("Zed Co")
    assert combo.findData("WB") < 0
    assert combo.findData("F") >= 0


def test_dates_accept_iso_and_the_locale_format(qtbot, open_window: WindowFactory, make_client, db: Database) -> None:
    us = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    assert locale_to_iso("5/3/2024", us) == "2024-05-03"
    assert locale_to_iso("5/3/24", us) == "2024-05-03"
    assert locale_to_iso(" 2024-05-03 ", us) == "2024-05-03"
    assert locale_to_iso("soon", us) == "soon"
    german = QLocale(QLocale.Language.German, QLocale.Country.Germany)
    assert locale_to_iso("03.05.2024", german) == "2024-05-03"

    client_id = make_client("Acme Bakery")
    window = open_window()
    edit = field(window, "gender_certification_date")
    typed = QLocale().toString(date(2023, 2, 1), QLocale.FormatType.ShortFormat)
    edit.setText(typed)
    edit.editingFinished.emit()
    assert edit.text() == "2023-02-01"
    field(window, "signature_date").setText("")
    click_save(qtbot, window)
    assert stored(db, client_id)["gender_certification_date"] == date(2023, 2, 1)


def test_bool_fields_are_check_boxes(qtbot, open_window: WindowFactory, make_client, db: Database) -> None:
    client_id = make_client("Acme Bakery")
    window = open_window()
    box = field(window, "government_contracting")
    assert isinstance(box, QCheckBox)
    box.setChecked(True)
    click_save(qtbot, window)
    assert stored(db, client_id)["government_contracting"] is True


def test_code_set_editor_accepts_labels_with_spaces(
    qtbot, open_window: WindowFactory, make_client, db: Database
) -> None:
    client_id = make_client("Acme Bakery")
    window = open_window()
    field(window, "race").setText("Black or African American; White")
    click_save(qtbot, window)
    assert stored(db, client_id)["race"] == frozenset({"Black or African American", "White"})
    assert field(window, "race").text() == "Black or African American, White"


def test_switching_clients_asks_about_unsaved_edits(
    qtbot, open_window: WindowFactory, make_client, db: Database
) -> None:
    first = make_client("Acme Bakery", city="Austin")
    second = make_client("Bolt Hardware", city="Dallas")
    window = open_window()
    assert window.client_editor.client_id == first
    field(window, "city").setText("Houston")

    # Cancel: stay on the first client, keep the edit.
    reply = answer("unsavedEdits", click_standard(QMessageBox.StandardButton.Cancel))
    window.client_list.view.selectRow(1)
    assert reply.answered
    assert "Acme Bakery" in reply.seen[0]
    qtbot.waitUntil(lambda: window.client_list.view.currentIndex().row() == 0)
    assert window.client_editor.client_id == first
    assert field(window, "city").text() == "Houston"

    # Discard: move on, nothing written.
    reply = answer("unsavedEdits", click_standard(QMessageBox.StandardButton.Discard))
    window.client_list.view.selectRow(1)
    assert reply.answered
    assert window.client_editor.client_id == second
    assert field(window, "city").text() == "Dallas"
    assert stored(db, first)["city"] == "Austin"

    # Save: the edit is written, then the other client opens.
    field(window, "city").setText("El Paso")
    reply = answer("unsavedEdits", click_standard(QMessageBox.StandardButton.Save))
    window.client_list.view.selectRow(0)
    assert reply.answered
    assert stored(db, second)["city"] == "El Paso"
    assert window.client_editor.client_id == first
    qtbot.waitUntil(lambda: window.client_list.current_client_id == first)
    assert window.client_list.view.currentIndex().row() == 0


def test_a_refused_save_keeps_the_client_open(qtbot, open_window: WindowFactory, make_client, db: Database) -> None:
    first = make_client("Acme Bakery")
    make_client("Bolt Hardware")
    window = open_window()
    field(window, "zip").setText("12")
    reply = answer("unsavedEdits", click_standard(QMessageBox.StandardButton.Save))
    window.client_list.view.selectRow(1)
    assert reply.answered
    qtbot.waitUntil(lambda: window.client_list.view.currentIndex().row() == 0)
    assert window.client_editor.client_id == first
    assert field(window, "zip").property("invalid") is True
    assert field(window, "zip").text() == "12"


def test_closing_with_unsaved_edits_asks(qtbot, open_window: WindowFactory, make_client) -> None:
    make_client("Acme Bakery")
    window = open_window()
    field(window, "city").setText("Houston")
    reply = answer("unsavedEdits", click_standard(QMessageBox.StandardButton.Cancel))
    window.close()
    assert reply.answered
    assert window.isVisible()
    reply = answer("unsavedEdits", click_standard(QMessageBox.StandardButton.Discard))
    window.close()
    assert reply.answered
    assert not window.isVisible()


def test_warning_banner_shows_until_dismissed(qtbot, open_window: WindowFactory, make_client) -> None:
    make_client("Acme Bakery")
    make_client("Bolt Hardware")
    window = open_window()
    editor = window.findChild(ClientEditor, "ClientEditor")
    banner = window.findChild(QWidget, "editorWarning")
    editor.show_warning("Review the Export Countries of this client.")
    assert banner.isVisible()
    assert window.findChild(QLabel, "editorWarning.text").text() == "Review the Export Countries of this client."
    field(window, "city").setText("Austin")
    click_save(qtbot, window)
    assert banner.isVisible()  # saving the same client keeps it
    qtbot.mouseClick(window.findChild(QWidget, "editorWarning.dismiss"), Qt.MouseButton.LeftButton)
    assert not banner.isVisible()
    editor.show_warning("Another warning.")
    window.client_list.view.selectRow(1)
    assert editor.header.text().startswith("Bolt Hardware")
    assert not banner.isVisible()  # it was about the other client


def test_the_commit_step_can_be_replaced(qtbot, open_window: WindowFactory, make_client, db: Database) -> None:
    """The sync-prompt work overrides _commit; returning None means the user cancelled the save."""
    client_id = make_client("Acme Bakery", city="Austin")
    window = open_window()
    seen: list[dict[str, object]] = []

    def cancelled(values: dict[str, object]) -> None:
        seen.append(values)
        return

    window.client_editor._commit = cancelled  # type: ignore[method-assign]
    field(window, "city").setText("Dallas")
    assert window.client_editor.save() is False
    assert seen == [{"city": "Dallas"}]
    assert stored(db, client_id)["city"] == "Austin"
    assert field(window, "city").text() == "Dallas"
    assert window.client_editor.is_dirty()


def test_new_client_asks_about_unsaved_edits_first(qtbot, open_window: WindowFactory, make_client) -> None:
    first = make_client("Acme Bakery")
    window = open_window()
    field(window, "city").setText("Houston")
    reply = answer("unsavedEdits", click_standard(QMessageBox.StandardButton.Cancel))
    window.action_new_client.trigger()
    assert reply.answered
    assert window.client_editor.client_id == first
    assert not window.client_editor.is_new
    assert field(window, "city").text() == "Houston"
