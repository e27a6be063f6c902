"""Loading a bundle's CSVs into temporary stage tables, and the SQL that reads them back typed.

Stage tables hold the bundle text as it is (every column TEXT); the merge statements in
bundle_merge convert with `typed()`, one expression per column kind and dialect, so the same
set-based statements run on SQLite and PostgreSQL. PostgreSQL is filled with COPY straight from the
zip member's bytes; SQLite with executemany straight from the csv reader. Both paths hash what they
read and compare with the verified datapackage, so a bundle file changed between the check and the
import fails the (still uncommitted) import.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from sqlalchemy import Connection

from neodesk.exchange.bundle_format import HashingReader, Kind, Resource, sha256_text
from neodesk.exchange.bundle_verify import BundleRefused
from neodesk.models.search import SEARCH_FIELDS, fold

CHUNK = 10_000
_WORD = re.compile(r"\w+")  # as models.search
Tick = Callable[[int], None]


def stage_name(resource: Resource | str) -> str:
    return f"stage_{resource if isinstance(resource, str) else resource.name}"


def typed(dialect: str, kind: Kind, expr: str) -> str:
    """SQL turning a stage column's bundle text into the stored form of `kind`."""
    if dialect == "sqlite":
        return {
            "uuid": f"replace({expr}, '-', '')",
            "datetime": f"replace(replace({expr}, 'T', ' '), 'Z', '')",
            "bool": f"CASE {expr} WHEN 'true' THEN 1 WHEN 'false' THEN 0 END",
            "int": f"CAST({expr} AS INTEGER)",
            "money": f"CAST(replace({expr}, '.', '') AS INTEGER)",
        }.get(kind, expr)
    return {
        "uuid": f"CAST({expr} AS uuid)",
        "datetime": f"CAST({expr} AS timestamptz)",
        "date": f"CAST({expr} AS date)",
        "bool": f"CAST({expr} AS boolean)",
        "int": f"CAST({expr} AS bigint)",
        "money": f"CAST(replace({expr}, '.', '') AS bigint)",
    }.get(kind, expr)


def create_stage(conn: Connection, name: str, columns: Iterable[str]) -> None:
    cols = ", ".join(f'"{c}" TEXT' for c in columns)
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{name}")
        conn.exec_driver_sql(f"CREATE TEMP TABLE {name} ({cols}, _skip INTEGER NOT NULL DEFAULT 0)")
    else:
        conn.exec_driver_sql(f"CREATE TEMP TABLE {name} ({cols}, _skip INTEGER NOT NULL DEFAULT 0) ON COMMIT DROP")


def drop_stages(conn: Connection, names: Iterable[str]) -> None:
    if conn.dialect.name == "sqlite":  # PostgreSQL drops them at commit
        for name in names:
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{name}")


def check_header(resource: Resource, header: list[str]) -> None:
    if header != resource.columns:
        raise BundleRefused(f"The bundle's {resource.path} has other columns than this NeoDesk expects.")


def check_hash(resource: Resource, reader: HashingReader, described: dict[str, Any]) -> None:
    if reader.size != described.get("bytes") or sha256_text(reader.digest) != described.get("hash"):
        raise BundleRefused(f"The bundle's {resource.path} changed while it was being imported.")


def _csv_rows(reader: HashingReader, resource: Resource, tick: Tick) -> Iterator[list[str | None]]:
    stream = io.TextIOWrapper(io.BufferedReader(reader, 1 << 20), encoding="utf-8", newline="")
    rows = csv.reader(stream)
    check_header(resource, next(rows, []))
    n = 0
    for row in rows:
        n += 1
        if n % CHUNK == 0:
            tick(CHUNK)
        yield [v if v != "" else None for v in row]
    tick(n % CHUNK)


