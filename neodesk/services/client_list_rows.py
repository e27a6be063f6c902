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

The search's page (`page_sql`, both plans) and the capped count that picks the plan (`MATCH_COUNT_SQL`)
are written here too, once: neodesk.services.clients.search_clients runs them through SQLAlchemy (on
SQLite and PostgreSQL), and `read_search_page` through `sqlite3` for the command line's `clients`,
which then answers without importing SQLAlchemy (issue 14: a quick command within 5× a bare process).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from datetime import date
from functools import lru_cache
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


# A row as the list's model keeps it and its use cases read it: ClientRow's fields in order, as a plain
# tuple with the id as 32 hex digits. With 95,000 rows fetched, ClientRows and their UUIDs would be
# objects Python's cycle collector walks; tuples of text, numbers and dates it leaves alone, and no
# UUID is made (and turned back into text) per row.
ListRow = tuple[Any, ...]


class ListReads(NamedTuple):  # a NamedTuple, not a dataclass: importing dataclasses costs the first paint ~1.5 ms
    """The list's use cases (neodesk.services.client_pages.LIST_READS), handed to the list's model by
    the code that opened the database: the list's own module is on the first paint's path."""

    count: Callable[..., int]  # (db, text, *, active, counselor_id) -> capped count
    first_page: Callable[..., tuple[int, list[ListRow]]]  # (db, text, *, active, counselor_id, limit)
    next_page: Callable[..., list[ListRow]]  # (db, text, *, active, counselor_id, after: ListRow, limit)


SQLITE_URL_PREFIX = "sqlite:///"

# A row as stored: id (32 hex digits), client_no, name, company_status, city, counselor's name,
# last_activity (ISO date text or None), active (0/1).
StoredRow = tuple[Any, ...]

# Above this many matching words, walking the client name index (probing each client's words)
# finds the first page sooner than collecting and sorting every match. Measured on 100,000 clients:
# the two plans cross near 10,000 matches; the capped count that decides costs about 1 ms.
BROAD_MATCHES = 8000

_COLUMNS_SQL = (
    "SELECT client.id, client.client_no, client.name, client.company_status, client.city, counselor.name, "
    "client.last_activity, client.active "
)

# How many index rows start with word 0 (:lo0 <= term < :hi0), counting no further than :cap: the plan's choice.
# The subquery selects a constant: SQLite then copies no column per row (0.7 ms instead of 1.1 ms for
# 19,000 rows).
MATCH_COUNT_SQL = (
    "SELECT count(*) FROM (SELECT 1 FROM client_search "
    "WHERE client_search.term >= :lo0 AND client_search.term < :hi0 LIMIT :cap) AS matches"
)


def _has_word_sql(n: int, client_id: str) -> str:
    return (
        f"EXISTS (SELECT 1 FROM client_search AS s{n} WHERE s{n}.client_id = {client_id} "
        f"AND s{n}.term >= :lo{n} AND s{n}.term < :hi{n})"
    )


@lru_cache(maxsize=64)
def page_sql(n_words: int, active: bool | None, with_counselor: bool, narrow: bool, *, offset: bool = True) -> str:
    """search_clients' page: clients matching every word (:lo<n>/:hi<n>), [:active], [:counselor_id],
    by name, LIMIT :limit [OFFSET :offset]; the columns are ClientRow's. Named parameters read the same
    through sqlite3 and SQLAlchemy's text(), on SQLite and PostgreSQL. Narrow (never with a counselor):
    the clients are taken from word 0's covering index rows (the most selective word); broad: the client
    name index is walked and each client's words probed, stopping at the page end."""
    window = " LIMIT :limit OFFSET :offset" if offset else " LIMIT :limit"
    if narrow:
        where = ["s0.term >= :lo0", "s0.term < :hi0"]
        if active is not None:
            where.append("s0.active = :active")
        where += [_has_word_sql(n, "s0.client_id") for n in range(1, n_words)]
        page = (
            "SELECT DISTINCT s0.client_id, s0.name_sort, s0.client_no FROM client_search AS s0 "
            f"WHERE {' AND '.join(where)} ORDER BY s0.name_sort, s0.client_no{window}"
        )
        return (
            f"{_COLUMNS_SQL}FROM client JOIN ({page}) AS page ON page.client_id = client.id "
            "LEFT OUTER JOIN counselor ON counselor.id = client.counselor_id ORDER BY page.name_sort, page.client_no"
        )
    where = [_has_word_sql(n, "client.id") for n in range(n_words)]
    if active is not None:
        where.append("client.active = :active")
    if with_counselor:
        where.append("client.counselor_id = :counselor_id")
    return (
        f"{_COLUMNS_SQL}FROM client LEFT OUTER JOIN counselor ON counselor.id = client.counselor_id "
        + (f"WHERE {' AND '.join(where)} " if where else "")
        + f"ORDER BY client.name_sort, client.client_no{window}"
    )


