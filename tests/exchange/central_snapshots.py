"""Helpers for the bundle tests: a demo desk, a fresh central database, and a comparable snapshot."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from neodesk.exchange.bundle_format import NATURAL_KEYS, REFERENCE_COLUMNS, RESOURCES
from neodesk.models import Database, open_database
from neodesk.models.base import Base

RECORDS = ("client", "counseling_session", "milestone")
LINKS = tuple(r.name for r in RESOURCES if r.group == "link")


def pg_url() -> str:
    url = os.environ.get("NEODESK_TEST_PG_URL")
    if not url:
        pytest.skip("NEODESK_TEST_PG_URL not set: no PostgreSQL server to test against")
    return url


def drop_everything(db: Database) -> None:
    with db.engine.begin() as conn:
        Base.metadata.drop_all(conn)
        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")


def fresh_central(tmp_path: Path, kind: str, name: str = "central") -> Database:
    if kind == "postgres":
        db = open_database(pg_url(), seed=False)
        drop_everything(db)
        db.close()
        return open_database(pg_url())
    return open_database(tmp_path / f"{name}.sqlite3")


def _norm(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if value == "":
        return None  # an empty text travels as missing
    return value


def snapshot(db: Database) -> dict[str, Any]:
    """Every exported record, with references to reference rows replaced by their natural keys."""
    tables = Base.metadata.tables
    out: dict[str, Any] = {}
    with db.engine.connect() as conn:
        natural: dict[str, dict[Any, Any]] = {}
        for name, key in NATURAL_KEYS.items():
            t = tables[name]
            natural[name] = {r[0]: tuple(r[1:]) for r in conn.execute(select(t.c.id, *[t.c[k] for k in key]))}

        def ref(table: str, column: str, value: Any) -> Any:
            target = REFERENCE_COLUMNS.get(table, {}).get(column)
            return natural[target].get(value, value) if target and value is not None else value

        for name in NATURAL_KEYS:
            t = tables[name]
            skip = {"id", "created_at", "updated_at", "revision", "updated_by_id"}
            out[name] = {
                natural[name][r.id]: {c: _norm(ref(name, c, getattr(r, c))) for c in r._fields if c not in skip}
                for r in conn.execute(select(t))
            }
        for name in RECORDS:
            t = tables[name]
            out[name] = {
                r.id: {c: _norm(ref(name, c, getattr(r, c))) for c in r._fields} for r in conn.execute(select(t))
            }
        for name in LINKS:
            t = tables[name]
            out[name] = {
                tuple(ref(name, c, v) for c, v in zip(r._fields, r, strict=True)) for r in conn.execute(select(t))
            }
        words = tables["client_search"]
        out["client_search"] = {
            (r.client_id, r.term, r.name_sort, r.client_no, r.active)
            for r in conn.execute(
                select(words.c.client_id, words.c.term, words.c.name_sort, words.c.client_no, words.c.active)
            )
        }
        stones = tables["tombstone"]
        out["tombstone"] = {r.id: (r.record_type, r.revision) for r in conn.execute(select(stones))}
    return out


def assert_same_records(desk: dict[str, Any], central: dict[str, Any]) -> None:
    for name in (*RECORDS, *LINKS, "client_search", "tombstone"):
        assert central[name] == desk[name], name
    for name in NATURAL_KEYS:  # the central office may have more reference rows, never other values
        for key, row in desk[name].items():
            assert central[name][key] == row, (name, key)
