"""Home: shown at start and by Ctrl+1 with the counselor's figures; Export…; recently opened clients."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from gui_drivers import answer
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QPushButton, QWidget

from neodesk.models import CounselingSession, Database
from neodesk.services.home import fiscal_year
from neodesk.ui.home_view import CLIENT_ROLE, HomeView
from neodesk.ui.main_window import MainWindow


def _home(window: MainWindow) -> HomeView:
    home = window.findChild(QWidget, "HomeView")
    assert isinstance(home, HomeView)
    return home


def _add_session(db: Database, client_id: uuid.UUID, me: uuid.UUID, minutes: int) -> None:
    from neodesk.models import Counselor

    with db.unit_of_work() as s:
        s.add(
            CounselingSession(
                client_id=client_id,
                date=fiscal_year(date.today()).start,
                contact_type="PH",
                counseling_area="Other",
                contact_minutes=minutes,
                counselors=[s.get_one(Counselor, me)],
            )
        )


def test_home_shows_at_start_and_by_ctrl_1_with_figures(
    qtbot: Any,
    open_window: Callable[..., MainWindow],
    make_client: Callable[..., uuid.UUID],
    db: Database,
    me: uuid.UUID,
) -> None:
    first = make_client("Acme Bakery")
    second = make_client("Bolt Works")
    _add_session(db, first, me, 90)
    _add_session(db, second, me, 30)
    window = open_window(home=True)
    home = _home(window)
    assert window.right_stack.currentWidget() is home  # at start
    qtbot.waitUntil(lambda: home.page is not None)
    assert home.findChild(QLabel, "home.clientsCounseled").text() == "2"
    assert home.findChild(QLabel, "home.hours").text() == "2.0"
    window.client_editor.tabs.setFocus()
    window.right_stack.setCurrentWidget(window.client_editor)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.client_editor.tabs, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.right_stack.currentWidget() is home
    assert window.action_home.shortcut().toString() == "Ctrl+1"
    qtbot.waitUntil(lambda: not home.loading)


def test_home_export_button_opens_the_export_dialog(
    qtbot: Any, open_window: Callable[..., MainWindow], make_client: Callable[..., uuid.UUID]
) -> None:
    make_client("Acme Bakery")
    window = open_window()
    home = _home(window)
    qtbot.waitUntil(lambda: home.page is not None)
    assert "changed since the last export" in home.findChild(QLabel, "home.unexported").text()
    seen = answer("ExportDialog", lambda dialog: dialog.reject())
    qtbot.mouseClick(home.findChild(QPushButton, "home.export"), Qt.MouseButton.LeftButton)
    assert seen.answered


def test_a_recent_client_click_opens_it(
    qtbot: Any, open_window: Callable[..., MainWindow], make_client: Callable[..., uuid.UUID]
) -> None:
    make_client("Acme Bakery")
    bolt = make_client("Bolt Works")
    window = open_window(home=True)
    home = _home(window)
    window.open_client_from_home(bolt)  # as a click on Home would: remembered as recently opened
    assert window.client_editor.client_id == bolt
    window.show_home()
    qtbot.waitUntil(lambda: home.page is not None and len(home.page.recent) == 1)
    window.client_list.select_client(window.client_list.model.client_id(0))  # Acme, in the editor behind Home
    window.show_home()
    qtbot.waitUntil(lambda: not home.loading and home.page is not None and len(home.page.recent) == 2)
    recent = home.findChild(QListWidget, "home.recent")
    item = next(recent.item(i) for i in range(recent.count()) if recent.item(i).data(CLIENT_ROLE) == bolt)
    qtbot.mouseClick(recent.viewport(), Qt.MouseButton.LeftButton, pos=recent.visualItemRect(item).center())
    assert window.client_editor.client_id == bolt
    assert window.right_stack.currentWidget() is window.client_editor
    assert "Bolt Works" in window.client_editor.header.text()


def test_home_notes_use_the_lists_short_status_with_the_full_one_in_the_tooltip(
    qtbot: Any, open_window: Callable[..., MainWindow], make_client: Callable[..., uuid.UUID]
) -> None:
    from neodesk.catalog.picklists import label
    from neodesk.catalog.short_labels import short_label

    acme = make_client("Acme Bakery", company_status="P")
    window = open_window(home=True)
    home = _home(window)
    window.open_client_from_home(acme)  # remembered as recently opened
    window.show_home()
    qtbot.waitUntil(lambda: not home.loading and home.page is not None and len(home.page.recent) == 1)
    recent = home.findChild(QListWidget, "home.recent")
    item = recent.item(0)
    short, full = short_label("company_status", "P"), label("company_status", "P")
    assert short != full  # "Pre-venture" vs "Pre-venture/Nascent"
    assert item.text() == f"Acme Bakery · client {home.page.recent[0].client_no} — {short}"
    assert full in item.toolTip()


def test_home_lists_cut_long_lines_in_the_middle_so_the_reason_stays_readable(
    qtbot: Any, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window(home=True)
    home = _home(window)
    for name in ("home.followups", "home.milestonesDue", "home.recent"):
        listed = home.findChild(QListWidget, name)
        assert listed is not None, name
        assert listed.textElideMode() == Qt.TextElideMode.ElideMiddle, name
