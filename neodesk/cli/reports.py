"""`neodesk report milestones|impact`: the PDF reports from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from neodesk import files
from neodesk.cli.agreement_reports import register_reports
from neodesk.cli.arguments import iso_day

# reportlab and the report queries are imported when a report runs: every other command starts without them.
if TYPE_CHECKING:
    from neodesk.models import Database


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("report", help="PDF reports")
    rsub = p.add_subparsers(dest="report", metavar="REPORT", required=True)
    m = rsub.add_parser("milestones", help="the client milestone report")
    m.add_argument("client", metavar="CLIENT", help="client number or UUID")
    m.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    m.add_argument("--all", action="store_true", help="include records that are not reportable")
    m.set_defaults(func=milestones_cmd)
    i = rsub.add_parser("impact", help="impacts across clients for a period")
    i.add_argument("--from", dest="date_from", type=iso_day, required=True, metavar="YYYY-MM-DD")
    i.add_argument("--to", dest="date_to", type=iso_day, required=True, metavar="YYYY-MM-DD")
    i.add_argument("--counselor", metavar="EMAIL")
    i.add_argument("--funding", metavar="CODE")
    i.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    i.set_defaults(func=impact_cmd)
    register_reports(rsub)  # report agreement|agreements (agreements.md §7)


def _write(out: Path, pdf: bytes) -> None:
    files.write_atomic(out, pdf)  # never half a PDF where a viewer may open it, never over a database


def milestones_cmd(args: argparse.Namespace, db: Database) -> int:
    from neodesk.reports import render_client_report
    from neodesk.reports.queries import client_report_data
    from neodesk.services.reference import current_counselor

    with db.reading() as tx:
        me = current_counselor(tx)
        data = client_report_data(tx, args.client, generated_by=me.name, database=db.label)
    _write(args.out, render_client_report(data, include_all=args.all))
    print(f"Wrote the milestone report for client {data.client_no} to {args.out}")
    return 0


def impact_cmd(args: argparse.Namespace, db: Database) -> int:
    from neodesk.reports import render_impact_report
    from neodesk.reports.queries import impact_report_data
    from neodesk.services.reference import current_counselor

    if args.date_to < args.date_from:
        print("neodesk: --to must not be before --from.", file=sys.stderr)
        return 2
    with db.reading() as tx:
        me = current_counselor(tx)
        data = impact_report_data(
            tx, args.date_from, args.date_to, args.counselor, args.funding, generated_by=me.name, database=db.label
        )
    _write(args.out, render_impact_report(data))
    print(f"Wrote the impact report for {args.date_from} to {args.date_to} to {args.out}")
    return 0
