"""Writing the client milestone report to a file under the data folder (what Ctrl+P opens and prints)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from neodesk.models import Database
from neodesk.services.client_sync import save_client_with_sync
from neodesk.services.errors import NotFound
from neodesk.services.report_files import reports_dir, write_client_report
from neodesk.sync.deciding import AlwaysNo

NOON = datetime(2026, 11, 24, 12, 0, 0)


def text_of(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_the_report_goes_to_the_reports_folder(db: Database, data_dir: Path) -> None:
    client_id = save_client_with_sync(
        db, None, {"name": "Quetzal Robotics"}, counselor_id=None, decider=AlwaysNo()
    ).client_id
    path = write_client_report(db, client_id, generated_by="Ana Pérez", now=NOON)
    assert path.parent == reports_dir() == data_dir / "reports"
    assert path.name.startswith("client-")
    assert path.name.endswith("-20261124-120000.pdf")
    text = text_of(path)
    assert "Quetzal Robotics" in text
    assert "Ana Pérez" in text
    assert list(path.parent.iterdir()) == [path]  # no .part file left behind


def test_each_run_gets_its_own_file(db: Database) -> None:
    client_id = save_client_with_sync(
        db, None, {"name": "Quetzal Robotics"}, counselor_id=None, decider=AlwaysNo()
    ).client_id
    first = write_client_report(db, client_id, now=NOON)
    second = write_client_report(db, client_id, now=NOON)  # a viewer may hold the first one open
    every = write_client_report(db, client_id, include_all=True, now=NOON)
    assert len({first, second, every}) == 3
    assert every.name.endswith("-all.pdf")
    assert first.exists()


def test_an_unknown_client_is_refused(db: Database, tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        write_client_report(db, 999, folder=tmp_path / "reports")
    assert not (tmp_path / "reports").exists()
