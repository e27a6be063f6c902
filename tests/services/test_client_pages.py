"""Keyset pages and the capped count of the client list (neodesk.services.client_pages)."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import event

from neodesk.models import Client, Database
from neodesk.services import client_pages
from neodesk.services import clients as clients_service
from neodesk.services.client_list_rows import ClientRow, count_text
from neodesk.services.client_pages import capped_count, list_first_page, list_next_page, page_key, search_page
from neodesk.services.clients import count_clients, search_clients


def add_many(db: Database) -> None:
    """70 clients: many share a name (so the order falls back to the number), some inactive, accents."""
    names = ["Acme Tools"] * 25 + ["Álvarez Bakery", "alvarez bakery"] * 5 + [f"Bolt {i:02}" for i in range(30)]
    with db.unit_of_work() as tx:
        tx.add_all(
            [
                Client(name=name, city="Austin", zip="78701", company_status="P", client_type="AC", active=i % 7 != 3)
                for i, name in enumerate(names)
            ]
        )


def all_pages(db: Database, text: str, active: bool | None, limit: int) -> list[ClientRow]:
    rows: list[ClientRow] = []
    with db.reading() as tx:
        while True:
            page = search_page(tx, text, active=active, limit=limit, after=page_key(tx, rows[-1]) if rows else None)
            assert len(page) <= limit
            rows += page
            if len(page) < limit:
                return rows


@pytest.mark.parametrize("broad", [False, True])
@pytest.mark.parametrize(
    ("text", "active"),
    [("", True), ("", None), ("", False), ("a", True), ("acme", None), ("bakery alv", None), ("zzz", True)],
)
def test_keyset_pages_reach_every_row_once_in_list_order(
    db: Database, monkeypatch: pytest.MonkeyPatch, text: str, active: bool | None, broad: bool
) -> None:
    if broad:  # the plan that walks the client name index instead of the word index
        monkeypatch.setattr(clients_service, "BROAD_MATCHES", 1)
        monkeypatch.setattr(client_pages, "LIST_BROAD_MATCHES", 1)
    add_many(db)
    with db.reading() as tx:
        expected = search_clients(tx, text, active=active, limit=1000)
    for limit in (1, 4, 7, 200):
        rows = all_pages(db, text, active, limit)
        assert rows == expected
        assert len({row.id for row in rows}) == len(rows)
    if text != "zzz":
        assert len(expected) > 7  # several pages, across the runs of equal names


def add_repeated_words(db: Database) -> None:
    """Clients whose name, city and contact all start with "a": three index rows each for that prefix."""
    with db.unit_of_work() as tx:
        tx.add_all(
            [
                Client(
                    name=f"Apex Atlas {i:02}",
                    city="Austin",
                    contact_last_name="Avery",
                    zip="78701",
                    company_status="P",
                    client_type="AC",
                    active=i % 5 != 2,
                )
                for i in range(30)
            ]
        )


@pytest.mark.parametrize(("per_row", "margin"), [(1, 2), (2, 1), (4, 2), (1, 1000)])
@pytest.mark.parametrize(
    ("text", "active"), [("a", True), ("a", None), ("a", False), ("at av", None), ("apex 1", False)]
)
def test_a_window_filled_by_repeated_words_still_gives_the_exact_page(
    db: Database, monkeypatch: pytest.MonkeyPatch, per_row: int, margin: int, text: str, active: bool | None
) -> None:
    # The narrow page sorts only `limit` x per_row index rows; clients matching "a" four times fill a
    # small window with fewer distinct clients than the page needs: the page is then read exactly.
    # Before that, a one-word page reads only the rows up to a sort key where `margin` x its clients
    # are expected: too few there (margin 1, or the names bunched), and it reads the whole window.
    monkeypatch.setattr(client_pages, "WINDOW_PER_ROW", per_row)
    monkeypatch.setattr(client_pages, "BOUND_MARGIN", margin)
    monkeypatch.setattr(client_pages, "BOUNDED_FROM", 0)
    add_repeated_words(db)
    add_many(db)
    with db.reading() as tx:
        expected = search_clients(tx, text, active=active, limit=1000)
        assert client_pages.list_plan(tx, text, None).narrow
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731 - (conn, cursor, statement, ...)
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        for limit in (1, 3, 8, 200):
            assert all_pages(db, text, active, limit) == expected
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len(expected) > 8 or text == "apex 1"
    bounds = [sql for sql in statements if "OFFSET" in sql and "max(client.client_no)" in sql]
    assert bool(bounds) == (" " not in text)  # the bounded read is for one word only


@pytest.mark.parametrize("broad", [False, True])
@pytest.mark.parametrize(
    ("text", "active", "limit"),
    [("", True, 5), ("", None, 200), ("a", True, 5), ("a", None, 200), ("acme", None, 10), ("zzz", True, 5)],
)
def test_the_lists_first_page_and_count_in_one_unit_of_work(
    db: Database, monkeypatch: pytest.MonkeyPatch, broad: bool, text: str, active: bool | None, limit: int
) -> None:
    if broad:
        monkeypatch.setattr(client_pages, "LIST_BROAD_MATCHES", 1)
    add_many(db)
    add_repeated_words(db)
    with db.reading() as tx:
        expected_rows = search_clients(tx, text, active=active, limit=limit)
        expected_count = capped_count(tx, text, active=active, cap=30)
    monkeypatch.setattr(client_pages, "COUNT_CAP", 30)
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731 - (conn, cursor, statement, ...)
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        total, rows = list_first_page(db, text, active=active, counselor_id=None, limit=limit)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    # Plain tuples, the id as stored text (no UUID made per row): search_clients' rows otherwise.
    assert all(type(row) is tuple and isinstance(row[0], str) for row in rows)
    assert [ClientRow(uuid.UUID(hex=row[0]), *row[1:]) for row in rows] == expected_rows
    assert total == (len(rows) if len(rows) < limit else expected_count)
    # The plan (a capped count of the first word's index rows) is chosen once for the page and the count.
    assert sum("LIMIT ?) AS matches" in sql for sql in statements) == (1 if text else 0)
    pages = [sql for sql in statements if sql.lstrip().startswith("SELECT client.id")]
    if len(rows) < limit and not broad:  # the window held every match: no second, exact read
        assert len(pages) == 1
    if len(rows) < limit:  # the whole result is on the page (so that is the count): no count statement
        assert not any(sql.lstrip().startswith("SELECT count(*)") and "matches" not in sql for sql in statements)


@pytest.mark.parametrize(("text", "active"), [("", True), ("", None), ("a", True), ("at", None)])
def test_the_lists_next_pages_follow_its_rows(db: Database, text: str, active: bool | None) -> None:
    add_many(db)
    add_repeated_words(db)
    with db.reading() as tx:
        expected = [(row.id.hex, *row[1:]) for row in search_clients(tx, text, active=active, limit=1000)]
    _, rows = list_first_page(db, text, active=active, counselor_id=None, limit=7)
    while len(rows) % 7 == 0:
        page = list_next_page(db, text, active=active, counselor_id=None, after=rows[-1], limit=7)
        rows += page
        if not page:
            break
    assert rows == expected
    assert len(expected) > 14


def test_a_page_starts_after_a_row_that_was_deleted(db: Database) -> None:
    add_many(db)
    with db.reading() as tx:
        everyone = search_clients(tx, "", active=None, limit=1000)
    gone = everyone[9]
    with db.unit_of_work() as tx:
        tx.delete(tx.get(Client, gone.id))
    with db.reading() as tx:
        assert search_page(tx, "", active=None, limit=5, after=page_key(tx, gone)) == everyone[10:15]


def test_capped_count_is_exact_up_to_the_cap(db: Database) -> None:
    add_many(db)
    with db.reading() as tx:
        for text, active in (("", None), ("", True), ("acme", None), ("bolt", False), ("zzz", None)):
            exact = count_clients(tx, text, active=active)
            assert capped_count(tx, text, active=active, cap=1000) == exact
            assert capped_count(tx, text, active=active, cap=10) == min(exact, 11)


def test_count_text() -> None:
    assert count_text(0) == "0 clients"
    assert count_text(1) == "1 client"
    assert count_text(1000) == "1,000 clients"
    assert count_text(1001) == "1,000+ clients"
    assert count_text(95_012, complete=True) == "95,012 clients"
    assert count_text(11, cap=10) == "10+ clients"
