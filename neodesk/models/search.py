"""Words a client is found by, and how typed text becomes word prefixes. Shared by writer and reader."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Lower-case and strip accents, so "José" is found by "jose" and sorts with it."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def words(text: str | None) -> list[str]:
    return _WORD.findall(fold(text)) if text else []


def client_terms(values: Iterable[str | None]) -> set[str]:
    """The searchable words of a client's name, city, contact names, ZIP and UEI."""
    terms: set[str] = set()
    for value in values:
        terms.update(w[:200] for w in words(value))
    return terms


def prefix_upper_bound(prefix: str) -> str:
    """The smallest string greater than every string starting with `prefix` (for a range scan)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


SEARCH_FIELDS = ("name", "city", "contact_first_name", "contact_last_name", "zip", "uei")
