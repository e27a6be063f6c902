"""The client record (domain.md "Client") and its search index."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from neodesk.catalog.fields import NEW_CLIENT_DEFAULTS
from neodesk.models.base import Base, Tracked
from neodesk.models.types import CodeList, CodeSet, Money

# Columns whose changes are bookkeeping, not edits: they bump no revision and write no audit row.
UNTRACKED: dict[str, object] = {"untracked": True}  # a column's info


class Client(Tracked, Base):
    __tablename__ = "client"
    __table_args__ = (
        Index("ix_client_name_sort", "name_sort", "client_no"),
        # The list shows active clients by default: count them and walk them in name order on an index.
        Index("ix_client_active_name", "active", "name_sort", "client_no"),
    )

    client_no: Mapped[int] = mapped_column(Integer, unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # Lower-cased, accent-folded name for ordering the list on an index.
    name_sort: Mapped[str] = mapped_column(String(200), default="", info=UNTRACKED)
    client_type: Mapped[str] = mapped_column(String(10), default=NEW_CLIENT_DEFAULTS["client_type"])
    company_status: Mapped[str] = mapped_column(String(10), default=NEW_CLIENT_DEFAULTS["company_status"])
    initial_status: Mapped[str | None] = mapped_column(String(10))
    date_established: Mapped[date | None] = mapped_column(Date)
    business_start_impact_date: Mapped[date | None] = mapped_column(Date)
    verified_in_business: Mapped[bool] = mapped_column(Boolean, default=False)
    full_time_employees: Mapped[int | None] = mapped_column(Integer)
    part_time_employees: Mapped[int | None] = mapped_column(Integer)
    export_employees: Mapped[int | None] = mapped_column(Integer)
    gross_sales: Mapped[Decimal | None] = mapped_column(Money)
    gross_sales_date: Mapped[date | None] = mapped_column(Date)
    profits: Mapped[Decimal | None] = mapped_column(Money)
    profits_date: Mapped[date | None] = mapped_column(Date)
    export_sales: Mapped[Decimal | None] = mapped_column(Money)
    international_trade: Mapped[str | None] = mapped_column(String(40))
    export_countries: Mapped[frozenset[str] | None] = mapped_column(CodeSet)
    bonding_amount: Mapped[Decimal | None] = mapped_column(Money)
    organization: Mapped[str | None] = mapped_column(String(80))
    ownership_gender: Mapped[str | None] = mapped_column(String(10))
    gender_certification_date: Mapped[date | None] = mapped_column(Date)
    women_ownership_pct: Mapped[int | None] = mapped_column(Integer)
    veteran_status: Mapped[str | None] = mapped_column(String(10))
    veteran_verification_date: Mapped[date | None] = mapped_column(Date)
    disadvantage_status: Mapped[str | None] = mapped_column(String(10))
    sdb_certification_date: Mapped[date | None] = mapped_column(Date)
    hubzone: Mapped[str | None] = mapped_column(String(10))
    hubzone_certification_date: Mapped[date | None] = mapped_column(Date)
    dib_ready: Mapped[bool] = mapped_column(Boolean, default=False)
    dib_ready_date: Mapped[date | None] = mapped_column(Date)
    gib_ready: Mapped[bool] = mapped_column(Boolean, default=False)
    gib_ready_date: Mapped[date | None] = mapped_column(Date)
    government_contracting: Mapped[bool] = mapped_column(Boolean, default=False)
    uei: Mapped[str | None] = mapped_column(String(12))
    cage_code: Mapped[str | None] = mapped_column(String(5))
    naics_codes: Mapped[tuple[str, ...] | None] = mapped_column(CodeList)
    active: Mapped[bool] = mapped_column(Boolean, default=NEW_CLIENT_DEFAULTS["active"])
    street: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str | None] = mapped_column(String(100))
    state: Mapped[str | None] = mapped_column(String(2))
    zip: Mapped[str | None] = mapped_column(String(10))
    county: Mapped[str | None] = mapped_column(String(100))
    contact_first_name: Mapped[str | None] = mapped_column(String(100))
    contact_last_name: Mapped[str | None] = mapped_column(String(100))
    contact_email: Mapped[str | None] = mapped_column(String(320))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    counselor_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("counselor.id"), index=True)
    center_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("center.id"))
    business_type: Mapped[str | None] = mapped_column(String(120))
    online_business: Mapped[bool] = mapped_column(Boolean, default=False)
    employee_owned: Mapped[bool] = mapped_column(Boolean, default=False)
    rural_urban: Mapped[str | None] = mapped_column(String(20))
    fips_code: Mapped[str | None] = mapped_column(String(5))
    # Primary contact intake (Form 641): personal data.
    survey_agreement: Mapped[bool | None] = mapped_column(Boolean)
    signature_on_file: Mapped[bool | None] = mapped_column(Boolean)
    signature_date: Mapped[date | None] = mapped_column(Date)
    race: Mapped[frozenset[str] | None] = mapped_column(CodeSet)
    ethnicity: Mapped[str | None] = mapped_column(String(60))
    sex: Mapped[str | None] = mapped_column(String(30))
    disability: Mapped[str | None] = mapped_column(String(30))
    military_status: Mapped[str | None] = mapped_column(String(60))
    branch_of_service: Mapped[str | None] = mapped_column(String(60))
    media: Mapped[str | None] = mapped_column(String(120))
    notes: Mapped[str | None] = mapped_column(Text)
    # Newest session or milestone date, kept by the flush hook so the list needs no join.
    last_activity: Mapped[date | None] = mapped_column(Date, index=True, info=UNTRACKED)

    counselor = relationship("Counselor", foreign_keys=[counselor_id], lazy="joined")
    search_terms: Mapped[list[ClientSearchTerm]] = relationship(
        back_populates="client", cascade="all, delete-orphan", passive_deletes=True
    )


class ClientSearchTerm(Base):
    """One searchable word of a client (name, city, contact, ZIP, UEI), lower-cased and accent-folded.

    Type-ahead matches a word prefix with an indexed range scan (`term >= 'bak' AND term < 'bal'`),
    the same on SQLite and PostgreSQL. The row also carries the client's sort key, number and active
    flag, so a narrow prefix is answered, filtered and ordered from the covering index alone without
    touching the client table; the flush hook keeps these copies in step with the client.
    """

    __tablename__ = "client_search"
    __table_args__ = (
        Index("ix_client_search_cover", "term", "name_sort", "client_no", "client_id", "active"),
        Index("ix_client_search_client_term", "client_id", "term"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    client_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("client.id", ondelete="CASCADE"))
    term: Mapped[str] = mapped_column(String(200))
    name_sort: Mapped[str] = mapped_column(String(200), default="")
    client_no: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    client: Mapped[Client] = relationship(back_populates="search_terms")
