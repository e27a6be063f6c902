"""A bundle's records as CSV text (Qt-free, writes no file): which rows travel and how each value reads.

Nothing here touches the zip: `chunks` reads one resource's rows from the export's snapshot and
yields them as UTF-8 CSV lines (CRLF, no header) in chunks, `count` says how many rows it will yield.
On SQLite the lines are built by SQLite itself (one text value per row reaches Python); on a server
database each value goes through its kind's Python conversion and Python's csv writer. Both must
give the same text for the same rows (tests/exchange/test_bundle_csv.py compares them on SQLite), so
a bundle does not depend on where it was made.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from decimal import Decimal
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, text

from neodesk.exchange.bundle_format import Kind, Resource

CHUNK_ROWS = 5_000


def _sqlite_text(kind: Kind, col: str) -> str:
    """A SQLite expression giving the bundle text of a stored column (NULL stays NULL)."""
    c = f'"{col}"'
    if kind == "uuid":  # stored as 32 hex digits
        return (
            f"substr({c},1,8)||'-'||substr({c},9,4)||'-'||substr({c},13,4)||'-'||substr({c},17,4)||'-'||substr({c},21)"
        )
    if kind == "money":  # integer cents → exact decimal text
        return (
            f"CASE WHEN {c} < 0 THEN '-' ELSE '' END || (abs({c}) / 100) || '.' || substr('0' || (abs({c}) % 100), -2)"
        )
    if kind == "bool":
        return f"CASE {c} WHEN 1 THEN 'true' WHEN 0 THEN 'false' END"
    if kind == "datetime":  # stored 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC
        return f"replace({c}, ' ', 'T') || 'Z'"
    return c


def _python_text(kind: Kind) -> Callable[[Any], Any]:
    if kind == "uuid":
        return lambda v: None if v is None else str(v)
    if kind == "money":
        return lambda v: None if v is None else f"{Decimal(v):.2f}"
    if kind == "bool":
        return lambda v: None if v is None else ("true" if v else "false")
    if kind == "date":
        return lambda v: None if v is None else v.isoformat()
    if kind == "datetime":

        def stamp(v: datetime | None) -> str | None:
            if v is None:
                return None
            v = v.replace(tzinfo=UTC) if v.tzinfo is None else v.astimezone(UTC)
            return v.strftime("%Y-%m-%dT%H:%M:%S.%fZ")

        return stamp
    if kind == "json":
        return lambda v: None if v is None else json.dumps(sorted(v) if isinstance(v, frozenset) else list(v))
    return lambda v: v


def where_changed(resource: Resource, since: int, everything: bool) -> tuple[str, dict[str, int]]:
    if everything or resource.group == "reference":
        return "", {}
    if resource.group == "link":
        owner = resource.owner
        assert owner is not None
        return f' WHERE "{owner}" IN (SELECT id FROM "{owner[:-3]}" WHERE revision > :since)', {"since": since}
    if resource.name == "client":
        # Changed clients, and the clients of changed sessions and milestones (see the module doc).
        return (
            " WHERE revision > :since OR id IN (SELECT client_id FROM counseling_session WHERE revision > :since"
            " UNION SELECT client_id FROM milestone WHERE revision > :since)",
            {"since": since},
        )
    return " WHERE revision > :since", {"since": since}


def count(conn: Connection, resource: Resource, since: int, everything: bool) -> int:
    where, params = where_changed(resource, since, everything)
    return int(conn.execute(text(f'SELECT count(*) FROM "{resource.name}"{where}'), params).scalar() or 0)


def _sqlite_csv_field(kind: Kind, col: str) -> str:
    """A SQLite expression giving the column's CSV field as Python's csv writer (QUOTE_MINIMAL) writes it
    (NULL stays NULL: printf's %s makes it an empty field)."""
    value = _sqlite_text(kind, col)
    if kind in ("text", "json"):  # only these can hold a quote, comma or line break
        needs = " OR ".join(f"instr({value},{ch})" for ch in ("'\"'", "','", "char(10)", "char(13)"))
        value = f"CASE WHEN {needs} THEN '\"'||replace({value},'\"','\"\"')||'\"' ELSE {value} END"
    return value


MAX_PRINTF_ARGS = 100  # SQLite functions take at most 127 arguments by default (the format is one)


def _sqlite_csv_parts(resource: Resource) -> list[tuple[str, list[str]]]:
    """Each field's printf piece and its arguments.

    A required UUID or UTC stamp is formatted by the line's printf itself (`%!.8s-%!.4s-…` over the
    stored text and four substr calls; `%!.10sT%sZ`) instead of substr results joined by `||`, each
    join a copy (the UUIDs were about a third of the reading time of the link tables). `!` makes
    the widths count characters, as substr does. A nullable one keeps the expression of
    `_sqlite_text` behind one `%s`, so NULL stays an empty field.
    """
    parts: list[tuple[str, list[str]]] = []
    for f in resource.fields:
        c = f'"{f.name}"'
        required = not resource.table.c[f.name].nullable
        if f.kind == "uuid" and required:
            parts.append(
                (
                    "%!.8s-%!.4s-%!.4s-%!.4s-%s",
                    [c, f"substr({c},9,4)", f"substr({c},13,4)", f"substr({c},17,4)", f"substr({c},21)"],
                )
            )
        elif f.kind == "datetime" and required:  # stored 'YYYY-MM-DD HH:MM:SS.ffffff': the space → T
            parts.append(("%!.10sT%sZ", [c, f"substr({c},12)"]))
        else:
            parts.append(("%s", [_sqlite_csv_field(f.kind, f.name)]))
    return parts


def _sqlite_csv_line(resource: Resource) -> str:
    """A SQLite expression giving the row's whole CSV line (CRLF included).

    One printf per up to MAX_PRINTF_ARGS arguments: one allocation per line instead of a chain of
    `||` that copies the growing line at every field.
    """
    groups: list[list[tuple[str, list[str]]]] = [[]]
    used = 0
    for piece in _sqlite_csv_parts(resource):
        if used + len(piece[1]) > MAX_PRINTF_ARGS:
            groups.append([])
            used = 0
        groups[-1].append(piece)
        used += len(piece[1])
    calls = []
    for k, group in enumerate(groups):
        fmt = ",".join(p for p, _ in group) + ("\r\n" if k == len(groups) - 1 else ",")
        calls.append(f"printf('{fmt}', {', '.join(a for _, args in group for a in args)})")
    return "||".join(calls)


def header(resource: Resource) -> str:
    """The resource's CSV header line (CRLF included)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(resource.columns)
    return buffer.getvalue()


def chunks(conn: Connection, resource: Resource, since: int, everything: bool) -> Iterator[tuple[int, bytes]]:
    """The resource's rows as UTF-8 CSV (CRLF lines, no header), in chunks of rows, from the snapshot."""
    where, params = where_changed(resource, since, everything)
    if conn.dialect.name == "sqlite":
        return _sqlite_chunks(conn, resource, where, params)
    return _python_chunks(conn, resource, where, params)


def _sqlite_chunks(
    conn: Connection, resource: Resource, where: str, params: dict[str, int]
) -> Iterator[tuple[int, bytes]]:
    # SQLite writes each CSV line itself: one text value per row reaches Python, not one object per
    # field (the per-value Python work was most of the export's time). The line is cast to a BLOB
    # (SQLite only relabels it): it reaches Python as the UTF-8 bytes the zip takes, not decoded
    # into a str to be encoded again (two passes over every byte of the bundle).
    line = f"CAST({_sqlite_csv_line(resource)} AS BLOB)"
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        if not where:
            yield from _stored_order_chunks(cursor, resource, line)
            return
        # A changes-only export sorts what it found by primary key; `+` keeps the planner from
        # walking the primary-key index for that order, which visits every row of the table even
        # when only a few changed.
        order = ", ".join(f'+"{c}"' for c in resource.primary_key)
        sql = f'SELECT {line} FROM "{resource.name}"{where} ORDER BY {order}'
        cursor.execute(sql.replace(":since", "?"), [params["since"]] * sql.count(":since"))
        first = itemgetter(0)
        while chunk := cursor.fetchmany(CHUNK_ROWS):
            yield len(chunk), b"".join(map(first, chunk))
    finally:
        cursor.close()


def _stored_order_chunks(cursor: sqlite3.Cursor, resource: Resource, line: str) -> Iterator[tuple[int, bytes]]:
    """Every row of the table in stored (rowid) order, CHUNK_ROWS lines joined by SQLite per fetch.

    No sort: rows stream from the first one, so the zip writer deflates beside the reading instead
    of waiting for a sort to finish. Each step takes the next CHUNK_ROWS rows after the last rowid
    seen (a seek, not a scan from the start) and joins their lines with group_concat, so one value
    per chunk reaches Python, not a row tuple and a bytes object per line: ~5 % of the reading on
    the big tables, and none of the garbage collector's passes over 2.5 M short-lived tuples. The
    lines are joined in the inner query's rowid order (an ORDER BY with a LIMIT, which SQLite keeps).
    """
    sql = (
        f"SELECT CAST(group_concat(line, '') AS BLOB), count(*), max(r) FROM"
        f' (SELECT rowid AS r, {line} AS line FROM "{resource.name}" WHERE rowid > ? ORDER BY rowid LIMIT ?)'
    )
    last = -(1 << 63)  # below every rowid
    while True:
        data, rows, top = cursor.execute(sql, (last, CHUNK_ROWS)).fetchone()
        if not rows:
            return
        yield rows, data
        last = top


def _python_chunks(
    conn: Connection, resource: Resource, where: str, params: dict[str, int]
) -> Iterator[tuple[int, bytes]]:
    """Any database: each value through its kind's conversion and Python's csv writer, in key order."""
    order = ", ".join(f'"{c}"' for c in resource.primary_key)
    cols = ", ".join(f'"{f.name}"' for f in resource.fields)
    typed = text(f'SELECT {cols} FROM "{resource.name}"{where} ORDER BY {order}').columns(
        *[resource.table.c[f.name] for f in resource.fields]
    )
    convert = [_python_text(f.kind) for f in resource.fields]
    result = conn.execution_options(stream_results=True, yield_per=CHUNK_ROWS).execute(typed, params)
    for part in result.partitions(CHUNK_ROWS):
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerows(
            [fn(v) for fn, v in zip(convert, row, strict=True)] for row in part
        )
        yield len(part), buffer.getvalue().encode("utf-8")
