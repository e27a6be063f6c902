"""`neodesk clients|client|milestones|sessions`: read records, as text or --json.

`clients` is the quick command people script: on a NeoDesk SQLite file at this version's schema it
lists through `sqlite3` (neodesk.services.client_list_rows, the same SQL search_clients runs) before the
database is opened, without importing SQLAlchemy or the models; any other database takes the full path.
So this module imports the services and models in its handlers, not at its top.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from neodesk.catalog.picklists import label
from neodesk.cli.output import print_json, print_table, text

if TYPE_CHECKING:
    from neodesk.models import CounselingSession, Database, Milestone
    from neodesk.services.client_list_rows import ClientRow


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("clients", help="list clients")
    p.add_argument("--search", default="", help="words the name, city, contact, ZIP or UEI start with")
    p.add_argument("--limit", type=int, default=None, help="at most this many (default: all)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=list_clients_cmd, quick=list_clients_quick)
    for name, func, what in (
        ("client", show_client_cmd, "print one client record"),
        ("milestones", milestones_cmd, "the client's milestones"),
        ("sessions", sessions_cmd, "the client's counseling sessions"),
    ):
        p = sub.add_parser(name, help=what)
        p.add_argument("client", metavar="CLIENT", help="client number or UUID")
        p.add_argument("--json", action="store_true")
        p.set_defaults(func=func)


def _list_limit(args: argparse.Namespace) -> int:
    return int(args.limit) if args.limit is not None else 2**62


def list_clients_quick(args: argparse.Namespace) -> int | None:
    """`clients` through sqlite3 on a current NeoDesk SQLite file; None: take the full path."""
    from neodesk import paths
    from neodesk.services.client_list_rows import search_rows

    try:
        url = paths.resolve_db_target(args.db)
    except Exception:  # the full path says what is wrong, as it always did
        return None
    rows = search_rows(url, args.search, _list_limit(args))
    if rows is None:
        return None
    print_clients(rows, as_json=args.json)
    return 0


def list_clients_cmd(args: argparse.Namespace, db: Database) -> int:
    from neodesk.services.clients import search_clients

    with db.reading() as tx:
        rows = search_clients(tx, args.search, limit=_list_limit(args))
    print_clients(rows, as_json=args.json)
    return 0


def print_clients(rows: Sequence[ClientRow], *, as_json: bool) -> None:
    """The `clients` listing, whichever path read it."""
    if as_json:
        print_json(
            [
                {
                    "client_no": r.client_no,
                    "id": r.id,
                    "name": r.name,
                    "company_status": r.company_status,
                    "city": r.city,
                    "active": r.active,
                    "counselor": r.counselor,
                    "last_activity": r.last_activity,
                }
                for r in rows
            ]
        )
    else:
        print_table(
            ["No", "Name", "Status", "City", "Counselor", "Last activity"],
            [
                (r.client_no, r.name, label("company_status", r.company_status), r.city, r.counselor, r.last_activity)
                for r in rows
            ],
        )


def show_client_cmd(args: argparse.Namespace, db: Database) -> int:
    from neodesk.catalog.fields import CLIENT_FIELDS, Kind
    from neodesk.services.client_text import client_text_rows
    from neodesk.services.clients import client_values, get_client

    set_keys = tuple(f.key for f in CLIENT_FIELDS if f.kind in (Kind.CODE_SET, Kind.NAICS))
    with db.reading() as tx:
        client = get_client(tx, args.client)
        record: dict[str, Any] = {"id": client.id, "client_no": client.client_no}
        record.update({k: v for k, v in client_values(client).items() if k != "created_at"})
        for key in set_keys:  # a blank set prints as [], like every set (interfaces.md)
            if record.get(key) is None:
                record[key] = []
        record.update(created_at=client.created_at, updated_at=client.updated_at, revision=client.revision)
        shown = None if args.json else client_text_rows(tx, record)
    if shown is None:
        print_json(record)
    else:  # labels and names, as the Profile shows them (issue 13); --json keeps the codes
        print(f"Client number: {record['client_no']}")
        for row in shown:
            print(f"{row.label}: {row.text}")
        for key in ("created_at", "updated_at", "revision"):
            print(f"{key.replace('_', ' ').capitalize()}: {text(record[key])}")
    return 0


def milestone_amount(m: Milestone, value: Decimal | None) -> int | Decimal | None:
    """Counts print as integers, money as decimals (interfaces.md)."""
    if value is None:
        return None
    return int(value) if m.type is not None and m.type.carries == "count" else value


def milestone_record(m: Milestone) -> dict[str, Any]:
    return {
        "id": m.id,
        "date": m.date,
        "type_code": m.type_code,
        "amount": milestone_amount(m, m.amount),
        "initial_amount": milestone_amount(m, m.initial_amount),
        "detail": m.detail,
        "notes": m.notes,
        "origin": m.origin,
        "reportable": m.reportable,
        "counselors": sorted(c.email for c in m.counselors),
        "funding_sources": sorted(f.code for f in m.funding_sources),
    }


def session_record(s: CounselingSession) -> dict[str, Any]:
    return {
        "id": s.id,
        "client_id": s.client_id,
        "date": s.date,
        "session_type": s.session_type,
        "contact_type": s.contact_type,
        "counseling_area": s.counseling_area,
        "additional_areas": s.additional_areas or frozenset(),
        "contact_minutes": s.contact_minutes,
        "prep_minutes": s.prep_minutes,
        "travel_minutes": s.travel_minutes,
        "subject": s.subject,
        "notes": s.notes,
        "attendees": s.attendees,
        "reportable": s.reportable,
        "counselor_ids": sorted(str(c.id) for c in s.counselors),
        "funding_source_ids": sorted(str(f.id) for f in s.funding_sources),
        "counselors": sorted(c.email for c in s.counselors),
        "funding_sources": sorted(f.code for f in s.funding_sources),
    }


def milestones_cmd(args: argparse.Namespace, db: Database) -> int:
    from neodesk.services.activity import list_milestones
    from neodesk.services.clients import get_client

    with db.reading() as tx:
        client = get_client(tx, args.client)
        records = [milestone_record(m) for m in list_milestones(tx, client.id)]
        names = {m.type_code: m.type.name for m in list_milestones(tx, client.id) if m.type}
    if args.json:
        print_json(records)
    else:
        print_table(
            ["Date", "Type", "Amount", "Initial", "Detail", "Origin"],
            [
                (
                    r["date"],
                    names.get(r["type_code"], r["type_code"]),
                    r["amount"],
                    r["initial_amount"],
                    r["detail"],
                    r["origin"],
                )
                for r in records
            ],
        )
    return 0


def sessions_cmd(args: argparse.Namespace, db: Database) -> int:
    from neodesk.services.activity import list_counseling_sessions
    from neodesk.services.clients import get_client

    with db.reading() as tx:
        client = get_client(tx, args.client)
        records = [session_record(s) for s in list_counseling_sessions(tx, client.id)]
    if args.json:
        print_json(records)
    else:
        print_table(
            ["Date", "Type", "Contact", "Area", "Minutes", "Counselors"],
            [
                (
                    r["date"],
                    r["session_type"],
                    label("contact_type", r["contact_type"]),
                    r["counseling_area"],
                    r["contact_minutes"],
                    r["counselors"],
                )
                for r in records
            ],
        )
    return 0
