"""The status and kind vocabularies of agreements.md §1–§4, one enum each."""

from __future__ import annotations

from enum import StrEnum


class AgreementStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class MilestoneStatus(StrEnum):
    PENDING = "pending"
    READY = "ready"
    AWAITING_APPROVAL = "awaiting_approval"  # §6: the approvals move it on
    COMPLETE = "complete"
    CANCELLED = "cancelled"


class ConditionStatus(StrEnum):
    READY = "ready"
    COMPLETE = "complete"


class ConditionKind(StrEnum):
    MILESTONE = "milestone"
    DATE = "date"
    USER = "user"
    METRIC = "metric"
    QUERY = "query"
    OBJECTIVES = "objectives"  # §5: completed by the acceptance of the last required objective


class ObjectiveStatus(StrEnum):
    OPEN = "open"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class QuestionKind(StrEnum):
    TEXT = "text"
    YES_NO = "yes_no"
    NUMBER = "number"
    DATE = "date"
    CHOICE = "choice"
    FILE = "file"


class ApprovalRule(StrEnum):
    ANY = "any"
    ALL = "all"
    N = "n"


class Decision(StrEnum):
    APPROVE = "approve"
    DECLINE = "decline"


class EventKind(StrEnum):
    BILLING = "billing"
    REVENUE = "revenue"
    DISBURSEMENT = "disbursement"


class EventStatus(StrEnum):
    PENDING = "pending"
    RELEASED = "released"
    ON_HOLD = "on_hold"
    PARTLY_PAID = "partly_paid"
    PAID = "paid"
    CANCELLED = "cancelled"
    REVERSED = "reversed"


class Require(StrEnum):
    ALL = "all"
    ONE = "one"


class PaymentMethod(StrEnum):
    EFT = "eft"
    CHECK = "check"
    CASH = "cash"
    CARD = "card"


class Measure(StrEnum):
    COUNT = "count"
    INCREASE = "increase"
    VALUE = "value"
    SESSION_HOURS = "session_hours"
    CLIENTS_COUNSELED = "clients_counseled"


OPERATORS = (">=", ">", "=", "<=", "<")

# Events that still count against the agreement's amount (§4: reversed and cancelled left out).
LIVE_EVENT_STATUSES = frozenset(
    {EventStatus.PENDING, EventStatus.RELEASED, EventStatus.ON_HOLD, EventStatus.PARTLY_PAID, EventStatus.PAID}
)
# Milestones processing and editing treat as finished.
CLOSED_MILESTONE_STATUSES = frozenset({MilestoneStatus.COMPLETE, MilestoneStatus.CANCELLED})
