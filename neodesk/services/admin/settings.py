"""Settings as administrators change them: each setting's rule, checking a typed value, saving them together.

The settings themselves (keys, types, defaults, labels, ranges and checks, who may change them) are the
catalog's table (neodesk.catalog.settings); neodesk.services.settings stores and loads them.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from typing import Any

from neodesk.catalog.settings import SETTING_SPECS, SettingSpec
from neodesk.models import Database
from neodesk.services.admin.access import require_admin
from neodesk.services.admin.audit import Saved, log_change, who
from neodesk.services.admin.checks import refuse_if_any
from neodesk.services.changes import Changes, Kind
from neodesk.services.errors import FieldProblem, ValidationFailed
from neodesk.services.settings import Settings, load_settings, save_setting

# Each setting's rule (kind, range, text check, role) is its row of the catalog's settings table.
SETTING_RULES: dict[str, SettingSpec] = SETTING_SPECS


def check_setting(key: str, raw: Any) -> bool | int | str:
    """A setting's value checked against its rule; raises ValidationFailed naming the setting."""
    rule = SETTING_RULES.get(key)
    if rule is None:
        raise ValidationFailed([FieldProblem(key, f"{key} is not a setting.")])
    label = rule.label
    if rule.kind is str:
        if not isinstance(raw, str):
            raise ValidationFailed([FieldProblem(key, f"{label}: enter text.")])
        problem = rule.check(raw.strip()) if rule.check is not None else None
        if problem:
            raise ValidationFailed([FieldProblem(key, f"{label}: {problem}")])
        return raw.strip()
    if rule.kind is bool:
        if not isinstance(raw, bool):
            raise ValidationFailed([FieldProblem(key, f"{label}: choose on or off.")])
        return raw
    value: int | None = None
    if isinstance(raw, int) and not isinstance(raw, bool):
        value = raw
    elif isinstance(raw, str) and re.fullmatch(r"\s*\d+\s*", raw):
        value = int(raw)
    if value is None or not rule.low <= value <= rule.high:
        raise ValidationFailed([FieldProblem(key, f"{label}: enter a whole number from {rule.low} to {rule.high}.")])
    return value


def save_settings(db: Database, actor_id: uuid.UUID | None, values: Mapping[str, Any]) -> Saved[Settings]:
    """Check and store the given settings together (all or none); its value is the settings now in force."""
    with db.unit_of_work(actor_id) as tx:
        # Every row of the table is the administrators' to change (its changed_by; domain.md "administrator only").
        actor = who(require_admin(tx, actor_id, "the settings"))
        problems: list[FieldProblem] = []
        checked: dict[str, bool | int | str] = {}
        for key, raw in values.items():
            try:
                checked[key] = check_setting(key, raw)
            except ValidationFailed as exc:
                problems += exc.problems
        refuse_if_any(problems)
        for key, value in checked.items():
            save_setting(tx, key, value)
        tx.flush()
        in_force = load_settings(tx)
    # The names of the settings saved, not their values: the log is no place to mirror configuration.
    log_change(actor, "saved", Kind.SETTING, detail=", ".join(checked))
    return Saved(in_force, Changes.of(Kind.SETTING))


def setting_keys() -> list[str]:
    """The settings in the table's order (the screen's order)."""
    return list(SETTING_SPECS)
