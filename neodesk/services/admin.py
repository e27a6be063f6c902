"""Administration use cases (screens.md "Administration"): reference records, settings, readiness goals.

Every use case is one unit of work and starts by checking, inside that transaction, that the acting
counselor is an active administrator: the dialogs disable their editors for counselors, but the rule
lives here so the CLI or a stale window cannot get around it. Input is validated before anything is
written; a refusal raises ValidationFailed naming the field, and the transaction rolls back.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from neodesk.catalog.field_rules import text_problem
from neodesk.catalog.fields import CLIENT_FIELDS
from neodesk.catalog.milestone_types import CATEGORY_LABELS, DEFAULT_READINESS_REQUIREMENTS, Carries, Category
from neodesk.catalog.nexus import NEXUS_PICKLISTS, is_location_code
from neodesk.catalog.picklists import PICKLISTS
from neodesk.models import Center, Counselor, Database, FundingSource, MilestoneType, PicklistValue
from neodesk.services.errors import FieldProblem, NotFound, ValidationFailed
from neodesk.services.settings import SETTING_LABELS, TEXT_CHECKS, Settings, load_settings, save_setting
from neodesk.services.sync_context import load_requirements, save_requirements


class NotAllowed(PermissionError):
    """The acting counselor may not do this: administration is for active administrators only."""


ROLES: dict[str, str] = {"counselor": "Counselor", "administrator": "Administrator"}

# What a user-defined type may carry (milestones.md "User-defined types": nothing / count / money / text).
USER_CARRIES: dict[str, str] = {
    Carries.NONE: "Nothing (just the date)",
    Carries.COUNT: "A count",
    Carries.MONEY: "An amount of money",
    Carries.TEXT: "A detail text",
}
CARRIES_LABELS: dict[str, str] = {**USER_CARRIES, Carries.SIGNED_MONEY: "Money, may be negative"}

USER_TYPE_PREFIX = "user_"
NAME_MAX = 200
CODE_MAX = 40  # funding source and center codes (the column width)
PICKLIST_CODE_MAX = 120
EMAIL_MAX = 320
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_REFERENCE_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")

# Picklists that are the SBA upload schema's enumerations: a value added here could not be uploaded.
SCHEMA_PICKLISTS: frozenset[str] = frozenset(NEXUS_PICKLISTS)

# Values the app's own rules write or test for; inactivating one would make the rules write values the
# editors then refuse. picklist -> {code: why}.
PROTECTED_VALUES: dict[str, dict[str, str]] = {
    "company_status": dict.fromkeys(("P", "S", "B", "PC"), "the in-business rules and the milestone rules use it"),
    "client_type": {"AC": "new clients get it", "IC": "inactivated clients get it"},
    "international_trade": dict.fromkeys(("None", "Exporter", "Importer/Exporter"), "the export rules use it"),
    "session_type": {"Follow-up": "follow-up sessions get it", "Initial/New": "the session rules use it"},
}


@dataclass(frozen=True, slots=True)
class SettingRule:
    """How a setting is checked: its kind, and for whole numbers the range that makes sense."""

    kind: type
    low: int = 0
    high: int = 0


# One rule per field of Settings (tests check that none is missing).
SETTING_RULES: dict[str, SettingRule] = {
    "prompt_sync_client_milestones": SettingRule(bool),
    "startup_period_months": SettingRule(int, 1, 120),
    "lock_days": SettingRule(int, 0, 3650),
    "require_one_employee": SettingRule(bool),
    "growth_prompt_min_age_days": SettingRule(int, 0, 365),
    "followup_minutes": SettingRule(int, 1, 600),
    "time_zone": SettingRule(str),  # checked by settings.TEXT_CHECKS
    "query_role": SettingRule(str),
    "allow_self_approval": SettingRule(bool),
    "reminder_days": SettingRule(int, 0, 365),
}

READINESS_GOALS: tuple[str, ...] = tuple(DEFAULT_READINESS_REQUIREMENTS)


@dataclass(frozen=True, slots=True)
class CounselorInput:
    name: str
    email: str
    role: str = "counselor"
    active: bool = True
    default_funding_source_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class CodedInput:
    """A funding source or a center: a short code, a name, active or not."""

    code: str
    name: str
    active: bool = True
    # Centers only: the SBA location code as typed ("" = none); None leaves the stored one unchanged.
    location_code: str | None = None


# -- who may ----------------------------------------------------------------------------------------------------
def _require_admin(session: Session, actor_id: uuid.UUID | None, what: str) -> Counselor:
    actor = session.get(Counselor, actor_id) if actor_id is not None else None
    if actor is None or not actor.is_admin or not actor.active:
        who = "no counselor is signed in" if actor is None else (f"{actor.name} is not an active administrator")
        raise NotAllowed(f"Only administrators can change {what}; {who}.")
    return actor


def is_administrator(db: Database, counselor_id: uuid.UUID | None) -> bool:
    """May this counselor use the administration dialogs (an active administrator)?"""
    if counselor_id is None:
        return False
    with db.session() as session:
        counselor = session.get(Counselor, counselor_id)
        return counselor is not None and counselor.active and counselor.is_admin


# -- small checks -------------------------------------------------------------------------------------------------
def _text(raw: Any) -> str:
    return "" if raw is None else str(raw).strip()


def _check_name(problems: list[FieldProblem], key: str, label: str, raw: Any, limit: int = NAME_MAX) -> str:
    text = _text(raw)
    if not text:
        problems.append(FieldProblem(key, f"{label}: is required (1 to {limit} characters)."))
    elif len(text) > limit:
        problems.append(FieldProblem(key, f"{label}: must be at most {limit} characters."))
    elif (problem := text_problem(text, limit)) is not None:  # no control characters (issue 9)
        problems.append(FieldProblem(key, f"{label}: {problem}"))
    return text


def _raise(problems: list[FieldProblem]) -> None:
    if problems:
        raise ValidationFailed(problems)


def _fold(text: str) -> str:
    return text.strip().casefold()


# -- milestone types ----------------------------------------------------------------------------------------------
def type_code_for(name: str, taken: Iterable[str]) -> str:
    """A stable code `user_<slug>` for a new type's name, not among `taken` (it never changes afterwards)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")[:60].rstrip("_") or "type"
    used = set(taken)
    code, n = f"{USER_TYPE_PREFIX}{slug}", 2
    while code in used:
        code, n = f"{USER_TYPE_PREFIX}{slug}_{n}", n + 1
    return code


