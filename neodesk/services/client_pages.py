"""The client list's pages by sort key (keyset) and its capped count: what scrolling and typing cost.

Paging with LIMIT/OFFSET makes SQLite step over every earlier row, so each page of the 100,000-client
list was slower than the last (8 ms → 240 ms; 51 s to scroll to the end). Here a page starts after the
last row shown, by the list's order (name_sort, client_no), which the indexes walk directly: every page
costs the same. Counting every match on each keystroke grew with the data too (p95 43 ms); the list
shows a capped count ("1,000+ clients") instead, exact below the cap.

The plans (narrow: the word index's covering rows; broad: the client name index) and the filters are
those of neodesk.services.clients.search_clients, which tests compare page for page. Per keystroke the
list reads its first page and count in one unit of work that chooses the plan once (`list_first_page`).
The narrow page sorts only the first index rows it needs (`WINDOW_PER_ROW` per row, SQLite's top-N
sorter) before dropping a client's repeated words, instead of sorting every match, and for one word
with many matches first only the rows up to where the page should end (`BOUND_MARGIN`): that makes it
the cheaper plan up to more matches (`LIST_BROAD_MATCHES`); a short page is read again exactly.
"""

from __future__ import annotations

import uuid
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import (
    Connection,
    Integer,
    Result,
    Select,
    String,
    Subquery,
    TextualSelect,
    bindparam,
    func,
    select,
    tuple_,
    type_coerce,
)
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session, aliased

from neodesk.models import Client, ClientSearchTerm, Counselor, Database
from neodesk.models.search import fold, prefix_upper_bound
from neodesk.services.client_list_rows import (
    COUNT_CAP,
    FIRST_PAGE_SQL,
    MATCH_COUNT_SQL,
    ClientRow,
    ListReads,
    ListRow,
    search_plan,
)
from neodesk.services.clients import _COLUMNS, _client_filters, _has_word, _in_range, _narrow_matches

# Above this many index rows starting with the search's first word, the list's page walks the client
# name index (as search_clients does above clients.BROAD_MATCHES). Higher than search_clients' choice:
# the list's narrow page sorts a window of rows, not every match. Measured on 100,000 clients (active,
# 200 rows, CPU time, one word): the bounded window (below) costs 2-4 ms up to 24,000 matching rows;
# the walk ~7 µs per client it passes: 20-30 ms for rare first letters (4,000-9,000 rows), 6-8 ms
# near 16,000, about as much as the window near 20,000-30,000, and 1-4 ms above, where it wins.
LIST_BROAD_MATCHES = 24_000
# With more index rows than its window, a one-word narrow page first reads only the rows up to the sort
# key where BOUND_MARGIN x the page's clients are expected, by the word's density among the clients
# (the rows past that key are skipped on the index, not sorted): 40 % less than the whole window,
# e.g. 3.4 instead of 5.9 ms for "h"; too few there (names bunched at one end) and it reads the window.
BOUND_MARGIN = 2
# ... from this many index rows: finding the key steps over margin x limit x clients / rows entries of the
# name index (10,000 at 4,000 rows: 0.2 ms), more than the bound saves below.
BOUNDED_FROM = 4_000
# The narrow page sorts this many index rows per page row (a client matching the word several times
# has several): enough for every page of the demo data; a page that comes back short is read exactly.
WINDOW_PER_ROW = 4

# The sort key of a row: (name_sort, client_no), the list's order; a page starts after it.
PageKey = tuple[str, int]


class Plan(NamedTuple):
    """How a search reads (neodesk.services.client_list_rows.search_plan): the page from the word index
    (narrow) or the client name index, the bound words (:lo<n>/:hi<n>, :counselor_id) and their count."""

    narrow: bool
    params: dict[str, Any]
    n_words: int
    word_rows: int = 0  # index rows starting with word 0, counted no further than LIST_BROAD_MATCHES


