"""export_nexus on demo databases: every record written validates against the SBA schema; filters,
records left out with their reasons, the file written whole or not at all."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import xmlschema
from sqlalchemy import delete, select, update

from neodesk.catalog import nexus as catalog_nexus
from neodesk.demo import generate_demo
from neodesk.exchange.nexus_export import NexusCancelled, NexusRefused, export_nexus
from neodesk.exchange.nexus_records import partner_session_number
from neodesk.models import Database, open_database
from neodesk.models.activity import CounselingSession, session_counselor
from neodesk.models.client import Client
from neodesk.models.database import copy_sqlite
from neodesk.models.reference import Center

XSD_PATH = Path(__file__).parents[3] / "shared" / "nexus" / catalog_nexus.XSD_FILE
TODAY = date(2026, 6, 1)
LOCATION = "4711"  # the SBA location code the demo centers are given
ALL = (date(2023, 1, 1), date(2026, 12, 31))
PERIOD = (date(2024, 1, 1), date(2026, 12, 31))

_S = CounselingSession.__table__.c
_C = Client.__table__.c


@pytest.fixture(scope="module")
def schema() -> xmlschema.XMLSchema:
    if not XSD_PATH.is_file():
        pytest.skip(f"SBA counseling schema not found at {XSD_PATH} (shared/ must sit beside the repo)")
    return xmlschema.XMLSchema(str(XSD_PATH))


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("nexus") / "demo.sqlite3"
    db = open_database(path)
    try:
        generate_demo(db, 40, seed=7, today=TODAY)
        with db.unit_of_work() as tx:
            tx.execute(update(Center).values(sba_location_code=int(LOCATION)))
    finally:
        db.close()
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    """A private copy of the demo database, free to change."""
    db = open_database(copy_sqlite(demo_file, tmp_path / "demo.sqlite3"))
    yield db
    db.close()


def session_numbers(path: Path) -> list[str]:
    return [e.text or "" for e in ET.parse(path).getroot().iter("PartnerSessionNumber")]


def reportable_sessions(db: Database, start: date, end: date) -> set[uuid.UUID]:
    with db.reading() as tx:
        return set(tx.scalars(select(_S.id).where(_S.reportable.is_(True), _S.date >= start, _S.date <= end)))


def test_every_record_written_validates(demo: Database, schema: xmlschema.XMLSchema, tmp_path: Path) -> None:
    out = tmp_path / "nexus.xml"
    result = export_nexus(demo, *PERIOD, out)
    expected = reportable_sessions(demo, *PERIOD)
    assert result.path == out
    assert result.written + len(result.skipped) == len(expected)
    assert result.written >= 0.9 * len(expected) > 50  # the demo's records are nearly all complete
    schema.validate(str(out))  # raises on the first error
    numbers = session_numbers(out)
    assert len(numbers) == len(set(numbers)) == result.written
    assert set(numbers) | {partner_session_number(s.session_id) for s in result.skipped} == {
        partner_session_number(i) for i in expected
    }
    text = out.read_text(encoding="utf-8")
    for part in (
        "<ClientRequest>",
        "<ClientIntake>",
        "<CounselorRecord>",
        "<Certifications>",
        "<ReportableImpact>Yes</ReportableImpact>",
        "<LocationCode>4711</LocationCode>",
    ):
        assert part in text


def test_records_validated_with_the_schema_when_given(
    demo: Database, schema: xmlschema.XMLSchema, tmp_path: Path
) -> None:
    plain = export_nexus(demo, *PERIOD, tmp_path / "plain.xml")
    checked = export_nexus(demo, *PERIOD, tmp_path / "checked.xml", schema=XSD_PATH)
    assert (checked.written, checked.skipped) == (plain.written, plain.skipped)
    assert (tmp_path / "checked.xml").read_bytes() == (tmp_path / "plain.xml").read_bytes()
    schema.validate(str(tmp_path / "checked.xml"))


def test_a_record_the_schema_refuses_is_left_out(demo: Database, tmp_path: Path) -> None:
    # A stricter schema of our own (not the SBA's): a record may hold its client number only.
    strict = tmp_path / "strict.xsd"
    strict.write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
        '<xs:element name="CounselingInformation"><xs:complexType><xs:sequence>'
        '<xs:element name="CounselingRecord" maxOccurs="unbounded"><xs:complexType><xs:sequence>'
        '<xs:element name="PartnerClientNumber" type="xs:string"/>'
        "</xs:sequence></xs:complexType></xs:element>"
        "</xs:sequence></xs:complexType></xs:element></xs:schema>",
        encoding="utf-8",
    )
    out = tmp_path / "nexus.xml"
    result = export_nexus(demo, *PERIOD, out, schema=strict)
    assert result.written == 0
    assert result.skipped
    assert not out.exists()
    assert all(s.reasons[0].startswith("the schema refuses it at ") for s in result.skipped)


def test_an_unusable_schema_is_refused(demo: Database, tmp_path: Path) -> None:
    with pytest.raises(NexusRefused, match="does not exist"):
        export_nexus(demo, *PERIOD, tmp_path / "a.xml", schema=tmp_path / "missing.xsd")
    broken = tmp_path / "broken.xsd"
    broken.write_text("<xs:schema", encoding="utf-8")
    with pytest.raises(NexusRefused, match="cannot be read"):
        export_nexus(demo, *PERIOD, tmp_path / "a.xml", schema=broken)


def test_period_filter_includes_both_ends(demo: Database, tmp_path: Path) -> None:
    with demo.reading() as tx:
        days = sorted(set(tx.scalars(select(_S.date).where(_S.reportable.is_(True), _S.date >= PERIOD[0]))))
    start, end = days[len(days) // 3], days[2 * len(days) // 3]
    out = tmp_path / "nexus.xml"
    result = export_nexus(demo, start, end, out)
    expected = reportable_sessions(demo, start, end)
    got = set(session_numbers(out)) | {partner_session_number(s.session_id) for s in result.skipped}
    assert got == {partner_session_number(i) for i in expected}
    dates = {e.text for e in ET.parse(out).getroot().iter("DateCounseled")}
    assert start.isoformat() in dates
    assert end.isoformat() in dates
    assert all(start.isoformat() <= d <= end.isoformat() for d in dates if d)


def test_only_reportable_sessions(demo: Database, tmp_path: Path) -> None:
    with demo.unit_of_work() as tx:
        hidden = tx.scalars(select(_S.id).where(_S.date >= PERIOD[0]).order_by(_S.date).limit(5)).all()
        tx.execute(update(CounselingSession).where(_S.id.in_(hidden)).values(reportable=False))
        unreportable = set(tx.scalars(select(_S.id).where(_S.reportable.is_(False))))
    out = tmp_path / "nexus.xml"
    result = export_nexus(demo, *ALL, out)
    got = set(session_numbers(out)) | {partner_session_number(s.session_id) for s in result.skipped}
    assert not got & {partner_session_number(i) for i in unreportable}
    assert len(got) == len(reportable_sessions(demo, *ALL))


def _first_sessions(db: Database, count: int) -> list[tuple[uuid.UUID, uuid.UUID, int]]:
    """(session id, client id, client no) of the first session in PERIOD of the first `count` clients."""
    with db.reading() as tx:
        rows = tx.execute(
            select(_S.id, _S.client_id, _C.client_no)
            .join(Client.__table__, _C.id == _S.client_id)
            .where(_S.reportable.is_(True), _S.date >= PERIOD[0])
            .order_by(_C.client_no, _S.date)
        ).all()
    firsts: dict[uuid.UUID, tuple[uuid.UUID, uuid.UUID, int]] = {}
    for sid, cid, no in rows:
        firsts.setdefault(cid, (sid, cid, no))
    return list(firsts.values())[:count]


def test_records_missing_mandatory_data_are_left_out_with_reasons(
    demo: Database, schema: xmlschema.XMLSchema, tmp_path: Path
) -> None:
    (s1, c1, n1), (s2, c2, n2), (s3, c3, n3), (s4, _c4, _n4), (s5, c5, n5) = _first_sessions(demo, 5)
    with demo.unit_of_work() as tx:
        tx.execute(update(Client).where(_C.id == c1).values(contact_first_name=None, contact_last_name=" "))
        tx.execute(update(Client).where(_C.id == c2).values(survey_agreement=None, signature_on_file=None))
        tx.execute(update(Client).where(_C.id == c3).values(race=None))
        tx.execute(delete(session_counselor).where(session_counselor.c.counseling_session_id == s4))
        tx.execute(update(Client).where(_C.id == c5).values(rural_urban="Rural", fips_code=None, gross_sales=None))
    out = tmp_path / "nexus.xml"
    result = export_nexus(demo, *PERIOD, out)
    schema.validate(str(out))
    reasons = {s.session_id: s.reasons for s in result.skipped}
    assert reasons[s1] == ("the primary contact's first and last name is missing",)
    assert reasons[s2] == (
        "the survey agreement (intake) is not answered",
        "the client signature on file (intake) is not answered",
    )
    assert reasons[s3] == ("race (intake) is not answered",)
    assert reasons[s4] == ("the session has no counselor",)
    assert reasons[s5] == ("Rural needs the county FIPS code (5 digits)",)
    skipped_clients = {s.client_no for s in result.skipped}
    assert {n1, n2, n3, n5} <= skipped_clients
    one = next(s for s in result.skipped if s.session_id == s3)
    assert one.describe().startswith(f"client {n3} ({one.client_name}), session {one.session_date.isoformat()}: ")
    assert partner_session_number(s4) not in session_numbers(out)


def test_sessions_before_nexus_began_and_a_center_without_location_are_left_out(demo: Database, tmp_path: Path) -> None:
    with demo.unit_of_work() as tx:
        tx.execute(update(Center).values(sba_location_code=None))
    result = export_nexus(demo, *ALL, tmp_path / "nexus.xml")
    assert result.written == 0
    assert not (tmp_path / "nexus.xml").exists()
    assert all(
        "the client's center 'DEMO' has no SBA location code (an administrator sets it in Admin ▸ Centers)" in s.reasons
        for s in result.skipped
    )
    early = [s for s in result.skipped if s.session_date < date(2023, 10, 1)]
    assert early
    assert all("dated before 2023-10-01, the first day Nexus takes" in s.reasons for s in early)
    # An SBA location code given for the export serves every record.
    given = export_nexus(demo, *PERIOD, tmp_path / "given.xml", location=12)
    assert given.written
    assert "<LocationCode>12</LocationCode>" in (tmp_path / "given.xml").read_text("utf-8")


def test_refused_input(demo: Database, tmp_path: Path) -> None:
    with pytest.raises(NexusRefused, match="ends"):
        export_nexus(demo, date(2025, 2, 1), date(2025, 1, 31), tmp_path / "a.xml")
    with pytest.raises(NexusRefused, match="location code"):
        export_nexus(demo, *PERIOD, tmp_path / "a.xml", location=0)
    assert not [p for p in tmp_path.iterdir() if p.suffix in (".xml", ".part")]


def test_nothing_to_write_keeps_an_existing_file(demo: Database, tmp_path: Path) -> None:
    out = tmp_path / "nexus.xml"
    out.write_text("earlier", encoding="utf-8")
    result = export_nexus(demo, date(2030, 1, 1), date(2030, 12, 31), out)
    assert (result.written, result.skipped) == (0, ())
    assert out.read_text(encoding="utf-8") == "earlier"
    assert not list(tmp_path.glob("*.part"))


def test_progress_and_cancel(demo: Database, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    result = export_nexus(demo, *PERIOD, tmp_path / "nexus.xml", progress=lambda d, t: seen.append((d, t)))
    total = result.written + len(result.skipped)
    assert seen[0] == (0, total)
    assert seen[-1] == (total, total)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)

    out = tmp_path / "cancelled.xml"
    calls = iter(range(1000))
    with pytest.raises(NexusCancelled):
        export_nexus(demo, *PERIOD, out, cancelled=lambda: next(calls) >= 10)
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_output_is_deterministic(demo: Database, tmp_path: Path) -> None:
    export_nexus(demo, *PERIOD, tmp_path / "a.xml")
    export_nexus(demo, *PERIOD, tmp_path / "b.xml")
    assert (tmp_path / "a.xml").read_bytes() == (tmp_path / "b.xml").read_bytes()
