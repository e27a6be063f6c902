"""Administration dialogs (screens.md "Administration"), reached from the main window's Admin menu.

Each entry point runs its dialog modally and returns True when something was saved, so the caller
can refresh what it shows (picklists, milestone type names, counselors). `counselor` is the signed-in
counselor or their id; a counselor who is not an administrator gets the dialog read-only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from neodesk.ui.admin.admin_dialog import Actor, AdminDialog
from neodesk.ui.admin.counselors import CounselorsDialog
from neodesk.ui.admin.funding import CentersDialog, FundingSourcesDialog
from neodesk.ui.admin.milestone_types import MilestoneTypesDialog
from neodesk.ui.admin.picklists import PicklistsDialog
from neodesk.ui.admin.readiness import ReadinessRequirementsDialog
from neodesk.ui.admin.settings import SettingsDialog

if TYPE_CHECKING:
    from neodesk.models import Database


def _run(dialog: AdminDialog) -> bool:
    dialog.exec()
    changed = dialog.changed
    dialog.deleteLater()
    return changed


def open_settings(parent: QWidget | None, db: Database, counselor: Actor) -> bool:
    return _run(SettingsDialog(db, counselor, parent))


def open_milestone_types(parent: QWidget | None, db: Database, counselor: Actor) -> bool:
    return _run(MilestoneTypesDialog(db, counselor, parent))


def open_readiness_requirements(parent: QWidget | None, db: Database, counselor: Actor) -> bool:
    return _run(ReadinessRequirementsDialog(db, counselor, parent))


def open_picklists(parent: QWidget | None, db: Database, counselor: Actor) -> bool:
    return _run(PicklistsDialog(db, counselor, parent))


def open_counselors(parent: QWidget | None, db: Database, counselor: Actor) -> bool:
    return _run(CounselorsDialog(db, counselor, parent))


def open_funding_sources(parent: QWidget | None, db: Database, counselor: Actor) -> bool:
    return _run(FundingSourcesDialog(db, counselor, parent))


def open_centers(parent: QWidget | None, db: Database, counselor: Actor) -> bool:
    return _run(CentersDialog(db, counselor, parent))


__all__ = [
    "AdminDialog",
    "CentersDialog",
    "CounselorsDialog",
    "FundingSourcesDialog",
    "MilestoneTypesDialog",
    "PicklistsDialog",
    "ReadinessRequirementsDialog",
    "SettingsDialog",
    "open_centers",
    "open_counselors",
    "open_funding_sources",
    "open_milestone_types",
    "open_picklists",
    "open_readiness_requirements",
    "open_settings",
]
