"""How typed text becomes the word prefixes a client is found by (no SQLAlchemy).

neodesk.models.search re-exports these for the writers of the word index; they live here so that the
command line's quick client listing (neodesk.services.client_list_rows) can fold a search without
importing the models package, which imports SQLAlchemy.
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Lower-case and strip accents, so "José" is found by "jose" and sorts with it."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def words(text: str | None) -> list[str]:
    return _WORD.findall(fold(text)) if text else []


def prefix_upper_bound(prefix: str) -> str:
    """The smallest string greater than every string starting with `prefix` (for a range scan)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)
