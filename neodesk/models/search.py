"""Words a client is found by, and how typed text becomes word prefixes. Shared by writer and reader."""

from __future__ import annotations

from collections.abc import Iterable

# Kept apart so that reading the list can fold a search without SQLAlchemy (neodesk.search_text).
from neodesk.search_text import fold as fold
from neodesk.search_text import prefix_upper_bound as prefix_upper_bound
from neodesk.search_text import words as words


def client_terms(values: Iterable[str | None]) -> set[str]:
    """The searchable words of a client's name, city, contact names, ZIP and UEI."""
    terms: set[str] = set()
    for value in values:
        terms.update(w[:200] for w in words(value))
    return terms


SEARCH_FIELDS = ("name", "city", "contact_first_name", "contact_last_name", "zip", "uei")
