"""Declarative base and the columns every tracked record carries."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, ClassVar

from sqlalchemy import BigInteger, DateTime, MetaData, Table, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names so Alembic batch migrations on SQLite can find them again.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    if TYPE_CHECKING:
        # Every model is mapped to a Table (DeclarativeBase types it as any FromClause, which has no
        # insert() and fits no Table parameter).
        __table__: ClassVar[Table]


class Tracked:
    """Mixin: UUID key, timestamps, last editor and the global change number (revision).

    `revision`, `updated_at` and `updated_by_id` are stamped by the flush hook in tracking.py, so
    no code path can forget them.
    """

    __tracked__ = True
    if TYPE_CHECKING:
        __tablename__: str  # every Tracked class is a Base model too

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revision: Mapped[int] = mapped_column(BigInteger, index=True, default=0)

    # A stamp, not a reference: audit history must survive whatever happens to counselor rows.
    updated_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
