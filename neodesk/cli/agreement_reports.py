"""`neodesk report agreement NUMBER --out F.pdf` and `report agreements [--counselor EMAIL] --out F.pdf` (§7)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from neodesk.files import write_atomic

if TYPE_CHECKING:  # reportlab and the report data are imported when a report runs
    from neodesk.models import Database


def register_reports(rsub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = rsub.add_parser("agreement", help="one agreement: milestones, conditions, events, payments, history")
    p.add_argument("number", metavar="NUMBER")
    p.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    p.set_defaults(func=agreement_cmd)
    p = rsub.add_parser("agreements", help="the agreements overview with the cash-flow forecast")
    p.add_argument("--counselor", metavar="EMAIL")
    p.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    p.set_defaults(func=overview_cmd)


def agreement_cmd(args: argparse.Namespace, db: Database) -> int:
    from neodesk.services.agreements.report_data import agreement_report

    write_atomic(args.out, agreement_report(db, args.number))
    print(f"Wrote the agreement report for {args.number} to {args.out}")
    return 0


def overview_cmd(args: argparse.Namespace, db: Database) -> int:
    from neodesk.services.agreements.report_data import agreements_overview

    write_atomic(args.out, agreements_overview(db, counselor=args.counselor))
    print(f"Wrote the agreements overview to {args.out}")
    return 0
