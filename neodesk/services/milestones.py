"""Logging milestones (the New Milestone dialog and its CLI twin): validate, apply M1–M15, one transaction."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence, Set
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from neodesk.catalog.fields import ACTIVITY_TEXT, FIELDS_BY_KEY
from neodesk.catalog.milestone_types import BUSINESS_START_CODES, STAFF_CODES, TYPES_BY_CODE, Carries
from neodesk.catalog.picklists import PICKLISTS, is_in_business
from neodesk.models import Client, Counselor, Database, FundingSource, Milestone, MilestoneType
from neodesk.services.activity import build_counseling_session, check_activity_date
from neodesk.services.activity_edits import MILESTONE_EDIT_LABELS, milestone_edit_values, plain_text, value_text
from neodesk.services.changes import Changes, Kind
from neodesk.services.clients import client_values
from neodesk.services.edit_guard import EditCancelled, check_revision, lock_for_save, merged_edits, with_replanning
from neodesk.services.edit_merge import ConflictResolver, EditBase
from neodesk.services.errors import Conflict, FieldProblem, NotFound, ValidationFailed
from neodesk.services.reference import active_codes
from neodesk.services.settings import load_settings
from neodesk.services.sync_context import load_requirements, newest_dates_by_type, sync_settings
from neodesk.services.validation import (
    Invalid,
    check_text,
    check_text_field,
    parse_count,
    parse_money,
    parse_value,
)
from neodesk.sync.deciding import Decider, resolve
from neodesk.sync.milestone_effects import NewMilestone, milestone_edit_effects, milestone_effects
from neodesk.sync.proposals import ClientEffect, EffectKind, client_updates, milestones_to_log
from neodesk.sync.same_fact import confirmations


@dataclass(frozen=True, slots=True)
class MilestoneEntry:
    """One checked type of the dialog with what was typed for it (amount and/or detail)."""

    type_code: str
    amount: Any = None
    detail: str | None = None


@dataclass(frozen=True, slots=True)
class FollowUp:
    """The follow-up counseling session recorded with the milestones (same date, people, notes)."""

    contact_type: str | None
    counseling_area: str | None
    additional_area: str | None = None
    minutes: Any = None  # contact minutes: required, more than 0 (the dialog starts at followup_minutes)


@dataclass(frozen=True, slots=True)
class MilestoneForm:
    entries: tuple[MilestoneEntry, ...]
    date: Any
    counselor_ids: tuple[uuid.UUID, ...]
    funding_source_ids: tuple[uuid.UUID, ...]
    notes: str | None = None
    reportable: bool = True
    attribution_source: str | None = None
    attribution_statement: str | None = None
    attribution_date: date | None = None
    followup: FollowUp | None = None
    origin: str = "manual"


@dataclass
class LogResult:
    milestone_ids: list[uuid.UUID] = field(default_factory=list)
    session_id: uuid.UUID | None = None
    client_updates: dict[str, Any] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)  # e.g. "older than the newest … updates nothing"
    warnings: list[str] = field(default_factory=list)  # M13: review the Export Countries
    client_id: uuid.UUID | None = None

    @property
    def changes(self) -> Changes:
        """What the log wrote: the milestones, the follow-up session, and the client (its fields and
        last activity)."""
        written = Changes.of(Kind.MILESTONE, *self.milestone_ids)
        if self.session_id is not None:
            written = written | Changes.of(Kind.COUNSELING_SESSION, self.session_id)
        client = (self.client_id,) if self.client_id is not None else ()
        return written | Changes.of(Kind.CLIENT, *client)


@dataclass(frozen=True, slots=True)
class TypeInfo:
    """What the dialog and the validation need of a milestone type (standard or user-defined)."""

    code: str
    name: str
    category: str
    carries: str
    in_business_only: bool
    active: bool
    value_label: str = ""
    client_field: str | None = None
    detail_optional: bool = True
    notes_required: bool = False
    min_value: int | None = None
    max_value: int | None = None


def type_infos(types: Sequence[MilestoneType]) -> dict[str, TypeInfo]:
    """Milestone types from the database, completed with the catalog's facts for standard ones."""
    out: dict[str, TypeInfo] = {}
    for t in types:
        spec = TYPES_BY_CODE.get(t.code)
        out[t.code] = TypeInfo(
            t.code,
            t.name,
            t.category,
            t.carries,
            t.in_business_only,
            t.active,
            value_label=spec.value_label if spec else ("value" if t.carries != "none" else ""),
            client_field=spec.client_field if spec else None,
            detail_optional=spec.detail_optional if spec else True,
            notes_required=spec.notes_required if spec else False,
            min_value=spec.min_value if spec else None,
            max_value=spec.max_value if spec else None,
        )
    return out


