"""Round trips desk → bundle → central: every record compared; incremental bundles; order and repeats."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from neodesk.demo import generate_demo
from neodesk.exchange.bundle_export import ExportCancelled, export_bundle, unexported_count
from neodesk.exchange.bundle_import import import_bundle
from neodesk.exchange.keys import export_key
from neodesk.models import BundleImport, Client, CounselingSession, Database, Milestone, open_database
from tests.exchange.central_snapshots import assert_same_records, fresh_central, snapshot


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "desk.sqlite3")
    generate_demo(db, 12, 3)
    yield db
    db.close()


@pytest.fixture
def key(tmp_path: Path) -> Path:
    return export_key(tmp_path / "desk.pem")


def _edit(desk: Database) -> tuple[int, int]:
    """Edit one client, delete one milestone and one whole client; returns (edited client_no, deletions)."""
    with desk.unit_of_work() as s:
        clients = s.scalars(select(Client).order_by(Client.client_no)).all()
        clients[0].city = "Edited City"
        clients[0].notes = "changed on the desk"
        milestone = s.scalars(select(Milestone).where(Milestone.client_id == clients[1].id)).first()
        assert milestone is not None
        s.delete(milestone)
    with desk.unit_of_work() as s:
        s.delete(s.get_one(Client, clients[2].id))
    return clients[0].client_no, 2


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_round_trip_into_an_empty_database_keeps_every_record(
    desk: Database, key: Path, tmp_path: Path, kind: str
) -> None:
    bundle = export_bundle(desk, tmp_path / "b.zip")
    central = fresh_central(tmp_path, kind)
    try:
        result = import_bundle(central, bundle.path, trust=key)
        assert not result.already_taken
        assert result.applied["client"] == 12
        assert_same_records(snapshot(desk), snapshot(central))
        # Incremental: edits and deletions only.
        _edit(desk)
        second = export_bundle(desk, tmp_path / "b2.zip")
        assert second.from_revision == bundle.to_revision
        import_bundle(central, second.path)
        assert_same_records(snapshot(desk), snapshot(central))
        with central.reading() as s:
            assert s.scalar(select(func.count()).select_from(BundleImport)) == 2
    finally:
        if kind == "postgres":
            from tests.exchange.central_snapshots import drop_everything

            drop_everything(central)
        central.close()


def test_incremental_export_carries_exactly_the_edits_and_deletions(desk: Database, tmp_path: Path) -> None:
    export_bundle(desk, tmp_path / "b1.zip")
    assert unexported_count(desk) == 0
    edited_no, _ = _edit(desk)
    assert unexported_count(desk) == 3  # the edited client and two tombstones (milestone, client)
    result = export_bundle(desk, tmp_path / "b2.zip")
    assert result.counts["client"] == 1
    assert result.counts["counseling_session"] == result.counts["milestone"] == 0
    assert result.counts["tombstone"] == 2
    with zipfile.ZipFile(result.path) as zf:
        rows = zf.read("client.csv").decode().splitlines()
    assert len(rows) == 2
    assert "Edited City" in rows[1]
    assert rows[1].startswith(f"{edited_no},")
    assert unexported_count(desk) == 0


def test_a_new_session_brings_its_client_along(desk: Database, tmp_path: Path) -> None:
    export_bundle(desk, tmp_path / "b1.zip")
    with desk.unit_of_work() as s:
        client = s.scalars(select(Client).order_by(Client.client_no)).first()
        assert client is not None
        s.add(
            CounselingSession(
                client_id=client.id,
                date=date(2026, 1, 5),
                contact_type="PH",
                counseling_area="Business Plan",
                contact_minutes=30,
            )
        )
    result = export_bundle(desk, tmp_path / "b2.zip")
    assert result.counts["counseling_session"] == 1
    assert result.counts["client"] == 1  # unchanged, but the session's parent travels with it


def test_bundles_in_any_order_and_twice_give_the_same_state(desk: Database, key: Path, tmp_path: Path) -> None:
    first = export_bundle(desk, tmp_path / "b1.zip").path
    _edit(desk)
    second = export_bundle(desk, tmp_path / "b2.zip").path
    forward = fresh_central(tmp_path, "sqlite", "forward")
    backward = fresh_central(tmp_path, "sqlite", "backward")
    import_bundle(forward, first, trust=key)
    import_bundle(forward, second)
    import_bundle(backward, second, trust=key)
    import_bundle(backward, first)
    again = import_bundle(backward, second)
    assert again.already_taken
    assert again.total_applied == 0
    expected = snapshot(desk)
    assert_same_records(expected, snapshot(forward))
    assert_same_records(expected, snapshot(backward))
    forward.close()
    backward.close()


def test_export_all_after_a_watermark_exports_everything(desk: Database, tmp_path: Path) -> None:
    export_bundle(desk, tmp_path / "b1.zip")
    everything = export_bundle(desk, tmp_path / "all.zip", everything=True)
    assert everything.from_revision == 0
    assert everything.counts["client"] == 12


def test_a_cancelled_export_leaves_no_file_and_exports_the_same_records_next_time(
    desk: Database, tmp_path: Path
) -> None:
    before = unexported_count(desk)
    calls = []
    with pytest.raises(ExportCancelled):
        export_bundle(desk, tmp_path / "b.zip", cancelled=lambda: bool(calls.append(1)) or len(calls) > 3)
    assert list(tmp_path.glob("b.zip*")) == []
    assert list(tmp_path.glob(".b.zip*")) == []
    assert unexported_count(desk) == before
    seen: list[tuple[int, int]] = []
    result = export_bundle(desk, tmp_path / "b.zip", progress=lambda done, total: seen.append((done, total)))
    assert result.from_revision == 0
    assert result.path.exists()
    assert seen[-1] == (result.total + result.reference, result.total + result.reference)


def test_a_failure_while_writing_leaves_no_partial_file(
    desk: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from neodesk import files
    from neodesk.exchange import bundle_export

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(files, "fsync_folder", boom)  # fails after the rename: file complete, not marked
    with pytest.raises(OSError):
        export_bundle(desk, tmp_path / "b.zip")
    assert unexported_count(desk) > 0
    monkeypatch.setattr(bundle_export.os, "replace", boom)  # fails before the rename
    with pytest.raises(OSError):
        export_bundle(desk, tmp_path / "c.zip")
    assert not (tmp_path / "c.zip").exists()
    assert list(tmp_path.glob(".c.zip*")) == []


def test_import_takes_the_write_lock_when_it_begins(desk: Database, key: Path, tmp_path: Path) -> None:
    """A deferred import transaction failed with "database is locked" when a desk saved meanwhile;
    as a writer it begins IMMEDIATE and waits its turn (busy timeout) instead."""
    from sqlalchemy import event

    bundle = export_bundle(desk, tmp_path / "b.zip")
    central = fresh_central(tmp_path, "sqlite")
    begun: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.startswith("BEGIN"):
            begun.append(statement)

    event.listen(central.engine, "before_cursor_execute", record)
    try:
        import_bundle(central, bundle.path, trust=key)
    finally:
        event.remove(central.engine, "before_cursor_execute", record)
        central.close()
    assert "BEGIN IMMEDIATE" in begun