def _type(session: Session, code: str) -> MilestoneType:
    found = session.scalars(select(MilestoneType).where(MilestoneType.code == code)).first()
    if found is None:
        raise NotFound(f"There is no milestone type {code}.")
    return found


def _check_type_name(session: Session, raw: Any, problems: list[FieldProblem], *, own: str | None) -> str:
    name = _check_name(problems, "name", "Name", raw)
    if name:
        clash = next(
            (t for t in session.scalars(select(MilestoneType)) if t.code != own and _fold(t.name) == _fold(name)), None
        )
        if clash is not None:
            state = "" if clash.active else " (inactive)"
            problems.append(FieldProblem("name", f"Name: another milestone type{state} is already called {name}."))
    return name


def _check_carries(raw: Any, problems: list[FieldProblem]) -> str:
    carries = _text(raw)  # a Carries member is a str of its code
    if carries not in USER_CARRIES:
        problems.append(FieldProblem("carries", "Carries: choose nothing, a count, money or text."))
    return carries


def add_milestone_type(
    db: Database,
    actor_id: uuid.UUID | None,
    *,
    name: str,
    category: str | Category,
    carries: str | Carries = Carries.NONE,
    in_business_only: bool = False,
) -> str:
    """Add a user-defined milestone type; returns its new code (`user_<slug>`)."""
    with db.unit_of_work(actor_id) as session:
        _require_admin(session, actor_id, "milestone types")
        problems: list[FieldProblem] = []
        clean = _check_type_name(session, name, problems, own=None)
        category_code = _text(category)
        if category_code not in {c.value for c in Category}:
            problems.append(
                FieldProblem("category", "Category: choose one of " + ", ".join(CATEGORY_LABELS.values()) + ".")
            )
        carries_code = _check_carries(carries, problems)
        _raise(problems)
        codes = set(session.scalars(select(MilestoneType.code)))
        order = session.scalar(select(func.max(MilestoneType.sort_order))) or 0
        code = type_code_for(clean, codes)
        session.add(
            MilestoneType(
                code=code,
                name=clean,
                category=category_code,
                carries=carries_code,
                in_business_only=bool(in_business_only),
                active=True,
                standard=False,
                sort_order=order + 1,
            )
        )
        return code


