"""Settings as administrators change them: each setting's rule, checking a typed value, saving them together.

The settings themselves (names, defaults, labels, how they are stored) live in neodesk.services.settings.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from neodesk.models import Database
from neodesk.services.admin.access import require_admin
from neodesk.services.admin.audit import Saved, log_change, who
from neodesk.services.admin.checks import refuse_if_any
from neodesk.services.changes import Changes, Kind
from neodesk.services.errors import FieldProblem, ValidationFailed
from neodesk.services.settings import SETTING_LABELS, TEXT_CHECKS, Settings, load_settings, save_setting


@dataclass(frozen=True, slots=True)
class SettingRule:
    """How a setting is checked: its kind, and for whole numbers the range that makes sense."""

    kind: type
    low: int = 0
    high: int = 0


# One rule per field of Settings (tests check that none is missing).
SETTING_RULES: dict[str, SettingRule] = {
    "prompt_sync_client_milestones": SettingRule(bool),
    "startup_period_months": SettingRule(int, 1, 120),
    "lock_days": SettingRule(int, 0, 3650),
    "require_one_employee": SettingRule(bool),
    "growth_prompt_min_age_days": SettingRule(int, 0, 365),
    "followup_minutes": SettingRule(int, 1, 600),
    "time_zone": SettingRule(str),  # checked by settings.TEXT_CHECKS
    "query_role": SettingRule(str),
}


def check_setting(key: str, raw: Any) -> bool | int | str:
    """A setting's value checked against its rule; raises ValidationFailed naming the setting."""
    rule = SETTING_RULES.get(key)
    if rule is None:
        raise ValidationFailed([FieldProblem(key, f"{key} is not a setting.")])
    label = SETTING_LABELS[key]
    if rule.kind is str:
        if not isinstance(raw, str):
            raise ValidationFailed([FieldProblem(key, f"{label}: enter text.")])
        problem = TEXT_CHECKS[key](raw.strip())
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
    with db.unit_of_work(actor_id) as session:
        actor = who(require_admin(session, actor_id, "the settings"))
        problems: list[FieldProblem] = []
        checked: dict[str, bool | int | str] = {}
        for key, raw in values.items():
            try:
                checked[key] = check_setting(key, raw)
            except ValidationFailed as exc:
                problems += exc.problems
        refuse_if_any(problems)
        for key, value in checked.items():
            save_setting(session, key, value)
        session.flush()
        in_force = load_settings(session)
    # The names of the settings saved, not their values: the log is no place to mirror configuration.
    log_change(actor, "saved", Kind.SETTING, detail=", ".join(checked))
    return Saved(in_force, Changes.of(Kind.SETTING))


def setting_keys() -> list[str]:
    return [f.name for f in fields(Settings)]
