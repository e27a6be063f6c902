"""Agreement records (agreements.md §1–§4, §7, §9): agreements, their milestones, conditions, events and
payments, templates, processing runs and the history (objectives and approvals: agreement_approvals).

Every record but the run log is Tracked, so revisions, audit rows and tombstones come from the
flush hook and the records travel in exchange bundles. Money is integer cents (the Money type);
statuses are the codes of neodesk.agreements.statuses. Milestone conditions point at their target
milestone by id, so a code can be read back from either side.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from neodesk.models.base import Base, Tracked, utcnow
from neodesk.models.types import CodeList, Money

if TYPE_CHECKING:
    from neodesk.models.agreement_approvals import AgreementApproval, AgreementObjective


class Agreement(Tracked, Base):
    __tablename__ = "agreement"

    number: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(60))
    client_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("client.id"), index=True)
    center_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("center.id"))
    counterparty: Mapped[str | None] = mapped_column(String(200))
    amount: Mapped[Decimal] = mapped_column(Money, default=Decimal("0.00"))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    primary_contact_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("counselor.id"))
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(320))
    contact_phone: Mapped[str | None] = mapped_column(String(60))
    notes: Mapped[str | None] = mapped_column(Text)
    status_reason: Mapped[str | None] = mapped_column(Text)

    milestones: Mapped[list[AgreementMilestone]] = relationship(
        back_populates="agreement", order_by="AgreementMilestone.position", cascade="all, delete-orphan"
    )


class AgreementMilestone(Tracked, Base):
    __tablename__ = "agreement_milestone"
    __table_args__ = (UniqueConstraint("agreement_id", "code", name="uq_agreement_milestone_agreement_code"),)

    agreement_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("agreement.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text, default="")
    financial: Mapped[bool] = mapped_column(Boolean, default=False)
    due: Mapped[date | None] = mapped_column(Date)
    primary_contact_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("counselor.id"))
    require: Mapped[str] = mapped_column(String(10), default="all")
    approval: Mapped[tuple[str, ...] | None] = mapped_column(CodeList)  # approval group names, in order (§6)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    effective_date: Mapped[date | None] = mapped_column(Date)
    position: Mapped[int] = mapped_column(Integer, default=0)
    template_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)  # a stamp: the template may be gone
    template_revision: Mapped[int | None] = mapped_column(BigInteger)
    status_reason: Mapped[str | None] = mapped_column(Text)
    # Written by each processing run (cycle, cancelled dependency, failed query); not an edit.
    blocked: Mapped[str | None] = mapped_column(Text, info={"untracked": True})
    # §6: the approval round (a decline starts the next; approvals of earlier rounds no longer count)
    # and the "resubmission requested" marker a decline sets for the tasks (cleared when it is met again).
    approval_round: Mapped[int] = mapped_column(Integer, default=1)
    resubmission_requested: Mapped[bool] = mapped_column(Boolean, default=False)

    agreement: Mapped[Agreement] = relationship(back_populates="milestones")
    conditions: Mapped[list[AgreementCondition]] = relationship(
        back_populates="milestone",
        order_by="AgreementCondition.position",
        cascade="all, delete-orphan",
        foreign_keys="AgreementCondition.milestone_id",
    )
    events: Mapped[list[AgreementEvent]] = relationship(
        back_populates="milestone", order_by="AgreementEvent.position", cascade="all, delete-orphan"
    )
    objectives: Mapped[list[AgreementObjective]] = relationship(
        order_by="AgreementObjective.position", cascade="all, delete-orphan"
    )
    approvals: Mapped[list[AgreementApproval]] = relationship(
        order_by="AgreementApproval.decided_at", cascade="all, delete-orphan"
    )


class AgreementCondition(Tracked, Base):
    __tablename__ = "agreement_condition"

    milestone_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("agreement_milestone.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="ready")
    effective_date: Mapped[date | None] = mapped_column(Date)
    on_date: Mapped[date | None] = mapped_column(Date)  # date kind
    target_milestone_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("agreement_milestone.id", ondelete="CASCADE")
    )
    lag_days: Mapped[int] = mapped_column(Integer, default=0)
    measure: Mapped[str | None] = mapped_column(String(30))
    field: Mapped[str | None] = mapped_column(String(80))
    type_code: Mapped[str | None] = mapped_column(String(80))
    reportable_only: Mapped[bool] = mapped_column(Boolean, default=True)
    op: Mapped[str | None] = mapped_column(String(2))
    target: Mapped[str | None] = mapped_column(String(40))  # an exact decimal, as text
    sql: Mapped[str | None] = mapped_column(Text)
    observed: Mapped[str | None] = mapped_column(Text, info={"untracked": True})
    observed_at: Mapped[date | None] = mapped_column(Date, info={"untracked": True})
    marked_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("counselor.id"))
    note: Mapped[str | None] = mapped_column(Text)

    milestone: Mapped[AgreementMilestone] = relationship(back_populates="conditions", foreign_keys=[milestone_id])
    target_milestone: Mapped[AgreementMilestone | None] = relationship(foreign_keys=[target_milestone_id])


class AgreementEvent(Tracked, Base):
    __tablename__ = "agreement_event"

    milestone_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("agreement_milestone.id", ondelete="CASCADE"), index=True
    )
    agreement_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("agreement.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(20))
    amount: Mapped[Decimal] = mapped_column(Money, default=Decimal("0.00"))  # fixed, or computed from percent
    percent: Mapped[str | None] = mapped_column(String(8))  # "50.00"; None for a fixed amount
    scheduled: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    released_on: Mapped[date | None] = mapped_column(Date)
    status_reason: Mapped[str | None] = mapped_column(Text)

    milestone: Mapped[AgreementMilestone] = relationship(back_populates="events")
    payments: Mapped[list[AgreementPayment]] = relationship(
        back_populates="event", order_by="AgreementPayment.paid_on", cascade="all, delete-orphan"
    )


class AgreementPayment(Tracked, Base):
    __tablename__ = "agreement_payment"

    event_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("agreement_event.id", ondelete="CASCADE"), index=True)
    paid_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Money)
    method: Mapped[str] = mapped_column(String(10))
    reference: Mapped[str | None] = mapped_column(String(200))

    event: Mapped[AgreementEvent] = relationship(back_populates="payments")


class AgreementTemplate(Tracked, Base):
    __tablename__ = "agreement_template"

    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(60))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    milestones: Mapped[list[AgreementTemplateMilestone]] = relationship(
        back_populates="template", order_by="AgreementTemplateMilestone.position", cascade="all, delete-orphan"
    )


class AgreementTemplateMilestone(Tracked, Base):
    """A template's milestone; its conditions and events are kept as their §11 JSON (offsets unresolved)."""

    __tablename__ = "agreement_template_milestone"

    template_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("agreement_template.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str] = mapped_column(String(20))
    definition: Mapped[str] = mapped_column(Text)

    template: Mapped[AgreementTemplate] = relationship(back_populates="milestones")


class AgreementHistory(Tracked, Base):
    """One status change, payment or amendment (§7 "History"): appended, never edited."""

    __tablename__ = "agreement_history"
    __table_args__ = (Index("ix_agreement_history_agreement_recorded", "agreement_id", "recorded_at"),)

    agreement_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("agreement.id", ondelete="CASCADE"))
    # agreement | milestone | condition | event | payment | objective | approval | packet
    record_type: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    label: Mapped[str] = mapped_column(String(200), default="")  # "HIRE10", "HIRE10 event 1"
    action: Mapped[str] = mapped_column(String(30))
    from_status: Mapped[str | None] = mapped_column(String(30))
    to_status: Mapped[str | None] = mapped_column(String(30))
    counselor_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("counselor.id"))
    run_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    effective_date: Mapped[date | None] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    reason: Mapped[str | None] = mapped_column(Text)
    packet_hash: Mapped[str | None] = mapped_column(String(64))  # who acted, when a returned packet did (§8)


class HistoryIsAppendOnly(Exception):
    """A history row was changed: §7 history is appended, never edited (a bug, not a user's mistake)."""


@event.listens_for(AgreementHistory, "before_update")
def _history_is_append_only(mapper: object, connection: object, target: AgreementHistory) -> None:
    raise HistoryIsAppendOnly(f"agreement history row {target.id} cannot be changed")


class AgreementRun(Base):
    """One processing run (§3): kept where it ran, not exported."""

    __tablename__ = "agreement_run"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    as_of: Mapped[date] = mapped_column(Date)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    counselor_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    dry_run: Mapped[bool] = mapped_column(Boolean, default=False)
    changes: Mapped[int] = mapped_column(Integer, default=0)
    completed: Mapped[int] = mapped_column(Integer, default=0)
    released: Mapped[int] = mapped_column(Integer, default=0)
    problems: Mapped[str | None] = mapped_column(Text)  # JSON list of {milestone, reason}
    # The change number when it finished: a later run on the same as-of date with no change since
    # has nothing to do (services/agreements/processing.py).
    revision: Mapped[int | None] = mapped_column(BigInteger)
