"""Short labels for picklist values shown in narrow places (list columns); the full label goes in the tooltip.

A code without a short label here is shown with its full label (catalog/picklists.py).
"""

from __future__ import annotations

from neodesk.catalog.picklists import label

SHORT_LABELS: dict[str, dict[str, str]] = {
    "company_status": {
        "?": "Undefined",
        "P": "Pre-venture",
        "S": "Start-up",
        "B": "In business",
        "TC": "Temp. closed",
        "PC": "Closed",
        "SOLD": "Sold",
    },
}


def short_label(picklist: str, code: str | None) -> str:
    """The short label of a code ("In business" for B), else its full label."""
    if code is not None and (short := SHORT_LABELS.get(picklist, {}).get(code)) is not None:
        return short
    return label(picklist, code)
