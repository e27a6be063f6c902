"""What an export counts and when there is nothing to export; the CLI's one-line failures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from neodesk.cli import run
from neodesk.demo import generate_demo
from neodesk.exchange.bundle_export import NothingToExport, export_bundle
from neodesk.models import BundleExport, Client, Database, FundingSource, open_database
from neodesk.models.seed import DEFAULT_FUNDING_CODE


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "desk.sqlite3")
    generate_demo(db, 4, 5)
    yield db
    db.close()


def _marks(db: Database) -> list[int]:
    with db.reading() as s:
        return list(s.scalars(select(BundleExport.record_count).order_by(BundleExport.to_revision)))


def test_total_counts_records_and_reference_is_apart(desk: Database, tmp_path: Path) -> None:
    result = export_bundle(desk, tmp_path / "b.zip")
    reference = sum(
        result.counts[n] for n in ("funding_source", "center", "counselor", "milestone_type", "picklist_value")
    )
    assert result.reference == reference > 100
    assert result.total == sum(result.counts.values()) - reference
    assert result.counts["client"] == 4
    assert result.total >= 4
    assert _marks(desk) == [result.total]


def test_nothing_changed_raises_and_writes_nothing(desk: Database, tmp_path: Path) -> None:
    export_bundle(desk, tmp_path / "b1.zip")
    with pytest.raises(NothingToExport):
        export_bundle(desk, tmp_path / "none" / "b2.zip")
    assert not (tmp_path / "none").exists()
    assert len(_marks(desk)) == 1
    everything = export_bundle(desk, tmp_path / "all.zip", everything=True)  # --all still writes
    assert everything.counts["client"] == 4


def test_a_reference_only_change_still_exports(desk: Database, tmp_path: Path) -> None:
    export_bundle(desk, tmp_path / "b1.zip")
    with desk.unit_of_work() as s:
        s.scalars(select(FundingSource).where(FundingSource.code == DEFAULT_FUNDING_CODE)).one().name = "Renamed"
    result = export_bundle(desk, tmp_path / "b2.zip")
    assert result.total == 0
    assert result.reference > 0
    assert _marks(desk)[-1] == 0
    with desk.reading() as s:
        assert s.scalar(select(func.count()).select_from(Client)) == 4


def test_cli_reports_changed_records_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "a.sqlite3")
    assert run(["--db", db, "demo", "--clients", "3"]) == 0
    capsys.readouterr()
    assert run(["--db", db, "export", "bundle", "--out", str(tmp_path / "b.zip")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Exported ")
    exported = int(out.split()[1])
    assert 3 <= exported < 100  # the few hundred reference rows are not counted
    assert run(["--db", db, "export", "bundle", "--out", str(tmp_path / "c.zip")]) == 0
    assert "Nothing changed since the last export" in capsys.readouterr().out
    assert not (tmp_path / "c.zip").exists()


@pytest.mark.parametrize("what", ["bundle", "key"])
def test_cli_export_to_an_unwritable_place_says_so_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], what: str
) -> None:
    db = str(tmp_path / "a.sqlite3")
    assert run(["--db", db, "demo", "--clients", "2"]) == 0
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    capsys.readouterr()
    assert run(["--db", db, "export", what, "--out", str(blocker / "sub" / "out.zip")]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("neodesk: cannot write")
    assert captured.err.count("\n") == 1
    assert "Traceback" not in captured.err
    check = open_database(tmp_path / "a.sqlite3")
    assert _marks(check) == []
    check.close()