# The default query's first page, as the window's first paint reads it through sqlite3: one SQL text
# (neodesk.services.client_list_rows), typed here by the columns it selects.
# ClientRow's columns with the id as stored text (ListRow): no UUID object made per row.
_LIST_COLUMNS = (type_coerce(Client.id, String).label("id"), *_COLUMNS[1:])
_FIRST_PAGE: TextualSelect = sql_text(FIRST_PAGE_SQL).columns(*_LIST_COLUMNS)
_MATCH_COUNT = sql_text(MATCH_COUNT_SQL)
# Built once: a statement made per call costs its construction and cache key each page (0.1 ms vs 0.02).
_NAME_SORT = select(Client.name_sort).where(Client.id == bindparam("id"))


@lru_cache(maxsize=64)
def _keyset_statement(
    n_words: int,
    active: bool | None,
    with_counselor: bool,
    narrow: bool,
    after: bool,
    windowed: bool = False,
    bounded: bool = False,
) -> Select[*tuple[Any, ...]]:
    if narrow:
        page = (
            _windowed_matches(n_words, active, after, bounded) if windowed else _exact_matches(n_words, active, after)
        )
        return (
            select(*_LIST_COLUMNS)
            .join(page, page.c.client_id == Client.id)
            .outerjoin(Counselor, Counselor.id == Client.counselor_id)
            .order_by(page.c.name_sort, page.c.client_no)
        )
    query = (
        select(*_LIST_COLUMNS)
        .outerjoin(Counselor, Counselor.id == Client.counselor_id)
        .where(*[_has_word(Client.id, n) for n in range(n_words)], *_client_filters(active, with_counselor))
    )
    if after:
        query = query.where(
            tuple_(Client.name_sort, Client.client_no) > tuple_(bindparam("after_name"), bindparam("after_no"))
        )
    return query.order_by(Client.name_sort, Client.client_no).limit(bindparam("limit"))


def _exact_matches(n_words: int, active: bool | None, after: bool) -> Subquery:
    """The page's clients: every match collected, distinct, sorted (what search_clients does)."""
    matches = _narrow_matches(n_words, active).subquery()
    chosen = matches.select()
    if after:
        chosen = chosen.where(
            tuple_(matches.c.name_sort, matches.c.client_no) > tuple_(bindparam("after_name"), bindparam("after_no"))
        )
    return chosen.order_by(matches.c.name_sort, matches.c.client_no).limit(bindparam("limit")).subquery()


def _windowed_matches(n_words: int, active: bool | None, after: bool, bounded: bool) -> Subquery:
    """The page's clients from the first :window index rows in list order: they hold the first :limit
    clients whenever they hold :limit distinct ones (a client's rows share its sort key). `bounded`:
    only rows up to the sort key (:bound_name, :bound_no), a prefix of the same order."""
    row = aliased(ClientSearchTerm)
    rows = _word_rows(row, n_words, active).add_columns(row.client_id, row.name_sort, row.client_no)
    if after:
        rows = rows.where(tuple_(row.name_sort, row.client_no) > tuple_(bindparam("after_name"), bindparam("after_no")))
    if bounded:
        rows = rows.where(
            tuple_(row.name_sort, row.client_no) <= tuple_(bindparam("bound_name"), bindparam("bound_no"))
        )
    window = rows.order_by(row.name_sort, row.client_no).limit(bindparam("window")).subquery()
    return (
        select(window.c.client_id, window.c.name_sort, window.c.client_no)
        .distinct()
        .order_by(window.c.name_sort, window.c.client_no)
        .limit(bindparam("limit"))
        .subquery()
    )


@lru_cache(maxsize=8)
def _bound_statement(active: bool | None, after: bool) -> Select[*tuple[Any, ...]]:
    """The sort key of the client :k places on in the list's order (after :after_name/:after_no), where
    :k is BOUND_MARGIN times the clients the page needs if clients match as often as :word_rows index
    rows among all of them (max client_no; a deleted one only makes it larger)."""
    query = select(Client.name_sort, Client.client_no)
    if active is not None:
        query = query.where(Client.active.is_(active))
    if after:
        query = query.where(
            tuple_(Client.name_sort, Client.client_no) > tuple_(bindparam("after_name"), bindparam("after_no"))
        )
    clients = select(func.max(Client.client_no)).scalar_subquery()
    margin, limit, word_rows = (bindparam(name, type_=Integer) for name in ("margin", "limit", "word_rows"))
    k = margin * limit * clients // word_rows
    return query.order_by(Client.name_sort, Client.client_no).limit(1).offset(k)


