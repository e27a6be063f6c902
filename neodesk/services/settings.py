"""Reading and writing the administrator settings: one row per setting in the settings table.

What the settings are (keys, types, defaults, labels, what a value may be, who may change them) is
the catalog's table, :mod:`neodesk.catalog.settings`; this module stores and loads the values.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from neodesk.catalog.settings import (
    SETTING_SPECS,
    Settings,
    TextCheck,
    Value,
    query_role_problem,
    time_zone_problem,
)
from neodesk.models import Setting

__all__ = [
    "SETTING_LABELS",
    "TEXT_CHECKS",
    "Settings",
    "load_settings",
    "query_role_problem",
    "save_setting",
    "setting_kind",
    "time_zone_problem",
]

SETTING_LABELS: dict[str, str] = {key: spec.label for key, spec in SETTING_SPECS.items()}
TEXT_CHECKS: dict[str, TextCheck] = {key: spec.check for key, spec in SETTING_SPECS.items() if spec.check is not None}


def _parse(kind: type, text: str) -> Value:
    if kind is bool:
        return text.strip().lower() in {"1", "true", "yes", "on"}
    if kind is str:
        return text.strip()
    return int(text)


_STORED = select(Setting.__table__.c.key, Setting.__table__.c.value)  # built once: every save reads them


def load_settings(tx: Session) -> Settings:
    stored = dict(tx.connection().execute(_STORED).all())
    values = {key: _parse(spec.kind, stored[key]) for key, spec in SETTING_SPECS.items() if key in stored}
    return Settings(**values)  # type: ignore[arg-type]  # each value parsed as its setting's kind


def setting_kind(key: str) -> type:
    """bool, int or str: how the setting `key` is stored and edited."""
    return SETTING_SPECS[key].kind


def save_setting(tx: Session, key: str, value: Value) -> None:
    if key not in SETTING_SPECS:
        raise KeyError(key)
    if isinstance(value, str):
        text = value.strip()
    else:
        text = ("on" if value else "off") if isinstance(value, bool) else str(int(value))
    row = tx.get(Setting, key)
    if row is None:
        tx.add(Setting(key=key, value=text))
    else:
        row.value = text
