"""Keyset pages and the capped count of the client list (neodesk.services.client_pages)."""

from __future__ import annotations

import pytest

from neodesk.models import Client, Database
from neodesk.services import clients as clients_service
from neodesk.services.client_list_rows import ClientRow, count_text
from neodesk.services.client_pages import capped_count, page_key, search_page
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
    add_many(db)
    with db.reading() as tx:
        expected = search_clients(tx, text, active=active, limit=1000)
    for limit in (1, 4, 7, 200):
        rows = all_pages(db, text, active, limit)
        assert rows == expected
        assert len({row.id for row in rows}) == len(rows)
    if text != "zzz":
        assert len(expected) > 7  # several pages, across the runs of equal names


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
