"""The full export's quick ways write what the plain ways write.

ISA-L deflates the members (zipfile's zlib without it), SQLite formats UUIDs and stamps inside
the line's printf, and a full export reads each table by rowid in chunks joined by SQLite. These
tests pin that the bundle's CSV is the same text whichever way it was made, that every row comes
once in stored order, and that such a bundle verifies and imports.
"""

from __future__ import annotations

import csv
import io
import uuid
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import delete, select, update

from neodesk.demo import generate_demo
from neodesk.exchange import bundle_csv, zip_member_writer
from neodesk.exchange.bundle_export import export_bundle
from neodesk.exchange.bundle_format import BY_NAME, RESOURCES
from neodesk.exchange.bundle_import import import_bundle
from neodesk.exchange.bundle_verify import verify_bundle
from neodesk.exchange.keys import export_key
from neodesk.models import Client, CounselingSession, Database, open_database
from tests.exchange.central_snapshots import assert_same_records, drop_everything, fresh_central, snapshot

AWKWARD = 'Café, "quoted"\r\nline two\rcarriage only'  # notes may hold line breaks
ONE_LINE = 'Café, "quoted" & co'  # names and streets may not


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "desk.sqlite3")
    generate_demo(db, 6, 11)
    yield db
    db.close()


@pytest.fixture
def key(tmp_path: Path) -> Path:
    return export_key(tmp_path / "desk.pem")


def _csv_members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None  # every member inflates with zlib and matches its CRC
        return {r.path: zf.read(r.path) for r in RESOURCES}


def _python_text(db: Database, name: str) -> str:
    """The resource's lines as the per-value Python conversion writes them (the server's way)."""
    resource = BY_NAME[name]
    with db.engine.connect() as conn:
        where, params = bundle_csv.where_changed(resource, 0, False)
        return b"".join(lines for _, lines in bundle_csv._python_chunks(conn, resource, where, params)).decode()


def test_isal_and_zlib_bundles_hold_the_same_csv(
    desk: Database, key: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert zip_member_writer.FAST_COMPRESSOBJ is not None  # isal is a dependency: the quick way is taken
    fast = export_bundle(desk, tmp_path / "fast.zip", everything=True)
    monkeypatch.setattr(zip_member_writer, "FAST_COMPRESSOBJ", None)
    plain = export_bundle(desk, tmp_path / "plain.zip", everything=True)
    assert fast.counts == plain.counts
    assert fast.counts["client"] == 6
    ours, theirs = _csv_members(fast.path), _csv_members(plain.path)
    assert ours == theirs
    assert fast.path.read_bytes() != plain.path.read_bytes()  # deflated differently, same contents
    for path in (fast.path, plain.path):  # sizes, hashes and the signature
        verified = verify_bundle(path, key.read_text())
        assert verified.manifest["counts"] == fast.counts


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_a_full_export_imports_whole(desk: Database, key: Path, tmp_path: Path, kind: str) -> None:
    with desk.unit_of_work() as tx:  # text the CSV must quote (through the ORM: the sort name follows)
        for client in tx.scalars(select(Client)):
            client.name, client.street, client.notes = ONE_LINE, ONE_LINE, AWKWARD
    bundle = export_bundle(desk, tmp_path / "b.zip", everything=True)
    central = fresh_central(tmp_path, kind)
    try:
        result = import_bundle(central, bundle.path, trust=key)
        assert result.applied["client"] == 6
        assert_same_records(snapshot(desk), snapshot(central))
    finally:
        if kind == "postgres":
            drop_everything(central)
        central.close()


def test_use_fast_deflate_swaps_only_a_deflated_member() -> None:
    buffer = io.BytesIO()
    data = b"id,name\r\n" + b"".join(b"%d,client %d\r\n" % (i, i) for i in range(5_000))
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("a.csv", "w") as member:
            assert zip_member_writer.use_fast_deflate(member)
            member.write(data)
        with zf.open("b.csv", "w") as member:
            assert zip_member_writer.use_fast_deflate(member, compressobj=None)
            member.write(data)
        stored = zipfile.ZipInfo("c.csv")
        stored.compress_type = zipfile.ZIP_STORED
        with zf.open(stored, "w") as member:
            assert not zip_member_writer.use_fast_deflate(member)  # nothing to swap: stored as is
            member.write(data)
    with zipfile.ZipFile(buffer) as zf:
        assert zf.testzip() is None
        assert zf.read("a.csv") == zf.read("b.csv") == zf.read("c.csv") == data
        assert zf.getinfo("a.csv").compress_size < len(data) // 3


@pytest.mark.parametrize("name", ["client", "counseling_session", "milestone", "session_counselor", "picklist_value"])
def test_chunks_of_a_full_export_hold_every_row_once_in_stored_order(
    desk: Database, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    resource = BY_NAME[name]
    with desk.unit_of_work() as tx:  # gaps in the rowids
        if name == "counseling_session":
            tx.execute(delete(CounselingSession).where(CounselingSession.id.in_(select(CounselingSession.id).limit(3))))
        elif name == "client":
            tx.execute(delete(Client).where(Client.client_no == 2))
    monkeypatch.setattr(bundle_csv, "CHUNK_ROWS", 4)
    with desk.engine.connect() as conn:
        parts = list(bundle_csv.chunks(conn, resource, 0, True))
        raw = conn.connection.driver_connection  # type: ignore[union-attr]
        line = bundle_csv._sqlite_csv_line(resource)
        expected = "".join(r[0] for r in raw.execute(f'SELECT {line} FROM "{name}" ORDER BY rowid'))
        total = bundle_csv.count(conn, resource, 0, True)
    assert all(0 < n <= 4 for n, _ in parts)
    assert sum(n for n, _ in parts) == total > 4
    assert all(lines.count(b"\r\n") >= n for n, lines in parts)
    assert b"".join(lines for _, lines in parts).decode() == expected


def test_required_and_nullable_values_read_as_before(desk: Database) -> None:
    """Edge values through the SQLite lines: the same rows as the Python conversion, and the forms pinned."""
    with desk.unit_of_work() as tx:
        first = tx.scalars(select(Client).order_by(Client.client_no)).first()
        assert first is not None
        client_id, client_no = first.id, first.client_no
        tx.execute(
            update(Client)
            .where(Client.id == client_id)
            .values(
                name=AWKWARD,
                gross_sales=Decimal("-0.05"),
                profits=None,
                export_sales=Decimal("1234567.8"),
                counselor_id=None,
                notes="",
            )
        )
    client = BY_NAME["client"]
    with desk.engine.connect() as conn:
        text = b"".join(lines for _, lines in bundle_csv.chunks(conn, client, 0, True)).decode()
        stored_at = conn.exec_driver_sql("SELECT created_at FROM client WHERE client_no = ?", (client_no,)).scalar()
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert sorted(rows) == sorted(csv.reader(io.StringIO(_python_text(desk, "client"), newline="")))
    columns = list(client.columns)
    row = next(r for r in rows if r[columns.index("client_no")] == str(client_no))
    value = dict(zip(columns, row, strict=True))
    assert value["id"] == str(uuid.UUID(hex=str(client_id))) == str(client_id)
    assert value["name"] == AWKWARD
    assert (value["gross_sales"], value["profits"], value["export_sales"]) == ("-0.05", "", "1234567.80")
    assert value["counselor_id"] == ""
    assert value["created_at"] == str(stored_at).replace(" ", "T") + "Z"
    assert len(value["updated_by_id"]) in (0, 36)
