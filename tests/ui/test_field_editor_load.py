"""Loading a value into a client field clears its problem, re-styling it only when it had one."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from neodesk.catalog.fields import CLIENT_FIELDS
from neodesk.services.reference import Choice
from neodesk.ui.field_editors import make_field_editor

SPECS = {spec.key: spec for spec in CLIENT_FIELDS}


def test_load_clears_a_problem_and_keeps_the_hints(qtbot: QtBot) -> None:
    established = make_field_editor(SPECS["date_established"], {})
    qtbot.addWidget(established.container)
    hint = "Type YYYY-MM-DD"
    assert hint in established.widget.toolTip()  # before any load
    established.load(date(2020, 1, 15))
    assert not established.widget.property("invalid")
    assert established.problem_text == ""

    established.set_problem("Date Company Established: is not a date.")
    assert established.widget.property("invalid") is True
    assert established.problem_text.endswith("is not a date.")
    assert "is not a date." in established.widget.toolTip()

    established.load(date(2021, 2, 3))
    assert established.widget.property("invalid") is False
    assert established.problem_text == ""
    assert established.problem.isHidden()
    assert "is not a date." not in established.widget.toolTip()
    assert hint in established.widget.toolTip()


def test_a_choice_keeps_offering_what_the_loaded_record_holds(qtbot: QtBot) -> None:
    choices = [Choice("A", "Alpha", True), Choice("B", "Beta", True), Choice("OLD", "Old", False)]
    status = make_field_editor(SPECS["company_status"], {"company_status": choices})
    qtbot.addWidget(status.container)
    offered = status.widget  # type: ignore[assignment]

    def items() -> list[str]:
        return [offered.itemText(i) for i in range(offered.count())]

    status.load("A")
    assert items()[-2:] == ["Alpha", "Beta"]
    status.load("OLD")  # an inactive value is offered where it is held
    assert "Old (inactive)" in items()
    assert status.raw() == "OLD"
    status.load("B")
    assert "Old (inactive)" not in items()
    assert status.raw() == "B"
    status.load("GONE")  # a code the list does not know shows as itself
    assert items()[-1] == "GONE"
    assert status.raw() == "GONE"
    status.load("A")
    assert "GONE" not in items()
    assert (status.raw(), status.is_modified()) == ("A", False)
