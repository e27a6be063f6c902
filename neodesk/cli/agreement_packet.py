"""`neodesk agreement packet|packet-import` (agreements.md §8, §11) and `agreement email|calendar` (§7;
extensions beyond §11's table): thin handlers over services/agreements/packets.py and stakeholder.py.

Every refusal is the service's one sentence on stderr with exit 1, and nothing is written. An import
that saved answers is followed by a processing run, as every answer is (§3).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the services (reportlab, pypdf, icalendar) are imported when a command runs
    from neodesk.models import Database

EXIT_OK = 0


def register_stakeholder(a: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the packet, e-mail and calendar actions to `neodesk agreement`."""
    x = a.add_parser("packet", help="write the stakeholder packet (a fillable PDF) of a ready milestone")
    x.add_argument("number", metavar="NUMBER")
    x.add_argument("code", metavar="CODE")
    x.add_argument("--out", type=Path, required=True, metavar="F.pdf")
    x.set_defaults(func=packet_cmd)
    x = a.add_parser("packet-import", help="read a returned stakeholder packet and save its answers")
    x.add_argument("pdf", type=Path, metavar="F.pdf")
    x.add_argument(
        "--attach",
        type=Path,
        nargs="+",
        action="extend",
        default=[],
        metavar="FILE",
        help="the files the form names (default: looked for beside the form)",
    )
    x.set_defaults(func=packet_import_cmd)
    x = a.add_parser("email", help="write a draft e-mail (.eml) to the stakeholder: what is due, what is missing")
    x.add_argument("number", metavar="NUMBER")
    x.add_argument("--out", type=Path, required=True, metavar="F.eml")
    x.add_argument(
        "--attach", type=Path, nargs="+", action="extend", default=[], metavar="F.pdf", help="packets to attach"
    )
    x.set_defaults(func=email_cmd)
    x = a.add_parser("calendar", help="write the agreement's due dates as an iCalendar file (.ics)")
    x.add_argument("number", metavar="NUMBER")
    x.add_argument("--out", type=Path, required=True, metavar="F.ics")
    x.set_defaults(func=calendar_cmd)


def packet_cmd(args: argparse.Namespace, db: Database) -> int:
    from neodesk.services.agreements.packets import write_packet

    done = write_packet(db, args.number, args.code, args.out)
    print(f"Wrote the packet for {done.agreement}/{done.milestone} ({done.questions} question(s)) to {done.path}")
    return EXIT_OK


def packet_import_cmd(args: argparse.Namespace, db: Database) -> int:
    from neodesk.services.agreements.packets import import_packet

    done = import_packet(db, args.pdf, args.attach)
    print(done.summary())
    if done.answered:  # §3: processing runs right after objectives are answered
        from neodesk.cli.agreements import print_report
        from neodesk.services.agreements import process

        print_report(process(db))
    return EXIT_OK


def email_cmd(args: argparse.Namespace, db: Database) -> int:
    from neodesk.services.agreements.stakeholder import email_draft

    done = email_draft(db, args.number, args.out, packets=args.attach)
    print(f"Wrote a draft e-mail to {done.to} ({done.milestones} open milestone(s)) to {done.path}")
    return EXIT_OK


def calendar_cmd(args: argparse.Namespace, db: Database) -> int:
    from neodesk.services.agreements.stakeholder import calendar_file

    done = calendar_file(db, args.number, args.out)
    print(f"Wrote {done.events} due date(s) of {args.number} to {done.path}")
    return EXIT_OK
