"""Objective and approval records (agreements.md §5, §6): objectives with their questions and answers,
approval groups with their members, and each approval or decline.

All Tracked, so revisions, audit rows and tombstones come from the flush hook and the records travel
in exchange bundles like the other agreement records. A file answer keeps only the file's name, size
and SHA-256 here; the bytes live under the data folder's `attachments/` (services/agreements/
attachments.py). Approval groups are named by a milestone's `approval` list, so an approval row names
its group the same way.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Column, Date, DateTime, ForeignKey, Integer, String, Table, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from neodesk.models.base import Base, Tracked, utcnow
from neodesk.models.reference import Counselor
from neodesk.models.types import CodeList

# A link table like the session and milestone counselor links: members travel whole with their group.
approval_group_member = Table(
    "approval_group_member",
    Base.metadata,
    Column("approval_group_id", Uuid, ForeignKey("approval_group.id", ondelete="CASCADE"), primary_key=True),
    Column("counselor_id", Uuid, ForeignKey("counselor.id"), primary_key=True),
)


class AgreementObjective(Tracked, Base):
    """What the stakeholder must show for a milestone (§5)."""

    __tablename__ = "agreement_objective"

    milestone_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("agreement_milestone.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[str] = mapped_column(String(20), default="open")
    status_reason: Mapped[str | None] = mapped_column(Text)  # why it was declined
    # Maker/checker: who last answered it (None: a stakeholder packet) and who reviewed it, when.
    answered_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("counselor.id"))
    reviewed_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("counselor.id"))
    reviewed_on: Mapped[date | None] = mapped_column(Date)

    questions: Mapped[list[AgreementQuestion]] = relationship(
        back_populates="objective", order_by="AgreementQuestion.position", cascade="all, delete-orphan"
    )


class AgreementQuestion(Tracked, Base):
    __tablename__ = "agreement_question"

    objective_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("agreement_objective.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    prompt: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(10))  # text | yes_no | number | date | choice | file
    options: Mapped[tuple[str, ...] | None] = mapped_column(CodeList)  # choice kind
    required: Mapped[bool] = mapped_column(Boolean, default=True)

    objective: Mapped[AgreementObjective] = relationship(back_populates="questions")
    answers: Mapped[list[AgreementAnswer]] = relationship(
        back_populates="question", order_by="AgreementAnswer.answered_at", cascade="all, delete-orphan"
    )


class AgreementAnswer(Tracked, Base):
    """The answer to a question: one per question, changed in place when answered again (the audit
    rows keep the earlier values). A file answer's `value` is the file's cleaned name."""

    __tablename__ = "agreement_answer"

    question_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("agreement_question.id", ondelete="CASCADE"), index=True
    )
    value: Mapped[str | None] = mapped_column(Text)
    file_name: Mapped[str | None] = mapped_column(String(255))
    file_size: Mapped[int | None] = mapped_column(BigInteger)
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    answered_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("counselor.id"))
    answered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    packet_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)  # answered in a returned packet (§8)

    question: Mapped[AgreementQuestion] = relationship(back_populates="answers")


class ApprovalGroup(Tracked, Base):
    """Who approves (§6): active counselors as members and a rule (any, all, or n of them)."""

    __tablename__ = "approval_group"

    name: Mapped[str] = mapped_column(String(100), unique=True)
    rule: Mapped[str] = mapped_column(String(5), default="any")  # any | all | n
    needed: Mapped[int | None] = mapped_column(Integer)  # the n of rule n
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    members: Mapped[list[Counselor]] = relationship(secondary=approval_group_member, order_by=Counselor.email)


class AgreementApproval(Tracked, Base):
    """One approval or decline of a milestone by a member of one of its groups, in one round (§6)."""

    __tablename__ = "agreement_approval"

    milestone_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("agreement_milestone.id", ondelete="CASCADE"), index=True
    )
    group_name: Mapped[str] = mapped_column(String(100))
    round: Mapped[int] = mapped_column(Integer, default=1)
    decision: Mapped[str] = mapped_column(String(10))  # approve | decline
    counselor_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("counselor.id"))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    comment: Mapped[str | None] = mapped_column(Text)
