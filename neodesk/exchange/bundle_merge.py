"""Merging staged bundle rows into the central database, newest revision winning.

Which version wins. A record belongs to the desk that created it (its UUID is made there), so every
version of it that reaches the central office carries a change number from that one desk's
sequence. The central row keeps the desk's `revision`, `updated_at` and `updated_by_id` as they
came (the import uses Core statements, which the ORM flush hook never sees, so nothing is
restamped). An incoming row is applied only when no central row has the same id with an equal or
higher revision, and no tombstone has that id (UUIDs are never reused, so a tombstone always wins
over an update arriving after it). Equal revisions are skipped, which makes a second import of the
same bundle a no-op and lets bundles arrive in any order.

Reference records are matched by their natural key (funding source and center code, counselor
e-mail, milestone type code, picklist + code) because each database seeds its own UUIDs for the
standard rows. The central row keeps its own id, and references to the desk's id in the bundle
(client counselor/center, links, counselor's default funding source, `updated_by_id` stamps) are
translated to it through a small id map.

- A row with the same id (one a desk created and an earlier bundle brought here) is compared by
  revision, like the records: both numbers are that desk's.
- A twin with another id (seeded independently on both sides) cannot be compared by revision (two
  counters), and its `updated_at` says nothing on its own: a seeded row's `updated_at` is the time
  the database was installed, not an edit time, so a desk installed after the central administrator
  edited a row would otherwise undo the edit. The rule is therefore:
    1. a desk row still exactly as seeded (its values equal what `seed_reference_data` writes into a
       fresh database for that natural key, see `pristine_reference`) never changes the central row;
    2. otherwise, a central row still exactly as seeded takes the desk's values (the desk edited it,
       the central office never did);
    3. otherwise both were edited and the later `updated_at` wins (the only measure the two databases
       share; a desk whose clock runs ahead wins ties it should not).
  "Values" are every column but the bookkeeping ones (`id`, `created_at`, `updated_at`,
  `revision`, `updated_by_id`), with the counselor's default funding source compared by its code.
  Known limit: a desk that edits a row and later puts the seeded values back is taken as untouched;
  and a row seeded by an older release whose catalog text has since changed counts as edited (seeding
  never rewrites existing rows, so both sides then keep the older text unless someone edits it).
  An applied twin keeps the desk's `updated_at` (the edit time the next comparison uses) but is
  stamped with a fresh change number from the central office's own counter, never the desk's
  `revision` (which counts another database's changes and would skew the central watermark).
- A desk's row with no central row of either id or natural key is inserted as it came.

Tombstones of reference rows are kept (in `tombstone`) but delete nothing: no service deletes
reference rows, and a delete here could not be made safe (the desk's id would first have to go
through the id map, and a row still used by other desks' records must stay). Only clients, sessions
and milestones are deleted by tombstones.

Sessions and milestones whose client is not in the central database (it was deleted there by a
tombstone) are skipped. The counselor and funding-source links of an applied session or milestone
replace its previous links. The client search words and sort key are rebuilt for applied clients,
and `last_activity` moves forward to the newest applied activity. A client number already used
by another client at the central office is replaced by the next free number.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import Connection, create_engine, insert, select, update
from sqlalchemy.orm import Session

from neodesk.exchange.bundle_format import (
    BY_NAME,
    NATURAL_KEYS,
    PARENTS,
    REFERENCE_COLUMNS,
    RESOURCES,
    Kind,
    Resource,
    empty_text_allowed,
)
from neodesk.exchange.bundle_stage import create_stage, stage_name, typed
from neodesk.models.base import Base
from neodesk.models.tracking import RevisionCounter, Tombstone


def _value(kind: Kind, text: str | None, column: Any) -> Any:
    if text is None:
        return None
    if kind == "uuid":
        return uuid.UUID(text)
    if kind == "int":
        return int(text)
    if kind == "money":
        return Decimal(text)
    if kind == "bool":
        return text == "true"
    if kind == "date":
        return date.fromisoformat(text)
    if kind == "datetime":
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    if kind == "json":
        values = json.loads(text)
        return tuple(values) if column.type.__class__.__name__ == "CodeList" else frozenset(values)
    return text


def _aware(value: datetime | None) -> datetime:
    if value is None:
        return datetime.min.replace(tzinfo=UTC)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


BOOKKEEPING = frozenset({"id", "created_at", "updated_at", "revision", "updated_by_id"})
NaturalKey = tuple[Any, ...]


@cache
def pristine_reference() -> dict[str, dict[NaturalKey, dict[str, Any]]]:
    """The reference rows a fresh database is seeded with, per resource and natural key.

    Derived by running `seed_reference_data` itself into a throw-away in-memory SQLite database (a
    few milliseconds, once per process), so it follows the seed code and the catalog with no copy
    of either here. Values are as `_comparable` gives them.
    """
    from neodesk.models.reference import Setting
    from neodesk.models.seed import seed_reference_data

    tables = [r.table for r in RESOURCES if r.group == "reference"]
    engine = create_engine("sqlite://")
    try:
        Base.metadata.create_all(engine, tables=[*tables, Setting.__table__])
        with Session(engine) as tx:
            seed_reference_data(tx)
            tx.commit()
        with engine.connect() as conn:
            out: dict[str, dict[NaturalKey, dict[str, Any]]] = {}
            for resource in RESOURCES:
                if resource.group != "reference":
                    continue
                rows = [dict(r._mapping) for r in conn.execute(select(resource.table))]
                out[resource.name] = {_natural(resource, row): _comparable(conn, resource, row) for row in rows}
            return out
    finally:
        engine.dispose()


def _natural(resource: Resource, row: dict[str, Any]) -> NaturalKey:
    return tuple(row[k] for k in NATURAL_KEYS[resource.name])


def _comparable(conn: Connection, resource: Resource, row: dict[str, Any]) -> dict[str, Any]:
    """A reference row's values without bookkeeping, the reference columns given as the natural key
    of the row they name in the database `conn` reads (ids differ between databases, keys do not)."""
    refs = REFERENCE_COLUMNS.get(resource.name, {})
    out: dict[str, Any] = {}
    for f in resource.fields:
        if f.name in BOOKKEEPING:
            continue
        value = row[f.name]
        if f.name in refs and value is not None:
            target = BY_NAME[refs[f.name]]
            found = conn.execute(
                select(*[target.table.c[k] for k in NATURAL_KEYS[target.name]]).where(target.table.c.id == value)
            ).first()
            value = (target.name, tuple(found) if found is not None else value)
        out[f.name] = value
    return out


def _is_pristine(conn: Connection, resource: Resource, row: dict[str, Any]) -> bool:
    seeded = pristine_reference()[resource.name].get(_natural(resource, row))
    return seeded is not None and _comparable(conn, resource, row) == seeded


def _next_revision(conn: Connection) -> int:
    """One change number from this database's own counter (as models/tracking.allocate_revisions)."""
    conn.execute(update(RevisionCounter).where(RevisionCounter.id == 1).values(value=RevisionCounter.value + 1))
    return int(conn.execute(select(RevisionCounter.value).where(RevisionCounter.id == 1)).scalar_one())


