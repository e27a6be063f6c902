"""The stakeholder packet on PostgreSQL (NEODESK_TEST_PG_URL): the import locks the agreement row
(SELECT … FOR UPDATE) before it judges the packet; a round trip, then the same packet again."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from neodesk.models import Database, open_database
from neodesk.models.base import Base
from neodesk.services.agreements import agreement_definition
from neodesk.services.agreements.packets import import_packet, write_packet
from tests.services.packet_grant import fill, packet_grant

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg() -> Iterator[Database]:
    url = os.environ.get("NEODESK_TEST_PG_URL")
    if not url:
        pytest.skip("NEODESK_TEST_PG_URL not set: no PostgreSQL server to test against")
    db = open_database(url, seed=False)
    with db.engine.begin() as conn:
        Base.metadata.drop_all(conn)
        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    db.close()
    db = open_database(url)
    yield db
    with db.engine.begin() as conn:
        Base.metadata.drop_all(conn)
        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    db.close()


def test_packet_round_trip_on_postgres(pg: Database, tmp_path: Path) -> None:
    packet_grant(pg)
    sent = tmp_path / "packet.pdf"
    write_packet(pg, "AG-1", "HIRE5", sent)
    back = tmp_path / "back" / "returned.pdf"
    back.parent.mkdir()
    back.write_bytes(fill(sent.read_bytes(), {"q.1.1": "payroll.pdf", "q.1.2": "12", "q.2.1": "On the job."}))
    (back.parent / "payroll.pdf").write_bytes(b"%PDF-1.4 payroll")
    done = import_packet(pg, back)
    assert done.submitted == (1, 2)
    assert import_packet(pg, back).already_imported
    hire = next(m for m in agreement_definition(pg, "AG-1")["milestones"] if m["code"] == "HIRE5")
    assert [o["status"] for o in hire["objectives"]] == ["submitted", "submitted"]