def offered_types(infos: dict[str, TypeInfo], in_business: bool, checked: set[str]) -> list[TypeInfo]:
    """Types the dialog offers: active ones; in-business-only ones only for a client in business or
    once Business Established / Bought Business is checked (milestones.md)."""
    reveal = in_business or bool(checked & BUSINESS_START_CODES)
    return [t for t in infos.values() if t.active and (reveal or not t.in_business_only)]


DETAIL_FORMATS = frozenset({"uei", "cage_code", "naics_codes"})


def _parse_entry(entry: MilestoneEntry, info: TypeInfo) -> tuple[Decimal | int | None, str | None]:
    carries = info.carries
    rule = ACTIVITY_TEXT["milestone", "detail"]
    detail = check_text(entry.detail, rule.max_length, rule.multiline)
    if carries == Carries.COUNT:
        low = info.min_value if info.min_value is not None else 0
        amount = parse_count(entry.amount, low=low, high=info.max_value)
        if amount is None:
            raise Invalid(f"enter the {info.value_label or 'number'}.")
        return amount, detail
    if carries in (Carries.MONEY, Carries.SIGNED_MONEY):
        money = parse_money(entry.amount, signed=carries == Carries.SIGNED_MONEY)
        if money is None:
            raise Invalid(f"enter the {info.value_label or 'amount'}.")
        return money, detail
    if carries == Carries.TEXT:
        text = detail or check_text(entry.amount, rule.max_length, rule.multiline)
        if text is None and not info.detail_optional:
            raise Invalid(f"enter the {info.value_label or 'detail'}.")
        if info.code == "changed_legal_form" and text and text not in PICKLISTS["organization"]:
            raise Invalid("choose one of the organization types.")
        if text and info.client_field in DETAIL_FORMATS:
            # SAM's UEI, the CAGE code and NAICS codes have the client fields' formats.
            parsed = parse_value(FIELDS_BY_KEY[info.client_field], text)
            text = ", ".join(parsed) if isinstance(parsed, tuple) else str(parsed)
        return None, text
    return None, detail


def validate_form(
    form: MilestoneForm,
    client: dict[str, Any],
    infos: dict[str, TypeInfo],
    today: date,
    lock_days: int,
    allowed: Mapping[str, Set[str]] | None = None,
) -> list[NewMilestone]:
    """Check the dialog's input; raises ValidationFailed naming each problem (keys are object names).

    `allowed` maps picklist names to the codes a new record may take (active_codes of the database);
    without it the follow-up session is checked against the built-in lists.
    """
    problems: list[FieldProblem] = []
    checked = {e.type_code for e in form.entries}
    if not form.entries:
        problems.append(FieldProblem("types", "Check at least one milestone type."))
    day, date_problems = check_activity_date(form.date, "milestone.date", "Date", today, lock_days)
    problems += date_problems
    in_business = is_in_business(client.get("company_status"))
    starting = bool(checked & BUSINESS_START_CODES) and not in_business
    new: list[NewMilestone] = []
    for entry in form.entries:
        info = infos.get(entry.type_code)
        if info is None or not info.active:
            problems.append(
                FieldProblem(f"type.{entry.type_code}", f"{entry.type_code} is not an active milestone type.")
            )
            continue
        if info.in_business_only and not in_business and not starting:
            problems.append(
                FieldProblem(
                    f"type.{info.code}",
                    f"{info.name}: the client is not in business; check Business Established or Bought Business first.",
                )
            )
            continue
        try:
            amount, detail = _parse_entry(entry, info)
        except Invalid as exc:
            problems.append(FieldProblem(f"value.{info.code}", f"{info.name}: {exc}"))
            continue
        if info.notes_required and not (form.notes or "").strip():
            problems.append(FieldProblem("milestone.notes", f"{info.name}: write the story in Notes."))
        if day is not None:
            new.append(NewMilestone(info.code, day, amount, detail, form.origin))
    if starting and not checked & STAFF_CODES:
        problems.append(
            FieldProblem(
                "type.change_in_full_time_staff",
                "A business start needs a staff milestone: check Change in Full-Time Staff "
                "and/or Change in Part-Time Staff.",
            )
        )
    if not form.counselor_ids:
        problems.append(FieldProblem("milestone.counselors", "Counselor(s): choose at least one counselor."))
    if not form.funding_source_ids:
        problems.append(FieldProblem("milestone.funding_sources", "Funding source(s): choose at least one."))
    for key in ("notes", "attribution_source", "attribution_statement"):
        _, text_problems = check_text_field(ACTIVITY_TEXT["milestone", key], getattr(form, key))
        problems += [FieldProblem(f"milestone.{p.key}", p.message) for p in text_problems]
    if form.followup is not None:
        f = form.followup
        contact_types = set(PICKLISTS["contact_type"]) if allowed is None else set(allowed.get("contact_type", ()))
        areas = set(PICKLISTS["counseling_area"]) if allowed is None else set(allowed.get("counseling_area", ()))
        for key, label, value in (
            ("contact_type", "Follow-up contact type", f.contact_type),
            ("counseling_area", "Follow-up counseling area", f.counseling_area),
        ):
            if not value:
                problems.append(FieldProblem(f"followup.{key}", f"{label}: choose one."))
            elif value not in (contact_types if key == "contact_type" else areas):
                problems.append(
                    FieldProblem(f"followup.{key}", f"{label}: '{value}' is not one of the allowed values; choose one.")
                )
        try:
            minutes = parse_count(f.minutes, low=1)
        except Invalid as exc:
            problems.append(FieldProblem("followup.minutes", f"Follow-up contact minutes: {exc}"))
        else:
            if minutes is None:
                problems.append(
                    FieldProblem(
                        "followup.minutes",
                        "Follow-up contact minutes: enter the minutes of the follow-up session (more than 0).",
                    )
                )
        if f.additional_area and f.additional_area not in areas:
            problems.append(
                FieldProblem(
                    "followup.additional_area",
                    f"Follow-up additional area: '{f.additional_area}' is not one of the allowed counseling areas.",
                )
            )
    if problems:
        raise ValidationFailed(problems)
    return new