# The default query's first page: search_clients(tx, "", active=True, limit=:limit), as the window's first
# paint reads it through sqlite3 and client_pages.search_page through SQLAlchemy.
FIRST_PAGE_SQL = page_sql(0, True, False, False, offset=False)


def search_plan(
    text: str, counselor: bool, match_count: Callable[[str, int], int], broad: int = BROAD_MATCHES
) -> tuple[bool, dict[str, Any], int]:
    """Whether search_clients pages from the word index (narrow), the bound words (:lo<n>/:hi<n>, most
    selective first), and their count; `match_count(word, cap)` runs MATCH_COUNT_SQL."""
    from neodesk.search_text import prefix_upper_bound, words  # not on the first paint's path

    words_ = list(dict.fromkeys(words(text)))
    narrow = False
    if words_ and not counselor:
        counts = {w: match_count(w, broad) for w in words_}
        words_.sort(key=lambda w: counts[w])
        narrow = counts[words_[0]] < broad
    params: dict[str, Any] = {}
    for n, word in enumerate(words_):
        params[f"lo{n}"], params[f"hi{n}"] = word, prefix_upper_bound(word)
    return narrow, params, len(words_)


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


def list_rows(stored: list[StoredRow]) -> list[ListRow]:
    """Stored rows as the list's model keeps them (ListRow: the id stays text)."""
    to_date = date.fromisoformat
    return [(r[0], r[1], r[2], r[3], r[4], r[5], to_date(r[6]) if r[6] else None, bool(r[7])) for r in stored]


def first_page(url: str, limit: int) -> list[ClientRow] | None:
    """`search_clients(tx, "", active=True, limit=limit)` without SQLAlchemy; None as read_first_page."""
    stored = read_first_page(url, limit)
    return None if stored is None else client_rows(stored)


def read_search_page(url: str, text: str, limit: int) -> list[StoredRow] | None:
    """search_clients(tx, text, limit=limit) (every client, active or not), as stored, through sqlite3:
    the command line's `clients` listing. None when the database needs the full path (as read_first_page)
    or when the file is not writable (opening it properly would refuse it: the full path says how). Like
    open_database, it makes the database and the data folders owner-only."""
    path = sqlite_file(url)
    if path is None or not os.access(path, os.R_OK | os.W_OK):
        return None
    conn = _connect_if_current(path)
    if conn is None:
        return None
    from neodesk import private_files
    from neodesk.search_text import prefix_upper_bound

    try:  # as open_database does: the files of an older NeoDesk made owner-only
        private_files.tighten_database(path)
        private_files.tighten_data_folders()
    except OSError:  # the full path says what stopped it
        conn.close()
        return None
    try:

        def match_count(word: str, cap: int) -> int:
            params = {"lo0": word, "hi0": prefix_upper_bound(word), "cap": cap}
            return int(conn.execute(MATCH_COUNT_SQL, params).fetchone()[0])

        narrow, params, n_words = search_plan(text, False, match_count, BROAD_MATCHES)
        return conn.execute(page_sql(n_words, None, False, narrow), {**params, "limit": limit, "offset": 0}).fetchall()
    except (sqlite3.Error, OverflowError):  # OverflowError: a --limit beyond SQLite's integers, refused there
        return None
    finally:
        conn.close()


def search_rows(url: str, text: str, limit: int) -> list[ClientRow] | None:
    """`search_clients(tx, text, limit=limit)` without SQLAlchemy; None as read_search_page."""
    stored = read_search_page(url, text, limit)
    return None if stored is None else client_rows(stored)
