"""What the milestone and counseling-session dialogs show when they open, as plain frozen rows.

Each dialog calls one of these use cases (one unit of work) and holds only what it returns: the
counselors and funding sources to choose from, what is chosen, the record's values and the revision
its save merges against (EditBase). No ORM object outlives the read; the saves are
neodesk.services.milestones (log_milestones, update_milestone) and neodesk.services.activity
(save_session).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from neodesk.catalog.fields import SESSION_PICKLISTS
from neodesk.models import Client, CounselingSession, Counselor, Database, FundingSource, Milestone
from neodesk.services.activity import SESSION_LABELS, counseling_session_choices
from neodesk.services.activity_edits import milestone_edit_values, session_edit_values
from neodesk.services.clients import client_values
from neodesk.services.edit_merge import EditBase
from neodesk.services.errors import NotFound
from neodesk.services.milestones import TypeInfo, type_infos
from neodesk.services.reference import (
    Choice,
    counselors,
    default_funding_source_id,
    funding_sources,
    milestone_types,
)
from neodesk.services.settings import load_settings

# The session's values a form shows in its own editors (counselors and funding are the choosers').
SESSION_FORM_KEYS = tuple(key for key in SESSION_LABELS if key not in ("counselor_ids", "funding_source_ids"))


@dataclass(frozen=True, slots=True)
class PersonChoice:
    """A counselor a record may name."""

    id: uuid.UUID
    name: str


@dataclass(frozen=True, slots=True)
class FundChoice:
    """A funding source a record may name."""

    id: uuid.UUID
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class MilestoneEditForm:
    """The Edit Milestone dialog's starting point."""

    info: TypeInfo
    client_name: str
    client_values: Mapping[str, Any]  # the client's fields: "Current full-time staff: 12"
    people: tuple[PersonChoice, ...]
    funds: tuple[FundChoice, ...]
    chosen_people: tuple[uuid.UUID, ...]
    chosen_funds: tuple[uuid.UUID, ...]
    date: date
    amount: Decimal | None
    detail: str | None
    notes: str | None
    reportable: bool
    base: EditBase  # the revision and values the save merges against


@dataclass(frozen=True, slots=True)
class NewMilestoneForm:
    """The New Milestone dialog's starting point."""

    client_name: str
    client_values: Mapping[str, Any]
    infos: Mapping[str, TypeInfo]  # every milestone type, by code, in display order
    people: tuple[PersonChoice, ...]
    funds: tuple[FundChoice, ...]
    default_fund: uuid.UUID | None
    counseling_session_choices: Mapping[str, tuple[Choice, ...]]  # the follow-up is a new session: active values
    followup_minutes: int


@dataclass(frozen=True, slots=True)
class SessionForm:
    """The counseling session dialog's starting point (a new session: no base, no values)."""

    people: tuple[PersonChoice, ...]
    funds: tuple[FundChoice, ...]
    chosen_people: tuple[uuid.UUID, ...]
    chosen_funds: tuple[uuid.UUID, ...]
    choices: Mapping[str, tuple[Choice, ...]]  # picklists: active values plus what the session holds
    base: EditBase | None
    values: Mapping[str, Any] | None  # the stored session's SESSION_FORM_KEYS


def _frozen(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping))


def _people(tx: Session, held: Iterable[Counselor] = ()) -> tuple[PersonChoice, ...]:
    """Active counselors by name, then any inactive one the record names (it stays listed there)."""
    people = counselors(tx)
    people += [c for c in held if c not in people]
    return tuple(PersonChoice(c.id, c.name) for c in people)


def _funds(tx: Session, held: Iterable[FundingSource] = ()) -> tuple[FundChoice, ...]:
    funds = funding_sources(tx)
    funds += [f for f in held if f not in funds]
    return tuple(FundChoice(f.id, f.code, f.name) for f in funds)


def _choices(choices: Mapping[str, list[Choice]]) -> Mapping[str, tuple[Choice, ...]]:
    return MappingProxyType({key: tuple(values) for key, values in choices.items()})


def load_milestone_edit(db: Database, milestone_id: uuid.UUID) -> MilestoneEditForm:
    """The milestone as the Edit Milestone dialog shows it. Raises NotFound when it was deleted."""
    with db.reading() as tx:
        m = tx.get(
            Milestone,
            milestone_id,
            options=[selectinload(Milestone.counselors), selectinload(Milestone.funding_sources)],
        )
        if m is None:
            raise NotFound("The milestone was deleted.")
        client = tx.get_one(Client, m.client_id)
        return MilestoneEditForm(
            info=type_infos(milestone_types(tx))[m.type_code],
            client_name=client.name,
            client_values=_frozen(client_values(client)),
            people=_people(tx, m.counselors),
            funds=_funds(tx, m.funding_sources),
            chosen_people=tuple(c.id for c in m.counselors),
            chosen_funds=tuple(f.id for f in m.funding_sources),
            date=m.date,
            amount=m.amount,
            detail=m.detail,
            notes=m.notes,
            reportable=m.reportable,
            base=EditBase(m.revision, milestone_edit_values(m)),
        )


def load_new_milestone(db: Database, client_id: uuid.UUID, counselor_id: uuid.UUID | None) -> NewMilestoneForm:
    """What the New Milestone dialog offers a client, for the signed-in counselor. Raises NotFound for a
    deleted client."""
    with db.reading() as tx:
        client = tx.get(Client, client_id)
        if client is None:
            raise NotFound("The client was deleted.")
        me = tx.get(Counselor, counselor_id) if counselor_id else None
        return NewMilestoneForm(
            client_name=client.name,
            client_values=_frozen(client_values(client)),
            infos=MappingProxyType(type_infos(milestone_types(tx))),
            people=_people(tx),
            funds=_funds(tx),
            default_fund=default_funding_source_id(tx, client_id, me) if me else None,
            counseling_session_choices=_choices(counseling_session_choices(tx)),
            followup_minutes=load_settings(tx).followup_minutes,
        )


def load_session_form(
    db: Database, client_id: uuid.UUID, session_id: uuid.UUID | None, counselor_id: uuid.UUID | None
) -> SessionForm:
    """A counseling session as its dialog shows it (session_id None: a new one for the client, with the
    signed-in counselor and the default funding source chosen). Raises NotFound when it was deleted."""
    with db.reading() as tx:
        if session_id is None:
            me = tx.get(Counselor, counselor_id) if counselor_id else None
            default_fund = default_funding_source_id(tx, client_id, me) if me else None
            return SessionForm(
                people=_people(tx),
                funds=_funds(tx),
                chosen_people=(counselor_id,) if counselor_id else (),
                chosen_funds=(default_fund,) if default_fund else (),
                choices=_choices(counseling_session_choices(tx)),
                base=None,
                values=None,
            )
        record = tx.scalars(
            select(CounselingSession)
            .where(CounselingSession.id == session_id)
            .options(selectinload(CounselingSession.counselors), selectinload(CounselingSession.funding_sources))
        ).first()
        if record is None:
            raise NotFound("The counseling session was deleted.")
        held = {key: getattr(record, key) for key in SESSION_PICKLISTS}
        return SessionForm(
            people=_people(tx, record.counselors),
            funds=_funds(tx, record.funding_sources),
            chosen_people=tuple(c.id for c in record.counselors),
            chosen_funds=tuple(f.id for f in record.funding_sources),
            choices=_choices(counseling_session_choices(tx, held)),
            base=EditBase(record.revision, session_edit_values(record)),
            values=_frozen({key: getattr(record, key) for key in SESSION_FORM_KEYS}),
        )
