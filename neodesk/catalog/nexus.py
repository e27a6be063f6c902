"""Enumerations of the SBA counseling upload schema (../shared/nexus, Form 641) used as picklists.

Placeholder: filled from the schema by the catalog task.
"""

from __future__ import annotations

NEXUS_PICKLISTS: dict[str, dict[str, str]] = {}
