"""Activity records: milestones and counseling sessions, with their counselors and funding sources."""

from __future__ import annotations

import datetime
import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import Boolean, Column, Date, ForeignKey, Index, Integer, String, Table, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from neodesk.models.base import Base, Tracked
from neodesk.models.client import Client
from neodesk.models.reference import Counselor, FundingSource
from neodesk.models.types import CodeSet, Money


def _link_table(name: str, owner: str, target: str) -> Table:
    # Many-to-many links are real tables so the references keep their foreign keys.
    return Table(
        name,
        Base.metadata,
        Column(f"{owner}_id", Uuid, ForeignKey(f"{owner}.id", ondelete="CASCADE"), primary_key=True),
        Column(f"{target}_id", Uuid, ForeignKey(f"{target}.id"), primary_key=True),
    )


milestone_counselor = _link_table("milestone_counselor", "milestone", "counselor")
milestone_funding = _link_table("milestone_funding_source", "milestone", "funding_source")
session_counselor = _link_table("session_counselor", "counseling_session", "counselor")
session_funding = _link_table("session_funding_source", "counseling_session", "funding_source")


class Milestone(Tracked, Base):
    __tablename__ = "milestone"
    __table_args__ = (Index("ix_milestone_client_date", "client_id", "date"),)

    client_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("client.id", ondelete="CASCADE"))
    type_code: Mapped[str] = mapped_column(String(80), ForeignKey("milestone_type.code"), index=True)
    date: Mapped[date] = mapped_column(Date, index=True)
    # The new total (count types hold whole numbers), and the client's value before it.
    amount: Mapped[Decimal | None] = mapped_column(Money)
    initial_amount: Mapped[Decimal | None] = mapped_column(Money)
    detail: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    reportable: Mapped[bool] = mapped_column(Boolean, default=True)
    attribution_source: Mapped[str | None] = mapped_column(String(200))
    attribution_statement: Mapped[str | None] = mapped_column(Text)
    attribution_date: Mapped[datetime.date | None] = mapped_column(Date)  # `date` is the column above
    origin: Mapped[str] = mapped_column(String(20), default="manual")  # manual | client_edit | readiness

    client: Mapped[Client] = relationship()
    type = relationship("MilestoneType", lazy="joined")
    counselors: Mapped[list[Counselor]] = relationship(secondary=milestone_counselor)
    funding_sources: Mapped[list[FundingSource]] = relationship(secondary=milestone_funding)


class CounselingSession(Tracked, Base):
    __tablename__ = "counseling_session"
    __table_args__ = (Index("ix_counseling_session_client_date", "client_id", "date"),)

    client_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("client.id", ondelete="CASCADE"))
    date: Mapped[date] = mapped_column(Date, index=True)
    session_type: Mapped[str] = mapped_column(String(30), default="Follow-up")
    contact_type: Mapped[str] = mapped_column(String(4))
    counseling_area: Mapped[str] = mapped_column(String(80))
    additional_areas: Mapped[frozenset[str] | None] = mapped_column(CodeSet)
    contact_minutes: Mapped[int] = mapped_column(Integer, default=0)
    prep_minutes: Mapped[int] = mapped_column(Integer, default=0)
    travel_minutes: Mapped[int] = mapped_column(Integer, default=0)
    subject: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)
    attendees: Mapped[int] = mapped_column(Integer, default=1)
    reportable: Mapped[bool] = mapped_column(Boolean, default=True)

    client: Mapped[Client] = relationship()
    counselors: Mapped[list[Counselor]] = relationship(secondary=session_counselor)
    funding_sources: Mapped[list[FundingSource]] = relationship(secondary=session_funding)
