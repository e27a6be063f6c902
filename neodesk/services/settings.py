"""Administrator settings with their defaults (domain.md "Settings"; agreements.md §2/§3 for the
center's time zone and the query role; §6 self-approval): one row per setting in the settings table."""

from __future__ import annotations

import re
from dataclasses import Field, dataclass, fields
from zoneinfo import ZoneInfo

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
    time_zone: str = ""  # IANA name; blank: this computer's zone
    query_role: str = ""  # the PostgreSQL role query conditions run as; blank: they are refused
    allow_self_approval: bool = False  # agreements.md §5/§6: maker/checker relaxed (see agreements.approvals)
    reminder_days: int = 7  # agreements.md §7: the Tasks panel lists milestones due within this many days


SETTING_LABELS = {
    "prompt_sync_client_milestones": "Prompt to synchronize clients and milestones?",
    "startup_period_months": "Months before a Start-up counts as In Business",
    "lock_days": "How far back (days) a new activity record may be dated",
    "require_one_employee": "An in-business client must have at least one employee",
    "growth_prompt_min_age_days": "Growth prompts only for clients created at least this many days ago",
    "followup_minutes": "Contact minutes a follow-up session logged with milestones starts with",
    "time_zone": "Center's time zone",  # blank: this computer's
    "query_role": "Database role agreement query conditions run as",  # PostgreSQL; blank: none allowed
    "allow_self_approval": "Allow a counselor to accept or approve their own agreement work",
    "reminder_days": "Days ahead the Tasks panel lists agreement milestones that fall due",
}

_ZONE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*")
_ROLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")


def time_zone_problem(name: str) -> str | None:
    """Why `name` is not an IANA time zone name (the end of a sentence), or None; blank is allowed."""
    if not name:
        return None
    if _ZONE_NAME.fullmatch(name):
        try:
            ZoneInfo(name)
            return None
        except (KeyError, ValueError, OSError):  # ZoneInfoNotFoundError is a KeyError
            pass
    return f"{name!r} is not a time zone name; enter one like America/Chicago, or leave it blank for this computer's."


def query_role_problem(name: str) -> str | None:
    """Why `name` is not a plain role name (letters, digits, _; not starting with a digit), or None."""
    if not name or _ROLE_NAME.fullmatch(name):
        return None
    return f"{name!r} is not a plain role name; use letters, digits and _ (not starting with a digit)."


TEXT_CHECKS = {"time_zone": time_zone_problem, "query_role": query_role_problem}


def _kind(f: Field[object]) -> type:
    """The field's type (annotations are strings under `from __future__ import annotations`)."""
    kind = f.type
    return {"bool": bool, "int": int, "str": str}[kind] if isinstance(kind, str) else kind  # type: ignore[return-value]


def _parse(kind: type, text: str) -> bool | int | str:
    if kind is bool:
        return text.strip().lower() in {"1", "true", "yes", "on"}
    if kind is str:
        return text.strip()
    return int(text)


def load_settings(session: Session) -> Settings:
    stored = {r[0]: r[1] for r in session.execute(select(Setting.key, Setting.value))}
    values = {}
    for f in fields(Settings):
        if f.name in stored:
            values[f.name] = _parse(_kind(f), stored[f.name])
    return Settings(**values)


def setting_kind(key: str) -> type:
    """bool, int or str: how the setting `key` is stored and edited."""
    return next(_kind(f) for f in fields(Settings) if f.name == key)


def save_setting(session: Session, key: str, value: bool | int | str) -> None:
    if key not in {f.name for f in fields(Settings)}:
        raise KeyError(key)
    if isinstance(value, str):
        text = value.strip()
    else:
        text = ("on" if value else "off") if isinstance(value, bool) else str(int(value))
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=text))
    else:
        row.value = text
