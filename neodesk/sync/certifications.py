"""What a certification milestone type says about the client today: "certified since 2025-04-02".

The New Milestone dialog shows it beside each certification type, so a counselor sees whether the
client already holds it. The type → client field mapping is the catalog's certification table
(catalog/certifications.py, which M8, M9, M10 and M12 of sync-rules.md read too), not repeated here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from neodesk.catalog.certifications import CERTIFICATION_BY_TYPE
from neodesk.sync.values import normalised


def certification_text(type_code: str, client: Mapping[str, Any]) -> str | None:
    """ "Current: certified since 2025-04-02" / "Current: not certified"; None for a type that is no
    certification the client record keeps."""
    cert = CERTIFICATION_BY_TYPE.get(type_code)
    if cert is None:
        return None
    if normalised(client.get(cert.field)) != cert.code:
        return "Current: not certified"
    since = normalised(client.get(cert.date_field))
    if isinstance(since, date):
        return f"Current: certified since {since.isoformat()}"
    return "Current: certified (no date recorded)"
