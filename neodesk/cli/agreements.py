"""`neodesk counselors`, `agreement …`, `agreements [process]`, `template create`, `templates` (agreements.md §11).

A thin layer over neodesk.services.agreements: every refusal is the service's one sentence on
stderr with exit 1, and nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from neodesk.cli import agreement_approvals
from neodesk.cli.agreement_packet import register_stakeholder
from neodesk.cli.output import print_json, print_table

if TYPE_CHECKING:  # the use cases are imported when a command runs: building the parser stays cheap
    from neodesk.models import Database
    from neodesk.services.agreements.processing import RunReport

EXIT_OK, EXIT_REFUSED = 0, 1


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("counselors", help="the counselors: email, name, role, active")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=counselors_cmd)

    p = sub.add_parser("agreements", help="list agreements, or run agreement processing")
    p.add_argument("--client", metavar="CLIENT", help="client number or UUID")
    p.add_argument("--status", choices=["draft", "active", "suspended", "completed", "cancelled"])
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=list_cmd)
    asub = p.add_subparsers(dest="agreements_command", metavar="process")
    run = asub.add_parser("process", help="run agreement processing (§3)")
    run.add_argument("--as-of", type=date.fromisoformat, metavar="YYYY-MM-DD", help="default today")
    run.add_argument("--dry-run", action="store_true", help="what would happen on --as-of; writes nothing")
    run.add_argument("--json", action="store_true")
    run.set_defaults(func=process_cmd)

    p = sub.add_parser("agreement", help="create, show and change one agreement")
    a = p.add_subparsers(dest="agreement_command", metavar="ACTION", required=True)
    x = a.add_parser("create", help="create an agreement from a definition file; prints its number")
    x.add_argument("file", type=Path, metavar="FILE.json")
    x.set_defaults(func=create_cmd)
    x = a.add_parser("show", help="one agreement with statuses, amounts and history")
    x.add_argument("number", metavar="NUMBER")
    x.add_argument("--json", action="store_true")
    x.set_defaults(func=show_cmd)
    x = a.add_parser("update", help="apply a definition file to an existing agreement")
    x.add_argument("number", metavar="NUMBER")
    x.add_argument("file", type=Path, metavar="FILE.json")
    x.set_defaults(func=update_cmd)
    for name, action in (("ready", "set_ready"), ("pending", "set_pending")):
        x = a.add_parser(name, help=f"Set {name.title()}")
        x.add_argument("number", metavar="NUMBER")
        x.add_argument("codes", nargs="+", metavar="CODE")
        x.set_defaults(func=milestone_cmd, action=action, reason=None)
    x = a.add_parser("cancel", help="cancel the agreement, or one milestone of it")
    x.add_argument("number", metavar="NUMBER")
    x.add_argument("code", nargs="?", metavar="CODE")
    x.add_argument("--reason", required=True)
    x.set_defaults(func=cancel_cmd)
    for name in ("reopen", "restore"):
        x = a.add_parser(name, help=f"{name.title()} a milestone (administrators)")
        x.add_argument("number", metavar="NUMBER")
        x.add_argument("codes", nargs=1, metavar="CODE")
        x.add_argument("--reason", required=True)
        x.set_defaults(func=milestone_cmd, action=name)
    for name in ("suspend", "resume"):
        x = a.add_parser(name, help=f"{name.title()} the agreement")
        x.add_argument("number", metavar="NUMBER")
        x.add_argument("--reason")
        x.set_defaults(func=agreement_cmd, action=name)
    x = a.add_parser("amend", help="a new amount and/or end date, with a reason")
    x.add_argument("number", metavar="NUMBER")
    x.add_argument("--amount", metavar="X")
    x.add_argument("--end", type=date.fromisoformat, metavar="YYYY-MM-DD")
    x.add_argument("--reason", required=True)
    x.set_defaults(func=amend_cmd)
    x = a.add_parser("mark", help="mark a user condition done, then run processing")
    x.add_argument("number", metavar="NUMBER")
    x.add_argument("code", metavar="CODE")
    x.add_argument("--condition", type=int, metavar="N", help="its position, from 1, when there are several")
    x.add_argument("--date", type=date.fromisoformat, metavar="YYYY-MM-DD", help="default today")
    x.add_argument("--note")
    x.set_defaults(func=mark_cmd)
    for name in ("hold", "unhold", "reverse"):
        x = a.add_parser(name, help=f"{name} an event (EVENT: its id)")
        x.add_argument("number", metavar="NUMBER")
        x.add_argument("event", metavar="EVENT")
        x.add_argument("--reason", required=True)
        x.set_defaults(func=event_cmd, action=name)
    x = a.add_parser("pay", help="record a payment against a released event")
    x.add_argument("number", metavar="NUMBER")
    x.add_argument("event", metavar="EVENT")
    x.add_argument("--amount", required=True, metavar="X")
    x.add_argument("--date", type=date.fromisoformat, required=True, metavar="YYYY-MM-DD")
    x.add_argument("--method", required=True, metavar="eft|check|cash|card")
    x.add_argument("--reference")
    x.set_defaults(func=pay_cmd)
    x = a.add_parser("apply-template", help="copy a template's milestones into the agreement")
    x.add_argument("number", metavar="NUMBER")
    x.add_argument("template", metavar="TEMPLATE")
    x.set_defaults(func=apply_template_cmd)
    agreement_approvals.register(sub, a)  # answer, accept/decline-objective, approve, decline; approval-group
    register_stakeholder(a)  # packet, packet-import, email, calendar

    p = sub.add_parser("template", help="agreement templates (administrators)")
    t = p.add_subparsers(dest="template_command", metavar="ACTION", required=True)
    x = t.add_parser("create", help="create a template from a definition file")
    x.add_argument("file", type=Path, metavar="FILE.json")
    x.set_defaults(func=template_create_cmd)
    p = sub.add_parser("templates", help="the agreement templates")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=templates_cmd)


def _svc() -> ModuleType:
    from neodesk.services import agreements

    return agreements


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError as exc:
        print(f"neodesk: cannot read {path}: {exc.strerror or exc}.", file=sys.stderr)
        return None


def counselors_cmd(args: argparse.Namespace, db: Database) -> int:
    rows = _svc().counselor_rows(db)
    if args.json:
        print_json([{"email": r.email, "name": r.name, "role": r.role, "active": r.active} for r in rows])
    else:
        print_table(["email", "name", "role", "active"], [(r.email, r.name, r.role, r.active) for r in rows])
    return EXIT_OK


def list_cmd(args: argparse.Namespace, db: Database) -> int:
    rows = _svc().list_agreements(db, client=args.client, status=args.status)
    if args.json:
        print_json(
            [
                {
                    "id": r.id,
                    "number": r.number,
                    "title": r.title,
                    "kind": r.kind,
                    "client": r.client_no,
                    "amount": r.amount,
                    "start": r.start,
                    "end": r.end,
                    "status": r.status,
                    "next_due": r.next_due,
                    "complete": r.complete,
                    "milestones": r.milestones,
                    "released": r.totals.released,
                    "paid": r.totals.paid,
                    "remaining": r.totals.remaining,
                }
                for r in rows
            ]
        )
    else:
        print_table(
            ["number", "title", "kind", "client", "amount", "status", "next due", "progress"],
            [
                (
                    r.number,
                    r.title,
                    r.kind,
                    r.client_no if r.client_no else "center",
                    r.amount,
                    r.status,
                    r.next_due,
                    r.progress,
                )
                for r in rows
            ],
        )
    return EXIT_OK


def _report_json(report: RunReport) -> dict[str, Any]:
    return {
        "as_of": report.as_of,
        "dry_run": report.dry_run,
        "changes": report.changes,
        "completed": list(report.completed),
        "awaiting_approval": list(report.awaiting_approval),
        "released": [{"id": r.id, "milestone": r.milestone, "amount": r.amount, "date": r.on} for r in report.released],
        "blocked": [{"milestone": f.milestone, "reason": f.reason} for f in report.blocked],
        "problems": [{"milestone": f.milestone, "reason": f.reason} for f in report.problems],
        "moves": [
            {
                "milestone": m.milestone,
                "from": m.source,
                "to": m.target,
                "effective_date": m.effective_date,
                "why": m.why,
            }
            for m in report.moves
        ],
        "cash_flow": [{"month": month, "amount": amount} for month, amount in report.cash_flow],
    }


def print_report(report: RunReport) -> None:
    what = "Would happen" if report.dry_run else "Processed"
    print(f"{what} as of {report.as_of.isoformat()}: {report.changes} change(s).")
    for m in report.moves:
        print(f"  {m.milestone}: {m.source} → {m.target} on {m.effective_date.isoformat()} ({m.why})")
    for r in report.released:
        print(f"  released {r.amount:,.2f} for {r.milestone} on {r.on.isoformat()} (event {r.id})")
    for f in (*report.blocked, *report.problems):
        print(f"  {f.milestone}: {f.reason}")
    if report.dry_run and report.cash_flow:
        print("  cash flow: " + ", ".join(f"{month} {amount:,.2f}" for month, amount in report.cash_flow))


def process_cmd(args: argparse.Namespace, db: Database) -> int:
    report = _svc().process(db, as_of=args.as_of, dry_run=args.dry_run)
    if args.json:
        print_json(_report_json(report))
    else:
        print_report(report)
    return EXIT_OK


def create_cmd(args: argparse.Namespace, db: Database) -> int:
    data = _read(args.file)
    if data is None:
        return EXIT_REFUSED
    print(_svc().create_agreement(db, data))
    return EXIT_OK


def update_cmd(args: argparse.Namespace, db: Database) -> int:
    data = _read(args.file)
    if data is None:
        return EXIT_REFUSED
    print(f"Updated agreement {_svc().update_agreement(db, args.number, data)}")
    return EXIT_OK


def show_cmd(args: argparse.Namespace, db: Database) -> int:
    shown = _svc().agreement_definition(db, args.number)
    if args.json:
        print_json(shown)
        return EXIT_OK
    client = f"client {shown['client']}" if shown["client"] else "the center"
    print(f"{shown['number']}  {shown['title']}  ({shown['kind']}, {client}, {shown['status']})")
    print(
        f"  {shown['start']} – {shown['end']}  amount {shown['amount']}  released {shown['released']}  "
        f"paid {shown['paid']}  remaining {shown['remaining']}"
    )
    for m in shown["milestones"]:
        extra = f" effective {m['effective_date']}" if m["effective_date"] else ""
        blocked = f" [{m['blocked']}]" if m["blocked"] else ""
        print(f"  {m['code']}  {m['status']}{extra}{blocked}  {m['description']}")
        for i, c in enumerate(m["conditions"], 1):
            seen = f" — {c['observed']}" if c.get("observed") else ""
            print(f"    condition {i}: {c['kind']} {c['status']}{seen}")
        for e in m["events"]:
            print(f"    {e['kind']} {e['amount']} {e['status']} paid {e['paid']}  (event {e['id']})")
        agreement_approvals.print_milestone_extras(m)
    return EXIT_OK


def milestone_cmd(args: argparse.Namespace, db: Database) -> int:
    for code, status in _svc().milestone_status(db, args.number, list(args.codes), args.action, reason=args.reason):
        print(f"{args.number}/{code}: {status}")
    return EXIT_OK


def cancel_cmd(args: argparse.Namespace, db: Database) -> int:
    if args.code:
        args.codes, args.action = [args.code], "cancel"
        return milestone_cmd(args, db)
    print(f"{args.number}: {_svc().agreement_status(db, args.number, 'cancel', reason=args.reason)}")
    return EXIT_OK


def agreement_cmd(args: argparse.Namespace, db: Database) -> int:
    print(f"{args.number}: {_svc().agreement_status(db, args.number, args.action, reason=args.reason)}")
    return EXIT_OK


def amend_cmd(args: argparse.Namespace, db: Database) -> int:
    amount, end = _svc().amend(db, args.number, amount=args.amount, end=args.end, reason=args.reason)
    print(f"{args.number}: amount {amount:,.2f}, end {end.isoformat()}")
    return EXIT_OK


def mark_cmd(args: argparse.Namespace, db: Database) -> int:
    day = _svc().mark(db, args.number, args.code, position=args.condition, on=args.date, note=args.note)
    print(f"{args.number}/{args.code}: marked done on {day.isoformat()}")
    print_report(_svc().process(db))  # §3: processing runs right after a mark
    return EXIT_OK


def event_cmd(args: argparse.Namespace, db: Database) -> int:
    print(f"event {args.event}: {_svc().event_status(db, args.number, args.event, args.action, reason=args.reason)}")
    return EXIT_OK


def pay_cmd(args: argparse.Namespace, db: Database) -> int:
    status = _svc().pay(
        db, args.number, args.event, amount=args.amount, on=args.date, method=args.method, reference=args.reference
    )
    print(f"event {args.event}: {status}")
    return EXIT_OK


def apply_template_cmd(args: argparse.Namespace, db: Database) -> int:
    codes = _svc().apply_template(db, args.number, args.template)
    print(f"{args.number}: added {', '.join(codes)}")
    return EXIT_OK


def template_create_cmd(args: argparse.Namespace, db: Database) -> int:
    data = _read(args.file)
    if data is None:
        return EXIT_REFUSED
    print(_svc().create_template(db, data))
    return EXIT_OK


def templates_cmd(args: argparse.Namespace, db: Database) -> int:
    rows = _svc().template_rows(db)
    if args.json:
        print_json(
            [{"name": r.name, "kind": r.kind, "milestones": list(r.milestones), "revision": r.revision} for r in rows]
        )
    else:
        print_table(["name", "kind", "milestones"], [(r.name, r.kind, ", ".join(r.milestones)) for r in rows])
    return EXIT_OK
