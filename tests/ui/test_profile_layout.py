"""Issue 13, "Screens that fight the user": the Profile starts with who the client is and how to reach it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from neodesk.catalog.fields import CLIENT_FIELDS
from neodesk.catalog.profile_groups import PROFILE_GROUPS
from neodesk.ui.main_window import MainWindow


def test_every_client_field_sits_in_exactly_one_profile_group() -> None:
    placed = [key for group in PROFILE_GROUPS for key in group.fields]
    assert sorted(placed) == sorted(f.key for f in CLIENT_FIELDS)
    assert len(placed) == len(set(placed))


def test_name_status_contact_and_address_come_first() -> None:
    first = PROFILE_GROUPS[0].fields
    for key in ("name", "company_status", "contact_email", "contact_phone", "street", "city", "zip"):
        assert key in first


def test_profile_opens_with_the_contact_group_first_and_company_name_focused(
    qtbot: QtBot, open_window: Callable[[], MainWindow], make_client: Callable[..., object]
) -> None:
    make_client()
    window = open_window()
    editor = window.client_editor
    editor.profile_scroll.verticalScrollBar().setValue(editor.profile_scroll.verticalScrollBar().maximum())
    window.action_new_client.trigger()
    groups = editor.profile_page.groups
    assert groups[0].objectName() == "group.client"
    names = [e.objectName() for _, e in groups[0].pairs]
    assert names[0] == editor.editors["name"].container.objectName()
    first_group_fields = {editor.editors[k].widget.objectName() for k in PROFILE_GROUPS[0].fields}
    assert {"field.name", "field.company_status", "field.contact_email", "field.street"} <= first_group_fields
    assert groups[0].isAncestorOf(window.findChild(QWidget, "field.contact_phone"))
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.findChild(QWidget, "field.name"))
    assert editor.profile_scroll.verticalScrollBar().value() == 0


def test_profile_uses_two_columns_when_wide_and_one_when_narrow(
    qtbot: QtBot, open_window: Callable[[], MainWindow], make_client: Callable[..., object]
) -> None:
    make_client()
    window = open_window()
    page = window.client_editor.profile_page
    page.resize(page.two_column_width + 40, page.height())
    assert page.columns() == 2
    name_box = page.groups[0]
    status = window.findChild(QWidget, "field.company_status")
    index = name_box.grid.indexOf(status.parentWidget())
    assert name_box.grid.getItemPosition(index)[:2] == (0, 3)  # beside Company Name
    page.resize(page.two_column_width - 40, page.height())
    assert page.columns() == 1
    index = name_box.grid.indexOf(status.parentWidget())
    assert name_box.grid.getItemPosition(index)[:2] == (1, 1)  # under it


def test_profile_index_jumps_to_a_group(
    qtbot: QtBot, open_window: Callable[[], MainWindow], make_client: Callable[..., object]
) -> None:
    make_client()
    window = open_window()
    editor = window.client_editor
    window.resize(1000, 600)
    index = window.findChild(QLabel, "profileIndex")
    assert 'href="govcon"' in index.text()
    assert index.keys() == [g.key for g in PROFILE_GROUPS]
    index.linkActivated.emit("govcon")
    box = window.findChild(QWidget, "group.govcon")
    bar = editor.profile_scroll.verticalScrollBar()
    assert bar.value() > 0
    assert bar.value() == min(box.y(), bar.maximum())


def test_a_refused_save_does_not_move_the_fields_under_the_mouse(
    qtbot: QtBot, open_window: Callable[[], MainWindow], make_client: Callable[..., object]
) -> None:
    make_client()
    window = open_window()
    editor = window.client_editor
    name = window.findChild(QWidget, "field.name")
    zip_field = window.findChild(QWidget, "field.zip")
    before = (name.mapTo(window, name.rect().topLeft()), zip_field.mapTo(window, zip_field.rect().topLeft()))
    zip_field.setText("1234")  # not a ZIP code: the save is refused with a message
    editor.save()
    QApplication.processEvents()
    assert editor.messages.text
    after = (name.mapTo(window, name.rect().topLeft()), zip_field.mapTo(window, zip_field.rect().topLeft()))
    assert after[0] == before[0]
    assert after[1].y() == before[1].y()
