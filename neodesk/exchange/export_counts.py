"""One count of "records changed since the last export", for the words before and after an export.

The export dialog said "2,637 records changed" and then "Exported 7,424 records": the first counted
clients, sessions, milestones and deletions (``unexported_count``), the second also the session and
milestone links to counselors and funding sources. Both now count what the first did.
"""

from __future__ import annotations

from collections.abc import Mapping

from neodesk.exchange.bundle_format import RESOURCES

COUNTED_GROUPS = frozenset({"record", "tombstone"})  # what unexported_count counts


def records_counted(counts: Mapping[str, int]) -> int:
    """Of a bundle's rows per resource, the records the "changed since the last export" count means."""
    return sum(counts.get(r.name, 0) for r in RESOURCES if r.group in COUNTED_GROUPS)


def records_phrase(count: int) -> str:
    """ "1 record" / "2,637 records": the same words in the dialog before and after the export."""
    return f"{count:,} record" + ("" if count == 1 else "s")
