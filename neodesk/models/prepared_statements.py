"""Core statements compiled once and sent to SQLite's driver with their column types' own conversions.

A save sends a dozen small statements; through `Connection.execute` each pays ~40 µs of SQLAlchemy
(cache key, execution context, parameter processing, result set-up) against ~5 µs for SQLite to run
it. Compiled once, a statement goes through `exec_driver_sql` (still SQLAlchemy's connection, its
transaction and its cursor events) with each value converted by the bind processor SQLAlchemy
would apply (UUIDs as hex text, money as cents, dates as ISO text): the same SQL and the same
values, as neodesk.services.agreements.run_writes does for a processing run's rows. Other databases
take the ordinary Core execution. Results come back as the driver gives them (no type processing):
use these for writes and for reads of plain integers and text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection, CursorResult, Delete, Insert, Select, Update

Statement = Insert | Update | Delete | Select[Any]


@dataclass(frozen=True, slots=True)
class _Compiled:
    sql: str
    binds: tuple[tuple[str, Callable[[Any], Any] | None], ...]  # positional: name, conversion
    defaults: Mapping[str, Any]  # values bound in the statement itself (LIMIT 1)


class Prepared:
    """One statement; `keys` names the parameters an INSERT is given (all of them, on every row)."""

    def __init__(self, statement: Statement, keys: Sequence[str] | None = None) -> None:
        self.statement = statement
        self._keys = list(keys) if keys is not None else None
        self._compiled: _Compiled | None = None

    def _compile(self, conn: Connection) -> _Compiled:
        compiled = self.statement.compile(dialect=conn.dialect, column_keys=self._keys)
        processors = compiled._bind_processors
        names = tuple(compiled.positiontup or ())
        binds = tuple((n, cast("Callable[[Any], Any] | None", processors.get(n))) for n in names)
        return _Compiled(compiled.string, binds, dict(compiled.params))

    def _row(self, compiled: _Compiled, params: Mapping[str, Any]) -> tuple[Any, ...]:
        defaults = compiled.defaults
        out = []
        for name, process in compiled.binds:
            value = params[name] if name in params else defaults[name]
            out.append(value if process is None or value is None else process(value))
        return tuple(out)

    def execute(self, conn: Connection, params: Mapping[str, Any] | None = None) -> CursorResult[*tuple[Any, ...]]:
        if conn.dialect.name != "sqlite":
            return conn.execute(self.statement, dict(params or {}))
        compiled = self._compiled or self._compile(conn)
        self._compiled = compiled
        return conn.exec_driver_sql(compiled.sql, self._row(compiled, params or {}))

    def executemany(self, conn: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
        if not rows:
            return
        if conn.dialect.name != "sqlite":
            conn.execute(self.statement, list(rows))
            return
        compiled = self._compiled or self._compile(conn)
        self._compiled = compiled
        conn.exec_driver_sql(compiled.sql, [self._row(compiled, row) for row in rows])
