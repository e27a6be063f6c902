"""`neodesk export nexus`: the SBA counseling upload (Nexus, Form 641 XML) of a period.

Registered by the `export` command group (neodesk/cli/exchange.py) through `register_export_nexus`.
Sessions left out are listed on stderr, one a line; leaving some out is not a failure (exit 0), an
export with nothing to write is (exit 1, no file).
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from neodesk.catalog.nexus import is_location_code

# The SBA export is imported when the command runs: every other command starts without it.
if TYPE_CHECKING:
    from neodesk.models import Database

SCHEMA_ENV = "NEODESK_NEXUS_XSD"
EXIT_OK, EXIT_REFUSED = 0, 1


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None


def _location(text: str) -> int:
    if not text.isdigit() or not is_location_code(int(text)):
        raise argparse.ArgumentTypeError(f"{text!r} is not an SBA location code (a number from 1 to 9999999)")
    return int(text)


def register_export_nexus(export_subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = export_subparsers.add_parser(
        "nexus",
        help="the SBA counseling upload (Nexus, Form 641 XML) of a period",
        description="Write the reportable counseling sessions dated FROM to TO (both included) as Nexus "
        "counseling records. Sessions missing data the SBA requires are left out and listed.",
    )
    p.add_argument("--from", dest="date_from", type=_day, required=True, metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", type=_day, required=True, metavar="YYYY-MM-DD")
    p.add_argument("--out", type=Path, required=True, metavar="FILE.xml")
    p.add_argument(
        "--schema",
        type=Path,
        metavar="XSD",
        help=f"also validate each record against this schema file (default: ${SCHEMA_ENV} if set)",
    )
    p.add_argument(
        "--location",
        type=_location,
        metavar="CODE",
        help="the SBA location code for every record "
        "(default: the one of each client's center, set in Admin ▸ Centers)",
    )
    p.set_defaults(func=export_nexus_cmd)


def export_nexus_cmd(args: argparse.Namespace, db: Database) -> int:
    from neodesk.exchange.nexus_export import NexusRefused, export_nexus

    schema = args.schema
    if schema is None and os.environ.get(SCHEMA_ENV):
        schema = Path(os.environ[SCHEMA_ENV])
    try:
        result = export_nexus(db, args.date_from, args.date_to, args.out, schema=schema, location=args.location)
    except NexusRefused as exc:
        print(f"neodesk: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    for skipped in result.skipped:
        print(skipped.describe(), file=sys.stderr)
    period = f"{args.date_from.isoformat()} to {args.date_to.isoformat()}"
    if not result.written:
        left = f"; {len(result.skipped)} left out (listed above)" if result.skipped else ""
        print(f"neodesk: no counseling record to write for {period}{left}, so no file was written.", file=sys.stderr)
        return EXIT_REFUSED
    left = f"; {len(result.skipped)} sessions left out (listed on stderr)" if result.skipped else ""
    print(f"Wrote {result.written} counseling records for {period} to {result.path}{left}.")
    return EXIT_OK