def edit_milestone_type(
    db: Database,
    actor_id: uuid.UUID | None,
    code: str,
    *,
    name: str | None = None,
    carries: str | Carries | None = None,
) -> None:
    """Rename a type (standard ones too) and/or change what a user-defined type carries, together.

    The code never changes; milestones already logged keep the values they hold.
    """
    with db.unit_of_work(actor_id) as session:
        _require_admin(session, actor_id, "milestone types")
        row = _type(session, code)
        problems: list[FieldProblem] = []
        clean = _check_type_name(session, name, problems, own=code) if name is not None else row.name
        value = row.carries
        if carries is not None and _text(carries) != row.carries:
            value = _check_carries(carries, problems)
            if row.standard:
                # The sync rules and reports read standard types' values as the catalog defines them.
                problems.append(
                    FieldProblem(
                        "carries",
                        f"Carries: {row.name} is a standard type; what it carries "
                        "is fixed because the client rules and reports rely on it.",
                    )
                )
        _raise(problems)
        row.name, row.carries = clean, value


def rename_milestone_type(db: Database, actor_id: uuid.UUID | None, code: str, name: str) -> None:
    edit_milestone_type(db, actor_id, code, name=name)


def set_milestone_type_carries(db: Database, actor_id: uuid.UUID | None, code: str, carries: str | Carries) -> None:
    edit_milestone_type(db, actor_id, code, carries=carries)


def set_milestone_type_active(db: Database, actor_id: uuid.UUID | None, code: str, active: bool) -> list[str]:
    """Inactivate (no longer offered for new milestones; old ones keep it) or reactivate any type.

    Returns notices worth showing, e.g. that a readiness goal now requires a type nobody can log.
    """
    with db.unit_of_work(actor_id) as session:
        _require_admin(session, actor_id, "milestone types")
        row = _type(session, code)
        row.active = bool(active)
        if active:
            return []
        goals = [
            goal
            for goal, needed in load_requirements(session).items()
            if any(alternatives == {code} for alternatives in needed)
        ]
        names = {t.code: t.name for t in session.scalars(select(MilestoneType).where(MilestoneType.code.in_(goals)))}
        return [
            f"{names.get(goal, goal)} requires {row.name}, which can no longer be logged; change the readiness "
            "requirements."
            for goal in goals
        ]


# -- picklists ---------------------------------------------------------------------------------------------------
def picklist_labels() -> dict[str, str]:
    """Picklist name -> what a counselor calls it (the label of the field that uses it)."""
    named = {
        "session_type": "Session type",
        "contact_type": "Contact type",
        "counseling_area": "Counseling area",
        "country": "Country",
        "race": "Race",
    }
    for spec in CLIENT_FIELDS:
        if spec.picklist and spec.picklist not in named:
            named[spec.picklist] = spec.label
    return {name: named.get(name, name.replace("_", " ").capitalize()) for name in PICKLISTS}


def _picklist_value(session: Session, picklist: str, code: str) -> PicklistValue:
    found = session.scalars(
        select(PicklistValue).where(PicklistValue.picklist == picklist, PicklistValue.code == code)
    ).first()
    if found is None:
        raise NotFound(f"The picklist {picklist} has no value {code}.")
    return found


