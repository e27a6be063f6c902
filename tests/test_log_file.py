"""The rotating log file keeps notable events: a refused bundle import (why, which file), the records an
SBA upload left out (which, why), each agreement and milestone processing run (as of, counts); and it
keeps writing when its folder was removed underneath the process."""

from __future__ import annotations

import logging
import os
import shutil
import stat
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import update

from neodesk.demo import generate_demo
from neodesk.exchange.bundle_import import BundleRefused, import_bundle
from neodesk.exchange.nexus_export import export_nexus
from neodesk.log_file import EVENT_LOGGER, log_bug, log_event, log_file
from neodesk.models import Client, Database
from neodesk.models.reference import Center
from neodesk.services.agreements.processing import process
from neodesk.services.processing import run_milestone_processing

TODAY = date(2026, 6, 1)


def logged() -> str:
    path = log_file()
    return path.read_text(encoding="utf-8") if path.exists() else ""


def _bug(text: str) -> Path:
    try:
        raise RuntimeError(text)
    except RuntimeError as exc:
        return log_bug(exc)


def test_a_bug_after_the_logs_folder_was_deleted_is_still_written(data_dir: Path) -> None:
    first = _bug("the first bug")
    assert "the first bug" in first.read_text(encoding="utf-8")
    shutil.rmtree(first.parent)  # the user (or a test run) removed the folder; the old handler's file is gone

    second = _bug("the second bug")

    assert second == first
    assert "the second bug" in second.read_text(encoding="utf-8")


def test_an_event_after_the_logs_folder_was_deleted_is_still_written(data_dir: Path) -> None:
    log_event("before")
    shutil.rmtree(log_file().parent)
    log_event("after")
    assert "after" in logged()


def test_an_event_goes_to_the_log_file_only(data_dir: Path, capfd: pytest.CaptureFixture[str]) -> None:
    log_event("Something notable happened")
    assert logged().rstrip().endswith("INFO neodesk.event: Something notable happened")
    assert stat.S_IMODE(os.stat(log_file()).st_mode) == 0o600
    assert capfd.readouterr() == ("", "")  # not the terminal: the command line already said its sentence


def test_events_follow_the_data_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    log_event("first folder")
    first = log_file()
    monkeypatch.setenv("NEODESK_DATA_DIR", str(tmp_path / "elsewhere"))
    log_event("second folder")
    assert "second folder" not in first.read_text(encoding="utf-8")
    assert "second folder" in logged()
    assert len(logging.getLogger(EVENT_LOGGER).handlers) == 1


def test_a_refused_bundle_import_is_logged_with_its_file_and_reason(db: Database, tmp_path: Path) -> None:
    bundle = tmp_path / "desk-3.zip"
    bundle.write_bytes(b"not a zip file at all")
    with pytest.raises(BundleRefused) as refused:
        import_bundle(db, bundle)
    assert f"Bundle import refused: {bundle.resolve()}: {refused.value}" in logged()


def test_records_left_out_of_an_sba_upload_are_logged_without_names(db: Database, tmp_path: Path) -> None:
    generate_demo(db, 3, seed=7, today=TODAY)
    with db.unit_of_work() as tx:
        tx.execute(update(Center).values(sba_location_code=4711))
        tx.execute(update(Client).where(Client.client_no == 2).values(race=None))
    out = tmp_path / "nexus.xml"
    result = export_nexus(db, date(2023, 1, 1), TODAY, out)
    left_out = [s for s in result.skipped if s.client_no == 2]
    assert left_out, "the demo's client 2 has a reportable session in the period"
    text = logged()
    assert f"SBA upload 2023-01-01..{TODAY.isoformat()} ({out}): {result.written} records written, " in text
    for record in left_out:
        assert (
            f"SBA upload left out client 2, session {record.session_date.isoformat()} ({record.session_id}): "
            "race (intake) is not answered" in text
        )
        assert record.client_name not in text


def test_an_upload_without_exclusions_logs_nothing(db: Database, tmp_path: Path) -> None:
    result = export_nexus(db, date(2023, 1, 1), TODAY, tmp_path / "nexus.xml")
    assert (result.written, result.skipped) == (0, ())
    assert "SBA upload" not in logged()


def test_agreement_processing_runs_are_logged_with_as_of_and_counts(db: Database) -> None:
    report = process(db, as_of=date(2026, 5, 1), today=TODAY)
    dry = process(db, as_of=date(2026, 7, 1), dry_run=True, today=TODAY)
    text = logged()
    assert (
        f"Agreement processing as of 2026-05-01: {report.changes} changes, 0 milestones completed, "
        "0 awaiting approval, 0 payments released, 0 blocked, 0 problems" in text
    )
    assert f"Agreement processing (dry run) as of 2026-07-01: {dry.changes} changes" in text


def test_milestone_processing_runs_are_logged_with_the_clients_moved(db: Database) -> None:
    with db.unit_of_work() as tx:
        tx.add(Client(name="Old Start-up", company_status="S", date_established=date(2025, 1, 2)))
    result = run_milestone_processing(db, counselor_id=None, today=TODAY)
    number = result.promoted[0].client_no
    assert f"Milestone processing as of {TODAY.isoformat()}: Start-ups moved to In Business: 1 (clients {number})" in (
        logged()
    )
