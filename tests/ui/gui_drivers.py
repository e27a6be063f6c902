"""GUI test helpers: bulk test data and answering modal dialogs from inside their event loop."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox, QWidget

from neodesk.models import Client, Database, Milestone
from neodesk.services.reference import current_counselor, funding_sources


def add_clients(db: Database, count: int, prefix: str = "Client") -> None:
    """Many plain clients in one transaction (fast enough for list tests; the flush hook numbers them)."""
    with db.unit_of_work() as tx:
        tx.add_all(
            [
                Client(
                    name=f"{prefix} {i:04}",
                    city="Austin",
                    zip="78701",
                    company_status="P",
                    client_type="AC",
                    active=True,
                )
                for i in range(count)
            ]
        )


def add_milestone(
    db: Database,
    client_id: uuid.UUID,
    type_code: str,
    day: date,
    amount: Decimal | None = None,
    initial: Decimal | None = None,
) -> uuid.UUID:
    with db.unit_of_work() as tx:
        counselor = current_counselor(tx)
        milestone = Milestone(
            client_id=client_id,
            type_code=type_code,
            date=day,
            amount=amount,
            initial_amount=initial,
            origin="manual",
            reportable=True,
        )
        milestone.counselors = [counselor]
        milestone.funding_sources = funding_sources(tx)[:1]
        tx.add(milestone)
        tx.flush()
        return milestone.id


@dataclass
class ModalAnswer:
    """Answers the next modal dialog with a given object name, from inside its event loop."""

    object_name: str
    act: Callable[[QWidget], None]
    seen: list[str] = field(default_factory=list)
    _tries: int = 0

    def start(self) -> ModalAnswer:
        QTimer.singleShot(0, self._poll)
        return self

    def _poll(self) -> None:
        widget = QApplication.activeModalWidget()
        if widget is not None and widget.objectName() == self.object_name and widget.isVisible():
            self.seen.append(widget.text() if isinstance(widget, QMessageBox) else widget.windowTitle())
            self.act(widget)
            return
        self._tries += 1
        if self._tries < 500:  # give up after ~5 s so a missing dialog fails the test, not the run
            QTimer.singleShot(10, self._poll)

    @property
    def answered(self) -> bool:
        return bool(self.seen)

    def stop(self) -> None:
        """Stop waiting (a dialog that must not appear): a later test's dialog is not answered by it."""
        self._tries = 10**6


def click_standard(button: QMessageBox.StandardButton) -> Callable[[QWidget], None]:
    def act(widget: QWidget) -> None:
        assert isinstance(widget, QMessageBox)
        widget.button(button).click()

    return act


def click_named(object_name: str) -> Callable[[QWidget], None]:
    def act(widget: QWidget) -> None:
        found = widget.findChild(QAbstractButton, object_name)
        assert found is not None, f"no button {object_name} in {widget.objectName()}"
        found.click()

    return act


def answer(object_name: str, act: Callable[[QWidget], None]) -> ModalAnswer:
    return ModalAnswer(object_name, act).start()


GIVE_UP_SECONDS = 30.0  # a start that never completes fails the test instead of hanging the run


def when_main_window_shows(act: Callable[[QWidget], None], *, complete: bool = False) -> list[str]:
    """Run `act(window)` once a visible MainWindow is up (and complete, if asked), from the event loop.

    Only a *visible* window counts: a closed window of an earlier test may still exist. If none shows in
    GIVE_UP_SECONDS, every top-level window is closed and the event loop told to quit, so the caller's
    `exec()` returns; the returned list then holds the reason, for the test to assert empty.
    """
    problems: list[str] = []
    started = time.monotonic()

    def poll() -> None:
        window = next(
            (w for w in QApplication.topLevelWidgets() if w.objectName() == "MainWindow" and w.isVisible()), None
        )
        ready = window is not None and (not complete or bool(window.is_complete))  # type: ignore[attr-defined]
        if ready:
            assert window is not None
            act(window)
            return
        if time.monotonic() - started > GIVE_UP_SECONDS:
            problems.append("the main window did not show" if window is None else "the main window never completed")
            for widget in QApplication.topLevelWidgets():
                widget.close()
            QApplication.exit(2)
            return
        QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)
    return problems
