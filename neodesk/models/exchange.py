"""Bookkeeping of the exchange with the central office: bundles made, desks trusted, bundles taken.

The desk side keeps one `BundleExport` row per bundle written; the highest `to_revision` is the
watermark the next export starts after. The central side keeps the public key of every desk it
trusts (`DeskKey`) and one `BundleImport` row per bundle it has taken, so a bundle imported twice
is recognised and changes nothing.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from neodesk.models.base import Base, utcnow


class BundleExport(Base):
    """A bundle this database wrote: the change numbers it covered and when."""

    __tablename__ = "bundle_export"

    bundle_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    from_revision: Mapped[int] = mapped_column(BigInteger)
    to_revision: Mapped[int] = mapped_column(BigInteger, index=True)
    record_count: Mapped[int] = mapped_column(Integer)
    exported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    file_name: Mapped[str] = mapped_column(Text)


class DeskKey(Base):
    """A desk whose bundles the central office accepts, with the Ed25519 public key they are signed with."""

    __tablename__ = "desk_key"

    desk_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    public_key: Mapped[str] = mapped_column(Text)  # PEM (SubjectPublicKeyInfo)
    fingerprint: Mapped[str] = mapped_column(String(64))
    registered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class BundleImport(Base):
    """A bundle this (central) database has taken."""

    __tablename__ = "bundle_import"

    bundle_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    desk_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    database_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    from_revision: Mapped[int] = mapped_column(BigInteger)
    to_revision: Mapped[int] = mapped_column(BigInteger)
    record_count: Mapped[int] = mapped_column(Integer)
    applied_count: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
