"""Issue 9 point 15: nobody acts as "the first administrator" by default. With several active counselors
the CLI refuses without NEODESK_COUNSELOR and the app asks (CounselorChooser, remembered); an inactive
or unknown counselor cannot act; administrator actions ask the passphrase (Argon2id) once per run."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from lock_and_damage import answer, click_named, reject, type_and_click
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QListWidget, QPushButton, QWidget

from neodesk.cli import run
from neodesk.models import Client, Counselor, Database
from neodesk.models.seed import DEFAULT_ADMIN_EMAIL
from neodesk.services.identity import IdentityRefused, IdentityRequired, remembered_counselor
from neodesk.services.passphrase import WRONG, AdminGate, set_passphrase
from neodesk.services.reference import current_counselor
from neodesk.ui import build_main_window
from neodesk.ui.main_window import MainWindow

PASSPHRASE = "correct horse battery"


@pytest.fixture
def team(db: Database) -> Database:
    """The seeded administrator plus two active counselors and an inactive one."""
    with db.unit_of_work() as tx:
        tx.add_all(
            [
                Counselor(name="Casey Counselor", email="casey@example.org", role="counselor"),
                Counselor(name="Drew Counselor", email="drew@example.org", role="counselor"),
                Counselor(name="Former Counselor", email="former@example.org", role="counselor", active=False),
            ]
        )
    return db


@pytest.fixture
def nobody_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEODESK_COUNSELOR", raising=False)


def clients(db: Database) -> int:
    with db.reading() as tx:
        return tx.query(Client).count()


def admin_id(db: Database) -> uuid.UUID:
    with db.reading() as tx:
        return tx.query(Counselor).filter_by(email=DEFAULT_ADMIN_EMAIL).one().id


# -- the CLI ---------------------------------------------------------------------------------------------------------
@pytest.mark.usefixtures("nobody_named")
def test_cli_refuses_to_write_without_an_identity_when_several_are_active(
    team: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["--db", str(db_path), "set", "new", "name=Nobody's Client", "company_status=P"]) == 1
    err = capsys.readouterr().err
    assert "set NEODESK_COUNSELOR" in err
    assert err.count("\n") == 1  # one sentence
    assert clients(team) == 0
    # Listing commands act as nobody and still run.
    assert run(["--db", str(db_path), "clients"]) == 0


@pytest.mark.usefixtures("nobody_named")
def test_cli_uses_the_only_active_counselor(db: Database, db_path: Path) -> None:
    assert run(["--db", str(db_path), "set", "new", "name=Solo Desk", "company_status=P"]) == 0
    assert clients(db) == 1


@pytest.mark.parametrize(
    ("email", "said"),
    [("former@example.org", "is inactive and cannot act"), ("ghost@example.org", "No counselor has the email")],
)
def test_cli_refuses_an_inactive_or_unknown_counselor(
    team: Database,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    email: str,
    said: str,
) -> None:
    monkeypatch.setenv("NEODESK_COUNSELOR", email)
    assert run(["--db", str(db_path), "set", "new", "name=Refused", "company_status=P"]) == 1
    assert said in capsys.readouterr().err
    assert clients(team) == 0


def test_the_one_place_resolves_and_refuses(team: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEODESK_COUNSELOR")
    with team.reading() as tx:
        with pytest.raises(IdentityRequired):
            current_counselor(tx)
        assert current_counselor(tx, "casey@example.org").name == "Casey Counselor"
        with pytest.raises(IdentityRefused, match="inactive"):
            current_counselor(tx, "former@example.org")


# -- the app ---------------------------------------------------------------------------------------------------------
@pytest.fixture
def windows(qapp: QApplication) -> Iterator[list[QWidget]]:
    built: list[QWidget] = []
    yield built
    for window in built:
        window.close()
        window.deleteLater()
    QApplication.processEvents()
    stray = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    for widget in stray:
        widget.close()
    assert not stray, [w.objectName() for w in stray]


def choose(email: str):
    def act(dialog: QWidget) -> None:
        listing = dialog.findChild(QListWidget, "counselorList")
        assert listing is not None
        for row in range(listing.count()):
            if email in listing.item(row).text():
                listing.setCurrentRow(row)
        click_named("chooseCounselor")(dialog)

    return act


@pytest.mark.usefixtures("nobody_named")
def test_the_app_asks_who_is_working_and_remembers(qtbot, team: Database, windows: list[QWidget]) -> None:
    listed: list[str] = []

    def look_then_choose(dialog: QWidget) -> None:
        listing = dialog.findChild(QListWidget, "counselorList")
        listed.extend(listing.item(row).text() for row in range(listing.count()))  # type: ignore[union-attr]
        choose("drew@example.org")(dialog)

    chooser = answer("CounselorChooser", look_then_choose)
    window = build_main_window(team)
    windows.append(window)
    assert chooser.answered
    assert isinstance(window, MainWindow)
    assert window.context.counselor_name == "Drew Counselor"
    assert not any("former@example.org" in line for line in listed)  # inactive counselors are not offered
    assert len(listed) == 3
    assert remembered_counselor(team.label) == "drew@example.org"

    again = answer("CounselorChooser", reject)
    second = build_main_window(team)
    windows.append(second)
    QApplication.processEvents()
    again.stop()
    assert not again.answered  # remembered: not asked a second time
    assert second.context.counselor_name == "Drew Counselor"  # type: ignore[attr-defined]


def test_the_app_says_an_inactive_counselor_cannot_act_and_asks(
    qtbot, team: Database, windows: list[QWidget], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEODESK_COUNSELOR", "former@example.org")
    reasons: list[str] = []

    def read_then_choose(dialog: QWidget) -> None:
        reasons.append(dialog.findChild(QLabel, "chooserReason").text())  # type: ignore[union-attr]
        choose("casey@example.org")(dialog)

    chooser = answer("CounselorChooser", read_then_choose)
    window = build_main_window(team)
    windows.append(window)
    assert chooser.answered
    assert "Former Counselor (former@example.org) is inactive and cannot act" in reasons[0]
    assert window.context.counselor_name == "Casey Counselor"  # type: ignore[attr-defined]
    assert not window.admin_menu.menuAction().isVisible()  # type: ignore[attr-defined]


# -- the administrator passphrase ------------------------------------------------------------------------------------
def test_the_passphrase_is_stored_as_an_argon2id_hash(db: Database) -> None:
    me = admin_id(db)
    set_passphrase(db, me, me, PASSPHRASE)
    with db.reading() as tx:
        stored = tx.get(Counselor, me).passphrase_hash  # type: ignore[union-attr]
    assert stored is not None
    assert stored.startswith("$argon2id$")
    assert PASSPHRASE not in stored
    gate = AdminGate()
    assert gate.needs_passphrase(db, me)
    assert not gate.unlock(db, me, "wrong guess here")
    assert gate.unlock(db, me, PASSPHRASE)
    assert not gate.needs_passphrase(db, me)  # once per run


def test_admin_screens_ask_the_passphrase_once_per_run(qtbot, db: Database, windows: list[QWidget]) -> None:
    me = admin_id(db)
    set_passphrase(db, me, me, PASSPHRASE)
    window = build_main_window(db)
    windows.append(window)
    window.show()
    qtbot.waitExposed(window)
    problems: list[str] = []
    opened: list[str] = []

    def wrong_then_right(dialog: QWidget) -> None:
        type_and_click({"passphrase": "not the passphrase"}, "passphraseOk")(dialog)
        assert dialog.isVisible()  # refused: the dialog stays open
        problems.append(dialog.findChild(QLabel, "passphraseProblem").text())  # type: ignore[union-attr]
        type_and_click({"passphrase": PASSPHRASE}, "passphraseOk")(dialog)

    def close_counselors(dialog: QWidget) -> None:
        opened.append(dialog.objectName())
        assert isinstance(dialog, QDialog)
        dialog.reject()

    asked = answer("AdminPassphraseDialog", wrong_then_right)
    shown = answer("CounselorsDialog", close_counselors)
    window.findChild(QAction, "action.counselors").trigger()  # type: ignore[union-attr]
    assert asked.answered
    assert problems == [WRONG]
    assert opened == ["CounselorsDialog"]

    not_again = answer("AdminPassphraseDialog", reject)
    shown_again = answer("SettingsDialog", lambda d: d.reject())  # type: ignore[attr-defined]
    window.findChild(QAction, "action.settings").trigger()  # type: ignore[union-attr]
    not_again.stop()
    assert shown.answered
    assert shown_again.answered
    assert not not_again.answered


def test_cancelling_the_passphrase_opens_nothing(qtbot, db: Database, windows: list[QWidget]) -> None:
    me = admin_id(db)
    set_passphrase(db, me, me, PASSPHRASE)
    window = build_main_window(db)
    windows.append(window)
    asked = answer("AdminPassphraseDialog", click_named("passphraseCancel"))
    opened = answer("CounselorsDialog", lambda d: d.reject())  # type: ignore[attr-defined]
    window.findChild(QAction, "action.counselors").trigger()  # type: ignore[union-attr]
    QApplication.processEvents()
    opened.stop()
    assert asked.answered
    assert not opened.answered


def test_admin_counselors_sets_a_passphrase(qtbot, db: Database, windows: list[QWidget]) -> None:
    window = build_main_window(db)
    windows.append(window)
    mismatched: list[str] = []

    def set_it(dialog: QWidget) -> None:
        type_and_click({"newPassphrase": PASSPHRASE, "repeatPassphrase": "something else"}, "passphraseOk")(dialog)
        mismatched.append(dialog.findChild(QLabel, "passphraseProblem").text())  # type: ignore[union-attr]
        type_and_click({"newPassphrase": PASSPHRASE, "repeatPassphrase": PASSPHRASE}, "passphraseOk")(dialog)

    def in_counselors(dialog: QWidget) -> None:
        button = dialog.findChild(QPushButton, "admin.setPassphrase")
        assert button is not None
        assert button.isEnabled()  # the selected row is the administrator
        answer("SetPassphraseDialog", set_it)
        button.click()
        dialog.reject()  # type: ignore[attr-defined]

    shown = answer("CounselorsDialog", in_counselors)
    window.findChild(QAction, "action.counselors").trigger()  # type: ignore[union-attr]
    assert shown.answered
    assert mismatched == ["The two passphrases differ; type the same one twice."]
    assert AdminGate().unlock(db, admin_id(db), PASSPHRASE)
    assert not AdminGate().unlock(db, admin_id(db), "something else")


def test_cli_admin_command_asks_the_passphrase(
    db: Database, db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    me = admin_id(db)
    set_passphrase(db, me, me, PASSPHRASE)
    monkeypatch.setenv("NEODESK_NEW_PASSPHRASE", "a new passphrase")
    argv = ["--db", str(db_path), "counselor", "passphrase", DEFAULT_ADMIN_EMAIL]
    monkeypatch.delenv("NEODESK_ADMIN_PASSPHRASE", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO())  # not a terminal: nothing to ask on
    assert run(argv) == 1
    assert "NEODESK_ADMIN_PASSPHRASE" in capsys.readouterr().err
    monkeypatch.setenv("NEODESK_ADMIN_PASSPHRASE", "wrong passphrase")
    assert run(argv) == 1
    assert WRONG in capsys.readouterr().err
    monkeypatch.setenv("NEODESK_ADMIN_PASSPHRASE", PASSPHRASE)
    assert run(argv) == 0
    assert AdminGate().unlock(db, me, "a new passphrase")


def test_a_counselor_made_inactive_meanwhile_cannot_save(team: Database, qapp: QApplication) -> None:
    """Signed in while active, inactivated from another desk: the next save is refused, nothing written."""
    from neodesk.models.database import InactiveCounselor
    from neodesk.services.admin.counselors import set_counselor_active
    from neodesk.services.client_sync import save_client_with_sync
    from neodesk.sync.deciding import AlwaysNo
    from neodesk.ui import app as app_module

    with team.reading() as tx:
        casey = tx.query(Counselor).filter_by(email="casey@example.org").one().id
    save_client_with_sync(team, None, {"name": "Before", "company_status": "P"}, counselor_id=casey, decider=AlwaysNo())
    set_counselor_active(team, admin_id(team), casey, False)
    with pytest.raises(InactiveCounselor, match=r"^Casey Counselor \(casey@example.org\) is inactive and cannot act"):
        save_client_with_sync(
            team, None, {"name": "After", "company_status": "P"}, counselor_id=casey, decider=AlwaysNo()
        )
    assert clients(team) == 1
    # The app shows that sentence, not "Something went wrong".
    reply = answer("errorDialog", lambda box: box.close())
    try:
        save_client_with_sync(
            team, None, {"name": "After", "company_status": "P"}, counselor_id=casey, decider=AlwaysNo()
        )
    except InactiveCounselor as exc:
        app_module.excepthook(type(exc), exc, exc.__traceback__)
    assert reply.answered
    assert reply.seen[0].startswith("Casey Counselor (casey@example.org) is inactive")


@pytest.mark.usefixtures("nobody_named")
def test_the_started_app_asks_on_the_gui_thread(
    qtbot, team: Database, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real start opens the database on a thread (ui.start_opener): the chooser still comes, on the GUI thread."""
    import logging
    import sys

    from lock_and_damage import when_main_window_shows

    from neodesk.ui import app as app_module

    with team.unit_of_work() as tx:
        tx.add(Client(name="Quick Start Client", company_status="P", client_type="AC"))
    team.close()
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    root = logging.getLogger()
    handlers = list(root.handlers)
    signed_in: list[str] = []

    def record_and_close(window: QWidget) -> None:
        signed_in.append(window.context.counselor_name)  # type: ignore[attr-defined]
        window.close()

    chooser = answer("CounselorChooser", choose("casey@example.org"))
    problems = when_main_window_shows(record_and_close)
    try:
        assert app_module.start_gui(str(db_path)) == 0
    finally:
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
                handler.close()
    assert problems == []
    assert chooser.answered
    assert signed_in == ["Casey Counselor"]