def _check_label(session: Session, picklist: str, raw: Any, problems: list[FieldProblem], *, own: str | None) -> str:
    label = _check_name(problems, "label", "Label", raw)
    if label:
        rows = session.scalars(select(PicklistValue).where(PicklistValue.picklist == picklist))
        if any(r.code != own and _fold(r.label) == _fold(label) for r in rows):
            problems.append(FieldProblem("label", f"Label: this picklist already has a value labelled {label}."))
    return label


def add_picklist_value(db: Database, actor_id: uuid.UUID | None, picklist: str, code: str | None, label: str) -> str:
    """Add a value to a picklist; a blank code takes the label (as the spec's label-coded lists do).

    Returns the code, which never changes afterwards.
    """
    with db.unit_of_work(actor_id) as session:
        _require_admin(session, actor_id, "picklists")
        if picklist not in PICKLISTS:
            raise NotFound(f"There is no picklist {picklist}.")
        problems: list[FieldProblem] = []
        if picklist in SCHEMA_PICKLISTS:
            problems.append(
                FieldProblem(
                    "picklist",
                    f"{picklist_labels()[picklist]}: its values are fixed by the "
                    "SBA upload schema, so no value can be added.",
                )
            )
            _raise(problems)
        clean_label = _check_label(session, picklist, label, problems, own=None)
        clean_code = _text(code) or clean_label
        if len(clean_code) > PICKLIST_CODE_MAX:
            problems.append(FieldProblem("code", f"Code: must be at most {PICKLIST_CODE_MAX} characters."))
        elif (problem := text_problem(clean_code, PICKLIST_CODE_MAX)) is not None:
            problems.append(FieldProblem("code", f"Code: {problem}"))
        elif clean_code:
            existing = session.scalars(select(PicklistValue.code).where(PicklistValue.picklist == picklist))
            if any(_fold(c) == _fold(clean_code) for c in existing):
                problems.append(FieldProblem("code", f"Code: this picklist already has the code {clean_code}."))
        _raise(problems)
        order = (
            session.scalar(select(func.max(PicklistValue.sort_order)).where(PicklistValue.picklist == picklist)) or 0
        )
        session.add(
            PicklistValue(
                picklist=picklist, code=clean_code, label=clean_label, active=True, sort_order=order + 1, standard=False
            )
        )
        return clean_code


def relabel_picklist_value(db: Database, actor_id: uuid.UUID | None, picklist: str, code: str, label: str) -> None:
    """Change how a value is shown; records keep its code."""
    with db.unit_of_work(actor_id) as session:
        _require_admin(session, actor_id, "picklists")
        row = _picklist_value(session, picklist, code)
        problems: list[FieldProblem] = []
        clean = _check_label(session, picklist, label, problems, own=code)
        _raise(problems)
        row.label = clean


def set_picklist_value_active(db: Database, actor_id: uuid.UUID | None, picklist: str, code: str, active: bool) -> None:
    """Inactivate (kept on old records, no longer offered) or reactivate a value."""
    with db.unit_of_work(actor_id) as session:
        _require_admin(session, actor_id, "picklists")
        row = _picklist_value(session, picklist, code)
        why = PROTECTED_VALUES.get(picklist, {}).get(code)
        if not active and why:
            raise ValidationFailed([FieldProblem("active", f"{row.label}: cannot be inactivated because {why}.")])
        row.active = bool(active)


# -- counselors ----------------------------------------------------------------------------------------------------
def _active_admins(session: Session, excluding: uuid.UUID | None) -> int:
    query = (
        select(func.count()).select_from(Counselor).where(Counselor.role == "administrator", Counselor.active.is_(True))
    )
    if excluding is not None:
        query = query.where(Counselor.id != excluding)
    return int(session.scalar(query) or 0)