def _initial(tx: Session, client: Client, info: TypeInfo, day: date) -> Decimal | None:
    """The value before the milestone: the client's current value for the newest milestone of its
    type; for a back-dated one, the amount of the latest earlier milestone of that type (else unknown).

    Amount-carrying types without a client field (jobs retained…) have no "before" value.
    """
    if info.carries not in (Carries.COUNT, Carries.MONEY, Carries.SIGNED_MONEY):
        return None
    later = tx.scalars(
        select(Milestone.id)
        .where(Milestone.client_id == client.id, Milestone.type_code == info.code, Milestone.date > day)
        .limit(1)
    ).first()
    if later is None:
        value = getattr(client, info.client_field, None) if info.client_field else None
        return None if value is None else Decimal(value)
    return tx.scalars(
        select(Milestone.amount)
        .where(
            Milestone.client_id == client.id,
            Milestone.type_code == info.code,
            Milestone.date <= day,
            Milestone.amount.is_not(None),
        )
        .order_by(Milestone.date.desc(), Milestone.created_at.desc())
        .limit(1)
    ).first()


def log_milestones(
    db: Database,
    client_id: uuid.UUID,
    form: MilestoneForm,
    *,
    counselor_id: uuid.UUID | None,
    decider: Decider,
    today: date | None = None,
    before_commit: Callable[[Session], None] | None = None,
) -> LogResult | None:
    """Write one milestone per entry, the follow-up session and the client effects, all or nothing.

    Prompts (M5, M7–M12, M15) are asked through `decider` before anything is written; cancelling
    returns None. `before_commit` runs inside the transaction last (tests inject failures there).
    """
    today = today or date.today()
    with db.reading() as tx:
        client = tx.get(Client, client_id)
        if client is None:
            raise NotFound("The client was deleted.")
        state = client_values(client)
        settings = load_settings(tx)
        infos = type_infos(_all_types(tx))
        newest = newest_dates_by_type(tx, client_id)
        requirements = load_requirements(tx)
        allowed = active_codes(tx)
        revision = client.revision
    if form.followup is not None and form.followup.minutes is None:  # screens.md: the setting is the default
        form = replace(form, followup=replace(form.followup, minutes=settings.followup_minutes))
    new = validate_form(form, state, infos, today, settings.lock_days, allowed)
    # M17 and a second certification: "Log anyway / Cancel" before any other question.
    asked = confirmations([(m.type_code, m.date) for m in new], newest, requirements)
    confirmed = resolve(asked, decider)
    if confirmed is None or len(confirmed) != len(asked):
        return None
    effects = milestone_effects(state, new, newest, sync_settings(settings), today, requirements=requirements)
    accepted = resolve(effects, decider)
    if accepted is None:
        return None
    result = LogResult(client_id=client_id)
    result.notices = [e.change for e in effects if e.kind is EffectKind.NOTICE]
    result.warnings = [e.change for e in effects if e.kind is EffectKind.WARNING]
    with db.unit_of_work(counselor_id) as tx:
        client = lock_for_save(tx, Client, client_id)  # a concurrent save of the client waits for this one
        if client is None:
            raise NotFound("The client was deleted.")
        if client.revision != revision:
            raise Conflict("This client was changed elsewhere while the dialog was open; try again.")
        counselors = [tx.get_one(Counselor, cid) for cid in form.counselor_ids]
        funding = [tx.get_one(FundingSource, fid) for fid in form.funding_source_ids]
        notes = (form.notes or "").strip() or None
        logged = [
            *new,
            *[NewMilestone(p.type_code, p.date, p.amount, p.detail, p.origin) for p in milestones_to_log(accepted)],
        ]
        for item in logged:
            info = infos.get(item.type_code)
            milestone = Milestone(
                client_id=client_id,
                type_code=item.type_code,
                date=item.date,
                amount=None if item.amount is None else Decimal(item.amount),
                initial_amount=_initial(tx, client, info, item.date) if info else None,
                detail=item.detail,
                notes=notes,
                reportable=form.reportable,
                origin=item.origin,
                attribution_source=form.attribution_source,
                attribution_statement=form.attribution_statement,
                attribution_date=form.attribution_date,
            )
            milestone.counselors = list(counselors)
            milestone.funding_sources = list(funding)
            tx.add(milestone)
            tx.flush()
            result.milestone_ids.append(milestone.id)
        result.client_updates = client_updates(a for a in accepted if isinstance(a, ClientEffect))
        for key, value in result.client_updates.items():
            setattr(client, key, value)
        if form.followup is not None:
            f = form.followup
            values = {
                "date": new[0].date,
                "session_type": "Follow-up",
                "contact_type": f.contact_type,
                "counseling_area": f.counseling_area,
                "additional_areas": frozenset({f.additional_area}) if f.additional_area else None,
                "contact_minutes": parse_count(f.minutes, low=1),
                "prep_minutes": 0,
                "travel_minutes": 0,
                "attendees": 1,
                "notes": notes,
                "subject": "Follow-up",
                "reportable": form.reportable,
            }
            record = build_counseling_session(tx, client_id, values, form.counselor_ids, form.funding_source_ids)
            tx.flush()
            result.session_id = record.id
        if before_commit is not None:
            before_commit(tx)
    return result


