"""A bundle's CSV text is the same whichever way it is made: SQLite's own line building (every desk)
and the per-value Python conversion (a server database) write the same bytes for the same rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import update

from neodesk.demo import generate_demo
from neodesk.exchange import bundle_csv
from neodesk.exchange.bundle_format import RESOURCES, Resource
from neodesk.models import Client, Database, open_database

AWKWARD = 'Quote " comma , line\nbreak\r\nand "more"'


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "desk.sqlite3")
    generate_demo(db, 3, 4)
    with db.unit_of_work() as tx:  # text the csv writer must quote, in a client's name and notes
        tx.execute(update(Client).values(name=AWKWARD, notes=AWKWARD))
    yield db
    db.close()


def _text(parts: Iterator[tuple[int, bytes]]) -> tuple[int, str]:
    rows, data = 0, b""
    for n, lines in parts:
        rows, data = rows + n, data + lines
    return rows, data.decode("utf-8")


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("resource", RESOURCES, ids=lambda r: r.name)
def test_sqlite_lines_equal_the_python_conversion(desk: Database, resource: Resource) -> None:
    with desk.engine.connect() as conn:
        where, params = bundle_csv.where_changed(resource, 0, False)
        fast = _text(bundle_csv.chunks(conn, resource, 0, False))
        python = _text(bundle_csv._python_chunks(conn, resource, where, params))
        if where:  # changes only: both ways read the rows in primary-key order
            assert fast == python
        else:  # reference rows travel whole: SQLite reads them in stored order
            assert fast[0] == python[0]
            assert sorted(_rows(fast[1])) == sorted(_rows(python[1]))
            assert fast[1].count("\r\n") == python[1].count("\r\n")
        assert fast[0] == bundle_csv.count(conn, resource, 0, False)


def test_awkward_text_reads_back_whole(desk: Database) -> None:
    client = next(r for r in RESOURCES if r.name == "client")
    with desk.engine.connect() as conn:
        _, text = _text(bundle_csv.chunks(conn, client, 0, True))
    rows = _rows(bundle_csv.header(client) + text)
    assert rows[0] == list(client.columns)
    name = rows[0].index("name")
    assert len(rows) > 1
    assert {row[name] for row in rows[1:]} == {AWKWARD}