def _check_counselor(session: Session, data: CounselorInput, row: Counselor | None) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    _check_name(problems, "name", "Name", data.name)
    email = _text(data.email)
    # The seeded administrator's "admin@localhost" predates the rule; keeping an unchanged address is fine.
    unchanged = row is not None and email == row.email
    if not email:
        problems.append(FieldProblem("email", "Email: is required (it identifies the counselor)."))
    elif not unchanged and (len(email) > EMAIL_MAX or not _EMAIL.match(email) or text_problem(email, EMAIL_MAX)):
        problems.append(FieldProblem("email", "Email: enter an email address such as name@example.com."))
    elif any(
        c.id != (row.id if row else None) and _fold(c.email) == _fold(email) for c in session.scalars(select(Counselor))
    ):
        problems.append(FieldProblem("email", f"Email: another counselor already uses {email}."))
    if data.role not in ROLES:
        problems.append(FieldProblem("role", "Role: choose Counselor or Administrator."))
    if data.default_funding_source_id is not None:
        source = session.get(FundingSource, data.default_funding_source_id)
        kept = row is not None and row.default_funding_source_id == data.default_funding_source_id
        if source is None or (not source.active and not kept):
            problems.append(
                FieldProblem("default_funding_source_id", "Default funding source: choose an active funding source.")
            )
    stays_admin = data.role == "administrator" and data.active
    if row is not None and row.is_admin and row.active and not stays_admin and not _active_admins(session, row.id):
        key = "active" if not data.active else "role"
        problems.append(
            FieldProblem(
                key, f"{row.name} is the only active administrator; make another counselor an administrator first."
            )
        )
    return problems


def _counselor(session: Session, counselor_id: uuid.UUID) -> Counselor:
    row = session.get(Counselor, counselor_id)
    if row is None:
        raise NotFound("The counselor was deleted.")
    return row


def _apply_counselor(session: Session, row: Counselor, data: CounselorInput) -> None:
    _raise(_check_counselor(session, data, row))
    row.name, row.email, row.role = _text(data.name), _text(data.email), data.role
    row.active, row.default_funding_source_id = bool(data.active), data.default_funding_source_id


def add_counselor(db: Database, actor_id: uuid.UUID | None, data: CounselorInput) -> uuid.UUID:
    """Add a counselor (or administrator); returns the new id."""
    with db.unit_of_work(actor_id) as session:
        _require_admin(session, actor_id, "counselors")
        _raise(_check_counselor(session, data, None))
        row = Counselor(
            name=_text(data.name),
            email=_text(data.email),
            role=data.role,
            active=bool(data.active),
            default_funding_source_id=data.default_funding_source_id,
        )
        session.add(row)
        session.flush()
        return row.id


def update_counselor(db: Database, actor_id: uuid.UUID | None, counselor_id: uuid.UUID, data: CounselorInput) -> None:
    """Edit a counselor; the last active administrator cannot be demoted or inactivated."""
    with db.unit_of_work(actor_id) as session:
        _require_admin(session, actor_id, "counselors")
        _apply_counselor(session, _counselor(session, counselor_id), data)


def set_counselor_active(db: Database, actor_id: uuid.UUID | None, counselor_id: uuid.UUID, active: bool) -> None:
    """Inactivate (no longer offered as a counselor, kept on records) or reactivate a counselor."""
    with db.unit_of_work(actor_id) as session:
        _require_admin(session, actor_id, "counselors")
        row = _counselor(session, counselor_id)
        _apply_counselor(
            session, row, CounselorInput(row.name, row.email, row.role, bool(active), row.default_funding_source_id)
        )


# -- funding sources and centers ------------------------------------------------------------------------------------
def _check_keeps_a_funding_source(session: Session, row: FundingSource | None, active: bool) -> list[FieldProblem]:
    # Milestones and sessions need a funding source; with none active nobody could log one.
    if active or row is None or not row.active:
        return []
    others = session.scalar(
        select(func.count())
        .select_from(FundingSource)
        .where(FundingSource.active.is_(True), FundingSource.id != row.id)
    )
    return [] if others else [FieldProblem("active", "At least one funding source must stay active.")]


