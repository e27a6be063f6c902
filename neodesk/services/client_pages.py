"""The client list's pages by sort key (keyset) and its capped count: what scrolling and typing cost.

Paging with LIMIT/OFFSET makes SQLite step over every earlier row, so each page of the 100,000-client
list was slower than the last (8 ms → 240 ms; 51 s to scroll to the end). Here a page starts after the
last row shown, by the list's order (name_sort, client_no), which the indexes walk directly: every page
costs the same. Counting every match on each keystroke grew with the data too (p95 43 ms); the list
shows a capped count ("1,000+ clients") instead, exact below the cap.

The plans (narrow: the word index's covering rows; broad: the client name index) and the filters are
those of neodesk.services.clients.search_clients, which tests compare page for page.
"""

from __future__ import annotations

import uuid
from functools import lru_cache
from typing import Any

from sqlalchemy import Select, TextualSelect, bindparam, func, select, tuple_
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session

from neodesk.models import Client, Counselor, Database
from neodesk.models.search import fold
from neodesk.services.client_list_rows import COUNT_CAP, FIRST_PAGE_SQL, ClientRow, ListReads
from neodesk.services.clients import _COLUMNS, _client_filters, _has_word, _narrow_matches, _plan

# The sort key of a row: (name_sort, client_no), the list's order; a page starts after it.
PageKey = tuple[str, int]

# The default query's first page, as the window's first paint reads it through sqlite3: one SQL text
# (neodesk.services.client_list_rows), typed here by the columns it selects.
_FIRST_PAGE: TextualSelect = sql_text(FIRST_PAGE_SQL).columns(*_COLUMNS)


@lru_cache(maxsize=64)
def _keyset_statement(
    n_words: int, active: bool | None, with_counselor: bool, narrow: bool, after: bool
) -> Select[*tuple[Any, ...]]:
    if narrow:
        matches = _narrow_matches(n_words, active).subquery()
        chosen = matches.select()
        if after:
            chosen = chosen.where(
                tuple_(matches.c.name_sort, matches.c.client_no)
                > tuple_(bindparam("after_name"), bindparam("after_no"))
            )
        page = chosen.order_by(matches.c.name_sort, matches.c.client_no).limit(bindparam("limit")).subquery()
        return (
            select(*_COLUMNS)
            .join(page, page.c.client_id == Client.id)
            .outerjoin(Counselor, Counselor.id == Client.counselor_id)
            .order_by(page.c.name_sort, page.c.client_no)
        )
    query = (
        select(*_COLUMNS)
        .outerjoin(Counselor, Counselor.id == Client.counselor_id)
        .where(*[_has_word(Client.id, n) for n in range(n_words)], *_client_filters(active, with_counselor))
    )
    if after:
        query = query.where(
            tuple_(Client.name_sort, Client.client_no) > tuple_(bindparam("after_name"), bindparam("after_no"))
        )
    return query.order_by(Client.name_sort, Client.client_no).limit(bindparam("limit"))


@lru_cache(maxsize=64)
def _capped_count_statement(n_words: int, active: bool | None, with_counselor: bool, narrow: bool) -> Select[Any]:
    if narrow:
        matches = _narrow_matches(n_words, active).limit(bindparam("cap")).subquery()
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
    stored = tx.scalar(select(Client.name_sort).where(Client.id == row.id))
    return (stored if stored is not None else fold(row.name)[:200], row.client_no)


def search_page(
    tx: Session,
    text: str = "",
    *,
    active: bool | None = None,
    counselor_id: uuid.UUID | None = None,
    limit: int = 100,
    after: PageKey | None = None,
) -> list[ClientRow]:
    """The `limit` clients search_clients lists after the row whose sort key is `after` (None: the first)."""
    if not text and active is True and counselor_id is None and after is None:
        return [ClientRow(*row) for row in tx.execute(_FIRST_PAGE, {"active": True, "limit": limit})]
    narrow, params, n_words = _plan(tx, text, counselor_id)
    statement = _keyset_statement(n_words, active, counselor_id is not None, narrow, after is not None)
    params["limit"] = limit
    if after is not None:
        params["after_name"], params["after_no"] = after
    return [ClientRow(*row) for row in tx.execute(statement, params)]


def capped_count(
    tx: Session,
    text: str = "",
    *,
    active: bool | None = None,
    counselor_id: uuid.UUID | None = None,
    cap: int | None = None,
) -> int:
    """How many clients the search finds, counting no further than `cap` + 1 (more than the cap;
    None: COUNT_CAP)."""
    cap = COUNT_CAP if cap is None else cap
    narrow, params, n_words = _plan(tx, text, counselor_id)
    # Counted off the word index's covering rows whenever there are words (as count_clients does):
    # walking the name index probes clients one by one, slow when few of them match (195 ms for "g").
    by_words = n_words > 0 and counselor_id is None
    statement = _capped_count_statement(n_words, active, counselor_id is not None, narrow or by_words)
    return int(tx.execute(statement, {**params, "cap": cap + 1}).scalar_one())


# -- the client list's use cases (one unit of work each; the list calls them on its worker thread) --------------


def list_first_page(
    db: Database, text: str, *, active: bool | None, counselor_id: uuid.UUID | None, limit: int
) -> tuple[int, list[ClientRow]]:
    """A search's capped count and first `limit` rows."""
    with db.reading() as tx:
        total = capped_count(tx, text, active=active, counselor_id=counselor_id)
        return total, search_page(tx, text, active=active, counselor_id=counselor_id, limit=limit)


def list_next_page(
    db: Database, text: str, *, active: bool | None, counselor_id: uuid.UUID | None, after: ClientRow, limit: int
) -> list[ClientRow]:
    """The `limit` rows of a search after the listed row `after`."""
    with db.reading() as tx:
        key = page_key(tx, after)
        return search_page(tx, text, active=active, counselor_id=counselor_id, limit=limit, after=key)


def list_count(db: Database, text: str, *, active: bool | None, counselor_id: uuid.UUID | None) -> int:
    """How many clients a search finds, exact up to COUNT_CAP (above it: the cap + 1)."""
    with db.reading() as tx:
        return capped_count(tx, text, active=active, counselor_id=counselor_id)


# What the client list's model reads with (neodesk.ui.window_parts hands it over when the database is open).
LIST_READS = ListReads(count=list_count, first_page=list_first_page, next_page=list_next_page)
