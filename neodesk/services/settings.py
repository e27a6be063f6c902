"""Administrator settings with their defaults (domain.md "Settings")."""

from __future__ import annotations

from dataclasses import dataclass, fields

from sqlalchemy import select
from sqlalchemy.orm import Session

from neodesk.models import Setting


@dataclass(frozen=True, slots=True)
class Settings:
    prompt_sync_client_milestones: bool = True
    startup_period_months: int = 12
    lock_days: int = 365
    require_one_employee: bool = False
    growth_prompt_min_age_days: int = 1
    followup_minutes: int = 15


SETTING_LABELS = {
    "prompt_sync_client_milestones": "Prompt to synchronize clients and milestones?",
    "startup_period_months": "Months before a Start-up counts as In Business",
    "lock_days": "How far back (days) a new activity record may be dated",
    "require_one_employee": "An in-business client must have at least one employee",
    "growth_prompt_min_age_days": "Growth prompts only for clients created at least this many days ago",
    "followup_minutes": "Contact minutes a follow-up session logged with milestones starts with",
}


def _parse(kind: type, text: str) -> bool | int:
    if kind is bool:
        return text.strip().lower() in {"1", "true", "yes", "on"}
    return int(text)


def load_settings(session: Session) -> Settings:
    stored = {r[0]: r[1] for r in session.execute(select(Setting.key, Setting.value))}
    values = {}
    for f in fields(Settings):
        if f.name in stored:
            kind = bool if f.type in ("bool", bool) else int
            values[f.name] = _parse(kind, stored[f.name])
    return Settings(**values)


def save_setting(session: Session, key: str, value: bool | int) -> None:
    if key not in {f.name for f in fields(Settings)}:
        raise KeyError(key)
    text = ("on" if value else "off") if isinstance(value, bool) else str(int(value))
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=text))
    else:
        row.value = text
