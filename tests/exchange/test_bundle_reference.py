"""Reference rows seeded on both sides: an untouched seeded desk row never undoes a central edit,
a desk's own edit does arrive, and the central office's change numbers stay its own."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import select

from neodesk.exchange.bundle_export import export_bundle
from neodesk.exchange.bundle_import import BundleRefused, import_bundle
from neodesk.exchange.bundle_merge import pristine_reference
from neodesk.exchange.keys import export_key
from neodesk.models import Database, FundingSource, MilestoneType, PicklistValue, open_database
from neodesk.models.seed import DEFAULT_FUNDING_CODE
from neodesk.models.tracking import RevisionCounter
from tests.exchange.central_snapshots import drop_everything, fresh_central

REFERENCE = ("funding_source", "center", "counselor", "milestone_type", "picklist_value")
KINDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def _counter(db: Database) -> int:
    with db.reading() as s:
        return int(s.scalar(select(RevisionCounter.value).where(RevisionCounter.id == 1)) or 0)


def _funding(db: Database, code: str = DEFAULT_FUNDING_CODE) -> FundingSource:
    with db.reading() as s:
        return s.scalars(select(FundingSource).where(FundingSource.code == code)).one()


def _rename_funding(db: Database, name: str, code: str = DEFAULT_FUNDING_CODE) -> None:
    with db.unit_of_work() as s:
        s.scalars(select(FundingSource).where(FundingSource.code == code)).one().name = name


def _close(db: Database, kind: str) -> None:
    if kind == "postgres":
        drop_everything(db)
    db.close()


def test_the_pristine_rows_come_from_the_seed() -> None:
    pristine = pristine_reference()
    assert pristine["funding_source"][(DEFAULT_FUNDING_CODE,)]["name"] == "SBDC core funding"
    admin = next(iter(pristine["counselor"].values()))
    assert admin["default_funding_source_id"] == ("funding_source", (DEFAULT_FUNDING_CODE,))
    assert len(pristine["picklist_value"]) > 100
    assert len(pristine["milestone_type"]) > 10


@pytest.mark.parametrize("kind", KINDS)
def test_a_desk_seeded_after_a_central_edit_does_not_undo_it(tmp_path: Path, kind: str) -> None:
    central = fresh_central(tmp_path, kind)
    try:
        _rename_funding(central, "Renamed by the central administrator")
        with central.unit_of_work() as s:
            value = s.scalars(select(PicklistValue).order_by(PicklistValue.picklist, PicklistValue.code)).first()
            assert value is not None
            value.label = "Central label"
            picklist, code = value.picklist, value.code
        edited_revision = _funding(central).revision
        time.sleep(0.01)
        desk = open_database(tmp_path / "desk.sqlite3")  # installed later: its seeded rows are newer
        bundle = export_bundle(desk, tmp_path / "b.zip", everything=True).path
        desk.close()
        result = import_bundle(central, bundle, trust=export_key(tmp_path / "desk.pem"))
        assert {name: result.applied[name] for name in REFERENCE} == dict.fromkeys(REFERENCE, 0)
        row = _funding(central)
        assert row.name == "Renamed by the central administrator"
        assert row.revision == edited_revision
        with central.reading() as s:
            assert (
                s.scalars(
                    select(PicklistValue.label).where(PicklistValue.picklist == picklist, PicklistValue.code == code)
                ).one()
                == "Central label"
            )
    finally:
        _close(central, kind)


@pytest.mark.parametrize("kind", KINDS)
def test_a_desk_edit_of_a_reference_row_arrives_with_a_central_change_number(tmp_path: Path, kind: str) -> None:
    central = fresh_central(tmp_path, kind)
    try:
        time.sleep(0.01)
        desk = open_database(tmp_path / "desk.sqlite3")
        _rename_funding(desk, "Renamed on the desk")
        with desk.unit_of_work() as s:
            s.add(
                PicklistValue(
                    picklist="client_type",
                    code="DESK_NEW",
                    label="Added on the desk",
                    active=True,
                    sort_order=99,
                    standard=False,
                )
            )
            mtype = s.scalars(select(MilestoneType).order_by(MilestoneType.code)).first()
            assert mtype is not None
            mtype.active = False
            mtype_code = mtype.code
        before = _counter(central)
        key = export_key(tmp_path / "desk.pem")
        result = import_bundle(central, export_bundle(desk, tmp_path / "b.zip").path, trust=key)
        assert result.applied["funding_source"] == 1
        assert result.applied["picklist_value"] == 1
        assert result.applied["milestone_type"] == 1
        assert result.applied["center"] == result.applied["counselor"] == 0
        row = _funding(central)
        assert row.name == "Renamed on the desk"
        # A twin takes a change number from the central office's counter, not the desk's.
        assert before < row.revision <= _counter(central)
        with central.reading() as s:
            assert s.scalars(select(MilestoneType.active).where(MilestoneType.code == mtype_code)).one() is False
            assert (
                s.scalars(select(PicklistValue.label).where(PicklistValue.code == "DESK_NEW")).one()
                == "Added on the desk"
            )
        # The same rows again (a later bundle carries them whole): nothing applied.
        _rename_funding(desk, "Renamed on the desk")  # no change: no new revision
        with desk.unit_of_work() as s:
            s.scalars(select(MilestoneType).where(MilestoneType.code == mtype_code)).one().sort_order = 500
        again = import_bundle(central, export_bundle(desk, tmp_path / "b2.zip").path)
        assert again.applied["funding_source"] == again.applied["picklist_value"] == 0
        assert again.applied["milestone_type"] == 1
        # The central administrator edits after the desk: a later bundle keeps the central edit.
        time.sleep(0.01)
        _rename_funding(central, "Central wins now")
        with desk.unit_of_work() as s:
            s.scalars(select(MilestoneType).where(MilestoneType.code == mtype_code)).one().sort_order = 501
        third = import_bundle(central, export_bundle(desk, tmp_path / "b3.zip").path)
        assert third.applied["funding_source"] == 0
        assert _funding(central).name == "Central wins now"
        desk.close()
    finally:
        _close(central, kind)


def test_a_desk_edit_made_before_the_central_office_was_installed_still_arrives(tmp_path: Path) -> None:
    desk = open_database(tmp_path / "desk.sqlite3")
    _rename_funding(desk, "Edited before central existed")
    time.sleep(0.01)
    central = open_database(tmp_path / "central.sqlite3")  # seeded later: newer, but never edited
    result = import_bundle(
        central, export_bundle(desk, tmp_path / "b.zip").path, trust=export_key(tmp_path / "desk.pem")
    )
    assert result.applied["funding_source"] == 1
    assert _funding(central).name == "Edited before central existed"
    desk.close()
    central.close()


def test_a_code_changed_onto_an_existing_central_code_is_refused_whole(tmp_path: Path) -> None:
    central = open_database(tmp_path / "central.sqlite3")
    with central.unit_of_work() as s:
        s.add(FundingSource(code="STATE", name="State grant (central)", active=True))
    desk = open_database(tmp_path / "desk.sqlite3")
    with desk.unit_of_work() as s:
        s.add(FundingSource(code="LOCAL", name="Local grant", active=True))
    key = export_key(tmp_path / "desk.pem")
    import_bundle(central, export_bundle(desk, tmp_path / "b1.zip").path, trust=key)
    with desk.unit_of_work() as s:
        s.scalars(select(FundingSource).where(FundingSource.code == "LOCAL")).one().code = "STATE"
    bundle = export_bundle(desk, tmp_path / "b2.zip").path
    with pytest.raises(BundleRefused, match="conflicts with the data here") as refused:
        import_bundle(central, bundle)
    assert "\n" not in str(refused.value)
    with central.reading() as s:
        assert sorted(s.scalars(select(FundingSource.code))) == ["LOCAL", DEFAULT_FUNDING_CODE, "STATE"]
    desk.close()
    central.close()
