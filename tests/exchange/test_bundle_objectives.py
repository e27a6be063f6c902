"""Objectives, answers with their files, approval groups, approvals and history travel in bundles
(agreements.md §10): intact, the files checked against their hashes before anything is written, a
repeat import changes nothing; a bundle whose file was changed or added after signing is refused."""

from __future__ import annotations

import shutil
import stat
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from neodesk import attachments, paths
from neodesk.exchange.bundle_export import export_bundle
from neodesk.exchange.bundle_format import AGREEMENT_TABLES, BY_NAME, REFERENCE_COLUMNS
from neodesk.exchange.bundle_import import BundleRefused, import_bundle
from neodesk.exchange.keys import export_key
from neodesk.models import Agreement, Database, open_database
from neodesk.models.base import Base
from neodesk.services.agreements import (
    agreement_definition,
    answer,
    approval_group_rows,
    create_agreement,
    decide_milestone,
    process,
    review_objective,
    set_approval_group,
)
from tests.exchange.central_snapshots import drop_everything, fresh_central
from tests.services.agreement_fixtures import ADMIN, COUNSELOR, END, START, add_counselor, text

BEN = "ben@sbdc.example"
PAYROLL = b"%PDF-1.4\n" + bytes(range(256)) * 40  # not text: the bytes must arrive exactly


def _rows(db: Database) -> dict[str, Any]:
    """Every agreement record and group membership, counselor ids replaced by emails."""
    out: dict[str, Any] = {}
    with db.engine.connect() as conn:
        emails = {r.id: r.email for r in conn.execute(select(Base.metadata.tables["counselor"]))}
        for name in (*AGREEMENT_TABLES, "approval_group_member"):
            refs = {c for c, target in REFERENCE_COLUMNS.get(name, {}).items() if target == "counselor"}
            rows = []
            for r in conn.execute(select(BY_NAME[name].table)):
                row = {k: (emails.get(v, v) if k in refs else v) for k, v in r._mapping.items() if k != "revision"}
                for k, v in row.items():
                    if hasattr(v, "tzinfo") and v is not None and hasattr(v, "hour"):
                        row[k] = v.replace(tzinfo=None)
                rows.append(row)
            out[name] = sorted(rows, key=repr)
    return out


def _desk(db: Database, tmp_path: Path) -> None:
    add_counselor(db, COUNSELOR)
    add_counselor(db, BEN)
    set_approval_group(db, "Program", [BEN], counselor_email=ADMIN)
    create_agreement(
        db,
        text(
            {
                "number": "AG-9",
                "title": "Payroll grant",
                "kind": "grant",
                "client": None,
                "amount": "10000.00",
                "start": START.isoformat(),
                "end": END.isoformat(),
                "milestones": [
                    {
                        "code": "PAYROLL",
                        "status": "ready",
                        "approval": ["Program"],
                        "events": [{"kind": "disbursement", "amount": "5000.00"}],
                        "objectives": [
                            {
                                "title": "Payroll evidence",
                                "questions": [
                                    {"prompt": "Payroll report for Q3", "kind": "file"},
                                    {"prompt": "Notes", "kind": "text"},
                                ],
                            }
                        ],
                    }
                ],
            }
        ),
        counselor_email=COUNSELOR,
    )
    report = tmp_path / "payroll.pdf"
    report.write_bytes(PAYROLL)
    answer(db, "AG-9", "PAYROLL", 1, 1, file=report, counselor_email=COUNSELOR)
    answer(db, "AG-9", "PAYROLL", 1, 2, value="Two pages,\nsigned by the owner", counselor_email=COUNSELOR)
    review_objective(db, "AG-9", "PAYROLL", 1, "accept", counselor_email=BEN)
    process(db)
    decide_milestone(db, "AG-9", "PAYROLL", "approve", comment="matches the bank statement", counselor_email=BEN)