def merge_reference(conn: Connection, resource: Resource, rows: list[list[str | None]], idmap: dict[str, str]) -> int:
    """Upsert one reference resource row by row (a few hundred rows); returns how many were applied.

    See the module doc for which version wins. Called in bundle order (funding sources before
    counselors), so the references a row makes are already in `idmap` and in the central tables.
    """
    table = resource.table
    natural = NATURAL_KEYS[resource.name]
    refs = REFERENCE_COLUMNS.get(resource.name, {})
    applied = 0
    for raw in rows:
        text = dict(zip(resource.columns, raw, strict=True))
        for column in refs:
            if (ref := text[column]) is not None:
                text[column] = idmap.get(ref, ref)
        values = {f.name: _value(f.kind, text[f.name], table.c[f.name]) for f in resource.fields}
        incoming_id = values["id"]
        current = conn.execute(select(table).where(table.c.id == incoming_id)).first()
        if current is None:
            current = conn.execute(select(table).where(*[table.c[k] == values[k] for k in natural])).first()
        if current is None:
            stone = conn.execute(select(Tombstone.id).where(Tombstone.id == incoming_id)).first()
            if stone is None:
                conn.execute(insert(table).values(**values))
                applied += 1
            continue
        central_id = current.id
        if central_id == incoming_id:
            if values["revision"] > current.revision:
                del values["id"]
                conn.execute(update(table).where(table.c.id == central_id).values(**values))
                applied += 1
            continue
        idmap[str(incoming_id)] = str(central_id)
        if _is_pristine(conn, resource, values):
            continue  # seeded on the desk and never edited there: nothing to tell the central office
        central_row = dict(current._mapping)
        if not _is_pristine(conn, resource, central_row):
            if _aware(values["updated_at"]) <= _aware(current.updated_at):
                continue
            if _comparable(conn, resource, values) == _comparable(conn, resource, central_row):
                continue
        del values["id"]
        values["revision"] = _next_revision(conn)
        conn.execute(update(table).where(table.c.id == central_id).values(**values))
        applied += 1
    return applied


