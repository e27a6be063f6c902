"""Administrator settings as data: one row per setting (domain.md "Settings"; agreements.md §2/§3 for the
center's time zone and the query role, §6 self-approval, §7 reminders; screens.md the follow-up minutes).

The :class:`Settings` class *is* the table: each attribute is a setting's key, its annotation the type
it is stored and edited as, and its :func:`setting` row the default, the label, what makes a value
acceptable (a range for whole numbers, a check for text), the hint of an empty text box, and who may
change it. Reading and writing the stored values (services/settings.py), the administration use case
and screen (services/admin, ui/admin/settings.py) and the sync rules (sync/settings.py) all read it;
``tests/catalog/test_spec_tables.py`` compares it with the spec.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import TypeVar
from zoneinfo import ZoneInfo

ADMINISTRATOR = "administrator"  # the counselor role that may change settings (domain.md "Reference records")

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


Value = bool | int | str
TextCheck = Callable[[str], str | None]  # why a (stripped) text is refused, completing "<label>: …"; or None


@dataclass(frozen=True, slots=True)
class SettingSpec:
    """One setting's row: everything but its key and type (the attribute of :class:`Settings`)."""

    default: Value
    label: str
    low: int = 0  # whole numbers: the smallest value that makes sense
    high: int = 0  # … and the largest
    check: TextCheck | None = None  # text: what makes a value acceptable (blank always is)
    hint: str = ""  # text: what an empty box says
    changed_by: str = ADMINISTRATOR  # the role that may change it

    @property
    def kind(self) -> type:
        """bool, int or str: how the setting is stored and edited."""
        return type(self.default)


_SPEC = "setting"  # the dataclass field metadata key holding a setting's row
T = TypeVar("T", bool, int, str)


def setting(
    default: T, label: str, low: int = 0, high: int = 0, *, check: TextCheck | None = None, hint: str = ""
) -> T:
    """A row of the settings table: the attribute's default, with the rest of the row kept beside it."""
    row = SettingSpec(default, label, low, high, check, hint)
    return field(default=default, metadata={_SPEC: row})


@dataclass(frozen=True, slots=True)
class Settings:
    """The settings in force (the defaults where none is stored): the one table of settings."""

    prompt_sync_client_milestones: bool = setting(True, "Prompt to synchronize clients and milestones?")
    startup_period_months: int = setting(12, "Months before a Start-up counts as In Business", 1, 120)
    lock_days: int = setting(365, "How far back (days) a new activity record may be dated", 0, 3650)
    require_one_employee: bool = setting(False, "An in-business client must have at least one employee")
    growth_prompt_min_age_days: int = setting(
        1, "Growth prompts only for clients created at least this many days ago", 0, 365
    )
    followup_minutes: int = setting(
        15, "Contact minutes a follow-up session logged with milestones starts with", 1, 600
    )
    # IANA name; blank: this computer's zone.
    time_zone: str = setting(
        "", "Center's time zone", check=time_zone_problem, hint="e.g. America/Chicago; blank: this computer's"
    )
    # The PostgreSQL role query conditions run as; blank: they are refused.
    query_role: str = setting(
        "", "Database role agreement query conditions run as", check=query_role_problem, hint="blank: none allowed"
    )
    # agreements.md §5/§6: maker/checker relaxed (engineer ag-core's setting, agreements.approvals reads it).
    allow_self_approval: bool = setting(False, "Allow a counselor to accept or approve their own agreement work")
    # agreements.md §7: the Tasks panel's window (engineer ag-ui's setting).
    reminder_days: int = setting(7, "Days ahead the Tasks panel lists agreement milestones that fall due", 0, 365)


# Key → its row, in the table's order (the administration screen's order).
SETTING_SPECS: dict[str, SettingSpec] = {f.name: f.metadata[_SPEC] for f in fields(Settings)}
