"""Agreement processing on PostgreSQL (NEODESK_TEST_PG_URL): the story, query conditions under the
SELECT-only role with a statement timeout, the refusal without a role, and two concurrent runs
releasing each event once (the advisory transaction lock)."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from neodesk.models import AgreementHistory, Database, Setting, open_database
from neodesk.models.base import Base
from neodesk.services.agreements import agreement_definition, create_agreement, mark, process
from neodesk.services.agreements.query_sandbox import QueryFailed, run_query
from neodesk.services.errors import ValidationFailed
from tests.services.agreement_fixtures import TODAY, add_client, add_hires, grant, text

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


def _with_role(db: Database) -> None:
    with db.unit_of_work() as s:
        s.merge(Setting(key="query_role", value=os.environ.get("NEODESK_TEST_PG_QUERY_ROLE", "neodesk_query")))


def test_query_conditions_need_a_role_on_postgres(pg: Database) -> None:
    client = add_client(pg)
    data = grant(client)
    data["milestones"][0]["conditions"] = [{"kind": "query", "sql": "SELECT 1"}]
    with pytest.raises(ValidationFailed, match="need a SELECT-only role: create one"):
        create_agreement(pg, text(data))


def test_story_and_query_condition_on_postgres(pg: Database) -> None:
    _with_role(pg)
    client = add_client(pg)
    data = grant(client)
    data["milestones"][2]["conditions"] = [
        {"kind": "query", "sql": "SELECT count(*) >= 1 FROM agreement WHERE id = :agreement_id AND :today IS NOT NULL"}
    ]
    create_agreement(pg, text(data))
    add_hires(pg, client, 3, 8, TODAY - timedelta(days=1))
    report = process(pg)
    assert sorted(report.completed) == ["AG-1/HIRE5", "AG-1/MIDYEAR", "AG-1/SIGNOFF"]
    shown = agreement_definition(pg, "AG-1")
    assert [e["amount"] for m in shown["milestones"] for e in m["events"]] == ["33330.00", "33330.00", "33340.00"]
    assert shown["status"] == "completed"


def test_sandbox_on_postgres_reads_only_and_times_out(pg: Database) -> None:
    _with_role(pg)
    with pg.unit_of_work() as s:
        with pytest.raises(QueryFailed, match="it may only read"):
            run_query(s, "DELETE FROM client", {})
        with pytest.raises(QueryFailed, match=r"took longer than 0\.5 s"):
            run_query(s, "SELECT pg_sleep(2)", {})
        assert run_query(s, "SELECT count(*) FROM milestone_type", {}) > 0
        s.execute(select(func.count()).select_from(Setting))  # the transaction goes on, role restored
        s.merge(Setting(key="after_sandbox", value="written"))


def test_two_concurrent_runs_release_each_event_once_on_postgres(pg: Database) -> None:
    client = add_client(pg)
    create_agreement(pg, text(grant(client)))
    mark(pg, "AG-1", "SIGNOFF")
    reports: list[Any] = []
    threads = [threading.Thread(target=lambda: reports.append(process(pg))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(len(r.released) for r in reports) == [0, 2]
    with pg.reading() as s:
        assert (
            s.scalar(select(func.count()).select_from(AgreementHistory).where(AgreementHistory.action == "release"))
            == 2
        )