def _all_types(tx: Session) -> list[MilestoneType]:
    return list(tx.scalars(select(MilestoneType).order_by(MilestoneType.sort_order, MilestoneType.name)))


def is_newest_of_type(tx: Session, milestone: Milestone) -> bool:
    newest = newest_dates_by_type(tx, milestone.client_id).get(milestone.type_code)
    return newest is not None and milestone.date >= newest


def update_milestone(
    db: Database,
    milestone_id: uuid.UUID,
    *,
    amount: Any = None,
    detail: str | None = None,
    date_: Any = None,
    notes: str | None = None,
    reportable: bool | None = None,
    counselor_ids: tuple[uuid.UUID, ...] | None = None,
    funding_source_ids: tuple[uuid.UUID, ...] | None = None,
    counselor_id: uuid.UUID | None,
    decider: Decider,
    today: date | None = None,
    base: EditBase | None = None,
    resolver: ConflictResolver | None = None,
) -> dict[str, Any] | None:
    """Edit a milestone. Changing the amount of the newest milestone of a value type asks whether to
    update the client field too (sync-rules.md). Returns the client updates made, None if cancelled.

    `base` is what the dialog loaded: when the milestone was saved elsewhere since, fields only the
    other side changed stay theirs and fields both changed go to `resolver` (edit_merge).
    """
    edits = {
        "amount": amount,
        "detail": detail,
        "date": date_,
        "notes": notes,
        "reportable": reportable,
        "counselor_ids": counselor_ids,
        "funding_source_ids": funding_source_ids,
    }
    day = today or date.today()
    try:
        return with_replanning(
            lambda: _update_milestone(db, milestone_id, edits, counselor_id, decider, day, base, resolver)
        )
    except EditCancelled:
        return None


