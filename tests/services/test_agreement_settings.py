"""Settings `time_zone` and `query_role` (agreements.md §2/§3): rows of the settings table, checked when
saved (an IANA zone name; a plain role name), and read by processing (today in that zone) and the
PostgreSQL query sandbox."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from neodesk.models import Database
from neodesk.services.admin.settings import save_settings
from neodesk.services.agreements import process
from neodesk.services.agreements.common import today_for
from neodesk.services.agreements.query_sandbox import query_role
from neodesk.services.errors import ValidationFailed
from neodesk.services.reference import current_counselor
from neodesk.services.settings import SETTING_LABELS, load_settings


@pytest.fixture
def admin_id(db: Database) -> uuid.UUID:
    with db.reading() as s:
        return current_counselor(s).id


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("time_zone", "America/Chicago"),
        ("time_zone", "UTC"),
        ("time_zone", "America/Argentina/Buenos_Aires"),
        ("time_zone", ""),
        ("query_role", "neodesk_query"),
        ("query_role", "_r2"),
        ("query_role", ""),
    ],
)
def test_text_settings_save_and_load(db: Database, admin_id: uuid.UUID, key: str, value: str) -> None:
    saved = save_settings(db, admin_id, {key: f" {value} "}).value
    assert getattr(saved, key) == value
    with db.reading() as s:
        assert getattr(load_settings(s), key) == value


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("time_zone", "Mars/Olympus"),
        ("time_zone", "../etc/passwd"),
        ("time_zone", "/usr/share/zoneinfo/UTC"),
        ("time_zone", 5),
        ("query_role", "2fast"),
        ("query_role", 'x"; DROP TABLE client; --'),
        ("query_role", "a" * 64),
        ("query_role", None),
    ],
)
def test_text_settings_refuse_bad_values(db: Database, admin_id: uuid.UUID, key: str, value: Any) -> None:
    with pytest.raises(ValidationFailed) as exc:
        save_settings(db, admin_id, {key: value, "lock_days": 30})
    [problem] = exc.value.problems
    assert problem.key == key
    assert problem.message.startswith(SETTING_LABELS[key] + ": ")
    with db.reading() as s:
        assert load_settings(s).lock_days != 30  # nothing written


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago"])  # UTC+14 and UTC−11
def test_processing_runs_as_of_today_in_the_centers_zone(db: Database, admin_id: uuid.UUID, zone: str) -> None:
    save_settings(db, admin_id, {"time_zone": zone})
    with db.reading() as s:
        today = today_for(s)
    assert today == datetime.now(ZoneInfo(zone)).date()
    assert process(db).as_of == today


def test_the_query_sandbox_reads_the_role_setting(db: Database, admin_id: uuid.UUID) -> None:
    with db.reading() as s:
        assert query_role(s) is None  # blank: query conditions refused on PostgreSQL
    save_settings(db, admin_id, {"query_role": "neodesk_query"})
    with db.reading() as s:
        assert query_role(s) == "neodesk_query"
