"""The database's health checks as the desktop app runs them: Tools ▸ Check database and the daily check.

The checks themselves are neodesk.models.integrity (PRAGMA integrity_check and foreign keys, with
progress and Cancel) and neodesk.models.health (the daily quick_check, and switching to read-only
when SQLite reports damage); the screens reach them through here (the import contract in
pyproject.toml). Imported once the window is complete: start-up shows the window first.
"""

from __future__ import annotations

from neodesk.models.health import CheckMemo, HealthReport, daily_check, watch_for_corruption
from neodesk.models.integrity import CheckCancelled, check_integrity

__all__ = ["CheckCancelled", "CheckMemo", "HealthReport", "check_integrity", "daily_check", "watch_for_corruption"]