def load(
    conn: Connection,
    zf: zipfile.ZipFile,
    resource: Resource,
    described: dict[str, Any],
    tick: Tick,
    terms: list[tuple[str, str]] | None = None,
) -> None:
    """Fill the resource's stage table from its CSV member (clients also get `_name_sort` and their words)."""
    name = stage_name(resource)
    columns = resource.columns + (["_name_sort"] if terms is not None else [])
    create_stage(conn, name, columns)
    with zf.open(resource.path) as member:
        reader = HashingReader(member, described.get("bytes"))
        if terms is not None:
            rows: Iterable[list[Any]] = _with_search(_csv_rows(reader, resource, tick), resource, terms)
        else:
            rows = _csv_rows(reader, resource, tick)
        if conn.dialect.name == "sqlite":
            marks = ", ".join("?" for _ in columns)
            cols = ", ".join(f'"{c}"' for c in columns)
            conn.connection.driver_connection.executemany(  # type: ignore[union-attr]
                f"INSERT INTO {name} ({cols}) VALUES ({marks})", rows
            )
        elif terms is not None:
            _copy_rows(conn, name, columns, rows)
        else:
            _copy_bytes(conn, name, resource, reader, tick)
        while reader.read(1 << 16):  # anything after the last row still counts for the hash
            pass
    check_hash(resource, reader, described)
    if resource.group != "link":
        conn.exec_driver_sql(f"CREATE INDEX ix_{name}_id ON {name} (id)")


def _fold(value: str) -> str:
    """models.search.fold, without its Unicode decomposition for plain ASCII (the same result)."""
    return value.lower() if value.isascii() else fold(value)


def _terms(values: Iterable[str | None]) -> set[str]:
    """models.search.client_terms with the ASCII shortcut of `_fold` (the same words)."""
    terms: set[str] = set()
    for value in values:
        if value:
            terms.update(w[:200] for w in _WORD.findall(_fold(value)))
    return terms


def _with_search(rows: Iterator[list[Any]], resource: Resource, terms: list[tuple[str, str]]) -> Iterator[list[Any]]:
    at = {c: i for i, c in enumerate(resource.columns)}
    id_at, name_at = at["id"], at["name"]
    fields = [at[f] for f in SEARCH_FIELDS]
    for row in rows:
        row.append(_fold(row[name_at] or "")[:200])
        terms.extend((row[id_at], t) for t in sorted(_terms(row[i] for i in fields)))
        yield row


def load_terms(conn: Connection, terms: list[tuple[str, str]]) -> None:
    create_stage(conn, "stage_terms", ["client_id", "term"])
    if conn.dialect.name == "sqlite":
        conn.connection.driver_connection.executemany(  # type: ignore[union-attr]
            "INSERT INTO stage_terms (client_id, term) VALUES (?, ?)", terms
        )
    else:
        _copy_rows(conn, "stage_terms", ["client_id", "term"], iter(terms))
    conn.exec_driver_sql("CREATE INDEX ix_stage_terms_client ON stage_terms (client_id)")


def _copy_rows(conn: Connection, name: str, columns: list[str], rows: Iterable[Iterable[Any]]) -> None:
    cols = ", ".join(f'"{c}"' for c in columns)
    raw = conn.connection.driver_connection
    with raw.cursor() as cur, cur.copy(f"COPY {name} ({cols}) FROM STDIN") as copy:  # type: ignore[union-attr]
        for row in rows:
            copy.write_row(row)


def _copy_bytes(conn: Connection, name: str, resource: Resource, reader: HashingReader, tick: Tick) -> None:
    """COPY the CSV bytes as they are; the header line is checked here and left out."""
    first = reader.read(1 << 20)
    end = first.find(b"\r\n")
    header_line = first[:end] if end >= 0 else first
    check_header(resource, next(csv.reader([header_line.decode("utf-8")]), []))
    cols = ", ".join(f'"{c}"' for c in resource.columns)
    options = f"FORMAT csv, FORCE_NULL ({cols})"
    raw = conn.connection.driver_connection
    sql = f"COPY {name} ({cols}) FROM STDIN WITH ({options})"
    with raw.cursor() as cur, cur.copy(sql) as copy:  # type: ignore[union-attr]
        chunk = first[end + 2 :] if end >= 0 else b""
        while chunk:
            copy.write(chunk)
            tick(chunk.count(b"\n"))
            chunk = reader.read(1 << 20)
