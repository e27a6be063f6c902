"""Client use cases: find, read, and save (validated, one transaction)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, TextualSelect, and_, bindparam, func, select
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session, aliased

from neodesk.catalog.fields import CLIENT_FIELDS, NEW_CLIENT_DEFAULTS
from neodesk.models import Center, Client, ClientSearchTerm, Counselor, Database
from neodesk.models.lookup import get_client as get_client  # moved below the reports, which use it too
from neodesk.models.prepared_statements import Prepared
from neodesk.models.search import fold, prefix_upper_bound
from neodesk.models.tracking import COUNSELOR_KEY
from neodesk.services import client_list_rows
from neodesk.services.changes import Changes, Kind
from neodesk.services.client_checks import center_warnings, default_center_id
from neodesk.services.client_list_rows import ClientRow
from neodesk.services.edit_guard import check_revision, lock_for_save, merged_edits
from neodesk.services.edit_merge import ConflictResolver, EditBase
from neodesk.services.errors import FieldProblem, NotFound, ValidationFailed
from neodesk.services.reference import active_codes
from neodesk.services.settings import Settings, load_settings
from neodesk.services.validation import validate_client

CLIENT_KEYS: tuple[str, ...] = tuple(f.key for f in CLIENT_FIELDS)
T = TypeVar("T")


# Above this many matching words the search walks the client name index (neodesk.services.client_list_rows).
BROAD_MATCHES = client_list_rows.BROAD_MATCHES

_COLUMNS = (
    Client.id,
    Client.client_no,
    Client.name,
    Client.company_status,
    Client.city,
    Counselor.name,
    Client.last_activity,
    Client.active,
)


def _in_range(term: Any, n: int) -> Any:
    return and_(term >= bindparam(f"lo{n}"), term < bindparam(f"hi{n}"))


def _has_word(client_id: Any, n: int) -> Any:
    other = aliased(ClientSearchTerm)
    return select(other.id).where(other.client_id == client_id, _in_range(other.term, n)).exists()


_MATCH_COUNT = sql_text(client_list_rows.MATCH_COUNT_SQL)


def _match_count(tx: Session, word: str, cap: int) -> int:
    params = {"lo0": word, "hi0": prefix_upper_bound(word), "cap": cap}
    return int(tx.execute(_MATCH_COUNT, params).scalar_one())


def _client_filters(active: bool | None, with_counselor: bool) -> list[Any]:
    filters: list[ColumnElement[bool]] = []
    if active is not None:
        filters.append(Client.active.is_(active))
    if with_counselor:
        filters.append(Client.counselor_id == bindparam("counselor_id"))
    return filters


def _narrow_matches(n_words: int, active: bool | None) -> Select[*tuple[Any, ...]]:
    """Clients matching every word, taken from the covering index rows of word 0 (the most selective)."""
    row = aliased(ClientSearchTerm)
    query = select(row.client_id, row.name_sort, row.client_no).where(_in_range(row.term, 0))
    if active is not None:
        query = query.where(row.active.is_(active))
    for n in range(1, n_words):
        query = query.where(_has_word(row.client_id, n))
    return query.distinct()


# Statements are built once per shape (number of words, filters, plan) with bound parameters, so a
# keystroke pays for executing SQL, not for composing it. The page's SQL is written once, in
# neodesk.services.client_list_rows, which the command line also runs through sqlite3.
@lru_cache(maxsize=64)
def _page_statement(n_words: int, active: bool | None, with_counselor: bool, narrow: bool) -> TextualSelect:
    statement = sql_text(client_list_rows.page_sql(n_words, active, with_counselor, narrow))
    if with_counselor:
        statement = statement.bindparams(bindparam("counselor_id", type_=Client.counselor_id.expression.type))
    return statement.columns(*_COLUMNS)


@lru_cache(maxsize=64)
def _count_statement(n_words: int, active: bool | None, with_counselor: bool, narrow: bool) -> Select[Any]:
    if narrow:
        return select(func.count()).select_from(_narrow_matches(n_words, active).subquery())
    return (
        select(func.count())
        .select_from(Client)
        .where(*[_has_word(Client.id, n) for n in range(n_words)], *_client_filters(active, with_counselor))
    )


def _plan(tx: Session, text: str, counselor_id: uuid.UUID | None) -> tuple[bool, dict[str, Any], int]:
    """Whether to page from the word index, the bound words (most selective first), and their count."""
    narrow, params, n_words = client_list_rows.search_plan(
        text, counselor_id is not None, lambda word, cap: _match_count(tx, word, cap), BROAD_MATCHES
    )
    if counselor_id is not None:
        params["counselor_id"] = counselor_id
    return narrow, params, n_words


def search_clients(
    tx: Session,
    text: str = "",
    *,
    active: bool | None = None,
    counselor_id: uuid.UUID | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[ClientRow]:
    """Clients whose name, city, contact name, ZIP or UEI words start with the typed words, by name.

    Two plans, chosen per search: a narrow prefix pages through its own (covering) index rows; a
    broad one walks the client name index and probes each client's words, stopping at the page end.
    """
    narrow, params, n_words = _plan(tx, text, counselor_id)
    statement = _page_statement(n_words, active, counselor_id is not None, narrow)
    if active is not None:
        params["active"] = active
    rows = tx.execute(statement, {**params, "limit": limit, "offset": offset})
    return [ClientRow(*row) for row in rows]


def count_clients(
    tx: Session, text: str = "", *, active: bool | None = None, counselor_id: uuid.UUID | None = None
) -> int:
    """How many clients the same search finds (counted off the word index rows where it can be:
    counting distinct covering rows beats probing 100,000 clients, broad prefix or not)."""
    narrow, params, n_words = _plan(tx, text, counselor_id)
    statement = _count_statement(n_words, active, counselor_id is not None, narrow or n_words > 0)
    return int(tx.execute(statement, params).scalar_one())


def client_values(client: Client) -> dict[str, Any]:
    """The client's domain fields by key (plus created_at as a date): what the sync rules compare."""
    values = {key: getattr(client, key) for key in CLIENT_KEYS}
    values["created_at"] = client.created_at.date() if client.created_at else None
    return values


