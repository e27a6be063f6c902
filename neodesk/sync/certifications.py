"""What a certification milestone type says about the client today: "certified since 2025-04-02".

The New Milestone dialog shows it beside each certification type, so a counselor sees whether the
client already holds it. The type → client field mapping is the milestone → client rules' own table
(M8, M9, M10, M12 of sync-rules.md), read from milestone_effects.py, not repeated here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from neodesk.sync.milestone_effects import DISADVANTAGE_BY_TYPE, GENDER_BY_TYPE, VETERAN_BY_TYPE
from neodesk.sync.values import normalised

HUBZONE_CERTIFIED = "C"  # M10's code (sync-rules.md)

# type code → (client field, the code meaning "holds it", the field with its date)
CERTIFICATION_FIELDS: dict[str, tuple[str, str, str]] = {
    **{t: ("disadvantage_status", code, "sdb_certification_date") for t, code in DISADVANTAGE_BY_TYPE.items()},
    **{t: ("ownership_gender", code, "gender_certification_date") for t, code in GENDER_BY_TYPE.items()},
    **{t: ("veteran_status", code, "veteran_verification_date") for t, code in VETERAN_BY_TYPE.items()},
    "hubzone_certified": ("hubzone", HUBZONE_CERTIFIED, "hubzone_certification_date"),
}


def certification_text(type_code: str, client: Mapping[str, Any]) -> str | None:
    """ "Current: certified since 2025-04-02" / "Current: not certified"; None for a type that is no
    certification the client record keeps."""
    fields = CERTIFICATION_FIELDS.get(type_code)
    if fields is None:
        return None
    key, code, date_key = fields
    if normalised(client.get(key)) != code:
        return "Current: not certified"
    since = normalised(client.get(date_key))
    if isinstance(since, date):
        return f"Current: certified since {since.isoformat()}"
    return "Current: certified (no date recorded)"