def _word_rows(row: type[ClientSearchTerm], n_words: int, active: bool | None) -> Select[*tuple[Any, ...]]:
    """Word 0's index rows (`row`: an alias) of the clients matching every word, no columns chosen yet."""
    rows = select().select_from(row).where(_in_range(row.term, 0))
    if active is not None:
        rows = rows.where(row.active.is_(active))
    return rows.where(*[_has_word(row.client_id, n) for n in range(1, n_words)])


@lru_cache(maxsize=64)
def _capped_count_statement(n_words: int, active: bool | None, with_counselor: bool, narrow: bool) -> Select[Any]:
    if narrow:
        # A client's index rows share its number: counting distinct numbers is counting the clients
        # (SQLite's distinct set of integers is about twice as quick as one of id, name and number).
        row = aliased(ClientSearchTerm)
        matches = (
            _word_rows(row, n_words, active).add_columns(row.client_no).distinct().limit(bindparam("cap")).subquery()
        )
    else:
        matches = (
            select(Client.id)
            .where(*[_has_word(Client.id, n) for n in range(n_words)], *_client_filters(active, with_counselor))
            .limit(bindparam("cap"))
            .subquery()
        )
    return select(func.count()).select_from(matches)


def page_key(tx: Session, row: ClientRow) -> PageKey:
    """The sort key of a listed row: the stored one (its name may have been folded by an older
    NeoDesk), or the one its name folds to when the client is gone."""
    stored = tx.connection().execute(_NAME_SORT, {"id": row.id}).scalar()
    return (stored if stored is not None else fold(row.name)[:200], row.client_no)


def list_plan(tx: Session, text: str, counselor_id: uuid.UUID | None) -> Plan:
    """The list's plan for a search: whether its page reads the word index (narrow), the bound words
    (most selective first) and their count. Chosen once per unit of work: the count and the page share it."""
    conn = tx.connection()
    counts: dict[str, int] = {}

    def match_count(word: str, cap: int) -> int:
        counts[word] = _match_count(conn, word, cap)
        return counts[word]

    narrow, params, n_words = search_plan(text, counselor_id is not None, match_count, LIST_BROAD_MATCHES)
    if counselor_id is not None:
        params["counselor_id"] = counselor_id
    return Plan(narrow, params, n_words, counts.get(params.get("lo0", ""), 0))


def _match_count(conn: Connection, word: str, cap: int) -> int:
    params = {"lo0": word, "hi0": prefix_upper_bound(word), "cap": cap}
    return int(conn.execute(_MATCH_COUNT, params).scalar_one())


def search_page(
    tx: Session,
    text: str = "",
    *,
    active: bool | None = None,
    counselor_id: uuid.UUID | None = None,
    limit: int = 100,
    after: PageKey | None = None,
    plan: Plan | None = None,
) -> list[ClientRow]:
    """The `limit` clients search_clients lists after the row whose sort key is `after` (None: the first);
    `plan`: list_plan's for this search (None: chosen here)."""
    rows = list_page(tx, text, active=active, counselor_id=counselor_id, limit=limit, after=after, plan=plan)
    return [ClientRow(uuid.UUID(hex=row[0]), *row[1:]) for row in rows]


