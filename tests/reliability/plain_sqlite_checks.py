"""Checks the reliability tests share (read with plain sqlite3, not through the code under test)."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def client_names(path: Path) -> list[str]:
    """The clients' names, read with plain sqlite3 (the check does not go through the code under test)."""
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM client ORDER BY client_no")]
    finally:
        conn.close()


def one_sentence(err: str) -> bool:
    """stderr is one line starting "neodesk:" and holds no traceback."""
    lines = err.strip().splitlines()
    return len(lines) == 1 and lines[0].startswith("neodesk: ") and "Traceback" not in err
