"""Issue 9, point 9: control characters are refused at entry, and no upload that is not well-formed XML
is ever written.

Before, a name `A\tB\x01C\x7fD` was accepted and the SBA upload holding it was not even well-formed
XML while the command printed "Wrote 142 counseling records".
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from neodesk.catalog.fields import CLIENT_FIELDS, Kind
from neodesk.catalog.milestone_types import STANDARD_TYPES
from neodesk.cli import run
from neodesk.demo import generate_demo
from neodesk.exchange import nexus_export
from neodesk.exchange.nexus_export import NexusRefused, export_nexus
from neodesk.models import Client, Counselor, Database, open_database
from neodesk.models.activity import CounselingSession
from neodesk.models.database import copy_sqlite
from neodesk.models.reference import Center
from neodesk.services.activity import SessionInput, validate_counseling_session
from neodesk.services.errors import ValidationFailed
from neodesk.services.milestones import MilestoneEntry, MilestoneForm, type_infos, validate_form
from neodesk.services.settings import Settings
from neodesk.services.validation import validate_client

TODAY = date(2026, 6, 1)
BAD_NAME = "A\tB\x01C\x7fD"
TEXT_KINDS = (Kind.TEXT, Kind.NAME, Kind.EMAIL, Kind.PHONE)
CONTROLS = ["\x01", "\x7f", "\x85", "\x9f", "\t", "\n", "\r", "\x00", "\x1b"]


@pytest.mark.parametrize("key", [f.key for f in CLIENT_FIELDS if f.kind in TEXT_KINDS])
@pytest.mark.parametrize("control", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_client_text_fields_refuse_control_characters(key: str, control: str) -> None:
    value = {"contact_email": f"a{control}b@example.com", "contact_phone": f"512{control}5550100"}.get(
        key, f"Joe{control}Bakery"
    )
    with pytest.raises(ValidationFailed) as refused:
        validate_client({key: value}, {"name": "X", "client_type": "AC", "company_status": "P"}, {}, Settings(), TODAY)
    messages = refused.value.by_key()
    assert key in messages
    assert "control characters" in messages[key] or key in ("contact_email", "contact_phone")


def test_a_name_with_control_characters_is_refused_by_the_cli_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "d.sqlite3")
    assert run(["--db", db, "set", "new", f"name={BAD_NAME}", "company_status=P"]) == 1
    err = capsys.readouterr().err
    assert "Company Name: remove the control characters" in err
    assert "Traceback" not in err
    check = open_database(Path(db))
    with check.reading() as s:
        assert s.scalar(select(func.count()).select_from(Client)) == 0
    check.close()


def _session(**changes: object) -> SessionInput:
    fields: dict[str, object] = {
        "date": date(2026, 5, 1),
        "contact_type": "PH",
        "counseling_area": "Business Plan",
        "counselor_ids": (uuid.uuid4(),),
        "funding_source_ids": (uuid.uuid4(),),
    }
    fields.update(changes)
    return SessionInput(**fields)  # type: ignore[arg-type]


def test_session_notes_are_multi_line_but_the_subject_is_not() -> None:
    ok = validate_counseling_session(_session(notes="Line one\n\tindented\r\nline three", subject="Plan"), TODAY, None)
    assert ok["notes"] == "Line one\n\tindented\r\nline three"
    with pytest.raises(ValidationFailed) as refused:
        validate_counseling_session(_session(subject="two\nlines", notes="bell\x07"), TODAY, None)
    messages = refused.value.by_key()
    assert messages["subject"].startswith("Subject: remove the control characters (no tabs or line breaks")
    assert messages["notes"].startswith("Notes: remove the control characters (only tabs and line breaks")


def test_milestone_notes_detail_and_attribution_refuse_control_characters() -> None:
    form = MilestoneForm(
        entries=(MilestoneEntry("wosb_certified", None, "cert\x01"),),
        date=date(2026, 5, 1),
        counselor_ids=(uuid.uuid4(),),
        funding_source_ids=(uuid.uuid4(),),
        notes="ok\nfine\x0cmore",
        attribution_source="Ann\x1b",
    )

    class _Type:  # the fields type_infos reads of a MilestoneType row
        def __init__(self, spec: object) -> None:
            for name in ("code", "name", "category", "carries", "in_business_only"):
                setattr(self, name, getattr(spec, name))
            self.active = True

    infos = type_infos([_Type(t) for t in STANDARD_TYPES])  # type: ignore[misc]
    with pytest.raises(ValidationFailed) as refused:
        validate_form(form, {"company_status": "B"}, infos, TODAY, 3650)
    messages = refused.value.by_key()
    assert "control characters" in messages["value.wosb_certified"]
    assert "control characters" in messages["milestone.notes"]
    assert "control characters" in messages["milestone.attribution_source"]


# --- the SBA upload -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nexus_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("nexus-control") / "demo.sqlite3"
    db = open_database(path)
    generate_demo(db, 30, seed=7, today=TODAY)
    with db.unit_of_work() as tx:
        tx.execute(update(Center).values(sba_location_code=4711))
    db.close()
    return path


@pytest.fixture
def nexus_db(nexus_file: Path, tmp_path: Path) -> Iterator[Database]:
    db = open_database(copy_sqlite(nexus_file, tmp_path / "demo.sqlite3"))
    yield db
    db.close()


def _poison_busiest_client(db: Database) -> int:
    """Give the client with the most reportable sessions a name with control characters, as data typed
    before the desk refused them would hold (written around validation); return its client number."""
    s, c = CounselingSession.__table__.c, Client.__table__.c
    with db.engine.begin() as conn:
        client_id = conn.execute(
            select(s.client_id)
            .where(s.reportable.is_(True))
            .group_by(s.client_id)
            .order_by(func.count().desc())
            .limit(1)
        ).scalar_one()
        conn.execute(update(Client.__table__).where(c.id == client_id).values(name=BAD_NAME))
        return int(conn.execute(select(c.client_no).where(c.id == client_id)).scalar_one())


def test_the_upload_is_well_formed_and_leaves_out_records_with_control_characters(
    nexus_db: Database, tmp_path: Path
) -> None:
    client_no = _poison_busiest_client(nexus_db)
    out = tmp_path / "upload.xml"
    result = export_nexus(nexus_db, date(2023, 1, 1), date(2026, 12, 31), out)
    assert result.written > 0
    root = ET.parse(out).getroot()  # well-formed: parses
    assert len(list(root)) == result.written
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", out.read_text(encoding="utf-8"))
    left_out = [r for r in result.skipped if r.client_no == client_no]
    assert left_out
    assert all("control characters" in " ".join(r.reasons) for r in left_out)


def test_an_upload_that_is_not_well_formed_is_never_published(
    nexus_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _poison_busiest_client(nexus_db)
    monkeypatch.setattr(nexus_export, "_CONTROL", re.compile("(?!)"))  # the record check missing: the guard
    out = tmp_path / "upload.xml"
    with pytest.raises(NexusRefused, match="not well-formed"):
        export_nexus(nexus_db, date(2023, 1, 1), date(2026, 12, 31), out)
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if "upload" in p.name] == []  # no temporary file left


def test_administrators_names_refuse_control_characters_too(db: Database) -> None:
    # A counselor or picklist name a desk accepted would refuse the desk's every bundle at the center.
    from neodesk.services.admin.picklists import add_picklist_value

    with db.reading() as s:
        admin = s.scalars(select(Counselor.id).where(Counselor.role == "administrator")).first()
    with pytest.raises(ValidationFailed) as refused:
        add_picklist_value(db, admin, "counseling_area", None, "Radio\tAds")
    assert refused.value.by_key()["label"].startswith("Label: remove the control characters")
