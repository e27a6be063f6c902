"""The client list: a lazily fetched table model and the panel with search box and filters.

With 100,000 clients the model never loads everything: it pulls pages of PAGE_SIZE rows as the view
scrolls (canFetchMore/fetchMore), each starting after the last row's sort key
(neodesk.services.client_pages), read on a worker thread, so every page costs the same and scrolling
never blocks the window. The count is capped ("1,000+ clients") until the end of the list is reached.
Typing restarts a short timer, so a burst of keystrokes costs one query, not one per key, and that
query runs off the GUI thread.

When the app starts, the panel can be built before the database is open (`db=None`): the view then
shows the first page read by neodesk.services.client_list_rows (rows as stored) in a plain
QStandardItemModel (neodesk.ui.start_up.preview_model, showing them as ClientListModel does: tests
compare the two), and `attach` replaces that with the real model once the database is open; from there
it behaves the same. The panel is on the first paint's path (neodesk.ui.start_up says what that path
may not touch): its columns are sized from font metrics and its own header texts, the model's
database side is reached when a query runs, and the cut-off-cell tooltips (neodesk.ui.table_fit) are
installed by the complete window.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6 import QtCore
from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from neodesk.catalog.picklists import label
from neodesk.catalog.short_labels import SHORT_LABELS, short_label
from neodesk.services.client_list_rows import COUNT_CAP, ClientRow, ListReads, ListRow, StoredRow, count_text, list_rows

# The database side is imported when used: start-up shows this panel before SQLAlchemy is imported.
if TYPE_CHECKING:
    import uuid
    from concurrent.futures import ThreadPoolExecutor

    from neodesk.models import Database
    from neodesk.services.changes import Changes  # its module imports uuid (~6 ms): not before the first paint

COL_NAME, COL_STATUS, COL_CITY, COL_COUNSELOR, COL_LAST_ACTIVITY = range(5)
HEADERS = ("Name", "Status", "City", "Primary counselor", "Last activity")
_USER_ROLE = 0x0100  # Qt.ItemDataRole.UserRole (spelled out: see the module docstring)
ID_ROLE = _USER_ROLE + 1  # the client's UUID
ROW_ROLE = _USER_ROLE + 2  # the whole ClientRow

PAGE_SIZE = 200
SEARCH_DELAY_MS = 150

# Filter choices of the active/inactive combo: label -> `active` argument of search_clients.
ACTIVE_FILTERS: tuple[tuple[str, bool | None], ...] = (("Active", True), ("Inactive", False), ("All", None))

# A column's width beyond its text: the view's focus-frame margins (2 x 2 px in Fusion) and the cell's
# text margins; a header's: its margins and the sort indicator.
CELL_PADDING = 12
HEADER_PADDING = 24

ModelIndex = QModelIndex | QPersistentModelIndex
# A fetched row as the model keeps it and the list's use cases read it: ClientRow's fields in order, the
# id as 32 hex digits (neodesk.services.client_list_rows.ListRow).
_Stored = ListRow
_CLIENT_NO, _NAME, _STATUS, _CITY, _COUNSELOR, _LAST_ACTIVITY, _ACTIVE = range(1, 8)
_DISPLAY_ROLE = 0  # Qt.ItemDataRole.DisplayRole, as a default argument (see the module docstring)


class ClientQuery(NamedTuple):
    text: str = ""
    active: bool | None = True
    counselor_id: uuid.UUID | None = None

    def count(self, db: Database, reads: ListReads) -> int:  # type: ignore[override]  # not tuple.count: a query's
        """The number of matches, exact up to COUNT_CAP (above it: the cap + 1)."""
        return reads.count(db, self.text, active=self.active, counselor_id=self.counselor_id)

    def first_page(self, db: Database, reads: ListReads) -> tuple[int, list[_Stored]]:
        """The count and the first page."""
        return reads.first_page(db, self.text, active=self.active, counselor_id=self.counselor_id, limit=PAGE_SIZE)

    def page_after(self, db: Database, reads: ListReads, after: _Stored) -> list[_Stored]:
        """The page after the listed row `after`."""
        return reads.next_page(
            db, self.text, active=self.active, counselor_id=self.counselor_id, after=after, limit=PAGE_SIZE
        )


class ClientListModel(QAbstractTableModel):
    """Clients matching the current search, fetched a page at a time.

    A new search runs on a worker thread (SQLite releases the GIL while it works), so the window
    keeps taking keystrokes; only the newest search's result is shown. Next pages are read on the same
    worker (fetchMore asks, the rows arrive a moment later), one at a time.
    """

    # Emitted on the worker thread, delivered (queued) on the GUI thread.
    _first_page_ready = Signal(int, object, int, object)  # generation, query, total, rows
    _next_page_ready = Signal(int, object)  # generation, rows (None: the read failed)
    loaded = Signal()  # a search's first page is showing
    fetched = Signal()  # a next page was read (its rows, if any, inserted); the count may have changed
    searching = Signal()  # a search started; `loaded` follows when its first page shows

    def __init__(
        self,
        db: Database,
        reads: ListReads,
        parent: QWidget | None = None,
        *,
        first_page: list[_Stored] | None = None,
    ) -> None:
        """`reads`: the list's use cases (neodesk.services.client_pages.LIST_READS). `first_page`: the
        default query's first page, already on show (start-up); it is kept and counted."""
        super().__init__(parent)
        self._db = db
        self._reads = reads
        # The fetched rows as plain tuples (the id as hex text): with 95,000 rows fetched, ClientRows
        # (and their UUIDs) would be objects Python's cycle collector walks, each full pass taking
        # 40-90 ms of the GUI thread; tuples of text, numbers and dates it leaves alone.
        self._rows: list[_Stored] = []
        self._row_by_id: dict[str, int] = {}  # id hex -> row
        self._total = 0
        self._more = False  # more rows may follow the inserted ones
        self._reading: int | None = None  # the generation whose next page the worker is reading
        self._asked = False  # fetchMore asked for rows that are not inserted yet
        self._ready: list[_Stored] | None = None  # a page read ahead, waiting for fetchMore
        self._query = ClientQuery()  # the query whose rows are showing (fetchMore continues it)
        self._wanted = ClientQuery()  # the newest query asked for
        self._generation = 0
        self._generation_shown = 0
        self._closed = False
        self._worker_pool: ThreadPoolExecutor | None = None
        self._first_page_ready.connect(self._show_first_page)
        self._next_page_ready.connect(self._show_next_page)
        if first_page is not None:
            self._set_rows(first_page, self._query.count(db, reads))

    @property
    def _worker(self) -> ThreadPoolExecutor:
        if self._worker_pool is None:
            from concurrent.futures import ThreadPoolExecutor  # ~3 ms: not before the first paint (start_up)

            self._worker_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="client-search")
        return self._worker_pool

    # -- query -------------------------------------------------------------------------------------------------
    @property
    def total(self) -> int:
        """How many clients match, whether fetched yet or not: exact up to client_pages.COUNT_CAP,
        else more than the cap until the whole list is fetched."""
        return self._total

    @property
    def count_text(self) -> str:
        """The count as the list shows it: "250 clients", "1,000+ clients" (capped until all are fetched)."""
        return count_text(self._total, complete=not self._more)

    @property
    def busy(self) -> bool:
        """A search is running whose result is not showing yet."""
        return self._generation_shown != self._generation

    def set_query(self, text: str, active: bool | None, counselor_id: uuid.UUID | None, *, wait: bool = False) -> None:
        self._wanted = ClientQuery(text, active, counselor_id)
        self.refresh(wait=wait)

    def refresh(self, *, wait: bool = False) -> None:
        """Re-run the newest query from the top (after a search change or a save).

        `wait` runs it right here (first show of the window); otherwise on the worker thread.
        """
        if self._closed:
            return
        self._generation += 1
        generation, query = self._generation, self._wanted
        if wait:
            self._show_first_page(generation, query, *query.first_page(self._db, self._reads))
            return
        self.searching.emit()
        self._worker.submit(self._load_first_page, generation, query)

    def _load_first_page(self, generation: int, query: ClientQuery) -> None:
        if generation != self._generation:
            return  # a newer search was asked for while this one waited: skip the work
        total, rows = query.first_page(self._db, self._reads)
        self._first_page_ready.emit(generation, query, total, rows)

    def _show_first_page(self, generation: int, query: ClientQuery, total: int, rows: list[_Stored]) -> None:
        if generation != self._generation:
            return  # stale: a newer search is on its way
        self.beginResetModel()
        self._query = query
        self._set_rows(rows, total)
        self.endResetModel()
        self._generation_shown = generation
        self.loaded.emit()

    def shutdown(self) -> None:
        """Stop the worker (before the database closes); a running search finishes first."""
        self._closed = True
        self._generation += 1
        if self._worker_pool is not None:
            self._worker_pool.shutdown(wait=True, cancel_futures=True)

    def _set_rows(self, rows: list[_Stored], total: int) -> None:
        self._rows = list(rows)  # its own: fetched pages are appended to it
        self._row_by_id = {item[0]: row for row, item in enumerate(self._rows)}
        self._reading, self._asked, self._ready = None, False, None
        self._more = len(self._rows) >= PAGE_SIZE and len(self._rows) < total
        self._total = total if self._more else len(self._rows)

    @property
    def fetching(self) -> bool:
        """fetchMore asked for rows that are still being read (they are inserted when they arrive)."""
        return self._asked

    def canFetchMore(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008 - Qt signature
        return not parent.isValid() and self._more

    def fetchMore(self, parent: ModelIndex = QModelIndex()) -> None:  # noqa: B008 - Qt signature
        """The next page: at once when it was read ahead, else as soon as the worker has read it
        (asking again meanwhile does nothing). Once the user scrolls, the page after the one
        inserted is read ahead, so the next fetchMore finds it ready."""
        if parent.isValid() or not self._more or self._asked or self._closed:
            return
        if self._ready is not None:
            rows, self._ready = self._ready, None
            self._insert(rows)
            return
        self._asked = True
        self._read_next()

    def _read_next(self) -> None:
        if self._reading is None and self._more and not self._closed:
            self._reading = self._generation
            self._worker.submit(self._load_next_page, self._generation, self._query, self._rows[-1])

    def _load_next_page(self, generation: int, query: ClientQuery, after: _Stored) -> None:
        if generation != self._generation:
            self._next_page_ready.emit(generation, None)
            return  # a new search replaces these rows: skip the read
        try:
            rows: list[_Stored] | None = query.page_after(self._db, self._reads, after)
        except Exception:  # logged; the list stops growing rather than the app failing
            logging.getLogger(__name__).exception("Reading the next page of the client list failed")
            rows = None
        self._next_page_ready.emit(generation, rows)

    def _show_next_page(self, generation: int, rows: list[_Stored] | None) -> None:
        if self._reading == generation:
            self._reading = None
        if generation != self._generation:
            return
        if rows is None:
            self._asked = False
            return
        if self._asked:
            self._asked = False
            self._insert(rows)
        else:
            self._ready = rows

    def _insert(self, rows: list[_Stored]) -> None:
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            for row, item in enumerate(rows, start=first):
                self._row_by_id[item[0]] = row
            self.endInsertRows()
        # The end: a short page, or every counted row (a count below the cap is exact).
        self._more = len(rows) >= PAGE_SIZE and (self._total > COUNT_CAP or len(self._rows) < self._total)
        self._total = max(self._total, len(self._rows)) if self._more else len(self._rows)
        self.fetched.emit()
        self._read_next()  # read ahead: the user is scrolling

    # -- lookups -----------------------------------------------------------------------------------------------
    def client_id(self, row: int) -> uuid.UUID | None:
        if not 0 <= row < len(self._rows):
            return None
        import uuid  # ~6 ms (it imports platform): not before the first paint (neodesk.ui.start_up)

        return uuid.UUID(hex=self._rows[row][0])

    def client_row(self, row: int) -> ClientRow:
        """The fetched row `row` as search_clients gives it."""
        stored = self._rows[row]
        return ClientRow(self.client_id(row), *stored[1:])  # type: ignore[arg-type]

    def row_of(self, client_id: uuid.UUID | None) -> int:
        """The row of a client among those fetched so far, or -1."""
        if client_id is None:
            return -1
        return self._row_by_id.get(client_id.hex, -1)

    # -- Qt model interface ------------------------------------------------------------------------------------
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: QtCore.Qt.Orientation, role: int = _DISPLAY_ROLE) -> Any:
        Qt = QtCore.Qt
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: ModelIndex, role: int = _DISPLAY_ROLE) -> Any:
        if not index.isValid():
            return None
        Qt = QtCore.Qt
        item = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == COL_NAME:
            return self._tooltip(item)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == COL_STATUS:
            return label("company_status", item[_STATUS])  # the column shows the short label
        if role == Qt.ItemDataRole.ForegroundRole and not item[_ACTIVE]:
            return self._inactive_brush()
        if role == ID_ROLE:
            return self.client_id(index.row())
        if role == ROW_ROLE:
            return self.client_row(index.row())
        return None

    @staticmethod
    def _tooltip(item: _Stored) -> str:
        return f"{item[_NAME]} (client {item[_CLIENT_NO]})" + ("" if item[_ACTIVE] else ", inactive")

    @staticmethod
    def _inactive_brush() -> QBrush:
        return QBrush(QPalette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))

    @staticmethod
    def _display(item: _Stored, column: int) -> str:
        if column == COL_NAME:
            return item[_NAME]
        if column == COL_STATUS:
            return short_label("company_status", item[_STATUS])
        if column == COL_CITY:
            return item[_CITY] or ""
        if column == COL_COUNSELOR:
            return item[_COUNSELOR] or ""
        if column == COL_LAST_ACTIVITY:
            return item[_LAST_ACTIVITY].isoformat() if item[_LAST_ACTIVITY] else ""
        return ""