def _save_coded(
    session: Session, model: type[FundingSource] | type[Center], record_id: uuid.UUID | None, data: CodedInput
) -> uuid.UUID:
    """Funding sources and centers share their shape: a unique short code, a name, active."""
    row = session.get(model, record_id) if record_id is not None else None
    if record_id is not None and row is None:
        raise NotFound("The record was deleted.")
    problems: list[FieldProblem] = []
    code = _text(data.code)
    if not code:
        problems.append(FieldProblem("code", f"Code: is required (1 to {CODE_MAX} characters)."))
    elif (row is None or code != row.code) and (len(code) > CODE_MAX or not _REFERENCE_CODE.match(code)):
        problems.append(
            FieldProblem(
                "code", f"Code: use up to {CODE_MAX} letters, digits, '-', '_' or '.', starting with a letter or digit."
            )
        )
    elif any(r.id != record_id and _fold(r.code) == _fold(code) for r in session.scalars(select(model))):
        problems.append(FieldProblem("code", f"Code: {code} is already used."))
    name = _check_name(problems, "name", "Name", data.name)
    if isinstance(row, FundingSource):
        problems += _check_keeps_a_funding_source(session, row, data.active)
    location = _check_location_code(problems, data.location_code) if model is Center else None
    _raise(problems)
    if row is None:
        row = model(code=code, name=name, active=bool(data.active))
        session.add(row)
    else:
        row.code, row.name, row.active = code, name, bool(data.active)
    if isinstance(row, Center) and data.location_code is not None:
        row.sba_location_code = location
    session.flush()
    return row.id


def _check_location_code(problems: list[FieldProblem], text: str | None) -> int | None:
    clean = (text or "").strip()
    if not clean:
        return None
    if not (clean.isascii() and clean.isdigit()) or not is_location_code(int(clean)):  # ASCII digits only
        problems.append(
            FieldProblem(
                "location_code",
                "SBA location code: a number from 1 to 9999999 (the SBA gives it to your center), or blank.",
            )
        )
        return None
    return int(clean)


def save_funding_source(
    db: Database, actor_id: uuid.UUID | None, record_id: uuid.UUID | None, data: CodedInput
) -> uuid.UUID:
    """Add (record_id None) or edit a funding source; returns its id. Records refer to it by id, so
    correcting a code is safe."""
    with db.unit_of_work(actor_id) as session:
        _require_admin(session, actor_id, "funding sources")
        return _save_coded(session, FundingSource, record_id, data)


def save_center(db: Database, actor_id: uuid.UUID | None, record_id: uuid.UUID | None, data: CodedInput) -> uuid.UUID:
    """Add (record_id None) or edit a center; returns its id."""
    with db.unit_of_work(actor_id) as session:
        _require_admin(session, actor_id, "centers")
        return _save_coded(session, Center, record_id, data)


def set_funding_source_active(db: Database, actor_id: uuid.UUID | None, record_id: uuid.UUID, active: bool) -> None:
    with db.unit_of_work(actor_id) as session:
        _require_admin(session, actor_id, "funding sources")
        row = session.get(FundingSource, record_id)
        if row is None:
            raise NotFound("The funding source was deleted.")
        _raise(_check_keeps_a_funding_source(session, row, active))
        row.active = bool(active)


def set_center_active(db: Database, actor_id: uuid.UUID | None, record_id: uuid.UUID, active: bool) -> None:
    with db.unit_of_work(actor_id) as session:
        _require_admin(session, actor_id, "centers")
        row = session.get(Center, record_id)
        if row is None:
            raise NotFound("The center was deleted.")
        row.active = bool(active)


