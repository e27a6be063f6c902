"""Which files are NeoDesk stores, and which schema this NeoDesk writes (no SQLAlchemy, no Qt).

Kept apart from neodesk.models.database (which re-exports both) so the start-up's quick read of the
client list can recognise a current store without importing SQLAlchemy.
"""

from __future__ import annotations

# PRAGMA application_id marks the file as ours ("NEOD"), so we never migrate someone else's database.
APPLICATION_ID = 0x4E454F44
# The newest migration. Opening a database already at it skips importing Alembic (a fifth of the
# app's start-up); tests check it against the migration scripts.
SCHEMA_HEAD = "0008"