class ClientListPanel(QWidget):
    """Search box, filters and the client table; says which client the user picked."""

    # Emitted when the current row moves to another client (or None when the list is emptied).
    current_client_changed = Signal(object, object)  # new client id, previous client id

    def __init__(
        self,
        db: Database | None,
        my_counselor_id: uuid.UUID | None,
        parent: QWidget | None = None,
        *,
        reads: ListReads | None = None,
        first_page: list[StoredRow] | None = None,
        preview: QAbstractItemModel | None = None,
    ) -> None:
        """`db` None (start-up): the view shows `preview` (neodesk.ui.start_up.preview_model of
        `first_page`, the default query's first page as stored) until `attach`."""
        super().__init__(parent)
        self._my_counselor_id = my_counselor_id
        self._current: uuid.UUID | None = None
        self._restoring = False
        # Asked before the selection moves to another client; returning False keeps the current one
        # (the main window points it at the editor's unsaved-edits question).
        self.leave_guard: Callable[[], bool] = lambda: True

        self.search = QLineEdit(objectName="clientSearch", placeholderText="Search name, city, contact, ZIP, UEI")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search clients")
        self.active_filter = QComboBox(objectName="clientFilter")
        self.active_filter.setAccessibleName("Show active or inactive clients")
        for text, value in ACTIVE_FILTERS:
            self.active_filter.addItem(text, value)
        self.mine = QCheckBox("My clients", objectName="myClients")
        self.mine.setEnabled(my_counselor_id is not None)
        self.count_label = QLabel(objectName="clientCount")

        self.view = QTableView(objectName="clientList")
        self.view.setAccessibleName("Clients")
        # The shell's rows as stored (None: the list reads its first page when attached).
        self._first_page: list[StoredRow] | None = first_page
        if db is None or reads is None:
            self.view.setModel(preview)
            self.count_label.setText("Counting…")
        else:
            self._install_model(ClientListModel(db, reads, self))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.setWordWrap(False)
        self._fit_columns()

        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(lambda: self.apply_filters())
        self.search.textChanged.connect(self._search_timer.start)
        self.active_filter.currentIndexChanged.connect(lambda _index: self.apply_filters())
        self.mine.toggled.connect(lambda _checked: self.apply_filters())

        filters = QHBoxLayout()
        filters.addWidget(self.active_filter)
        filters.addWidget(self.mine)
        filters.addStretch(1)
        filters.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)

        if self.attached:
            # The first page is read before the window shows, so it opens with its list filled.
            self.apply_filters(wait=True)

    def _install_model(self, model: ClientListModel) -> None:
        self.model = model
        self.view.setModel(model)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        model.modelReset.connect(self._after_reset)
        model.fetched.connect(self._update_count)
        model.searching.connect(self._show_searching)

    @property
    def attached(self) -> bool:
        """The list has its database (always, except in a starting window before `attach`)."""
        return hasattr(self, "model")

    def attach(self, db: Database, my_counselor_id: uuid.UUID | None, reads: ListReads) -> None:
        """The database is open and the signed-in counselor known (the window completes itself): the
        real model takes over the rows on show (counted now), or reads the first page at once when the
        shell had none; the column layout is kept."""
        if self.attached:
            return
        self._my_counselor_id = my_counselor_id
        self.mine.setEnabled(my_counselor_id is not None)
        preview = self.view.model()
        old_selection = self.view.selectionModel()
        header = self.view.horizontalHeader().saveState()
        shown = list_rows(self._first_page) if self._first_page is not None else None
        self._install_model(ClientListModel(db, reads, self, first_page=shown))
        self.view.horizontalHeader().restoreState(header)
        if old_selection is not None:
            old_selection.deleteLater()
        if preview is not None:
            preview.deleteLater()
        self._first_page = None
        if shown is None:
            self.apply_filters(wait=True)  # the window opens with its list filled
            return
        self._update_count()
        if self.search.text() or self.active_filter.currentIndex() != 0 or self.mine.isChecked():
            self.apply_filters()  # changed while the window was starting

    # -- filtering -----------------------------------------------------------------------------------------------
    def apply_filters(self, *, wait: bool = False) -> None:
        self._search_timer.stop()
        if not self.attached:
            return  # attach() applies them
        counselor = self._my_counselor_id if self.mine.isChecked() else None
        self.model.set_query(self.search.text(), self.active_filter.currentData(), counselor, wait=wait)

    def refresh(self) -> None:
        if self.attached:
            self.model.refresh()

    def on_changes(self, _changes: Changes, _source: object) -> None:
        """A command wrote what the list shows (its kinds: neodesk.ui.window_parts.LIST_SHOWS): search
        again. Deferred: the write
        may run inside the list's own selection signal, where resetting the model under the view is unsafe."""
        QTimer.singleShot(0, self.refresh)

    def shutdown(self) -> None:
        self._search_timer.stop()
        if self.attached:
            self.model.shutdown()

    def _show_searching(self) -> None:
        self.count_label.setText("Searching…")

    def _after_reset(self) -> None:
        # A new query drops the selection; re-select the client being edited when it is still listed,
        # without treating that as the user picking a client.
        self._update_count()
        row = self.model.row_of(self._current)
        if row >= 0:
            self._select_row_quietly(row)

    def _update_count(self) -> None:
        self.count_label.setText(self.model.count_text)

    # -- selection -----------------------------------------------------------------------------------------------
    @property
    def current_client_id(self) -> uuid.UUID | None:
        return self._current

    def select_client(self, client_id: uuid.UUID | None) -> bool:
        """Make `client_id` current if it is among the fetched rows (fetching more is not attempted)."""
        row = self.model.row_of(client_id)
        if row < 0:
            return False
        self.view.setCurrentIndex(self.model.index(row, COL_NAME))
        return self._current == client_id

    def set_current_quietly(self, client_id: uuid.UUID | None) -> None:
        """Record which client the editor shows (e.g. a new one) without asking or signalling."""
        self._current = client_id
        row = self.model.row_of(client_id)
        if row >= 0:
            self._select_row_quietly(row)
        else:
            self._restoring = True
            try:
                self.view.selectionModel().clear()
            finally:
                self._restoring = False

    def _select_row_quietly(self, row: int) -> None:
        self._restoring = True
        try:
            self.view.selectionModel().setCurrentIndex(
                self.model.index(row, COL_NAME),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
        finally:
            self._restoring = False

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._restoring:
            return
        new_id = self.model.client_id(current.row()) if current.isValid() else None
        if new_id is None or new_id == self._current:
            return
        if not self.leave_guard():
            # Put the highlight back on the client still being edited (after this signal finishes).
            QTimer.singleShot(0, lambda: self.set_current_quietly(self._current))
            return
        previous, self._current = self._current, new_id
        self.current_client_changed.emit(new_id, previous)

    def _fit_columns(self) -> None:
        """Columns as wide as their header and their usual content (short status labels, a date, a
        name); the last column takes what is left. Font metrics only: see the module docstring."""
        cell, header = self.view.fontMetrics(), self.view.horizontalHeader().fontMetrics()
        samples = {
            COL_NAME: ("Adams Freight Supply LLC",),
            COL_STATUS: tuple(SHORT_LABELS["company_status"].values()),
            COL_CITY: ("Albuquerque",),
            COL_COUNSELOR: ("Maria Delgado",),
            COL_LAST_ACTIVITY: ("2026-12-31",),
        }
        for column, texts in samples.items():
            content = max(cell.horizontalAdvance(text) for text in texts) + CELL_PADDING
            title = header.horizontalAdvance(HEADERS[column]) + HEADER_PADDING
            self.view.horizontalHeader().resizeSection(column, max(content, title))
        self.view.horizontalHeader().setStretchLastSection(True)
