"""The client's record tables (Milestones, Counseling) and the tabs read when first shown.

The tables make a display row only when Qt asks for it and fit their columns to the newest rows'
texts (neodesk.ui.record_table); the Contract Readiness and Agreements tabs read the open client
when they are shown. What the counselor sees must stay the same: newest first, every column wide
enough for its header and its texts, a double-click opening the record of the row clicked.
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from gui_drivers import add_milestone, answer
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton, QTableView, QWidget
from pytestqt.qtbot import QtBot

from neodesk.models import Database, FundingSource
from neodesk.services.activity import SessionInput, save_counseling_session
from neodesk.services.clients import get_client
from neodesk.ui.client_editor import TAB_MILESTONES, TAB_PROFILE, TAB_READINESS, TAB_SESSIONS
from neodesk.ui.input_widgets import DateLineEdit
from neodesk.ui.main_window import MainWindow
from neodesk.ui.record_table import (
    FIT_ROWS,
    ID_ROLE,
    MAX_FITTED_WIDTH,
    RecordRow,
    RecordTableModel,
    record_view,
    selected_id,
)
from neodesk.ui.table_fit import cell_padding, header_text_width

WindowFactory = Callable[..., MainWindow]
HEADERS = ("Date", "Type", "Amount (change) or detail", "Counselor", "Reportable")


def rows(count: int, long_at: dict[int, str] | None = None) -> list[RecordRow]:
    made = []
    for n in range(count):
        counselor = (long_at or {}).get(n, "Amy Ames")
        made.append(RecordRow(uuid.uuid4(), (f"2026-01-{n % 28 + 1:02d}", "Type", "1", counselor, "Yes"), f"tip {n}"))
    return made


def shown_view(qtbot: QtBot, model: RecordTableModel) -> QTableView:
    view = record_view(model, "recordTable", "Records", stretch_column=1)
    qtbot.addWidget(view)
    view.resize(700, 300)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_rows_are_made_only_for_the_cells_asked_for(qtbot: QtBot) -> None:
    records = rows(1000)
    made: list[uuid.UUID] = []

    def display(record: RecordRow) -> RecordRow:
        made.append(record.id)
        return record

    model = RecordTableModel(HEADERS)
    view = shown_view(qtbot, model)
    model.set_records(records, display)
    qtbot.waitUntil(lambda: view.viewport().rect().isValid())
    view.viewport().repaint()
    # The newest rows the columns are fitted to, and those on screen; never the whole client.
    assert 0 < len(set(made)) <= FIT_ROWS < len(records)
    assert made.count(records[0].id) == 1  # made once, kept
    before = len(made)
    assert model.record_id(999) == records[999].id  # the id without making its row
    assert len(made) == before
    assert model.index(999, 3).data() == "Amy Ames"
    assert model.index(999, 0).data(Qt.ItemDataRole.ToolTipRole) == "tip 999"
    assert model.index(999, 0).data(ID_ROLE) == records[999].id
    assert model.index(999, 0).data(Qt.ItemDataRole.DecorationRole) is None
    assert made[-1] == records[999].id


def test_columns_fit_their_header_and_the_newest_rows_texts(qtbot: QtBot) -> None:
    wide = "Zacharias Featherstonehaugh-Wolfeschlegel"
    too_wide = "W" * 200
    model = RecordTableModel(HEADERS)
    view = shown_view(qtbot, model)
    header = view.horizontalHeader()
    metrics = view.fontMetrics()

    model.set_rows(rows(500, {FIT_ROWS // 2: wide}))  # off screen, among the newest rows
    for column in (0, 2, 3, 4):
        assert header.sectionSize(column) >= header_text_width(view, column), HEADERS[column]
    assert header.sectionSize(3) >= metrics.horizontalAdvance(wide) + cell_padding(view)

    model.set_rows(rows(3))  # a reload fits again: the column is no wider than its texts now need
    assert header.sectionSize(3) < metrics.horizontalAdvance(wide)
    assert header.sectionSize(3) >= max(metrics.horizontalAdvance("Amy Ames"), header_text_width(view, 3))

    model.set_rows(rows(3, {0: too_wide}))  # a very long text is cut off (and shown on hover)
    assert header.sectionSize(3) == MAX_FITTED_WIDTH


def test_selected_id_follows_the_current_row(qtbot: QtBot) -> None:
    records = rows(50)
    model = RecordTableModel(HEADERS)
    view = shown_view(qtbot, model)
    model.set_records(records, lambda r: r)
    assert selected_id(view) is None
    view.selectRow(37)
    assert selected_id(view) == records[37].id


# -- in the editor ---------------------------------------------------------------------------------------------------
def double_click(qtbot: QtBot, view: QTableView, row: int) -> None:
    """A real double-click on the row's Date cell, scrolled into view first: press and release, then
    the double-click press Qt turns into doubleClicked."""
    index = view.model().index(row, 0)
    view.scrollTo(index)
    where = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)


def test_milestones_newest_first_and_double_click_edits_the_row_clicked(
    qtbot: QtBot, open_window: WindowFactory, make_client: Callable[..., uuid.UUID], db: Database
) -> None:
    client_id = make_client("Acme Bakery", company_status="B", date_established="2020-01-15")
    days = [date.today() - timedelta(days=5 * n) for n in range(40)]  # inside the lock period
    random.Random(4).shuffle(days)
    for n, day in enumerate(days):
        add_milestone(db, client_id, "change_in_full_time_staff", day, Decimal(n + 1))
    window = open_window()
    window.client_editor.tabs.setCurrentIndex(TAB_MILESTONES)
    view = window.findChild(QTableView, "milestoneList")
    model = view.model()
    shown = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert shown == sorted((d.isoformat() for d in days), reverse=True)

    row = 27  # off screen at first
    seen: list[str] = []

    def read_date(dialog: QWidget) -> None:
        found = dialog.findChild(DateLineEdit, "milestone.date")
        assert found is not None
        seen.append(found.iso_text())
        dialog.reject()

    reply = answer("EditMilestoneDialog", read_date)
    double_click(qtbot, view, row)
    assert reply.answered
    assert seen == [shown[row]]


def _session(db: Database, client_id: uuid.UUID, me: uuid.UUID, day: date, subject: str) -> uuid.UUID:
    with db.reading() as tx:
        fund = tx.query(FundingSource).first()
        assert fund is not None
    saved = save_counseling_session(
        db,
        client_id,
        SessionInput(
            date=day,
            contact_type="PH",
            counseling_area="Business Plan",
            contact_minutes=30,
            counselor_ids=(me,),
            funding_source_ids=(fund.id,),
            subject=subject,
        ),
        counselor_id=me,
    )
    assert saved is not None
    return saved


def test_sessions_newest_first_and_double_click_edits_the_row_clicked(
    qtbot: QtBot, open_window: WindowFactory, make_client: Callable[..., uuid.UUID], db: Database, me: uuid.UUID
) -> None:
    client_id = make_client()
    days = [date.today() - timedelta(days=3 * n) for n in range(30)]
    random.Random(7).shuffle(days)
    for day in days:
        _session(db, client_id, me, day, f"Subject of {day.isoformat()}")
    window = open_window()
    window.client_editor.tabs.setCurrentIndex(TAB_SESSIONS)
    view = window.findChild(QTableView, "sessionList")
    model = view.model()
    shown = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert shown == sorted((d.isoformat() for d in days), reverse=True)
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == f"Subject of {shown[0]}"

    row = 22
    seen: list[str] = []

    def read_subject(dialog: QWidget) -> None:
        found = dialog.findChild(QLineEdit, "session.subject")
        assert found is not None
        seen.append(found.text())
        dialog.reject()

    reply = answer("SessionDialog", read_subject)
    double_click(qtbot, view, row)
    assert reply.answered
    assert seen == [f"Subject of {shown[row]}"]


def test_the_checklist_shows_the_client_open_when_it_is_shown(
    qtbot: QtBot, open_window: WindowFactory, make_client: Callable[..., uuid.UUID], db: Database
) -> None:
    logged = make_client("Acme Bakery", company_status="B", date_established="2020-01-15")
    other = make_client("Zed Widgets", company_status="B", date_established="2021-01-15")
    add_milestone(db, logged, "sam_registered", date.today())
    window = open_window()
    editor = window.client_editor
    step = "edit.sam_registered"

    def button() -> Any:
        found = window.findChild(QPushButton, step)
        assert found is not None, step
        return found

    editor.load_client(logged)
    editor.tabs.setCurrentIndex(TAB_READINESS)
    assert button().text() == "Edit…"
    editor.tabs.setCurrentIndex(TAB_PROFILE)
    editor.load_client(other)  # opened while the checklist is off screen
    editor.tabs.setCurrentIndex(TAB_READINESS)
    assert button().text() == "Log…"
    editor.load_client(logged)  # opened while it is on screen: read at once
    assert button().text() == "Edit…"


def test_the_agreements_tab_shows_the_client_open_when_it_is_shown(
    qtbot: QtBot, open_window: WindowFactory, make_client: Callable[..., uuid.UUID], db: Database
) -> None:
    from neodesk.services.agreements import create_agreement

    granted = make_client("Acme Bakery")
    other = make_client("Zed Widgets")
    with db.reading() as tx:
        number = get_client(tx, granted).client_no
    start = date.today() - timedelta(days=10)
    definition = {
        "number": "G-1",
        "title": "Jobs grant",
        "kind": "grant",
        "client": number,
        "amount": "100.00",
        "start": start.isoformat(),
        "end": (start + timedelta(days=100)).isoformat(),
        "milestones": [{"code": "U", "status": "ready", "conditions": [{"kind": "user"}], "events": []}],
    }
    create_agreement(db, json.dumps(definition))
    window = open_window()
    editor = window.client_editor
    table = editor.agreements.table

    editor.load_client(granted)
    editor.tabs.setCurrentWidget(editor.agreements)
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == ["G-1"]
    editor.tabs.setCurrentIndex(TAB_PROFILE)
    editor.load_client(other)  # opened while the tab is off screen
    editor.tabs.setCurrentWidget(editor.agreements)
    assert table.rowCount() == 0
    editor.tabs.setCurrentIndex(TAB_PROFILE)
    editor.load_client(granted)
    editor.tabs.setCurrentWidget(editor.agreements)
    assert table.rowCount() == 1
