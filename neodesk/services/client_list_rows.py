"""The client list's read model: its row, and its first page read straight through `sqlite3`.

The list on the left of the main window is a read path, not a use case: it shows `ClientRow`s, a page
at a time (neodesk.services.client_pages pages and counts them for the list's model). The first page
of the default query (active clients, by name) is also what the window shows at its first paint,
before SQLAlchemy is imported (neodesk.ui.start_up says why): so this module imports neither
SQLAlchemy nor the models, and the page's SQL is written once, here (`FIRST_PAGE_SQL`), for both
paths: `read_first_page` runs it through `sqlite3` at start-up, `client_pages.search_page` runs the
same text through SQLAlchemy for the list's model (tests check both give search_clients' page).

`read_first_page` only answers for a SQLite file that NeoDesk made (PRAGMA application_id) and that is
already at this NeoDesk's schema (alembic_version): anything else (a server database, a file that
needs a migration, no file yet, not a database) returns None and the caller takes the full path
(open_database, migrations, the list's model). Its rows are as stored (what the first paint needs);
`client_rows` turns them into ClientRows once the window shows (parsing ids needs `uuid`, whose import
costs ~3 ms of a start budget of ~50).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from neodesk import schema_version

if TYPE_CHECKING:  # not imported at run time: the first paint reads the list before it needs uuid
    import uuid


class ClientRow(NamedTuple):
    """One line of the client list."""

    id: uuid.UUID
    client_no: int
    name: str
    company_status: str
    city: str | None
    counselor: str | None
    last_activity: date | None
    active: bool


# The list says "1,000+ clients" above this many matches (counting further is what grew with the data).
COUNT_CAP = 1000


def count_text(count: int, *, cap: int | None = None, complete: bool = False) -> str:
    """The list's count line: "1 client", "250 clients", or "1,000+ clients" above the cap (None:
    COUNT_CAP) unless the whole list was fetched, so the count is exact."""
    cap = COUNT_CAP if cap is None else cap
    if count > cap and not complete:
        return f"{cap:,}+ clients"
    return "1 client" if count == 1 else f"{count:,} clients"


class ListReads(NamedTuple):  # a NamedTuple, not a dataclass: importing dataclasses costs the first paint ~1.5 ms
    """The list's use cases (neodesk.services.client_pages.LIST_READS), handed to the list's model by
    the code that opened the database: the list's own module is on the first paint's path."""

    count: Callable[..., int]  # (db, text, *, active, counselor_id) -> capped count
    first_page: Callable[..., tuple[int, list[ClientRow]]]  # (db, text, *, active, counselor_id, limit)
    next_page: Callable[..., list[ClientRow]]  # (db, text, *, active, counselor_id, after, limit)


SQLITE_URL_PREFIX = "sqlite:///"

# A row as stored: id (32 hex digits), client_no, name, company_status, city, counselor's name,
# last_activity (ISO date text or None), active (0/1).
StoredRow = tuple[Any, ...]

# The default query's first page: search_clients(tx, "", active=True, limit=:limit). Named parameters
# (:active, :limit) read the same through sqlite3 and SQLAlchemy's text(); the columns are ClientRow's.
FIRST_PAGE_SQL = (
    "SELECT client.id, client.client_no, client.name, client.company_status, client.city, counselor.name, "
    "client.last_activity, client.active "
    "FROM client LEFT OUTER JOIN counselor ON counselor.id = client.counselor_id "
    "WHERE client.active = :active ORDER BY client.name_sort, client.client_no LIMIT :limit"
)


def sqlite_file(url: str) -> Path | None:
    """The file of a plain `sqlite:///path` URL (as neodesk.paths.resolve_db_target makes), else None."""
    if not url.startswith(SQLITE_URL_PREFIX):
        return None
    database = url[len(SQLITE_URL_PREFIX) :]
    if not database or database == ":memory:" or "?" in database:
        return None
    return Path(database)


def _connect_if_current(path: Path) -> sqlite3.Connection | None:
    """A read-only connection to `path` when it is a NeoDesk store at SCHEMA_HEAD, else None."""
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    except sqlite3.Error:
        return None
    try:
        if conn.execute("PRAGMA application_id").fetchone()[0] != schema_version.APPLICATION_ID:
            conn.close()
            return None
        versions = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.Error:
        conn.close()
        return None
    if [v[0] for v in versions] != [schema_version.SCHEMA_HEAD]:
        conn.close()
        return None
    return conn


def read_first_page(url: str, limit: int) -> list[StoredRow] | None:
    """The first `limit` active clients by name, as stored; None when this database needs the full
    path (not a current NeoDesk SQLite file, or it cannot be read)."""
    path = sqlite_file(url)
    if path is None:
        return None
    conn = _connect_if_current(path)
    if conn is None:
        return None
    try:
        return conn.execute(FIRST_PAGE_SQL, {"active": True, "limit": limit}).fetchall()
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def client_rows(stored: list[StoredRow]) -> list[ClientRow]:
    """Stored rows as search_clients returns them."""
    import uuid  # here, not at the top: see the module docstring (not needed before the first paint)

    to_uuid, to_date = uuid.UUID, date.fromisoformat
    return [
        ClientRow(to_uuid(r[0]), r[1], r[2], r[3], r[4], r[5], to_date(r[6]) if r[6] else None, bool(r[7]))
        for r in stored
    ]


def first_page(url: str, limit: int) -> list[ClientRow] | None:
    """`search_clients(tx, "", active=True, limit=limit)` without SQLAlchemy; None as read_first_page."""
    stored = read_first_page(url, limit)
    return None if stored is None else client_rows(stored)
