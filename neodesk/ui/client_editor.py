"""The client editor: Profile (every field, grouped), Milestones, Counseling and Contract Readiness tabs.

Saving is split in two: save() gathers the raw values and shows what comes back; _commit(values)
writes them through the client → milestone rules (save_client_with_sync), asking each sync prompt
through ``decider`` (a modal SyncPrompt unless a test or automation sets its own). The editor keeps the
revision and values it loaded (its base), so a save merges with what was saved elsewhere since and
asks about fields both changed (a modal EditConflictDialog unless ``conflict_resolver`` is set).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from neodesk.catalog.fields import CLIENT_FIELDS
from neodesk.catalog.picklists import is_in_business, label
from neodesk.catalog.profile_groups import PROFILE_GROUPS
from neodesk.services.changes import Changes, Kind
from neodesk.services.client_checks import new_client_defaults
from neodesk.services.client_form import load_client_form, profile_choices
from neodesk.services.client_sync import save_client_with_sync
from neodesk.services.clients import SaveResult
from neodesk.services.edit_merge import ConflictResolver, EditBase
from neodesk.services.errors import Conflict, FieldProblem, NotFound, ValidationFailed
from neodesk.services.reference import Choice
from neodesk.sync.deciding import Decider
from neodesk.sync.describe import field_label
from neodesk.sync.field_help import field_whats_this
from neodesk.ui import dialogs
from neodesk.ui.agreements import AgreementsTab
from neodesk.ui.context import AppContext
from neodesk.ui.duplicate_prompt import DuplicatePrompt
from neodesk.ui.edit_conflict_dialog import QtConflictResolver
from neodesk.ui.elided_label import ElidedLabel
from neodesk.ui.field_editors import ChoiceEditor, CodeSetEditor, FieldEditor, make_field_editor, repolish
from neodesk.ui.history_tab import HistoryTab
from neodesk.ui.milestones_tab import MilestonesTab
from neodesk.ui.profile_layout import ProfileIndex, ProfilePage, ReflowGroup
from neodesk.ui.readiness_tab import ReadinessTab
from neodesk.ui.sessions_tab import SessionsTab
from neodesk.ui.sync_prompt import QtDecider

TAB_PROFILE, TAB_MILESTONES, TAB_SESSIONS, TAB_READINESS = range(4)
CANCELLED_TEXT = "Not saved: the save was cancelled. Your edits are still here."


class _Bar(QFrame):
    """A message strip with a close button: the yellow warning banner and the save-result bar."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.label = QLabel(objectName=f"{object_name}.text", wordWrap=True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = QToolButton(objectName=f"{object_name}.dismiss", text="✕", autoRaise=True)
        self.close_button.setToolTip("Dismiss")
        self.close_button.setAccessibleName("Dismiss")
        self.close_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_text(self, text: str, level: str = "info") -> None:
        self.setProperty("level", level)
        repolish(self)
        self.label.setText(text)
        self.show()

    @property
    def text(self) -> str:
        """What the bar says while it is shown ("" when hidden)."""
        return "" if self.isHidden() else self.label.text()


