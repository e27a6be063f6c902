"""`neodesk tasks [--json] [--days N]` (agreements.md §7, §11): the signed-in counselor's tasks
(NEODESK_COUNSELOR picks who), the same rows the Tasks panel shows."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from neodesk.cli.arguments import iso_day
from neodesk.cli.output import print_json, print_table

if TYPE_CHECKING:  # the use case is imported when the command runs: building the parser stays cheap
    from neodesk.models import Database

EXIT_OK = 0


def _days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        days = -1
    if not 0 <= days <= 3650:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of days from 0 to 3650")
    return days


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("tasks", help="your agreement tasks: due and overdue milestones, approvals, reviews, problems")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--days", type=_days, metavar="N", help="milestones due within N days (default setting reminder_days)"
    )
    p.add_argument("--as-of", type=iso_day, metavar="YYYY-MM-DD", help="judge by this date (default today)")
    p.set_defaults(func=tasks_cmd)


def tasks_cmd(args: argparse.Namespace, db: Database) -> int:
    from neodesk.services.agreements.tasks import task_list

    tasks = task_list(db, as_of=args.as_of, days=args.days)
    if args.json:
        print_json(
            [
                {"kind": r.kind.value, "agreement": r.agreement, "milestone": r.milestone, "due": r.due, "text": r.text}
                for r in tasks.rows
            ]
        )
    else:
        print_table(
            ["kind", "agreement", "milestone", "due", "task"],
            [(r.label, r.agreement, r.milestone, r.due, r.text) for r in tasks.rows],
        )
    return EXIT_OK
