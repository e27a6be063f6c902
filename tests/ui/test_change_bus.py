"""What a command changed reaches the views that show it (neodesk.ui.change_bus), and the menus are
built from one action table (neodesk.ui.window_actions)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu

from neodesk.models import Counselor, Database
from neodesk.services.changes import Changes, Kind
from neodesk.ui.change_bus import ChangeBus
from neodesk.ui.main_window import MainWindow
from neodesk.ui.window_actions import ACTIONS, MENUS, WHATS_THIS


def test_a_listener_hears_only_the_kinds_it_shows(qapp: object) -> None:
    bus = ChangeBus()
    heard: dict[str, list[tuple[Changes, object]]] = {"clients": [], "agreements": [], "all": []}
    bus.subscribe((Kind.CLIENT, Kind.MILESTONE), lambda c, s: heard["clients"].append((c, s)))
    bus.subscribe((Kind.AGREEMENT,), lambda c, s: heard["agreements"].append((c, s)))
    bus.subscribe((), lambda c, s: heard["all"].append((c, s)))
    client = uuid.uuid4()
    bus.publish(Changes.of(Kind.MILESTONE) | Changes.of(Kind.CLIENT, client), source="dialog")
    bus.publish(Changes.none(), source="nothing")  # wrote nothing: nobody is told
    assert [(c.ids(Kind.CLIENT), s) for c, s in heard["clients"]] == [(frozenset({client}), "dialog")]
    assert heard["agreements"] == []
    assert len(heard["all"]) == 1


def test_an_admin_change_published_refreshes_the_signed_in_line(
    open_window: Callable[[], MainWindow], db: Database, me: uuid.UUID
) -> None:
    window = open_window()
    with db.unit_of_work() as tx:
        tx.get_one(Counselor, me).name = "Renamed Administrator"
    window.changes.publish(Changes.of(Kind.COUNSELOR, me))
    assert window.findChild(QLabel, "statusCounselor").text() == "Signed in: Renamed Administrator (administrator)"


def test_a_write_of_the_open_client_reloads_the_editor_and_not_its_own_save(
    open_window: Callable[[], MainWindow], make_client: Callable[..., uuid.UUID], monkeypatch: pytest.MonkeyPatch
) -> None:
    client = make_client("Acme Bakery")
    window = open_window()
    assert window.client_editor.client_id == client
    loads: list[uuid.UUID] = []
    original = window.client_editor.load_client
    monkeypatch.setattr(window.client_editor, "load_client", lambda cid: loads.append(cid) or original(cid))
    window.changes.publish(Changes.of(Kind.CLIENT, uuid.uuid4()))  # another client: nothing to reload
    window.changes.publish(Changes.of(Kind.CLIENT, client), source=window.client_editor)  # its own save
    assert loads == []
    window.changes.publish(Changes.of(Kind.MILESTONE) | Changes.of(Kind.CLIENT, client))
    assert loads == [client]


def test_the_admin_launcher_publishes_what_the_dialog_may_change(
    open_window: Callable[[], MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    from neodesk.ui import admin

    window = open_window()
    monkeypatch.setattr(admin, "open_picklists", lambda parent, db, counselor: True)  # "saved something"
    heard: list[Changes] = []
    window.changes.subscribe((), lambda changes, _source: heard.append(changes))
    window.action_picklists.trigger()  # type: ignore[attr-defined]
    assert [sorted(c.records) for c in heard] == [[Kind.PICKLIST]]


def test_every_action_of_the_table_is_in_the_window_with_its_name_and_keys(
    open_window: Callable[[], MainWindow],
) -> None:
    window = open_window()
    for spec in ACTIONS:
        action = window.findChild(QAction, f"action.{spec.name}")
        assert action is not None, spec.name
        assert action is getattr(window, spec.attr)
        assert action.text() == spec.text
        if spec.shortcut:
            assert action.shortcut() == QKeySequence(spec.shortcut), spec.name
        elif spec.standard_key:
            assert action.shortcut() == QKeySequence(getattr(QKeySequence.StandardKey, spec.standard_key))
    for menu_name, names in MENUS.items():
        menu = window.findChild(QMenu, f"menu.{menu_name}")
        shown = [a.objectName() for a in menu.actions() if not a.isSeparator()]
        assert shown == [f"action.{n}" for n in names if n is not None], menu_name
    assert window.findChild(QAction, f"action.{WHATS_THIS}") is not None
