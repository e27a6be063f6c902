"""The main window's menus as a table: each action's object name, text, shortcut, command, and whether
it needs an administrator or writes records; then which menu shows which actions.

Object names (`action.<name>`) and shortcuts are a contract (screens.md, the tests, the user guide).
`writes` marks what a read-only window disables (neodesk.ui.read_only_mode); `admin_entry` names the
administration dialog (neodesk.ui.admin) an Admin action opens through the one launcher,
WindowCommands.administer, and `admin_writes` what such a dialog may change, for the change bus.
The Agreements menu's actions come from neodesk.ui.agreement_menu.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWhatsThis

from neodesk.services.changes import Kind
from neodesk.ui.agreement_menu import agreement_actions, process_at_start

if TYPE_CHECKING:
    from neodesk.ui.main_window import MainWindow
    from neodesk.ui.window_commands import WindowCommands


@dataclass(frozen=True, slots=True)
class ActionSpec:
    name: str  # the object name is action.<name>
    text: str
    attr: str  # the window's attribute for it (window.action_new_milestone …)
    command: str = ""  # the WindowCommands method it runs (admin actions: administer)
    shortcut: str = ""  # a key sequence ("Ctrl+M"), or a QKeySequence.StandardKey name in `standard_key`
    standard_key: str = ""  # "New", "Print", "Quit": the platform's own keys
    tip: str = ""
    writes: bool = False  # writes records: disabled while the database is read-only
    admin_entry: str = ""  # an Admin action: the neodesk.ui.admin function that opens its dialog
    admin_writes: tuple[Kind, ...] = ()  # what that dialog may change


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("newClient", "New &Client", "action_new_client", "new_client", standard_key="New", writes=True),
    ActionSpec(
        "export",
        "&Export…",
        "action_export",
        "export_records",
        "Ctrl+E",
        tip="A bundle for the central office, or the SBA counseling upload",
    ),
    ActionSpec(
        "printMilestoneReport",
        "&Print Milestone Report…",
        "action_print_report",
        "print_milestone_report",
        standard_key="Print",
    ),
    ActionSpec(
        "impactReport",
        "&Impact report…",
        "action_impact_report",
        "impact_report",
        tip="Impacts across clients for a period, by counselor or funding source",
    ),
    ActionSpec("quit", "&Quit", "action_quit", "quit", standard_key="Quit"),
    ActionSpec("newMilestone", "&Milestone…", "action_new_milestone", "new_milestone", "Ctrl+M", writes=True),
    ActionSpec("newSession", "Counseling &Session…", "action_new_session", "new_session", "Ctrl+Shift+S", writes=True),
    ActionSpec(
        "runMilestoneProcessing",
        "&Run milestone processing",
        "action_run_processing",
        "run_milestone_processing",
        writes=True,
    ),
    ActionSpec("checkDatabase", "&Check database", "action_check_db", "check_database"),
    ActionSpec("backUpNow", "&Back up now", "action_backup", "back_up_now"),
    ActionSpec(
        "restoreBackup",
        "&Restore backup…",
        "action_restore",
        "restore_backup",
        tip="Replace this database with a backup (the current file is kept aside)",
    ),
    ActionSpec("settings", "&Settings…", "action_settings", admin_entry="open_settings", admin_writes=(Kind.SETTING,)),
    ActionSpec(
        "milestoneTypes",
        "&Milestone types…",
        "action_milestone_types",
        admin_entry="open_milestone_types",
        admin_writes=(Kind.PICKLIST,),  # type names are choices wherever milestones show
    ),
    ActionSpec(
        "picklists", "&Picklists…", "action_picklists", admin_entry="open_picklists", admin_writes=(Kind.PICKLIST,)
    ),
    ActionSpec(
        "counselors",
        "&Counselors…",
        "action_counselors",
        admin_entry="open_counselors",
        admin_writes=(Kind.COUNSELOR,),
    ),
    ActionSpec(
        "fundingSources",
        "&Funding sources…",
        "action_funding",
        admin_entry="open_funding_sources",
        admin_writes=(Kind.PICKLIST,),
    ),
    ActionSpec("centers", "C&enters…", "action_centers", admin_entry="open_centers", admin_writes=(Kind.CENTER,)),
    ActionSpec(
        "readinessRequirements",
        "&Readiness requirements…",
        "action_readiness_requirements",
        admin_entry="open_readiness_requirements",
        admin_writes=(Kind.SETTING,),
    ),
    ActionSpec("about", "&About NeoDesk…", "action_about", "about"),
    ActionSpec("dataFolder", "&Data folder location", "action_data_folder", "show_data_folder"),
    ActionSpec("home", "&Home", "action_home", "show_home", "Ctrl+1"),
    ActionSpec("userGuide", "&User guide", "action_user_guide", "show_user_guide", "F1"),
)

ACTIONS_BY_NAME = {spec.name: spec for spec in ACTIONS}
# What a read-only window disables (Export and Tools ▸ Restore backup… stay: they do not write, or repair).
WRITING_ACTIONS = tuple(spec.name for spec in ACTIONS if spec.writes)
WHATS_THIS = "whatsThis"  # Help ▸ What's This? (Shift+F1): Qt's own action

# Each menu's actions by name, in order; None is a separator. The Agreements menu: agreement_menu.
MENUS: dict[str, tuple[str | None, ...]] = {
    "file": ("newClient", "export", "printMilestoneReport", None, "quit"),
    "new": ("newClient", "newMilestone", "newSession"),
    "view": ("home",),
    "reports": ("printMilestoneReport", "impactReport"),
    "tools": ("runMilestoneProcessing", None, "checkDatabase", "backUpNow", "restoreBackup"),
    "admin": (
        "settings",
        "milestoneTypes",
        "readinessRequirements",
        "picklists",
        "counselors",
        "fundingSources",
        "centers",
    ),
    "help": ("userGuide", WHATS_THIS, None, "about", "dataFolder"),
}


def _key(spec: ActionSpec) -> QKeySequence | None:
    if spec.standard_key:
        return QKeySequence(getattr(QKeySequence.StandardKey, spec.standard_key))
    return QKeySequence(spec.shortcut) if spec.shortcut else None


def make_action(
    window: MainWindow,
    text: str,
    name: str,
    slot: Callable[[], object],
    shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
) -> QAction:
    """One window action: named action.<name>, its shortcut working wherever the focus is in the window."""
    action = QAction(text, window)
    action.setObjectName(f"action.{name}")
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(lambda _checked=False: slot())
    window.addAction(action)
    return action


def _runner(commands: WindowCommands, spec: ActionSpec) -> Callable[[], object]:
    if spec.admin_entry:
        return lambda: commands.administer(spec.admin_entry, spec.admin_writes)
    method: Callable[[], object] = getattr(commands, spec.command)
    return method


def build_actions(window: MainWindow, commands: WindowCommands) -> dict[str, QAction]:
    """Every action of the table (and What's This), as window attributes too; then the menus filled."""
    actions: dict[str, QAction] = {}
    for spec in ACTIONS:
        action = make_action(window, spec.text, spec.name, _runner(commands, spec), _key(spec))
        if spec.tip:
            action.setToolTip(spec.tip)
        setattr(window, spec.attr, action)
        actions[spec.name] = action
    whats_this: QAction = QWhatsThis.createAction(window)  # Shift+F1, then click a field
    whats_this.setObjectName(f"action.{WHATS_THIS}")
    window.addAction(whats_this)
    window.action_whats_this = whats_this  # type: ignore[attr-defined]
    actions[WHATS_THIS] = whats_this
    for menu_name, names in MENUS.items():
        menu = window.menus[menu_name]
        for name in names:
            if name is None:
                menu.addSeparator()
            else:
                menu.addAction(actions[name])
    window.admin_menu.menuAction().setVisible(window.context.is_admin)
    agreements = window.menus["agreements"]
    for item in agreement_actions(window, lambda *args: make_action(window, *args)):
        if item is None:
            agreements.addSeparator()
        else:
            agreements.addAction(item)
    return actions


def start_agreement_processing(window: MainWindow) -> None:
    """Agreements' once-a-day processing (agreements.md §3), after the window is up."""
    process_at_start(window)
