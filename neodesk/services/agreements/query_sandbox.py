"""Query conditions (§2) run read-only, briefly, and only with allowed functions.

SQLite: on the run's own connection (so a query sees what the run completed before it),
`PRAGMA query_only` plus an authorizer that allows reads and the functions of
ALLOWED_FUNCTIONS, and a progress handler that stops the query after 0.5 s; all three are lifted
again before the run goes on. PostgreSQL: inside a savepoint, `SET LOCAL ROLE` to the SELECT-only
role named in setting `query_role` and `SET LOCAL statement_timeout`; the savepoint is rolled back
afterwards, which undoes both. With no role set, query conditions are refused on PostgreSQL.
The same guards compile the query at save (EXPLAIN), so a query that would write, or call a function
not on the list, is refused before it is stored.
"""

from __future__ import annotations

import sqlite3
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from neodesk.agreements.query_rules import ALLOWED_FUNCTIONS, query_refusal
from neodesk.services.settings import load_settings

TIME_LIMIT_S = 0.5
ROLE_HOW_TO = (
    "query conditions on PostgreSQL need a SELECT-only role: create one (CREATE ROLE neodesk_query NOLOGIN; "
    "GRANT SELECT ON ALL TABLES IN SCHEMA public TO neodesk_query; GRANT neodesk_query TO <the app's user>) "
    "and set query_role to its name in Admin ▸ Settings"
)


class QueryFailed(Exception):
    """The query could not run (or ran too long); the message says why, briefly."""


_READ_ACTIONS = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ}


def _authorizer(action: int, arg1: str | None, arg2: str | None, db: str | None, trigger: str | None) -> int:
    if action in _READ_ACTIONS:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() in ALLOWED_FUNCTIONS:
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


@contextmanager
def _sqlite_guard(raw: sqlite3.Connection) -> Iterator[None]:
    deadline = time.monotonic() + TIME_LIMIT_S
    raw.execute("PRAGMA query_only = ON")
    raw.set_authorizer(_authorizer)
    raw.set_progress_handler(lambda: 1 if time.monotonic() > deadline else 0, 1000)
    try:
        yield
    finally:
        raw.set_progress_handler(None, 0)
        raw.set_authorizer(None)
        raw.execute("PRAGMA query_only = OFF")


def _sqlite_params(params: dict[str, Any]) -> dict[str, Any]:
    # SQLAlchemy's Uuid stores 32 hex digits on SQLite; dates are ISO text.
    return {
        k: (v.hex if isinstance(v, uuid.UUID) else v.isoformat() if isinstance(v, date) else v)
        for k, v in params.items()
    }


def _raw_sqlite(tx: Session) -> sqlite3.Connection:
    return tx.connection().connection.driver_connection  # type: ignore[return-value]


def _failure(exc: BaseException) -> str:
    message = str(getattr(exc, "orig", None) or exc).splitlines()[0]
    if "interrupted" in message or "statement timeout" in message or "canceling statement" in message:
        return f"took longer than {TIME_LIMIT_S} s"
    if "not authorized" in message or "permission denied" in message:
        return "it may only read, with the allowed functions"
    return message


def query_role(tx: Session) -> str | None:
    """The setting `query_role` (checked a plain identifier when saved), None when blank."""
    return load_settings(tx).query_role or None


@contextmanager
def _pg_guard(tx: Session) -> Iterator[None]:
    role = query_role(tx)
    if role is None:
        raise QueryFailed(ROLE_HOW_TO)
    savepoint = tx.begin_nested()
    try:
        conn = tx.connection()
        conn.exec_driver_sql(f'SET LOCAL ROLE "{role.replace(chr(34), "")}"')
        conn.exec_driver_sql(f"SET LOCAL statement_timeout = {int(TIME_LIMIT_S * 1000)}")
        yield
    finally:
        savepoint.rollback()  # undoes the role and the timeout with whatever the query did


def run_query(tx: Session, sql: str, params: dict[str, Any]) -> Any:
    """The first column of the first row (None when no rows); QueryFailed when it cannot run."""
    try:
        if tx.get_bind().dialect.name == "sqlite":
            raw = _raw_sqlite(tx)
            with _sqlite_guard(raw):
                row = raw.execute(sql, _sqlite_params(params)).fetchone()
        else:
            with _pg_guard(tx):
                row = tx.connection().execute(text(sql), params).first()
    except (sqlite3.Error, DBAPIError) as exc:
        raise QueryFailed(_failure(exc)) from None
    return None if row is None else row[0]


def check_query(tx: Session, sql: str) -> str | None:
    """Why `sql` cannot be saved as a query condition (the end of a sentence), or None."""
    refusal = query_refusal(sql)
    if refusal:
        return refusal
    params = {
        "client_id": uuid.uuid4(),
        "agreement_id": uuid.uuid4(),
        "milestone_id": uuid.uuid4(),
        "today": date(2000, 1, 1),
    }
    try:
        if tx.get_bind().dialect.name == "sqlite":
            raw = _raw_sqlite(tx)
            with _sqlite_guard(raw):
                raw.execute(f"EXPLAIN {sql}", _sqlite_params(params)).fetchall()
        else:
            with _pg_guard(tx):
                tx.connection().execute(text(f"EXPLAIN {sql}"), params)
    except QueryFailed as exc:
        return str(exc)
    except (sqlite3.Error, DBAPIError) as exc:
        reason = _failure(exc)
        return reason if reason.startswith("it may only") else f"the query does not compile: {reason}"
    return None
