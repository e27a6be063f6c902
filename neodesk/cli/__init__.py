"""The `neodesk` command line (interfaces.md): a thin layer over the services.

Each module here adds its sub-commands with `register(subparsers)`; a sub-command's handler takes
(args, db) and returns the exit status: 0 done · 1 input refused · 2 usage · 3 integrity check failed.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence

from sqlalchemy.exc import SQLAlchemyError

from neodesk import __version__
from neodesk.models import Database, DatabaseError, open_database
from neodesk.services.errors import Conflict, NotFound, ValidationFailed

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_INTEGRITY = 0, 1, 2, 3
Handler = Callable[[argparse.Namespace, Database], int]


def _modules() -> list[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None]]:
    from neodesk.cli import edits, records, store

    found = [records.register, edits.register, store.register]
    # Commands owned by optional packages register themselves when present. Each command module is
    # cheap to import: what a command needs (reportlab, the demo generator, the SBA export) is
    # imported by its handler when it runs. A module that is there but fails to import (a broken
    # install, a missing dependency) is an error, not a command quietly missing.
    for name in ("demo", "reports", "exchange", "counselors"):
        try:
            module = __import__(f"neodesk.cli.{name}", fromlist=["register"])
        except ModuleNotFoundError as exc:
            if exc.name != f"neodesk.cli.{name}":
                raise
            continue
        found.append(module.register)
    return found


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="neodesk", description="NeoDesk: client and milestone records for counselors."
    )
    parser.add_argument("--version", action="version", version=f"NeoDesk {__version__}")
    parser.add_argument("--db", help="database file or SQLAlchemy URL (default: NEODESK_DB, else the data folder)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for register in _modules():
        register(sub)
    return parser


def run(argv: Sequence[str] | None = None) -> int:
    """Run one command line; returns the exit status. With no command, starts the desktop app."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if not args.command:
        from neodesk.ui.app import start_gui

        return start_gui(args.db)
    try:
        db = open_database(args.db)
    except DatabaseError as exc:
        print(f"neodesk: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except SQLAlchemyError as exc:
        # A damaged file or an unreachable server: say so in one sentence, no traceback.
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        print(f"neodesk: cannot open the database {args.db or '(default)'}: {reason}.", file=sys.stderr)
        checking = args.command == "db" and getattr(args, "db_command", "") == "check"
        return EXIT_INTEGRITY if checking else EXIT_REFUSED
    try:
        return int(args.func(args, db))
    except ValidationFailed as exc:
        for problem in exc.problems:
            print(f"neodesk: {problem.message}", file=sys.stderr)
        return EXIT_REFUSED
    except (NotFound, Conflict, LookupError) as exc:
        print(f"neodesk: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    finally:
        db.close()


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return run(argv)
    except BrokenPipeError:  # `neodesk clients | head`: the reader left; not an error of ours
        sys.stderr.close()
        return EXIT_OK