class ClientEditor(QWidget):
    saved = Signal(object)  # the client's id, after a save wrote it
    dirty_changed = Signal(bool)
    new_milestone_requested = Signal()
    edit_milestone_requested = Signal(object)  # milestone id
    # What a write started here changed (neodesk.services.changes.Changes) and which part wrote it (the
    # editor, or one of its tabs); the main window broadcasts it (neodesk.ui.change_bus), on_changes hears it.
    wrote = Signal(object, object)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ClientEditor")
        self.setAccessibleName("Client editor")
        self._context = context
        self._decider: Decider | None = None
        self.conflict_resolver: ConflictResolver | None = None  # None: a modal EditConflictDialog
        self._base: EditBase | None = None  # the stored client's revision and values when loaded
        self._duplicates: DuplicatePrompt | None = None  # the last save's duplicate question
        self._client_id: uuid.UUID | None = None
        self._open = False  # a client (or a new one) is in the form
        self._name = ""
        self._dirty = False
        self._loading = False
        # Tabs read when next shown: the client changed while they were off screen (_load_tab).
        self._behind: set[ReadinessTab | AgreementsTab] = set()
        self.editors: dict[str, FieldEditor] = {}

        self.warning_banner = _Bar("editorWarning")
        self.messages = _Bar("editorMessages")
        self.header = ElidedLabel("No client selected", objectName="clientHeader")  # a long name must not widen
        self.tabs = QTabWidget(objectName="clientTabs")
        self.tabs.setDocumentMode(True)
        self.profile_scroll = QScrollArea(widgetResizable=True, objectName="profileScroll")
        self.profile_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.profile_scroll.setWidget(self._build_profile(self._choices()))
        self.profile_index = ProfileIndex(self.profile_scroll, self.profile_page)
        profile = QWidget(objectName="tab.profile")
        profile_column = QVBoxLayout(profile)
        profile_column.addWidget(self.profile_index)
        profile_column.addWidget(self.profile_scroll)
        profile_column.setContentsMargins(0, 0, 0, 0)
        self.milestones = MilestonesTab(context)
        self.milestones.setObjectName("tab.milestones")
        self.sessions = SessionsTab(context)
        self.sessions.setObjectName("tab.sessions")
        self.readiness = ReadinessTab(context.db, context.counselor_id)  # named tab.readiness itself
        # A milestone logged from the checklist reloads the client: unsaved edits are settled first.
        self.readiness.guard = self.settle_edits
        self.tabs.addTab(profile, "&Profile")
        self.tabs.addTab(self.milestones, "&Milestones")
        self.tabs.addTab(self.sessions, "&Counseling")
        self.tabs.addTab(self.readiness, "Contract &Readiness")
        self.agreements = AgreementsTab(context)  # named tab.agreements itself
        self.tabs.addTab(self.agreements, "A&greements")
        self.history = HistoryTab(context.db)  # named tab.history itself; read when first shown
        self.tabs.addTab(self.history, "&History")

        self.revert_button = QPushButton("Revert", objectName="revertClient", toolTip="Discard the unsaved edits")
        self.save_button = QPushButton("Save", objectName="saveClient", toolTip="Save the client (Ctrl+S)")
        self.save_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Save))
        self.save_button.setDefault(True)
        self.revert_button.clicked.connect(self.revert)
        self.save_button.clicked.connect(self.save)
        self.milestones.new_requested.connect(self.new_milestone_requested)
        self.milestones.edit_requested.connect(self.edit_milestone_requested)
        self.milestones.changed.connect(lambda: self._tab_wrote(Kind.MILESTONE, self.milestones))
        self.sessions.changed.connect(lambda: self._tab_wrote(Kind.COUNSELING_SESSION, self.sessions))
        self.readiness.changed.connect(self._on_readiness_changed)
        # A deleted step is no longer done.
        self.milestones.changed.connect(lambda: self._load_tab(self.readiness))
        for tab in (self.readiness, self.agreements):
            tab.installEventFilter(self)  # their Show: read what changed while they were off screen

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addWidget(self.warning_banner)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        # Under the form, above Save: a save's message does not push the fields down under the mouse.
        layout.addWidget(self.messages)
        layout.addLayout(buttons)
        self._show_state()

    # -- building ----------------------------------------------------------------------------------------------
    def _choices(self) -> dict[str, Sequence[Choice]]:
        return dict(profile_choices(self._context.db))

    def _build_profile(self, choices: dict[str, Sequence[Choice]]) -> QWidget:
        # The groups and their order are catalog/profile_groups.py's; profile_layout lays them out.
        page = ProfilePage()
        specs = {spec.key: spec for spec in CLIENT_FIELDS}
        captions: list[QLabel] = []
        for group in PROFILE_GROUPS:
            box = ReflowGroup(group)
            page.add_group(box)
            for key in group.fields:
                spec = specs[key]
                editor = make_field_editor(spec, choices)
                self.editors[spec.key] = editor
                if (whats_this := field_whats_this(spec.key)) is not None:  # Shift+F1: the milestone it proposes
                    editor.widget.setWhatsThis(whats_this)
                caption = QLabel(spec.label + ("*" if spec.required else ""))
                caption.setBuddy(editor.widget)
                captions.append(caption)
                box.add_pair(caption, editor.container)
                editor.connect_changed(self._on_edited)
        page.finish(captions)
        self.profile_page = page
        self.editors["company_status"].connect_changed(self._update_in_business)
        self.editors["company_status"].connect_changed(self._ask_for_date_established)
        established = self.editors["date_established"]
        established.connect_changed(self._ask_for_date_established)
        # The field's own check clears its line when the focus leaves it: ask again after that.
        established.widget.editingFinished.connect(self._ask_for_date_established)  # type: ignore[attr-defined]
        return page

    def refresh_choices(self) -> None:
        """Re-read picklists, counselors and centers (after an administrator changed them), keeping edits."""
        choices = self._choices()
        for editor in self.editors.values():
            if isinstance(editor, ChoiceEditor | CodeSetEditor):
                editor.set_choices(choices.get(editor.spec.picklist or editor.spec.key))

    @property
    def decider(self) -> Decider | None:
        """Who answers the sync prompts of a save and of the dialogs opened from here (None: a modal
        SyncPrompt per question); automation and tests may set their own."""
        return self._decider

    @decider.setter
    def decider(self, decider: Decider | None) -> None:
        self._decider = decider
        self.readiness.decider = decider

    # -- which client ------------------------------------------------------------------------------------------
    @property
    def client_id(self) -> uuid.UUID | None:
        return self._client_id

    @property
    def has_client(self) -> bool:
        return self._open

    @property
    def is_new(self) -> bool:
        return self._open and self._client_id is None

    def load_client(self, client_id: uuid.UUID) -> None:
        """Show a stored client (discarding whatever the form held: ask first with confirm_leave)."""
        form = load_client_form(self._context.db, client_id)
        values = dict(form.values)
        self._name = f"{form.name} · client {form.client_no}"
        self._base = form.base
        if client_id != self._client_id:
            self.warning_banner.hide()  # the banner is about the client it was raised for
            self.profile_scroll.verticalScrollBar().setValue(0)  # another client opens at its name
        self._client_id, self._open = client_id, True
        self._fill(values)
        self.milestones.load(client_id)
        self.sessions.load(client_id)
        self._load_tab(self.readiness)
        self._load_tab(self.agreements)
        self.history.load(client_id)

    def _load_tab(self, tab: ReadinessTab | AgreementsTab) -> None:
        """Show the open client in `tab`: read now when the tab is on screen, else when it is next shown.

        The checklist and the agreements are read for a client only once the counselor looks at them
        (as History is): opening a client reads the form and the two activity lists, no more.
        """
        if tab.isVisible():
            self._behind.discard(tab)
            tab.load(self._client_id)
        else:
            self._behind.add(tab)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show:
            for tab in (self.readiness, self.agreements):
                if watched is tab and tab in self._behind:
                    self._load_tab(tab)
        return super().eventFilter(watched, event)

    def new_client(self) -> None:
        """A blank form with the defaults a new client gets."""
        self.warning_banner.hide()
        self._base = None
        self._client_id, self._open = None, True
        self._name = "New client"
        self._fill(new_client_defaults(self._context.db, self._context.counselor_id))
        self.milestones.load(None)
        self.sessions.load(None)
        self._load_tab(self.readiness)
        self._load_tab(self.agreements)
        self.history.load(None)
        self.tabs.setCurrentIndex(TAB_PROFILE)
        self.profile_scroll.verticalScrollBar().setValue(0)  # opens at the top, cursor in Company Name
        self.editors["name"].widget.setFocus()

    def clear(self) -> None:
        self.warning_banner.hide()
        self._base = None
        self._client_id, self._open, self._name = None, False, ""
        self._fill({})
        self.milestones.load(None)
        self.sessions.load(None)
        self._load_tab(self.readiness)
        self._load_tab(self.agreements)
        self.history.load(None)

    def _fill(self, values: dict[str, Any]) -> None:
        self.messages.hide()
        # Loading is not editing: no "is required" question (and no scroll to it) while fields fill in.
        self._loading = True
        try:
            for key, editor in self.editors.items():
                editor.load(values.get(key))
        finally:
            self._loading = False
        self._update_in_business()
        self._set_dirty(False)
        self._show_state()

    def _show_state(self) -> None:
        self.header.setText(self._name or "No client selected")
        self.tabs.setEnabled(self._open)
        self.save_button.setEnabled(self._open)
        self.revert_button.setEnabled(self._open and self._dirty)

    # -- edits -------------------------------------------------------------------------------------------------
    def _on_edited(self) -> None:
        if self._loading:  # a field filling in is no edit (and the others may still hold the last client)
            return
        self._set_dirty(self._open and any(e.is_modified() for e in self.editors.values()))

    def _set_dirty(self, dirty: bool) -> None:
        changed = dirty != self._dirty
        self._dirty = dirty
        self.revert_button.setEnabled(self._open and dirty)
        if changed:
            self.dirty_changed.emit(dirty)

    def is_dirty(self) -> bool:
        return self._dirty

    def _update_in_business(self) -> None:
        blocked = not is_in_business(self.editors["company_status"].raw())
        for editor in self.editors.values():
            if editor.spec.in_business_only:
                editor.set_blocked(blocked)

    def _ask_for_date_established(self) -> None:
        """A client who becomes Start-up / In Business needs its Date Established: say so at the field.

        Only while the status is being edited (the save refuses it anyway; this asks before Save).
        """
        if self._loading:
            return
        status, established = self.editors["company_status"], self.editors["date_established"]
        missing = (
            self._open
            and status.is_modified()
            and is_in_business(status.raw())
            and not str(established.raw() or "").strip()
        )
        if missing:
            established.set_problem(
                f"Date Company Established: is required when the Company Status is "
                f"{label('company_status', status.raw())}."
            )
            self.profile_scroll.ensureWidgetVisible(established.container)
        elif established.problem_text.startswith("Date Company Established: is required"):
            established.set_problem(None)

    def gathered_values(self) -> dict[str, Any]:
        """Raw values to save: every field of a new client, only the edited ones of a stored client."""
        if self.is_new:
            return {key: editor.raw() for key, editor in self.editors.items()}
        return {key: editor.raw() for key, editor in self.editors.items() if editor.is_modified()}

    # -- saving ------------------------------------------------------------------------------------------------
    def save(self) -> bool:
        """Validate and write the form; on refusal mark the fields and keep every typed value."""
        if not self._open:
            return False
        values = self.gathered_values()
        self.clear_problems()
        try:
            result = self._commit(values)
        except ValidationFailed as exc:
            self.show_problems(exc.problems)
            return False
        except (Conflict, NotFound) as exc:
            self.messages.show_text(f"Not saved: {exc}", "error")
            return False
        chosen = self._duplicates.chosen if self._duplicates is not None else None
        if result is None and chosen is not None:  # "Open the existing client": the typed new one is dropped
            self._set_dirty(False)
            self.load_client(chosen)
            self.saved.emit(chosen)
            return False
        if result is None:  # the commit step was cancelled by the user (e.g. Esc on a prompt)
            self.messages.show_text(CANCELLED_TEXT, "info")
            return False
        self.load_client(result.client_id)
        merged = ", ".join(field_label(key) for key in result.theirs_kept)
        merged_text = f"Saved with the changes saved elsewhere meanwhile: {merged}." if merged else ""
        if result.warnings:
            self.messages.show_text(
                "\n".join(filter(None, [merged_text, "Saved. Worth a second look:", *result.warnings])), "warning"
            )
        elif merged_text:
            self.messages.show_text(merged_text, "info")
        self.wrote.emit(result.changes, self)
        self.saved.emit(result.client_id)
        return True

    def _commit(self, values: dict[str, Any]) -> SaveResult | None:
        """Write the gathered values with the client → milestone rules; None when the user cancelled.

        Every prompt is answered before anything is written; the client and the accepted milestones
        are then committed together. Raises ValidationFailed / Conflict / NotFound as the services do.
        """
        self._duplicates = DuplicatePrompt(self)
        return save_client_with_sync(
            self._context.db,
            self._client_id,
            values,
            counselor_id=self._context.counselor_id,
            decider=self.decider or QtDecider(self),
            duplicates=self._duplicates,
            base=self._base,
            resolver=self.conflict_resolver or QtConflictResolver(self, "this client"),
        )

    def revert(self) -> None:
        """Throw the edits away and show the stored client again."""
        if self._client_id is not None:
            self.load_client(self._client_id)
        elif self._open:
            self.new_client()

    def confirm_leave(self) -> bool:
        """Before showing another client or closing: ask Save / Discard / Cancel when there are edits."""
        if not self._dirty:
            return True
        what = self.editors["name"].raw().strip() or "This client"
        choice = dialogs.ask_save_changes(self, what)
        if choice is dialogs.SaveChoice.SAVE:
            return self.save()
        if choice is dialogs.SaveChoice.DISCARD:
            self.revert()
            return True
        return False

    def settle_edits(self) -> bool:
        """Before a milestone dialog reloads the client: unsaved edits are saved or dropped first.

        True when the editor holds a stored client with nothing unsaved (asking Save / Discard /
        Cancel when there are edits, as when leaving the client).
        """
        if not self.confirm_leave():
            return False
        return self._client_id is not None

    def on_changes(self, changes: Changes, source: object) -> None:
        """A command wrote `changes` (neodesk.ui.change_bus): show what is stored now.

        Picklists, counselors, centers or settings: the choices and the tabs are read again, unsaved
        edits kept. A write touching this client (milestones change client fields, M1–M14) from a dialog,
        the readiness checklist or processing: the client is loaded again (those settle edits first).
        The editor's own save already shows the stored client; a milestone or session deleted in its
        tab changes no client field, so the form keeps its edits.
        """
        if changes.touches(Kind.PICKLIST, Kind.COUNSELOR, Kind.CENTER, Kind.SETTING):
            self.refresh_choices()
            if self._client_id is not None:
                self.milestones.reload()
                self.sessions.reload()
                self._load_tab(self.readiness)
        if self._client_id is None or source in (self, self.milestones, self.sessions):
            return
        if changes.touches(Kind.AGREEMENT):
            self._load_tab(self.agreements)
        if changes.touches_record(Kind.CLIENT, self._client_id):
            try:
                self.load_client(self._client_id)
            except NotFound:
                self.clear()

    def _tab_wrote(self, kind: Kind, tab: QWidget) -> None:
        if self._client_id is not None:
            self.wrote.emit(Changes.of(kind) | Changes.of(Kind.CLIENT, self._client_id), tab)

    def _on_readiness_changed(self) -> None:
        # The checklist logged (or edited) a milestone, its edits settled first: the client is reloaded.
        if self._client_id is None:
            return
        log = self.readiness.last_log
        written = Changes.of(Kind.MILESTONE) | Changes.of(Kind.CLIENT, self._client_id)
        self.wrote.emit(log.changes if log is not None else written, self.readiness)
        if log is not None and log.warnings:
            self.show_warning("\n".join(log.warnings))

    # -- messages ----------------------------------------------------------------------------------------------
    def show_problems(self, problems: Sequence[FieldProblem]) -> None:
        first: FieldEditor | None = None
        for problem in problems:
            editor = self.editors.get(problem.key)
            if editor is not None:
                editor.set_problem(problem.message)
                first = first or editor
        count = len(problems)
        heading = "Not saved: 1 field needs attention." if count == 1 else f"Not saved: {count} fields need attention."
        self.messages.show_text(heading + "\n" + "\n".join(p.message for p in problems), "error")
        if first is not None:
            self.tabs.setCurrentIndex(TAB_PROFILE)
            self.profile_scroll.ensureWidgetVisible(first.container)
            first.widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear_problems(self) -> None:
        for editor in self.editors.values():
            if editor.problem_text:
                editor.set_problem(None)
        self.messages.hide()

    def show_result(self, text: str) -> None:
        """What was just done to this client (a milestone logged), in the word-wrapped bar above Save."""
        self.messages.show_text(text, "info")

    def show_warning(self, text: str) -> None:
        """The yellow banner at the top of the editor (rule M13), shown until dismissed."""
        self.warning_banner.show_text(text, "warning")

    def dismiss_warning(self) -> None:
        self.warning_banner.hide()
