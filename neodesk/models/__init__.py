"""SQLAlchemy models and database setup (no Qt)."""

from neodesk.models.activity import CounselingSession, Milestone
from neodesk.models.agreement_approvals import (
    AgreementAnswer,
    AgreementApproval,
    AgreementObjective,
    AgreementQuestion,
    ApprovalGroup,
    approval_group_member,
)
from neodesk.models.agreements import (
    Agreement,
    AgreementCondition,
    AgreementEvent,
    AgreementHistory,
    AgreementMilestone,
    AgreementPayment,
    AgreementRun,
    AgreementTemplate,
    AgreementTemplateMilestone,
)
from neodesk.models.base import Base, Tracked
from neodesk.models.client import Client, ClientSearchTerm
from neodesk.models.database import (
    Database,
    DatabaseError,
    DatabaseTooNew,
    NotANeoDeskDatabase,
    open_database,
)
from neodesk.models.exchange import BundleExport, BundleImport, DeskKey
from neodesk.models.reference import Center, Counselor, FundingSource, MilestoneType, PicklistValue, Setting
from neodesk.models.tracking import AuditEntry, RevisionCounter, Tombstone

__all__ = [
    "Agreement",
    "AgreementAnswer",
    "AgreementApproval",
    "AgreementCondition",
    "AgreementEvent",
    "AgreementHistory",
    "AgreementMilestone",
    "AgreementObjective",
    "AgreementPayment",
    "AgreementQuestion",
    "AgreementRun",
    "AgreementTemplate",
    "AgreementTemplateMilestone",
    "ApprovalGroup",
    "AuditEntry",
    "Base",
    "BundleExport",
    "BundleImport",
    "Center",
    "Client",
    "ClientSearchTerm",
    "CounselingSession",
    "Counselor",
    "Database",
    "DatabaseError",
    "DatabaseTooNew",
    "DeskKey",
    "FundingSource",
    "Milestone",
    "MilestoneType",
    "NotANeoDeskDatabase",
    "PicklistValue",
    "RevisionCounter",
    "Setting",
    "Tombstone",
    "Tracked",
    "approval_group_member",
    "open_database",
]