def write_idmap(conn: Connection, idmap: dict[str, str]) -> None:
    create_stage(conn, "stage_idmap", ["desk", "central"])
    for desk, central in idmap.items():
        conn.exec_driver_sql(
            "INSERT INTO stage_idmap (desk, central) VALUES "
            + ("(?, ?)" if conn.dialect.name == "sqlite" else "(%s, %s)"),
            (desk, central),
        )
    conn.exec_driver_sql("CREATE INDEX ix_stage_idmap ON stage_idmap (desk)")


def _source(dialect: str, resource: Resource, column: str, kind: Kind, alias: str = "s") -> str:
    expr = f'{alias}."{column}"'
    if column in REFERENCE_COLUMNS.get(resource.name, {}):
        expr = f'COALESCE("m_{column}".central, {expr})'
    if any(f.name == column and empty_text_allowed(resource.name, f) for f in resource.fields):
        expr = f"COALESCE({expr}, '')"  # an empty text travels as missing
    return typed(dialect, kind, expr)


def _idmap_joins(resource: Resource, alias: str = "s") -> str:
    """One outer join to the id map per reference column (what `_source` reads): joined once per
    statement rather than a lookup per row and column."""
    return "".join(
        f' LEFT JOIN stage_idmap "m_{c}" ON "m_{c}".desk = {alias}."{c}"'
        for c in REFERENCE_COLUMNS.get(resource.name, {})
    )


def analyze(conn: Connection, table: str) -> None:
    """Give PostgreSQL's planner the row count of a temporary table (autovacuum never analyzes them)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"ANALYZE {table} (id, _skip)")


def _count(conn: Connection, sql: str) -> int:
    return int(conn.exec_driver_sql(sql).scalar() or 0)


def _to_apply(dialect: str, name: str, alias: str) -> str:
    """The condition a staged row (table or alias `alias`) must meet to be applied (see the module doc)."""
    sid = typed(dialect, "uuid", f"{alias}.id")
    revision = typed(dialect, "int", f"{alias}.revision")
    conditions = [
        f'NOT EXISTS (SELECT 1 FROM "{name}" t WHERE t.id = {sid} AND t.revision >= {revision})',
        f"NOT EXISTS (SELECT 1 FROM tombstone tb WHERE tb.id = {sid})",
    ]
    if name in PARENTS:
        column, parent = PARENTS[name]
        parent_id = typed(dialect, "uuid", f"{alias}.{column}")
        conditions.append(f'({alias}.{column} IS NULL OR EXISTS (SELECT 1 FROM "{parent}" p WHERE p.id = {parent_id}))')
    return " AND ".join(conditions)


def merge_records(conn: Connection, resource: Resource) -> int:
    """Upsert a staged client/session/milestone resource; returns how many rows were applied."""
    d = conn.dialect.name
    name, stage = resource.name, stage_name(resource)
    # Rows not to apply are marked (`_skip`), not the rows to apply: a fresh or mostly new bundle then
    # rewrites no stage rows at all.
    conn.exec_driver_sql(f"UPDATE {stage} SET _skip = 1 WHERE NOT ({_to_apply(d, name, stage)})")
    analyze(conn, stage)
    columns = list(resource.columns)
    exprs = [_source(d, resource, f.name, f.kind) for f in resource.fields]
    keep = {"id"}
    if name == "client":
        _renumber_clients(conn)
        columns.append("name_sort")
        exprs.append("s._name_sort")
        keep.add("client_no")
    cols = ", ".join(f'"{c}"' for c in columns)
    sets = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c not in keep)
    conn.exec_driver_sql(
        f'INSERT INTO "{name}" ({cols}) SELECT {", ".join(exprs)} FROM {stage} s'
        f"{_idmap_joins(resource)} WHERE s._skip = 0 ON CONFLICT (id) DO UPDATE SET {sets}"
    )
    return _count(conn, f"SELECT count(*) FROM {stage} WHERE _skip = 0")


def _renumber_clients(conn: Connection) -> None:
    """New clients whose number another central client already has get the next free numbers."""
    d = conn.dialect.name
    clashes = (
        conn.exec_driver_sql(
            f"SELECT s.id FROM stage_client s WHERE s._skip = 0 "
            f"AND NOT EXISTS (SELECT 1 FROM client t WHERE t.id = {typed(d, 'uuid', 's.id')}) "
            f"AND EXISTS (SELECT 1 FROM client c WHERE c.client_no = {typed(d, 'int', 's.client_no')}) ORDER BY s.id"
        )
        .scalars()
        .all()
    )
    if not clashes:
        return
    top = max(
        _count(conn, "SELECT max(client_no) FROM client"),
        _count(conn, f"SELECT max({typed(d, 'int', 'client_no')}) FROM stage_client"),
    )
    mark = "?" if d == "sqlite" else "%s"
    for offset, sid in enumerate(clashes, start=1):
        conn.exec_driver_sql(f"UPDATE stage_client SET client_no = {mark} WHERE id = {mark}", (str(top + offset), sid))


def merge_links(conn: Connection, resource: Resource, owner_stage: str) -> int:
    """Replace the links of every applied owner with the bundle's."""
    d = conn.dialect.name
    owner = resource.owner
    assert owner is not None
    name, stage = resource.name, stage_name(resource)
    applied_owners = f"SELECT {typed(d, 'uuid', 'o.id')} FROM {owner_stage} o WHERE o._skip = 0"
    conn.exec_driver_sql(f'DELETE FROM "{name}" WHERE "{owner}" IN ({applied_owners})')
    cols = ", ".join(f'"{c}"' for c in resource.columns)
    exprs = ", ".join(_source(d, resource, f.name, f.kind) for f in resource.fields)
    written = conn.exec_driver_sql(
        f'INSERT INTO "{name}" ({cols}) SELECT {exprs} FROM {stage} s JOIN {owner_stage} o ON o.id = s."{owner}" '
        f"AND o._skip = 0{_idmap_joins(resource)} ON CONFLICT DO NOTHING"
    )
    return max(int(written.rowcount), 0)


