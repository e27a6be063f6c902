"""The complete main window's parts: the client editor, Home, the change bus, the menus' actions, and how
they are wired together.

neodesk.ui.main_window holds the window's shell; this module completes it (at once for a window built
in one go, right after the first paint for the app's start: neodesk.ui.start_up imports this module
then). Which view refreshes on which kinds of change is written down here, once, as the subscriptions
to the window's ChangeBus; the views do the refreshing themselves (their `on_changes`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QStackedWidget, QWidget

from neodesk.services.changes import Changes, Kind
from neodesk.services.client_pages import LIST_READS
from neodesk.ui.change_bus import ChangeBus
from neodesk.ui.client_editor import ClientEditor
from neodesk.ui.context import AppContext
from neodesk.ui.home_view import HomeView
from neodesk.ui.read_only_mode import show_read_only
from neodesk.ui.style import STYLE_SHEET
from neodesk.ui.table_fit import ElidedTipDelegate
from neodesk.ui.window_actions import build_actions, start_agreement_processing
from neodesk.ui.window_commands import WindowCommands, signed_in_text

if TYPE_CHECKING:
    from neodesk.ui.main_window import MainWindow

# What the client list shows: names, statuses, cities, counselors' names, last activity.
LIST_SHOWS = (Kind.CLIENT, Kind.MILESTONE, Kind.COUNSELING_SESSION, Kind.COUNSELOR)
# Whose writes change the editor: its client and activity, and the choices its fields offer.
EDITOR_SHOWS = (
    Kind.CLIENT,
    Kind.MILESTONE,
    Kind.COUNSELING_SESSION,
    Kind.AGREEMENT,
    Kind.PICKLIST,
    Kind.COUNSELOR,
    Kind.CENTER,
    Kind.SETTING,
)


def attach_list(window: MainWindow, context: AppContext) -> None:
    """The list's database side: its model reads through the list's use cases (once; a quick start
    attaches it in a slice of its own)."""
    window.client_list.attach(context.db, context.counselor_id, LIST_READS)


def prepare_editor(window: MainWindow, context: AppContext) -> None:
    """Build the client editor ahead of `complete` (the quick start gives it a turn of the event loop)."""
    window.prepared_editor = ClientEditor(context)


def complete(window: MainWindow, context: AppContext) -> None:
    """Everything beyond the shell: the list's database side, the editor, Home, actions, the change bus."""
    window.context = context
    # Its rules are for the editor and the dialogs; set here, it costs the shell's first paint nothing.
    window.setStyleSheet(STYLE_SHEET)
    client_list = window.client_list
    attach_list(window, context)
    client_list.view.setItemDelegate(ElidedTipDelegate(client_list.view))  # a cut-off cell's tooltip
    editor, window.prepared_editor = window.prepared_editor or ClientEditor(context), None
    window.client_editor = editor
    # The right-hand side: Home (at start, View ▸ Home) or the client editor (a client selected).
    window.home = HomeView(context.db, context.counselor_id, context.counselor_name)
    window.right_stack = QStackedWidget(objectName="rightStack")
    window.right_stack.addWidget(window.home)
    window.right_stack.addWidget(editor)
    _replace_placeholder(window, window.right_stack)

    window.changes = ChangeBus(window)
    commands = window.commands = WindowCommands(window)
    commands.actions = build_actions(window, commands)
    window.status_counselor.setText(signed_in_text(context.counselor_name, context.is_admin))
    if context.db.read_only_reason is not None:  # opened beside another NeoDesk (ui.single_instance)
        show_read_only(window, context.db.read_only_reason)
    _subscribe(window)
    _connect(window, commands)
    window.after_first_client(
        lambda: start_agreement_processing(window),  # once a day (agreements.md §3)
        lambda: _dock_tasks_panel(window, context),  # then the Tasks dock and its notice (§7)
        commands.update_status,  # counting every changed record walks the whole store (on a worker)
    )
    window.mark_complete()


def _dock_tasks_panel(window: MainWindow, context: AppContext) -> None:
    from neodesk.ui.tasks_panel import dock_tasks_panel  # with its reads: not needed before it docks

    dock_tasks_panel(window, context)


def _replace_placeholder(window: MainWindow, right: QWidget) -> None:
    sizes = window.splitter.sizes()
    placeholder = window.splitter.replaceWidget(1, right)
    if placeholder is not None:
        placeholder.deleteLater()
    window.splitter.setStretchFactor(1, 1)
    window.splitter.setSizes(sizes)


def _subscribe(window: MainWindow) -> None:
    """Which view refreshes on what (each view's on_changes does the refreshing)."""
    bus, commands = window.changes, window.commands
    bus.subscribe(LIST_SHOWS, window.client_list.on_changes)
    bus.subscribe(EDITOR_SHOWS, window.client_editor.on_changes)
    bus.subscribe(HomeView.SHOWS, window.home.on_changes)
    bus.subscribe((Kind.COUNSELOR,), lambda _changes, _source: commands.refresh_signed_in())
    bus.subscribe((Kind.AGREEMENT,), lambda _changes, _source: _reload_agreement_list(window))
    bus.subscribe((), lambda _changes, _source: commands.update_status())  # every write may be exported


def _reload_agreement_list(window: MainWindow) -> None:
    agreement_list = getattr(window, "agreement_list", None)  # Agreements ▸ Center agreements…, once opened
    if agreement_list is not None and agreement_list.isVisible():
        agreement_list.reload()


def _connect(window: MainWindow, commands: WindowCommands) -> None:
    editor, client_list = window.client_editor, window.client_list
    window.home.client_requested.connect(commands.open_client_from_home)
    window.home.export_requested.connect(window.action_export.trigger)  # type: ignore[attr-defined]
    client_list.view.clicked.connect(lambda _index: _editor_to_front(editor, commands))
    client_list.leave_guard = commands.leave_guard
    client_list.current_client_changed.connect(commands.show_client)
    editor.saved.connect(commands.on_saved)
    editor.wrote.connect(lambda changes, source: _publish(window, changes, source))
    editor.dirty_changed.connect(window.setWindowModified)
    editor.new_milestone_requested.connect(commands.new_milestone)
    editor.edit_milestone_requested.connect(commands.edit_milestone)


def _editor_to_front(editor: ClientEditor, commands: WindowCommands) -> None:
    if editor.has_client:  # a click on the list's current client brings it back from Home
        commands.show_editor()


def _publish(window: MainWindow, changes: Changes, source: object) -> None:
    window.changes.publish(changes, source)
