"""Reference records: counselors, centers, funding sources, picklist values, milestone types, settings."""

from __future__ import annotations

import uuid

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from neodesk.models.base import Base, Tracked


class Counselor(Tracked, Base):
    __tablename__ = "counselor"

    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    role: Mapped[str] = mapped_column(String(20), default="counselor")  # counselor | administrator
    default_funding_source_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("funding_source.id"), nullable=True
    )
    # An Argon2id hash (argon2-cffi's encoded form) of the administrator's passphrase; None = none set.
    # Local to this database: the bundle leaves it out (neodesk.exchange.bundle_format.LEFT_OUT).
    passphrase_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)

    @property
    def is_admin(self) -> bool:
        return self.role == "administrator"


class Center(Tracked, Base):
    __tablename__ = "center"

    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(40), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The SBA's number for the center (1–9999999): every counseling upload record must carry it.
    sba_location_code: Mapped[int | None] = mapped_column(Integer, nullable=True)


class FundingSource(Tracked, Base):
    __tablename__ = "funding_source"

    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class PicklistValue(Tracked, Base):
    """A picklist value; the standard ones are seeded, administrators add and inactivate others."""

    __tablename__ = "picklist_value"
    __table_args__ = (UniqueConstraint("picklist", "code", name="uq_picklist_value_picklist_code"),)

    picklist: Mapped[str] = mapped_column(String(60), index=True)
    code: Mapped[str] = mapped_column(String(120))
    label: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    standard: Mapped[bool] = mapped_column(Boolean, default=False)


class MilestoneType(Tracked, Base):
    __tablename__ = "milestone_type"

    code: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(40))
    carries: Mapped[str] = mapped_column(String(20), default="none")
    in_business_only: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    standard: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Setting(Base):
    """Administrator settings (key → text value); the settings table is neodesk.catalog.settings."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