def rebuild_client_search(conn: Connection) -> None:
    d = conn.dialect.name
    applied = f"SELECT {typed(d, 'uuid', 's.id')} FROM stage_client s WHERE s._skip = 0"
    conn.exec_driver_sql(f"DELETE FROM client_search WHERE client_id IN ({applied})")
    conn.exec_driver_sql(
        "INSERT INTO client_search (client_id, term, name_sort, client_no, active) "
        f"SELECT c.id, st.term, c.name_sort, c.client_no, c.active FROM stage_terms st "
        f"JOIN client c ON c.id = {typed(d, 'uuid', 'st.client_id')} "
        "WHERE st.client_id IN (SELECT s.id FROM stage_client s WHERE s._skip = 0)"
    )


def advance_last_activity(conn: Connection) -> None:
    """Move `last_activity` of the clients of applied sessions and milestones forward to their newest
    activity; one grouped pass, and only the clients whose date actually moves are written."""
    d = conn.dialect.name
    touched = " UNION ".join(
        f"SELECT {typed(d, 'uuid', 's.client_id')} FROM {stage_name(t)} s WHERE s._skip = 0"
        for t in ("counseling_session", "milestone")
    )
    newest = (
        f"SELECT a.client_id, max(a.date) AS newest FROM (SELECT cs.client_id, cs.date "
        f"FROM counseling_session cs WHERE cs.client_id IN ({touched}) "
        f"UNION ALL SELECT m.client_id, m.date FROM milestone m WHERE m.client_id IN ({touched})) a "
        "GROUP BY a.client_id"
    )
    conn.exec_driver_sql(
        f"UPDATE client SET last_activity = n.newest FROM ({newest}) n WHERE client.id = n.client_id "
        "AND (client.last_activity IS NULL OR n.newest > client.last_activity)"
    )


def merge_tombstones(conn: Connection, resource: Resource, record_types: tuple[str, ...]) -> int:
    """Keep the incoming tombstones and delete the records (clients, sessions, milestones) they name;
    cascades take sessions, links, words. Tombstones of reference rows delete nothing (module doc)."""
    d = conn.dialect.name
    sid = typed(d, "uuid", "s.id")
    conn.exec_driver_sql(
        f"UPDATE stage_tombstone SET _skip = 1 WHERE EXISTS (SELECT 1 FROM tombstone t "
        f"WHERE t.id = {typed(d, 'uuid', 'stage_tombstone.id')})"
    )
    cols = ", ".join(f'"{c}"' for c in resource.columns)
    exprs = ", ".join(_source(d, resource, f.name, f.kind) for f in resource.fields)
    conn.exec_driver_sql(
        f"INSERT INTO tombstone ({cols}) SELECT {exprs} FROM stage_tombstone s"
        f"{_idmap_joins(resource)} WHERE s._skip = 0"
    )
    mark = "?" if d == "sqlite" else "%s"
    for record_type in record_types:
        ids = f"SELECT {sid} FROM stage_tombstone s WHERE s.record_type = {mark}"
        conn.exec_driver_sql(f'DELETE FROM "{record_type}" WHERE id IN ({ids})', (record_type,))
    return _count(conn, "SELECT count(*) FROM stage_tombstone WHERE _skip = 0")