@dataclass
class ClientSavePlan:
    """A validated client save, before anything is written: what the sync rules and prompts look at."""

    client_id: uuid.UUID | None
    expected_revision: int | None
    before: dict[str, Any] | None
    after: dict[str, Any]
    changes: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    theirs_kept: tuple[str, ...] = ()  # fields another editor changed since this one loaded the client
    settings: Settings | None = None  # the settings it was validated with (read in the same transaction)
    client_no: int | None = None  # a stored client's number (None for a new client)


@dataclass
class SaveResult:
    client_id: uuid.UUID
    client_no: int
    warnings: list[str] = field(default_factory=list)
    milestone_ids: list[uuid.UUID] = field(default_factory=list)
    theirs_kept: tuple[str, ...] = ()

    @property
    def changes(self) -> Changes:
        """What the save wrote: the client and the milestones its sync prompts logged."""
        logged = Changes.of(Kind.MILESTONE, *self.milestone_ids) if self.milestone_ids else Changes()
        return Changes.of(Kind.CLIENT, self.client_id) | logged


def plan_client_save(
    db: Database,
    client_id: uuid.UUID | None,
    values: dict[str, Any],
    today: date,
    *,
    base: EditBase | None = None,
    resolver: ConflictResolver | None = None,
) -> ClientSavePlan:
    """Validate edits against the stored client; raises ValidationFailed (nothing written).

    `base` is what the editor loaded (None: the stored client is the base, as for the CLI). When the
    client was saved elsewhere since, the edits are merged (edit_merge.three_way); fields both sides
    changed go to `resolver` (without one: Conflict; cancelled: EditCancelled).
    """
    return plan_and_read(db, client_id, values, today, _read_nothing, base=base, resolver=resolver)[0]


def _read_nothing(tx: Session, plan: ClientSavePlan) -> None:
    return None


def plan_and_read(
    db: Database,
    client_id: uuid.UUID | None,
    values: dict[str, Any],
    today: date,
    read: Callable[[Session, ClientSavePlan], T],
    *,
    base: EditBase | None = None,
    resolver: ConflictResolver | None = None,
) -> tuple[ClientSavePlan, T]:
    """plan_client_save, then `read(tx, plan)` in the same reading transaction (what the save's rules
    compare against): one snapshot, one BEGIN, for the plan and its rules."""
    with db.reading() as tx:
        stored = _stored_client(tx, client_id) if client_id else None
        if client_id and stored is None:
            raise NotFound("The client was deleted.")
        current = stored.values if stored else dict(NEW_CLIENT_DEFAULTS)
        codes, settings = _ActiveCodes(tx), load_settings(tx)
        changes, warnings = validate_client(values, current, codes, settings, today)
        if stored is None:
            warnings += duplicate_warnings(tx, {**current, **changes})
        elif "name" in changes or "zip" in changes:
            warnings += duplicate_warnings(tx, {**current, **changes}, exclude=stored.id)
        revision = stored.revision if stored else None
        number = stored.client_no if stored else None
        if stored is None or base is None or base.revision == revision:
            plan = _finish_plan(tx, client_id, current, changes, warnings, revision, today, settings=settings)
            plan.client_no = number
            return plan, read(tx, plan)
        codes.load()  # the merge below validates again, outside this transaction
    # Saved elsewhere since the editor loaded it: merge, asking (outside any transaction) about fields
    # both sides changed. Imported here: neodesk.sync is heavy, and the CLI imports this module early.
    from neodesk.sync.describe import field_label, format_value

    changes, theirs_kept = merged_edits(base, current, changes, field_label, format_value, resolver)
    # Check the merged client as a whole: taking theirs for one field may not fit my other edits.
    changes, _ = validate_client({k: values[k] for k in changes}, current, codes, settings, today)
    with db.reading() as tx:
        plan = _finish_plan(tx, client_id, current, changes, warnings, revision, today, theirs_kept, settings)
        plan.client_no = number
        return plan, read(tx, plan)