def _update_milestone(
    db: Database,
    milestone_id: uuid.UUID,
    edits: dict[str, Any],
    counselor_id: uuid.UUID | None,
    decider: Decider,
    today: date,
    base: EditBase | None,
    resolver: ConflictResolver | None,
) -> dict[str, Any] | None:
    with db.reading() as tx:
        m = tx.get(Milestone, milestone_id)
        if m is None:
            raise NotFound("The milestone was deleted.")
        info = type_infos(_all_types(tx))[m.type_code]
        newest = is_newest_of_type(tx, m)
        client = tx.get_one(Client, m.client_id)
        settings = load_settings(tx)
        lock_days = settings.lock_days
        stored, revision = milestone_edit_values(m), m.revision
        old_amount, old_date = m.amount, m.date
        state = client_values(client)
        # Names for the conflict dialog are read only when another editor saved since the base.
        describe = value_text(tx) if base is not None and base.revision != revision else plain_text
    problems: list[FieldProblem] = []
    mine: dict[str, Any] = {}
    if edits["amount"] is not None:
        try:
            mine["amount"], _ = _parse_entry(MilestoneEntry(m.type_code, edits["amount"], edits["detail"]), info)
        except Invalid as exc:
            problems.append(FieldProblem(f"value.{m.type_code}", f"{info.name}: {exc}"))
    detail, notes = edits["detail"], edits["notes"]
    if detail is not None and edits["amount"] is None:
        rule = ACTIVITY_TEXT["milestone", "detail"]
        try:
            check_text(detail, rule.max_length, rule.multiline)
        except Invalid as exc:
            problems.append(FieldProblem(f"value.{m.type_code}", f"{info.name}: {exc}"))
    if notes is not None:
        problems += [
            FieldProblem("milestone.notes", p.message)
            for p in check_text_field(ACTIVITY_TEXT["milestone", "notes"], notes)[1]
        ]
    if (date_ := edits["date"]) is not None:
        checked, date_problems = check_activity_date(
            date_, "milestone.date", "Date", today, None if date_ == old_date else lock_days
        )
        problems += date_problems
        mine["date"] = checked or old_date
    if problems:
        raise ValidationFailed(problems)
    for key in ("detail", "notes"):
        if edits[key] is not None:
            mine[key] = edits[key].strip() or None
    if edits["reportable"] is not None:
        mine["reportable"] = edits["reportable"]
    for key in ("counselor_ids", "funding_source_ids"):
        if edits[key] is not None:
            mine[key] = frozenset(edits[key])
    if base is not None and base.revision != revision:
        counted = info.carries == Carries.COUNT  # staff counts are stored as amounts: "6", not "6.00"
        mine, _ = merged_edits(
            base,
            stored,
            mine,
            MILESTONE_EDIT_LABELS.__getitem__,
            lambda k, v: describe(k, int(v) if counted and k == "amount" and v is not None else v),
            resolver,
        )
    new_amount = mine.get("amount", old_amount)
    new_date = mine.get("date", old_date)
    updates: dict[str, Any] = {}
    if newest and new_amount is not None and Decimal(new_amount) != old_amount:
        # The amount-edit row of the sync rules (sync/milestone_effects.py), asked like every other prompt.
        value = int(new_amount) if info.carries == Carries.COUNT else Decimal(new_amount)
        effects = milestone_edit_effects(
            state, NewMilestone(m.type_code, new_date, value), sync_settings(settings), today
        )
        accepted = resolve(effects, decider)
        if accepted is None:
            return None
        updates = client_updates(accepted)
    with db.unit_of_work(counselor_id) as tx:
        locked = lock_for_save(tx, Milestone, milestone_id)
        if locked is None:
            raise NotFound("The milestone was deleted.")
        check_revision(locked, revision)  # saved elsewhere since this plan: plan again
        m = locked
        if "amount" in mine and new_amount is not None:
            m.amount = Decimal(new_amount)
        for key in ("detail", "notes", "reportable", "date"):
            if key in mine:
                setattr(m, key, mine[key])
        if "counselor_ids" in mine:
            m.counselors = [tx.get_one(Counselor, cid) for cid in sorted(mine["counselor_ids"])]
        if "funding_source_ids" in mine:
            m.funding_sources = [tx.get_one(FundingSource, fid) for fid in sorted(mine["funding_source_ids"])]
        client = tx.get_one(Client, m.client_id)
        for key, value in updates.items():
            setattr(client, key, value)
    return updates