# -- settings -----------------------------------------------------------------------------------------------------
def check_setting(key: str, raw: Any) -> bool | int | str:
    """A setting's value checked against its rule; raises ValidationFailed naming the setting."""
    rule = SETTING_RULES.get(key)
    if rule is None:
        raise ValidationFailed([FieldProblem(key, f"{key} is not a setting.")])
    label = SETTING_LABELS[key]
    if rule.kind is str:
        if not isinstance(raw, str):
            raise ValidationFailed([FieldProblem(key, f"{label}: enter text.")])
        problem = TEXT_CHECKS[key](raw.strip())
        if problem:
            raise ValidationFailed([FieldProblem(key, f"{label}: {problem}")])
        return raw.strip()
    if rule.kind is bool:
        if not isinstance(raw, bool):
            raise ValidationFailed([FieldProblem(key, f"{label}: choose on or off.")])
        return raw
    value: int | None = None
    if isinstance(raw, int) and not isinstance(raw, bool):
        value = raw
    elif isinstance(raw, str) and re.fullmatch(r"\s*\d+\s*", raw):
        value = int(raw)
    if value is None or not rule.low <= value <= rule.high:
        raise ValidationFailed([FieldProblem(key, f"{label}: enter a whole number from {rule.low} to {rule.high}.")])
    return value


def save_settings(db: Database, actor_id: uuid.UUID | None, values: Mapping[str, Any]) -> Settings:
    """Check and store the given settings together (all or none); returns the settings now in force."""
    with db.unit_of_work(actor_id) as session:
        _require_admin(session, actor_id, "the settings")
        problems: list[FieldProblem] = []
        checked: dict[str, bool | int | str] = {}
        for key, raw in values.items():
            try:
                checked[key] = check_setting(key, raw)
            except ValidationFailed as exc:
                problems += exc.problems
        _raise(problems)
        for key, value in checked.items():
            save_setting(session, key, value)
        session.flush()
        return load_settings(session)


def setting_keys() -> list[str]:
    return [f.name for f in fields(Settings)]


# -- readiness requirements ----------------------------------------------------------------------------------------
def readiness_steps(session: Session) -> list[MilestoneType]:
    """Types that may be required for a readiness goal: readiness types other than the goals themselves."""
    query = select(MilestoneType).where(
        MilestoneType.category == Category.READINESS.value, MilestoneType.code.not_in(READINESS_GOALS)
    )
    return list(session.scalars(query.order_by(MilestoneType.sort_order, MilestoneType.name)))


def save_readiness_requirements(
    db: Database, actor_id: uuid.UUID | None, requirements: Mapping[str, Sequence[Iterable[str]]]
) -> None:
    """Set each goal's required steps: a list of requirements, each a set of alternative step types.

    Goals left out keep their current requirements.
    """
    with db.unit_of_work(actor_id) as session:
        _require_admin(session, actor_id, "the readiness requirements")
        steps = {t.code: t for t in readiness_steps(session)}
        goals = session.execute(
            select(MilestoneType.code, MilestoneType.name).where(MilestoneType.code.in_(READINESS_GOALS))
        )
        goal_names = dict(goals.all())
        problems: list[FieldProblem] = []
        merged = dict(load_requirements(session))
        for goal, needed in requirements.items():
            key, name = f"readiness.{goal}", goal_names.get(goal, goal)
            if goal not in READINESS_GOALS:
                problems.append(FieldProblem(key, f"{goal} is not a readiness goal."))
                continue
            clean: list[frozenset[str]] = []
            for alternatives in needed:
                codes = frozenset(alternatives)
                unknown = sorted(c for c in codes if c not in steps)
                inactive = sorted(steps[c].name for c in codes if c in steps and not steps[c].active)
                if not codes:
                    problems.append(FieldProblem(key, f"{name}: a requirement needs at least one step."))
                elif unknown:
                    problems.append(FieldProblem(key, f"{name}: {', '.join(unknown)} is not a readiness step."))
                elif inactive:
                    problems.append(
                        FieldProblem(key, f"{name}: {', '.join(inactive)} is inactive; reactivate it or leave it out.")
                    )
                elif codes not in clean:
                    clean.append(codes)
            if not clean and not any(p.key == key for p in problems):
                problems.append(FieldProblem(key, f"{name}: needs at least one required step."))
            merged[goal] = tuple(clean)
        _raise(problems)
        save_requirements(session, merged)