@dataclass(frozen=True, slots=True)
class _StoredClient:
    id: uuid.UUID
    client_no: int
    revision: int
    values: dict[str, Any]  # as client_values gives them


# The client's fields as plain columns (the same types, so the same values, as the ORM object's),
# without building an ORM object and its joined counselor for a save that only compares values.
_C = Client.__table__.c
_STORED_CLIENT = select(_C.id, _C.client_no, _C.revision, _C.created_at, *(_C[k] for k in CLIENT_KEYS)).where(
    _C.id == bindparam("client_id")
)


def _stored_client(tx: Session, client_id: uuid.UUID) -> _StoredClient | None:
    row = tx.connection().execute(_STORED_CLIENT, {"client_id": client_id}).first()
    if row is None:
        return None
    ident, number, revision, created_at, *fields = row
    values = dict(zip(CLIENT_KEYS, fields, strict=True))
    values["created_at"] = created_at.date() if created_at else None
    return _StoredClient(ident, number, revision, values)


class _ActiveCodes(Mapping[str, set[str]]):
    """active_codes(tx), read when validation first needs a code the client does not already hold
    (a save sends every field; most saves change no picklist value)."""

    def __init__(self, tx: Session) -> None:
        self._tx = tx
        self._codes: dict[str, set[str]] | None = None

    def load(self) -> dict[str, set[str]]:
        if self._codes is None:
            self._codes = active_codes(self._tx)
        return self._codes

    def __getitem__(self, picklist: str) -> set[str]:
        return self.load()[picklist]

    def __iter__(self) -> Iterator[str]:
        return iter(self.load())

    def __len__(self) -> int:
        return len(self.load())


def _finish_plan(
    tx: Session,
    client_id: uuid.UUID | None,
    current: dict[str, Any],
    changes: dict[str, Any],
    warnings: list[str],
    revision: int | None,
    today: date,
    theirs_kept: tuple[str, ...] = (),
    settings: Settings | None = None,
) -> ClientSavePlan:
    is_new = client_id is None
    changes = {k: v for k, v in changes.items() if is_new or current.get(k) != v}
    if not is_new and "initial_status" in changes:
        raise ValidationFailed(
            [FieldProblem("initial_status", "Initial Business Status: is set once, when the client is created.")]
        )
    before = None if is_new else current
    after = {**current, **changes}
    if is_new:
        after["created_at"] = today
        # The signed-in counselor's center, as the New Client form shows it (issue 13, defect 11).
        after["center_id"] = after.get("center_id") or default_center_id(tx, after.get("counselor_id"))
    if is_new or "center_id" in changes:
        warnings += center_warnings(tx, after.get("center_id"))
    return ClientSavePlan(client_id, revision, before, after, changes, warnings, theirs_kept, settings=settings)


_SAME_NAME_AND_ZIP = select(_C.client_no).where(_C.name_sort == bindparam("name_sort"), _C.zip == bindparam("zip"))
# Built once (every save of a client whose form holds a name and ZIP asks): the first three others.
_DUPLICATES = Prepared(_SAME_NAME_AND_ZIP.limit(3))
_OTHER_DUPLICATES = Prepared(_SAME_NAME_AND_ZIP.where(_C.id != bindparam("exclude")).limit(3))


def duplicate_warnings(tx: Session, values: dict[str, Any], exclude: uuid.UUID | None = None) -> list[str]:
    name, zip_code = values.get("name"), values.get("zip")
    if not name or not zip_code:
        return []
    params = {"name_sort": fold(name)[:200], "zip": zip_code, "exclude": exclude}
    found = (_DUPLICATES if exclude is None else _OTHER_DUPLICATES).execute(tx.connection(), params)
    return [f"Another client with the same name and ZIP exists (client {n})." for (n,) in found]


def apply_client_plan(tx: Session, plan: ClientSavePlan) -> Client:
    """Write the planned change into `session` (the caller's unit of work commits it)."""
    if plan.client_id is None:
        client = Client(**{k: v for k, v in plan.after.items() if k != "created_at"})
        client.initial_status = client.initial_status or client.company_status
        # A new client belongs to whoever creates it unless the form says otherwise.
        client.counselor_id = client.counselor_id or tx.info.get(COUNSELOR_KEY)
        if client.center_id is None:
            client.center_id = tx.scalars(select(Center.id).order_by(Center.created_at).limit(1)).first()
        tx.add(client)
        return client
    locked = lock_for_save(tx, Client, plan.client_id)
    if locked is None:
        raise NotFound("The client was deleted.")
    client = locked
    check_revision(client, plan.expected_revision)  # saved elsewhere since the plan: plan again
    for key, value in plan.changes.items():
        setattr(client, key, value)
    return client