def _central_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The central office's own data folder (its own attachments store)."""
    folder = tmp_path / "central-data"
    folder.mkdir()
    monkeypatch.setenv("NEODESK_DATA_DIR", str(folder))
    return folder


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_objectives_answers_files_and_approvals_round_trip(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    _desk(db, tmp_path)
    key = export_key(tmp_path / "desk.pem")
    bundle = export_bundle(db, tmp_path / "b.zip")
    sha = attachments.digest(PAYROLL)
    with zipfile.ZipFile(bundle.path) as zf:
        assert zf.read(f"attachments/{sha}") == PAYROLL
    for name in ("agreement_objective", "agreement_question", "agreement_answer", "approval_group"):
        assert bundle.counts[name] >= 1
    assert bundle.counts["agreement_approval"] == 1
    assert bundle.counts["approval_group_member"] == 1

    _central_folder(tmp_path, monkeypatch)
    assert not attachments.has(sha)
    central = fresh_central(tmp_path, kind)
    try:
        import_bundle(central, bundle.path, trust=key)
        assert _rows(central) == _rows(db)
        if kind == "sqlite":  # (PostgreSQL shows its times with their zone: the rows above compare them)
            assert agreement_definition(central, "AG-9") == agreement_definition(db, "AG-9")
        assert attachments.load(sha) == PAYROLL
        stored = paths.data_dir() / "attachments" / sha
        assert stat.S_IMODE(stored.stat().st_mode) == 0o600
        again = import_bundle(central, bundle.path)
        assert again.already_taken
        assert _rows(central) == _rows(db)
    finally:
        if kind == "postgres":
            drop_everything(central)
        central.close()


def _rewrite(source: Path, target: Path, change: dict[str, bytes | None]) -> None:
    """A copy of the bundle with members replaced (bytes), dropped (None) or added."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for item in zin.infolist():
            if item.filename in change:
                continue
            zout.writestr(item, zin.read(item.filename))
        for name, data in change.items():
            if data is not None:
                zout.writestr(name, data)


@pytest.mark.parametrize(
    ("how", "sentence"),
    [
        ("changed", "does not match its hash: it was changed after the desk signed it"),
        ("added", "The bundle is not as the desk made it (extra file attachments/"),
        ("dropped", "The bundle is not as the desk made it (missing file attachments/"),
        ("longer", "is not the size the desk signed"),
    ],
)
def test_a_file_changed_after_signing_refuses_the_bundle_and_nothing_is_written(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str, sentence: str
) -> None:
    _desk(db, tmp_path)
    key = export_key(tmp_path / "desk.pem")
    bundle = export_bundle(db, tmp_path / "b.zip")
    sha = attachments.digest(PAYROLL)
    member = f"attachments/{sha}"
    forged = bytearray(PAYROLL)
    forged[20] ^= 0xFF
    change: dict[str, bytes | None] = {
        "changed": {member: bytes(forged)},
        "added": {f"attachments/{'0' * 64}": b"extra"},
        "dropped": {member: None},
        "longer": {member: PAYROLL + b"x"},
    }[how]
    tampered = tmp_path / "tampered.zip"
    _rewrite(bundle.path, tampered, change)
    folder = _central_folder(tmp_path, monkeypatch)
    central = open_database(tmp_path / "central.sqlite3")
    try:
        with pytest.raises(BundleRefused) as info:
            import_bundle(central, tampered, trust=key)
        assert sentence in str(info.value)
        with central.reading() as s:
            assert s.scalar(select(func.count()).select_from(Agreement)) == 0
        assert not (folder / "attachments").exists() or not any((folder / "attachments").iterdir())
    finally:
        central.close()
    shutil.rmtree(folder)


def test_two_desks_setting_up_the_same_group_meet_at_the_central_office(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each desk sets up "Program" itself: the same record (its id follows from its name), so both
    bundles import; the newer definition wins."""
    add_counselor(db, BEN)
    set_approval_group(db, "Program", [BEN], counselor_email=ADMIN)
    key = export_key(tmp_path / "desk.pem")
    first = export_bundle(db, tmp_path / "first.zip")
    other_dir = tmp_path / "other-desk"
    other_dir.mkdir()
    monkeypatch.setenv("NEODESK_DATA_DIR", str(other_dir))
    other = open_database(other_dir / "other.sqlite3")
    try:
        add_counselor(other, BEN)
        add_counselor(other, COUNSELOR)
        set_approval_group(other, "Program", [BEN, COUNSELOR], rule="all", counselor_email=ADMIN)
        other_key = export_key(tmp_path / "other.pem")
        second = export_bundle(other, tmp_path / "second.zip")
    finally:
        other.close()
    _central_folder(tmp_path, monkeypatch)
    central = open_database(tmp_path / "central.sqlite3")
    try:
        import_bundle(central, first.path, trust=key)
        import_bundle(central, second.path, trust=other_key)
        groups = approval_group_rows(central)
        assert [(g.name, g.rule, g.members) for g in groups] == [("Program", "all", (BEN, COUNSELOR))]
    finally:
        central.close()
