"""What a query condition's SQL may be (§2), judged on its text; the services also compile it.

The text must be exactly one SELECT (a WITH that is not recursive is allowed), change nothing,
attach nothing, set no pragma, and not read the clock or dice: the as-of date is `:today`, so a
dry run and a late run judge by the date they are given. The functions a query may call at all are
listed in ALLOWED_FUNCTIONS (the SQLite authorizer enforces the list at run time).
"""

from __future__ import annotations

import re

PARAMETERS = ("client_id", "agreement_id", "milestone_id", "today")
ALLOWED_FUNCTIONS = frozenset(
    {
        "abs",
        "avg",
        "cast",
        "coalesce",
        "count",
        "date",
        "group_concat",
        "ifnull",
        "iif",
        "instr",
        "julianday",
        "length",
        "like",
        "lower",
        "ltrim",
        "max",
        "min",
        "nullif",
        "printf",
        "replace",
        "round",
        "rtrim",
        "strftime",
        "substr",
        "substring",
        "sum",
        "total",
        "trim",
        "typeof",
        "upper",
        "glob",
        "format",
        "sign",
    }
)
_CLOCK = re.compile(r"""'now'|"now"|\bcurrent_(date|time|timestamp)\b|\brandom(blob)?\s*\(|\bnow\s*\(""", re.IGNORECASE)
_WRITES = re.compile(
    r"\b(insert|update|delete|replace\s+into|create|drop|alter|attach|detach|pragma|vacuum|"
    r"reindex|analyze|begin|commit|rollback|savepoint|release|grant|revoke|truncate|copy|"
    r"set|lock|call|do|listen|notify)\b",
    re.IGNORECASE,
)
_STRINGS = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"")
_COMMENTS = re.compile(r"--[^\n]*|/\*.*?\*/", re.DOTALL)


def query_refusal(sql: str) -> str | None:
    """Why `sql` cannot be a query condition, as the end of a sentence; None when its text is acceptable."""
    text = _COMMENTS.sub(" ", sql).strip().rstrip(";").strip()
    if not text:
        return "the query is empty"
    if _CLOCK.search(text):
        return "the query reads the clock or random numbers: use :today for the as-of date"
    bare = _STRINGS.sub("''", text)
    if ";" in bare:
        return "the query must be exactly one statement"
    first = bare.split(None, 1)[0].lower()
    if first not in ("select", "with"):
        return "the query must be a SELECT"
    if re.search(r"\brecursive\b", bare, re.IGNORECASE):
        return "a recursive WITH is not allowed"
    found = _WRITES.search(bare)
    if found:
        return f"the query may only read ({found.group(0).upper()} is not allowed)"
    return None
