"""The administrator settings the synchronization rules read (domain.md, "Settings")."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SyncSettings:
    """Settings that steer the client ↔ milestone rules; defaults are the spec's defaults.

    ``prompt_sync_client_milestones`` silences the whole client → milestone direction (automatic
    creations too) and the milestone → client prompts; automatic milestone → client updates always
    happen. ``growth_prompt_min_age_days`` keeps G prompts away from clients created too recently.
    ``startup_period_months`` decides Start-up vs In Business for rule M1. ``lock_days`` is how far
    back a new milestone may be dated, so no rule proposes a milestone the save would refuse.
    """

    prompt_sync_client_milestones: bool = True
    growth_prompt_min_age_days: int = 1
    startup_period_months: int = 12
    lock_days: int = 365
