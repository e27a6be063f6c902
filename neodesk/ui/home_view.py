"""Home: what a counselor looks for first (shown at start and by View ▸ Home, Ctrl+1).

The signed-in counselor's figures for the fiscal year, follow-ups and milestones due, records not yet
exported (with Export…), and the clients opened last. The figures come from neodesk.services.home,
read on a worker thread after the view is painted, so Home never holds up the window.
The recently opened clients are remembered per counselor in the window settings file.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from neodesk.services.changes import Changes, Kind
from neodesk.services.home import FOLLOW_UP_DAYS, ClientLine, HomePage, load_home
from neodesk.ui.background import ProgressJob
from neodesk.ui.settings_store import ui_settings

if TYPE_CHECKING:
    from neodesk.models import Database

RECENT_KEPT = 10
CLIENT_ROLE = Qt.ItemDataRole.UserRole


def recent_client_ids(counselor_id: uuid.UUID) -> list[uuid.UUID]:
    """The clients this counselor opened last, most recent first (as remembered on this computer)."""
    value = ui_settings().value(f"recentClients/{counselor_id}", [])
    texts = [value] if isinstance(value, str) else list(value) if isinstance(value, list | tuple) else []
    ids = []
    for text in texts:
        try:
            ids.append(uuid.UUID(str(text)))
        except ValueError:
            continue
    return ids


def remember_recent_client(counselor_id: uuid.UUID, client_id: uuid.UUID) -> None:
    ids = [client_id, *(i for i in recent_client_ids(counselor_id) if i != client_id)][:RECENT_KEPT]
    ui_settings().setValue(f"recentClients/{counselor_id}", [str(i) for i in ids])


def _figure(name: str, caption: str) -> tuple[QFrame, QLabel]:
    tile = QFrame(objectName="homeTile")
    tile.setFrameShape(QFrame.Shape.StyledPanel)
    value = QLabel("…", objectName=f"home.{name}")
    font = value.font()
    font.setPointSizeF(font.pointSizeF() * 1.8)
    font.setBold(True)
    value.setFont(font)
    text = QLabel(caption, wordWrap=True)
    layout = QVBoxLayout(tile)
    layout.setContentsMargins(10, 6, 10, 6)
    layout.setSpacing(2)
    layout.addWidget(value)
    layout.addWidget(text)
    return tile, value


def _money(value: Any) -> str:
    return f"${value:,.0f}"


class HomeView(QWidget):
    client_requested = Signal(object)  # a client id: open it in the editor
    export_requested = Signal()
    loaded = Signal()  # the figures are showing

    def __init__(
        self, db: Database, counselor_id: uuid.UUID, counselor_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("HomeView")
        self.setAccessibleName("Home")
        self._db = db
        self._counselor_id = counselor_id
        self._job = ProgressJob(self)
        self._job.succeeded.connect(self._show)
        self._job.failed.connect(self._failed)
        self._again = False
        self._closed = False
        self.page: HomePage | None = None

        self.title = QLabel(f"Home — {counselor_name}", objectName="homeTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.year_label = QLabel("Fiscal year …", objectName="homeYear")

        figures = QGroupBox("Your fiscal year", objectName="homeFigures")
        grid = QGridLayout(figures)
        self.values: dict[str, QLabel] = {}
        tiles = (
            ("clientsCounseled", "clients counseled"),
            ("hours", "counseling hours (contact, prep, travel)"),
            ("sessions", "counseling sessions"),
            ("jobsCreated", "jobs created (full- and part-time)"),
            ("salesIncrease", "sales increase"),
            ("exportIncrease", "export increase"),
            ("businessStarts", "business starts"),
            ("certifications", "certifications obtained"),
            ("milestones", "milestones logged"),
        )
        for number, (name, caption) in enumerate(tiles):
            tile, value = _figure(name, caption)
            self.values[name] = value
            grid.addWidget(tile, number // 3, number % 3)

        self.followups = self._client_list("home.followups")
        self.followups_box = QGroupBox(
            f"Follow-ups due (no contact in {FOLLOW_UP_DAYS} days)", objectName="homeFollowupsBox"
        )
        QVBoxLayout(self.followups_box).addWidget(self.followups)
        self.milestones_due = self._client_list("home.milestonesDue")
        self.milestones_due_box = QGroupBox(
            "Milestones due (counseled this year, no milestone yet)", objectName="homeMilestonesDueBox"
        )
        QVBoxLayout(self.milestones_due_box).addWidget(self.milestones_due)
        self.recent = self._client_list("home.recent")
        recent_box = QGroupBox("Recently opened", objectName="homeRecentBox")
        QVBoxLayout(recent_box).addWidget(self.recent)

        self.unexported = QLabel("Not yet exported: …", objectName="home.unexported", wordWrap=True)
        self.export_button = QPushButton("Export…", objectName="home.export")
        self.export_button.setToolTip("File ▸ Export… (Ctrl+E): a bundle for the central office or the SBA upload")
        self.export_button.clicked.connect(self.export_requested)
        export_box = QGroupBox("Not yet exported", objectName="homeExportBox")
        export_row = QHBoxLayout(export_box)
        export_row.addWidget(self.unexported, 1)
        export_row.addWidget(self.export_button)

        lists = QGridLayout()
        lists.addWidget(self.followups_box, 0, 0)
        lists.addWidget(self.milestones_due_box, 0, 1)
        lists.addWidget(recent_box, 1, 0)
        lists.addWidget(export_box, 1, 1, Qt.AlignmentFlag.AlignTop)
        lists.setColumnStretch(0, 1)
        lists.setColumnStretch(1, 1)

        content = QWidget(objectName="homeContent")
        column = QVBoxLayout(content)
        column.addWidget(self.title)
        column.addWidget(self.year_label)
        column.addWidget(figures)
        column.addLayout(lists)
        column.addStretch(1)
        scroll = QScrollArea(widgetResizable=True, objectName="homeScroll")
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 0, 0, 0)
        outer.addWidget(scroll)

    def _client_list(self, name: str) -> QListWidget:
        widget = QListWidget(objectName=name)
        widget.setMinimumHeight(120)
        # Long names elide (the whole line is in the tooltip) instead of scrolling the list sideways;
        # in the middle, so the why at the end ("last contact 2024-10-26", the status) stays readable.
        widget.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        widget.setUniformItemSizes(True)
        widget.itemActivated.connect(self._open_item)
        widget.itemClicked.connect(self._open_item)
        return widget

    def _open_item(self, item: QListWidgetItem) -> None:
        client_id = item.data(CLIENT_ROLE)
        if client_id is not None:
            self.client_requested.emit(client_id)

    # -- loading ------------------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the figures again on a worker thread (once more after the current read, if one is running)."""
        if self._closed:
            return  # the window closed before a posted reload ran
        if self._job.running:
            self._again = True
            return
        recent = recent_client_ids(self._counselor_id)
        self._job.start(lambda progress, cancelled: load_home(self._db, self._counselor_id, recent))

    # What Home's figures and lists are made of (neodesk.ui.change_bus).
    SHOWS = (Kind.CLIENT, Kind.MILESTONE, Kind.COUNSELING_SESSION, Kind.EXCHANGE, Kind.TASK, Kind.AGREEMENT)

    def on_changes(self, _changes: Changes, _source: object) -> None:
        """A command wrote what Home shows: read again when in front (View ▸ Home reads it when shown)."""
        if not self.isHidden():
            self.reload()

    @property
    def loading(self) -> bool:
        return self._job.running

    def shutdown(self) -> None:
        self._closed = True
        self._job.shutdown()

    def _failed(self, error: object) -> None:
        self.year_label.setText(f"The figures could not be read: {error}")

    def _show(self, page: HomePage) -> None:
        self.page = page
        f = page.figures
        self.year_label.setText(f.year.text)
        impact = f.impact
        shown = {
            "clientsCounseled": f"{f.clients_counseled:,}",
            "hours": f"{f.counseling_hours:,.1f}",
            "sessions": f"{f.sessions:,}",
            "jobsCreated": f"{impact.jobs_created:,}",
            "salesIncrease": _money(impact.sales_increase),
            "exportIncrease": _money(impact.export_increase),
            "businessStarts": f"{impact.business_starts:,}",
            "certifications": f"{impact.certifications:,}",
            "milestones": f"{f.milestones:,}",
        }
        for name, text in shown.items():
            self.values[name].setText(text)
        self._fill(self.followups, f.followups, f.followups_due, "No follow-up is due.")
        self._fill(self.milestones_due, f.milestones_due_clients, f.milestones_due, "No milestone is due.")
        self._fill(self.recent, page.recent, len(page.recent), "Clients you open appear here.")
        count = page.unexported
        self.unexported.setText(
            "Everything is exported."
            if count == 0
            else f"{count:,} record{'s' if count != 1 else ''} changed since the last export."
        )
        self.loaded.emit()
        if self._again:
            self._again = False
            self.reload()

    @staticmethod
    def _fill(widget: QListWidget, lines: Sequence[ClientLine], total: int, empty: str) -> None:
        widget.clear()
        for line in lines:
            item = QListWidgetItem(f"{line.name} · client {line.client_no} — {line.note}")
            item.setToolTip(f"{line.name} (client {line.client_no}): {line.tooltip_note}. Click to open.")
            item.setData(CLIENT_ROLE, line.client_id)
            widget.addItem(item)
        if not lines:
            item = QListWidgetItem(empty)
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            widget.addItem(item)
        elif total > len(lines):
            item = QListWidgetItem(f"… and {total - len(lines):,} more")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            widget.addItem(item)
