"""The administrator settings the synchronization rules read (domain.md, "Settings").

The rules take the catalog's settings table itself (:class:`neodesk.catalog.settings.Settings`, named
``SyncSettings`` here), so their defaults are the spec's defaults, written once. They read four:
``prompt_sync_client_milestones`` silences the whole client → milestone direction (automatic creations
too) and the milestone → client prompts; automatic milestone → client updates always happen.
``growth_prompt_min_age_days`` keeps G prompts away from clients created too recently.
``startup_period_months`` decides Start-up vs In Business for rule M1. ``lock_days`` is how far back a
new milestone may be dated, so no rule proposes a milestone the save would refuse.
"""

from __future__ import annotations

from neodesk.catalog.settings import Settings as SyncSettings

__all__ = ["SyncSettings"]