def list_page(
    tx: Session,
    text: str = "",
    *,
    active: bool | None = None,
    counselor_id: uuid.UUID | None = None,
    limit: int = 100,
    after: PageKey | None = None,
    plan: Plan | None = None,
) -> list[ListRow]:
    """search_page's rows as the list keeps them (ListRow: plain tuples, the id as 32 hex digits)."""
    conn = tx.connection()
    if not text and active is True and counselor_id is None and after is None:
        return _list_rows(conn.execute(_FIRST_PAGE, {"active": True, "limit": limit}))
    plan = plan if plan is not None else list_plan(tx, text, counselor_id)
    narrow, params, n_words, word_rows = plan
    params = {**params, "limit": limit}
    if after is not None:
        params["after_name"], params["after_no"] = after
    shape = (n_words, active, counselor_id is not None, narrow, after is not None)
    if narrow:
        window = limit * WINDOW_PER_ROW
        if n_words == 1 and word_rows > max(window, BOUNDED_FROM):
            # Many matches: first try only the rows up to where the page should end, by their density.
            k = {"margin": BOUND_MARGIN, "word_rows": word_rows}
            bound = conn.execute(_bound_statement(active, after is not None), {**params, **k}).first()
            if bound is not None:
                bounded = {**params, "window": window, "bound_name": bound[0], "bound_no": bound[1]}
                rows = _list_rows(conn.execute(_keyset_statement(*shape, windowed=True, bounded=True), bounded))
                if len(rows) == limit:
                    return rows
        statement = _keyset_statement(*shape, windowed=True)
        rows = _list_rows(conn.execute(statement, {**params, "window": window}))
        if len(rows) == limit or word_rows <= window:  # a full page, or the window held every match
            return rows
        # Short: the end of the matches, or a window filled by clients matching many times: read exactly.
    return _list_rows(conn.execute(_keyset_statement(*shape), params))


def _list_rows(result: Result[Any]) -> list[ListRow]:
    # Read through the session's connection (Core), not Session.execute: these are plain rows, and the
    # ORM's result set-up costs a few hundred microseconds a statement. One fetchall, not a fetchone
    # per row. SQLite gives the id as the stored text; a server's driver gives its native UUID.
    rows = result.all()
    if rows and not isinstance(rows[0][0], str):
        return [(row[0].hex, *row[1:]) for row in rows]
    return [tuple(row) for row in rows]


def capped_count(
    tx: Session,
    text: str = "",
    *,
    active: bool | None = None,
    counselor_id: uuid.UUID | None = None,
    cap: int | None = None,
    plan: Plan | None = None,
) -> int:
    """How many clients the search finds, counting no further than `cap` + 1 (more than the cap;
    None: COUNT_CAP). `plan`: list_plan's for this search (None: chosen here)."""
    cap = COUNT_CAP if cap is None else cap
    narrow, params, n_words, _ = plan if plan is not None else list_plan(tx, text, counselor_id)
    # Counted off the word index's covering rows whenever there are words (as count_clients does):
    # walking the name index probes clients one by one, slow when few of them match (195 ms for "g").
    by_words = n_words > 0 and counselor_id is None
    statement = _capped_count_statement(n_words, active, counselor_id is not None, narrow or by_words)
    return int(tx.connection().execute(statement, {**params, "cap": cap + 1}).scalar_one())


# -- the client list's use cases (one unit of work each; the list calls them on its worker thread) --------------


def list_first_page(
    db: Database, text: str, *, active: bool | None, counselor_id: uuid.UUID | None, limit: int
) -> tuple[int, list[ListRow]]:
    """A search's count and first `limit` rows: the capped count (capped_count) when the page is full,
    else the page's length (every match is on it)."""
    with db.reading() as tx:
        plan = list_plan(tx, text, counselor_id)
        rows = list_page(tx, text, active=active, counselor_id=counselor_id, limit=limit, plan=plan)
        if len(rows) < limit:  # every match is on the page: that is the count
            return len(rows), rows
        return capped_count(tx, text, active=active, counselor_id=counselor_id, plan=plan), rows


def list_next_page(
    db: Database, text: str, *, active: bool | None, counselor_id: uuid.UUID | None, after: ListRow, limit: int
) -> list[ListRow]:
    """The `limit` rows of a search after the listed row `after`."""
    with db.reading() as tx:
        key = page_key(tx, ClientRow(uuid.UUID(hex=after[0]), *after[1:]))
        return list_page(tx, text, active=active, counselor_id=counselor_id, limit=limit, after=key)


def list_count(db: Database, text: str, *, active: bool | None, counselor_id: uuid.UUID | None) -> int:
    """How many clients a search finds, exact up to COUNT_CAP (above it: the cap + 1)."""
    with db.reading() as tx:
        return capped_count(tx, text, active=active, counselor_id=counselor_id)


# What the client list's model reads with (neodesk.ui.window_parts hands it over when the database is open).
LIST_READS = ListReads(count=list_count, first_page=list_first_page, next_page=list_next_page)
