"""`neodesk approval-group set|list` and `agreement answer|accept-objective|decline-objective|approve|decline`
(agreements.md §11): objectives and approvals from the command line.

A thin layer over neodesk.services.agreements (answers, approvals): a refusal is the service's one
sentence on stderr with exit 1, nothing written. `NEODESK_COUNSELOR` names who acts. Like `mark`,
each change is followed by a processing run (§3 "right after a user … answers objectives, approves
or declines"), whose report is printed below it.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from neodesk.cli.output import print_json, print_table

if TYPE_CHECKING:
    from neodesk.models import Database

EXIT_OK = 0
ANSWER_USAGE = "neodesk agreement answer NUMBER CODE --objective N --question N (VALUE | --file PATH)"


def _answer_parser() -> argparse.ArgumentParser:
    """`agreement answer`'s own arguments, parsed intermixed: the VALUE comes after the options (§11), which
    a sub-command's optional positional cannot take on Python 3.11's argparse."""
    p = argparse.ArgumentParser(prog="neodesk agreement answer", usage=ANSWER_USAGE)
    p.add_argument("number", metavar="NUMBER")
    p.add_argument("code", metavar="CODE")
    p.add_argument("value", nargs="?", metavar="VALUE")
    p.add_argument("--objective", type=int, required=True, metavar="N", help="its position, from 1")
    p.add_argument("--question", type=int, required=True, metavar="N", help="its position, from 1")
    p.add_argument("--file", type=Path, metavar="PATH", help="attach a file (pdf docx xlsx csv txt png jpg)")
    return p


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    agreement: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    """Add `approval-group` to the top level and the objective and approval actions to `agreement`."""
    p = sub.add_parser("approval-group", help="approval groups (agreements.md §6)")
    g = p.add_subparsers(dest="approval_group_command", metavar="ACTION", required=True)
    x = g.add_parser("set", help="create or replace a group (administrators)")
    x.add_argument("name", metavar="NAME")
    x.add_argument("--members", required=True, metavar="EMAIL,…", help="the members' emails, comma-separated")
    x.add_argument("--rule", default="any", metavar="any|all|N", help="any member (default), all, or N of them")
    x.set_defaults(func=group_set_cmd)
    x = g.add_parser("list", help="the approval groups with their rules and members")
    x.add_argument("--json", action="store_true")
    x.set_defaults(func=group_list_cmd)

    x = agreement.add_parser(
        "answer",
        help="answer a question of an objective (a value, or --file PATH)",
        usage=ANSWER_USAGE,
        add_help=False,
    )
    x.add_argument("words", nargs=argparse.REMAINDER)  # parsed by _answer_parser: VALUE may follow the options
    x.set_defaults(func=answer_cmd)
    for name, action in (("accept-objective", "accept"), ("decline-objective", "decline")):
        x = agreement.add_parser(
            name, help=f"{action} a submitted objective" + (" (a reason)" if action == "decline" else "")
        )
        x.add_argument("number", metavar="NUMBER")
        x.add_argument("code", metavar="CODE")
        x.add_argument("--objective", type=int, required=True, metavar="N", help="its position, from 1")
        x.add_argument("--reason", required=action == "decline", metavar="T")
        x.set_defaults(func=review_cmd, action=action)
    for name in ("approve", "decline"):
        x = agreement.add_parser(name, help=f"{name} a milestone awaiting approval (§6)")
        x.add_argument("number", metavar="NUMBER")
        x.add_argument("code", metavar="CODE")
        x.add_argument("--comment", required=name == "decline", metavar="T")
        x.set_defaults(func=decide_cmd, decision=name)


def print_milestone_extras(m: dict[str, Any]) -> None:
    """`agreement show`'s lines for a milestone's objectives (answers, files) and approvals."""
    for i, o in enumerate(m.get("objectives", []), 1):
        why = f" ({o['status_reason']})" if o.get("status_reason") else ""
        print(f"    objective {i}: {o['title']} — {o['status']}{why}")
        for j, q in enumerate(o["questions"], 1):
            a = q.get("answer")
            shown = "—" if a is None else a["value"]
            if a is not None and a.get("file"):
                shown = f"{a['file']['name']} ({a['file']['size']:,} bytes)"
            print(f"      {i}.{j} {q['prompt']}: {shown}")
    if m.get("approval"):
        print(f"    approval: {' → '.join(m['approval'])} (round {m.get('approval_round', 1)})")
    for a in m.get("approvals", []):
        note = f": {a['comment']}" if a.get("comment") else ""
        print(f"      round {a['round']} {a['group']}: {a['decision']} by {a['who']}{note}")
    if m.get("resubmission_requested") and m.get("status") == "ready":
        print("    resubmission requested")


def _svc() -> ModuleType:
    from neodesk.services import agreements

    return agreements


def _process(db: Database) -> None:
    from neodesk.cli.agreements import print_report

    print_report(_svc().process(db))


def group_set_cmd(args: argparse.Namespace, db: Database) -> int:
    members = [m for m in args.members.split(",") if m.strip()]
    row = _svc().set_approval_group(db, args.name, members, rule=args.rule).row
    print(f"approval group {row.name}: {row.rule} of {', '.join(row.members)}")
    return EXIT_OK


def group_list_cmd(args: argparse.Namespace, db: Database) -> int:
    rows = _svc().approval_group_rows(db)
    if args.json:
        print_json([{"name": r.name, "rule": r.rule, "members": list(r.members), "active": r.active} for r in rows])
    else:
        print_table(
            ["name", "rule", "members", "active"], [(r.name, r.rule, ", ".join(r.members), r.active) for r in rows]
        )
    return EXIT_OK


def answer_cmd(args: argparse.Namespace, db: Database) -> int:
    parser = _answer_parser()
    given = parser.parse_intermixed_args(args.words)  # a usage error exits 2 with the usage line
    if (given.value is None) == (given.file is None):
        parser.error("give the answer as VALUE or --file PATH (one of them)")
    args = argparse.Namespace(**{**vars(args), **vars(given)})
    result = _svc().answer(db, args.number, args.code, args.objective, args.question, value=args.value, file=args.file)
    for position, status in result.objectives:
        print(f"{args.number}/{args.code} objective {position}: {status}")
    _process(db)
    return EXIT_OK


def review_cmd(args: argparse.Namespace, db: Database) -> int:
    result = _svc().review_objective(db, args.number, args.code, args.objective, args.action, reason=args.reason)
    print(f"{args.number}/{args.code} objective {args.objective}: {result.status}")
    if result.objectives_met is not None:
        print(f"{args.number}/{args.code}: every required objective accepted ({result.objectives_met.isoformat()})")
    _process(db)
    return EXIT_OK


def decide_cmd(args: argparse.Namespace, db: Database) -> int:
    result = _svc().decide_milestone(db, args.number, args.code, args.decision, comment=args.comment)
    verb = "approved" if args.decision == "approve" else "declined"
    print(f"{args.number}/{args.code}: {verb} for {result.group} (round {result.round}); now {result.status}")
    if result.waiting_for:
        print(f"  waiting for approval group {result.waiting_for}")
    for r in result.released:
        print(f"  released {r.amount:,.2f} for {r.label} (event {r.id})")
    _process(db)
    return EXIT_OK
