"""Issue 9, point 4: every text field has a maximum length, stated once in the field tables, checked
at entry, and export and import agree on it: whatever the desk accepts goes through a bundle unchanged.

Before, a 144,000-character note was accepted and exported, and then the central import failed for
the whole bundle with Python's csv error "field larger than field limit".
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from neodesk.catalog.fields import (
    ACTIVITY_TEXT_FIELDS,
    CLIENT_FIELDS,
    EARLIEST_DATE,
    LARGEST_COUNT,
    LARGEST_TEXT,
    NOTES_MAX,
    Kind,
)
from neodesk.catalog.picklists import PICKLISTS
from neodesk.cli import run
from neodesk.exchange.bundle_export import export_bundle
from neodesk.exchange.bundle_import import import_bundle
from neodesk.exchange.bundle_values import CSV_FIELD_LIMIT
from neodesk.exchange.keys import export_key
from neodesk.models import Counselor, Database, FundingSource, open_database
from neodesk.models.base import Base
from neodesk.services.activity import SessionInput, save_counseling_session, validate_counseling_session
from neodesk.services.client_sync import save_client_with_sync
from neodesk.services.errors import ValidationFailed
from neodesk.services.settings import Settings
from neodesk.services.validation import PAST_DATES, validate_client
from neodesk.sync.deciding import AlwaysNo
from tests.exchange.central_snapshots import assert_same_records, snapshot

TODAY = date(2026, 6, 1)
TEXT_KINDS = (Kind.TEXT, Kind.NAME, Kind.EMAIL, Kind.PHONE)
BASE = {"name": "Limits LLC", "client_type": "AC", "company_status": "P"}


def test_every_text_field_states_a_limit_its_column_can_hold() -> None:
    tables = Base.metadata.tables
    for spec in CLIENT_FIELDS:
        if spec.kind in TEXT_KINDS:
            assert spec.max_length is not None, spec.key
            length = tables["client"].c[spec.key].type.length
            assert length is None or length >= spec.max_length, spec.key
    for text in ACTIVITY_TEXT_FIELDS:
        length = getattr(tables[text.table].c[text.key].type, "length", None)
        assert length is None or length >= text.max_length, (text.table, text.key)
    assert CSV_FIELD_LIMIT >= LARGEST_TEXT  # the importer reads every value the desk accepts


@pytest.mark.parametrize("spec", [f for f in CLIENT_FIELDS if f.kind in (Kind.TEXT, Kind.NAME)], ids=lambda f: f.key)
def test_client_text_over_its_limit_is_refused_naming_field_and_limit(spec: Any) -> None:
    assert spec.max_length is not None
    validate_client({**BASE, spec.key: "x" * spec.max_length}, {}, {}, Settings(), TODAY)  # the limit itself
    with pytest.raises(ValidationFailed) as refused:
        validate_client({**BASE, spec.key: "x" * (spec.max_length + 1)}, {}, {}, Settings(), TODAY)
    assert refused.value.by_key()[spec.key] == (
        f"{spec.label}: must be at most {spec.max_length:,} characters (this is {spec.max_length + 1:,})."
    )


def _session(notes: str) -> SessionInput:
    return SessionInput(
        date=date(2026, 5, 1),
        contact_type="PH",
        counseling_area="Business Plan",
        notes=notes,
        counselor_ids=(uuid.uuid4(),),
        funding_source_ids=(uuid.uuid4(),),
    )


def test_a_144000_character_note_is_refused_at_entry() -> None:
    assert validate_counseling_session(_session("n" * NOTES_MAX), TODAY, None)["notes"] == "n" * NOTES_MAX
    with pytest.raises(ValidationFailed) as refused:
        validate_counseling_session(_session("word " * 28_800), TODAY, None)
    assert refused.value.by_key()["notes"] == "Notes: must be at most 20,000 characters (this is 143,999)."


def test_the_cli_refuses_a_long_city_in_one_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        run(
            [
                "--db",
                str(tmp_path / "d.sqlite3"),
                "set",
                "new",
                "name=Long City LLC",
                "company_status=P",
                "city=" + "c" * 101,
            ]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert "City: must be at most 100 characters (this is 101)." in err
    assert "Traceback" not in err


def test_the_profile_line_edits_take_the_tables_limit(qtbot: Any) -> None:
    from neodesk.ui.field_editors import TextEditor

    for spec in CLIENT_FIELDS:
        if spec.kind in TEXT_KINDS:
            editor = TextEditor(spec)
            qtbot.addWidget(editor.edit)
            assert editor.edit.maxLength() == spec.max_length, spec.key


# --- the property: any value the desk accepts goes through a bundle unchanged ---------------------------

_SAFE = st.characters(blacklist_categories=("Cc", "Cs"))  # any Unicode but control characters and surrogates


def _text(limit: int, alphabet: st.SearchStrategy[str] = _SAFE) -> st.SearchStrategy[str]:
    some = st.text(alphabet, min_size=1, max_size=min(limit, 60))
    longest = st.text(alphabet, min_size=1, max_size=3).map(lambda s: (s * limit)[:limit])
    return st.one_of(some, longest).filter(lambda s: s.strip() != "")


def _money(signed: bool) -> st.SearchStrategy[str]:
    top = 10**15 - 1  # cents below 10,000,000,000,000.00
    return st.integers(-top if signed else 0, top).map(lambda cents: f"{Decimal(cents) / 100:.2f}")


def _dates(key: str) -> st.SearchStrategy[date]:
    return st.dates(EARLIEST_DATE, TODAY if key in PAST_DATES else date(2100, 12, 31))


def _value(spec: Any) -> st.SearchStrategy[Any]:
    kind = spec.kind
    if kind in (Kind.TEXT, Kind.NAME):
        return _text(spec.max_length)
    if kind is Kind.PICKLIST:
        return st.sampled_from(sorted(PICKLISTS[spec.picklist]))
    if kind is Kind.DATE:
        return _dates(spec.key)
    if kind is Kind.BOOL:
        return st.booleans()
    if kind is Kind.COUNT:
        return st.integers(0, LARGEST_COUNT)
    if kind is Kind.PERCENT:
        return st.integers(0, 100)
    if kind in (Kind.MONEY, Kind.SIGNED_MONEY):
        return _money(kind is Kind.SIGNED_MONEY)
    if kind is Kind.CODE_SET:
        return st.frozensets(st.sampled_from(sorted(PICKLISTS[spec.picklist])), max_size=6)
    if kind is Kind.NAICS:
        return st.lists(st.from_regex(r"[0-9]{6}", fullmatch=True), max_size=4, unique=True)
    if kind is Kind.UEI:
        return st.from_regex(r"[A-Z0-9]{12}", fullmatch=True)
    if kind is Kind.CAGE:
        return st.from_regex(r"[A-Z0-9]{5}", fullmatch=True)
    if kind is Kind.ZIP:
        return st.from_regex(r"[0-9]{5}(-[0-9]{4})?", fullmatch=True)
    if kind is Kind.FIPS:
        return st.from_regex(r"[0-9]{5}", fullmatch=True)
    if kind is Kind.EMAIL:
        return st.from_regex(r"[a-z0-9._%+-]{1,30}@[a-z0-9-]{1,20}\.[a-z]{2,6}", fullmatch=True)
    if kind is Kind.PHONE:
        return st.from_regex(r"\([0-9]{3}\) [0-9]{3}-[0-9]{4}( x[0-9]{1,4})?", fullmatch=True)
    return st.none()  # counselor / center: chosen from lists, not typed


@st.composite
def client_values(draw: st.DrawFn) -> dict[str, Any]:
    values = {spec.key: draw(_value(spec)) for spec in CLIENT_FIELDS if spec.kind is not Kind.REFERENCE}
    if values["company_status"] in ("S", "B"):  # in business: a start date and one employee (domain.md)
        values["full_time_employees"] = max(values["full_time_employees"], 1)
    return values


_NOTE_ALPHABET = st.one_of(_SAFE, st.sampled_from(["\n", "\t", "\r"]))  # multi-line: tabs and line breaks


@pytest.fixture
def desk_and_central(tmp_path: Path) -> Iterator[tuple[Database, Database, Path]]:
    desk = open_database(tmp_path / "desk.sqlite3")
    central = open_database(tmp_path / "central.sqlite3")
    yield desk, central, export_key(tmp_path / "desk.pem")
    desk.close()
    central.close()


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(values=client_values(), notes=_text(NOTES_MAX, _NOTE_ALPHABET), subject=_text(200))
def test_whatever_the_desk_accepts_goes_through_a_bundle_unchanged(
    desk_and_central: tuple[Database, Database, Path], tmp_path: Path, values: dict[str, Any], notes: str, subject: str
) -> None:
    desk, central, key = desk_and_central
    saved = save_client_with_sync(
        desk, None, values, counselor_id=None, today=TODAY, decider=AlwaysNo()
    )  # the desk accepts it (or fails here)
    with desk.reading() as s:
        counselor = s.scalars(select(Counselor.id)).first()
        funding = s.scalars(select(FundingSource.id)).first()
    assert counselor is not None
    assert funding is not None
    counseling_session = SessionInput(
        date=date(2026, 5, 1),
        contact_type="PH",
        counseling_area="Business Plan",
        subject=subject,
        notes=notes,
        counselor_ids=(counselor,),
        funding_source_ids=(funding,),
    )
    save_counseling_session(desk, saved.client_id, counseling_session, counselor_id=None, today=TODAY)
    bundle = export_bundle(desk, tmp_path / f"{uuid.uuid4()}.zip", everything=True).path
    import_bundle(central, bundle, trust=key)
    bundle.unlink()
    assert_same_records(snapshot(desk), snapshot(central))
