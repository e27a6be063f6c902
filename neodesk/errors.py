"""The error every layer may raise when a record named does not exist (reports as well as use cases).

It lives at the bottom, with the helpers, so that the report queries can say "No client 12 in this
database." without importing the use cases (which import the reports): neodesk.services.errors
re-exports it beside the validation errors, and callers keep catching it from there.
"""

from __future__ import annotations


class NotFound(Exception):
    """The record named does not exist (or was deleted)."""
