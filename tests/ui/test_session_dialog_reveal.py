"""Issue 13: the session editor opens with the chosen counselor and funding source in view."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from neodesk.models import Counselor, Database, FundingSource
from neodesk.ui.input_widgets import CheckList
from neodesk.ui.main_window import MainWindow


def test_session_editor_shows_the_chosen_funding_source(
    qtbot: QtBot, db: Database, me: Any, open_window: Callable[[], MainWindow], make_client: Callable[..., Any]
) -> None:
    with db.unit_of_work() as tx:
        for n in range(12):  # listed before the chosen one (ordered by code)
            tx.add(FundingSource(code=f"AA{n:02}", name=f"Grant number {n}", active=True))
        late = FundingSource(code="ZZ", name="The counselor's own fund", active=True)
        tx.add(late)
        tx.flush()
        tx.get(Counselor, me).default_funding_source_id = late.id
    make_client()
    window = open_window()
    dialog = window.client_editor.sessions.make_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    QApplication.processEvents()
    funding = dialog.findChild(CheckList, "session.funding_source_ids")
    chosen = next(
        funding.item(i) for i in range(funding.count()) if funding.item(i).checkState() == Qt.CheckState.Checked
    )
    assert chosen.text().startswith("ZZ")
    assert funding.viewport().rect().contains(funding.visualItemRect(chosen).center())
